import Foundation
@testable import PerfauditEngine
import PerfauditTestSupport
import PerfauditXML
import XCTest

/// The binary carries the data files it ships (the rulebooks of `Rulebooks/`, the XSD of
/// `Schemas/`, the sampling weights of `Sampling/`) byte for byte, embedded one way by `scripts/embed-data.py`; this keeps them in step.
final class EmbeddedDataTests: XCTestCase {
    func testEmbeddedFilesAreTheRepositoryFilesByteForByte() throws {
        let embedded: [(folder: String, files: [(name: String, text: String)])] = [
            ("Rulebooks", ShippedRulebooks.files), ("Schemas", [("record.xsd", RecordSchema.xsdText)]),
            ("Sampling", ShippedSamplingWeights.files),
        ]
        for (folder, files) in embedded {
            let url = repositoryRoot.appendingPathComponent(folder)
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
                .filter { folder == "Schemas" ? $0 == "record.xsd" : $0.hasSuffix(".json") }.sorted()
            XCTAssertEqual(files.map(\.name), names, "run python3 scripts/embed-data.py")
            for file in files {
                let bytes = try Data(contentsOf: url.appendingPathComponent(file.name))
                XCTAssertEqual(Array(file.text.utf8), Array(bytes), "\(folder)/\(file.name): run python3 scripts/embed-data.py")
            }
        }
        let check = try shell("cd \(shellQuoted(repositoryRoot.path)) && python3 scripts/embed-data.py --check")
        XCTAssertEqual(check.exitStatus, 0, check.output)
    }
}
