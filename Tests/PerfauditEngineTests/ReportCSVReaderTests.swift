import Foundation
@testable import PerfauditEngine
import XCTest

/// Reading the reports back: RFC 4180 quoting, CRLF and LF, a BOM, and GB18030 converted in
/// chunks (characters split across the 1 MiB reads).
final class ReportCSVReaderTests: XCTestCase {
    private let rows: [[String]] = (0..<40_000).map { index in
        ["遂溪县\(index)", "a,b", "say \"hi\"", "", "line\r\nbreak", String(repeating: "中", count: index % 7), "'=1+2"]
    }

    private func csv(_ rows: [[String]]) -> String {
        var builder = CSVRowBuilder()
        for row in rows { for cell in row { builder.text(cell) }; builder.endRow() }
        return String(decoding: builder.bytes, as: UTF8.self)
    }

    private func readBack(_ bytes: [UInt8], _ encoding: CSVEncoding) throws -> [[String]] {
        let path = try temporaryFolder().appendingPathComponent("report.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try ReportCSVReader(path: path, encoding: encoding)
        var fields = CSVFields()
        var result: [[String]] = []
        while try reader.next(into: &fields) { result.append((0..<fields.count).map(fields.string)) }
        return result
    }

    func testUTF8WithBOMAndQuoting() throws {
        let text = csv(rows)
        XCTAssertEqual(try readBack([0xEF, 0xBB, 0xBF] + Array(text.utf8), .utf8Bom), rows.map { $0.map(Self.guarded) })
        XCTAssertEqual(try readBack(Array(text.replacingOccurrences(of: "\r\n", with: "\n").utf8), .utf8).count, rows.count)
    }

    func testGB18030AcrossChunks() throws {
        let text = Array(csv(rows).utf8)
        XCTAssertGreaterThan(text.count, 2 << 20)
        let converted = try XCTUnwrap(Transcoder(from: "UTF-8", to: "GB18030")?.convert(text))
        XCTAssertEqual(try readBack(converted, .gb18030), rows.map { $0.map(Self.guarded) })
    }

    func testNumbersAndEquality() throws {
        let read = try readBack(Array("12.50,-3.00,,x1,yes\r\n".utf8), .utf8)
        XCTAssertEqual(read, [["12.50", "-3.00", "", "x1", "yes"]])
        let path = try temporaryFolder().appendingPathComponent("n.csv").path
        try Data("12.50,-3.00,,x1,yes\r\n".utf8).write(to: URL(fileURLWithPath: path))
        var fields = CSVFields()
        XCTAssertTrue(try ReportCSVReader(path: path, encoding: .utf8).next(into: &fields))
        XCTAssertEqual(fields.number(0), 12.5)
        XCTAssertEqual(fields.number(1), -3)
        XCTAssertNil(fields.number(2))
        XCTAssertNil(fields.number(3))
        XCTAssertTrue(fields.equals(4, "yes"))
        XCTAssertFalse(fields.equals(3, "yes"))
    }

    /// The CSV writer's formula guard, as it reads back.
    private static func guarded(_ cell: String) -> String {
        guard let first = cell.utf8.first, CSVRowBuilder.startsFormula(first) else { return cell }
        return "'" + cell
    }
}
