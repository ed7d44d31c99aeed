import XCTest

@testable import PerfauditEngine

/// The spool takes a record's rows and its prose block in one write; both read back where they
/// were put, beside other records' bytes, and a record without a block writes its rows alone.
final class SpoolTests: XCTestCase {
    func testRowsAndBlockWrittenTogetherReadBackInPlace() throws {
        let folder = try temporaryFolder()
        let spool = try Spool(folder: folder.path)
        let rows = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let block = (0..<136).map { UInt8(truncatingIfNeeded: 255 - $0) }
        let next = Array("下一条记录的行".utf8)
        try spool.write(rows, then: block, at: 0)
        try spool.write(next, then: [], at: Int64(rows.count + block.count))
        var read: [UInt8] = []
        try spool.read(rows.count + block.count + next.count, at: 0, into: &read)
        XCTAssertEqual(Array(read[0..<rows.count]), rows)
        XCTAssertEqual(Array(read[rows.count..<rows.count + block.count]), block)
        XCTAssertEqual(Array(read[(rows.count + block.count)..<(rows.count + block.count + next.count)]), next)
    }
}
