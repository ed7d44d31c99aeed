import Foundation
@testable import PerfauditEngine
import XCTest

/// The manifest's JSON writer hands its bytes out in blocks (a province's inputs are tens of
/// megabytes, never held whole): the blocks stay small, and joined they are the whole document.
final class ManifestJSONTests: XCTestCase {
    func testBlocksStaySmallAndJoinIntoTheWholeDocument() throws {
        var blocks: [[UInt8]] = []
        var json = ManifestJSON { blocks.append($0) }
        json.open()
        json.open("materials")
        let paths = (0..<5_000).map { "Inputs/县区\($0)/部门\"\($0)\".xml" }
        for path in paths { json.raw(path, ManifestJSON.inlineObject([("sha256", ManifestJSON.quoted(String(repeating: "a", count: 64)))])) }
        json.close()
        json.close()
        let handedOut = blocks.count
        json.flush()
        XCTAssertEqual(blocks.count, handedOut + 1, "the rest comes on flush")
        XCTAssertGreaterThan(blocks.count, 5)
        for block in blocks { XCTAssertLessThan(block.count, (1 << 16) + 512) }
        let document = try JSONSerialization.jsonObject(with: Data(blocks.joined())) as? [String: Any]
        let materials = try XCTUnwrap(document?["materials"] as? [String: Any])
        XCTAssertEqual(Set(materials.keys), Set(paths))
    }
}
