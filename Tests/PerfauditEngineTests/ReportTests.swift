import Foundation
import PerfauditCore
@testable import PerfauditEngine
import XCTest
import PerfauditTestSupport
import PerfauditSample

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes a spreadsheet opens: BOM, RFC 4180 quoting, neutralized formulas, GB18030.
final class ReportTests: XCTestCase {
    func testCellsAreQuotedAndFormulasNeutralized() {
        var row = CSVRowBuilder()
        row.text("=HYPERLINK(\"http://x\")")
        row.text("+1")
        row.text("-2")
        row.text("@SUM(A1)")
        row.text("\tTab")
        row.text("\rCR")
        row.text("a,b")
        row.text("say \"hi\"")
        row.text("line\nbreak")
        row.text("遂溪县")
        row.number(.d("-21.33"))
        row.number(nil)
        row.integer(2022)
        row.endRow()
        let text = String(decoding: row.bytes, as: UTF8.self)
        XCTAssertEqual(
            text,
            "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,'@SUM(A1),'\tTab,\"'\rCR\",\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",遂溪县,-21.33,,2022\r\n")
    }

    /// The quoting scan reads eight bytes at a time: a special byte must be found at any place,
    /// in a whole word or in the tail, among CJK text and ASCII bytes just above and below it.
    func testQuotingFindsEverySpecialByteAtEveryPosition() {
        func slowQuoting(_ text: String) -> (Bool, Bool) {
            let bytes = Array(text.utf8)
            let hasQuote = bytes.contains(UInt8(ascii: "\""))
            return (hasQuote || bytes.contains { [UInt8(ascii: ","), 0x0A, 0x0D].contains($0) }, hasQuote)
        }
        let fillers = ["差异率=5.70%（预算", "abcdefghijklmnopqrstu", "-.+*() !#$%&'", "01234567890123456789"]
        for filler in fillers {
            for special in ["\"", ",", "\n", "\r", "-", "+", " "] {
                for position in 0...filler.utf8.count {
                    let bytes = Array(filler.utf8)
                    let text = String(decoding: bytes[..<position] + Array(special.utf8) + bytes[position...], as: UTF8.self)
                    var utf8 = text
                    let found = utf8.withUTF8 { CSVRowBuilder.quoting($0) }
                    let expected = slowQuoting(text)
                    XCTAssertTrue(found.quote == expected.0 && found.hasQuote == expected.1, text.debugDescription)
                }
            }
        }
    }

    func testIDCellsArePrefixedHexOfTheHash() {
        let issue = Issue(.arrears, .medium, evidence: "欠付", source: .rule, project: "道路")
        let hash = issue.rowHash(agency: "440823-001", fiscalYear: 2022, sourceFile: "a.xml")
        var row = CSVRowBuilder()
        row.id(Issue.issueIDPrefix, hash)
        row.id(Issue.problemKeyPrefix, 0)
        XCTAssertEqual(
            String(decoding: row.bytes, as: UTF8.self), Issue.idText(Issue.issueIDPrefix, hash) + ",PK-0000000000000000")
    }

    /// The spool's compact indicator cells: pieces around the one- and two-byte length limits
    /// read back whole, in order, with the separator the row needs.
    func testLengthPrefixedPiecesReadBackWhole() {
        let lengths = [0, 1, 126, 127, 128, 129, 16_383, 16_384, 70_000]
        var row = CSVRowBuilder()
        for length in lengths {
            let start = row.beginPiece()
            row.text(String(repeating: "甲", count: length / 3) + String(repeating: "a", count: length % 3))
            row.endPiece(start)
        }
        let bytes = row.bytes
        bytes.withUnsafeBytes { raw in
            var pieces = PieceReader(raw)
            for length in lengths {
                let piece = pieces.next()
                let expected = length == 0 ? "," : "," + String(repeating: "甲", count: length / 3) + String(repeating: "a", count: length % 3)
                XCTAssertEqual(String(decoding: piece, as: UTF8.self), expected, "piece of \(length) bytes")
            }
        }
        // Each piece is its comma and text behind a prefix of 1, 2 or 3 bytes (pieces of < 2⁷, < 2¹⁴, < 2²¹ bytes).
        let prefixes = [1, 1, 1, 2, 2, 2, 3, 3, 3]
        XCTAssertEqual(bytes.count, lengths.reduce(0) { $0 + $1 + 1 } + prefixes.reduce(0, +))
    }

    /// A report that cannot be written to the end (here the last one, over a file-size limit)
    /// stops the commit before any report is renamed: the previous six stay, all of them, rather
    /// than the first few being replaced by new ones.
    func testNoReportIsReplacedUntilEveryReportIsOnDisk() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ReportSet.names { try Data("previous \(name)\n".utf8).write(to: folder.appendingPathComponent(name)) }
        let reports = try ReportSet(folder: folder.path, options: ReportOptions(encoding: .utf8))
        try XCTUnwrap(reports.file(named: "summary.csv")).write(Array("small enough\r\n".utf8))
        // Below the 64 KiB a report buffers, so the bytes reach the file only when it is synced.
        try XCTUnwrap(reports.file(named: "rejects.csv")).write([UInt8](repeating: UInt8(ascii: "x"), count: 60_000))

        var saved = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        var limited = saved
        limited.rlim_cur = 16_384
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limited), 0)
        XCTAssertThrowsError(try reports.commit())
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        signal(SIGXFSZ, previousHandler)

        for name in ReportSet.names {
            let now = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(now, "previous \(name)\n", "\(name) was replaced although the run could not finish")
        }
    }

    /// Temporary reports and spools of processes that are gone are deleted when a run starts;
    /// those of a live process (this one) and every other file stay.
    func testLeftoversOfKilledRunsAreRemovedAndNothingElse() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gone = "999999999"  // beyond any pid_max: no such process
        let own = "\(getpid())"
        let removed = ["summary.csv.partial-\(gone)", "rejects.csv.partial-\(gone)", ".perfaudit-spool-\(gone)"]
        let kept = [
            "indicators.csv.partial-\(own)", ".perfaudit-spool-\(own)", "summary.csv", "notes.partial-\(gone)",
            "summary.csv.partial-\(gone)x", "summary.csv.partial-", "record.partial-\(gone).json",
        ]
        for name in removed + kept { try Data("x".utf8).write(to: folder.appendingPathComponent(name)) }
        ReportSet.removeLeftovers(in: folder.path)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(Set(left), Set(kept))
    }

    /// A report larger than the write-behind step (its first parts handed to the disk while the
    /// rest is still being written) reads back byte for byte.
    func testLargeReportIsWrittenWhole() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("large.csv").path
        let file = try AtomicFile(path: path, encoding: .utf8)
        var expected: [UInt8] = []
        var row = CSVRowBuilder()
        for index in 0..<300_000 {
            row.reset()
            row.integer(index)
            row.text("第\(index)行，评价发现问题：项目资金拨付不到位")
            row.endRow()
            try file.write(row.bytes)
            expected += row.bytes
        }
        try file.commit()
        XCTAssertGreaterThan(expected.count, 2 * (8 << 20))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(expected))
    }

    func testNoTextCellOfAReportIsALiveFormula() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        var record = baseRecord()
        record.department.name = "=cmd|' /C calc'!A0"
        record.findings = [Finding(category: "+hack", text: "-2+3")]
        try Data(RecordJSONWriter().write(record)).write(to: input.appendingPathComponent("evil.json"))
        let out = folder.appendingPathComponent("out")
        _ = try runBatch(inputs: [input.path], out: out.path, reports: ReportOptions(language: .en, encoding: .utf8))
        for name in ["summary.csv", "issues.csv", "indicators.csv", "recurring.csv"] {
            let cells = try parseCSV(try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8))
            for cell in cells.dropFirst().flatMap({ $0 }) {
                guard let first = cell.unicodeScalars.first else { continue }
                if "=+@\t\r".unicodeScalars.contains(first) || (first == "-" && Double(cell) == nil) {
                    XCTFail("\(name): live cell \(cell)")
                }
            }
        }
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        XCTAssertTrue(summary.contains(",'=cmd|' /C calc'!A0,"), summary)
    }

    func testEncodingsAndHeaderLanguages() throws {
        let folder = try temporaryFolder()
        let seeds = repositoryRoot.appendingPathComponent("Inputs/seeds").path
        let bom = folder.appendingPathComponent("bom")
        _ = try runBatch(inputs: [seeds], out: bom.path, reports: ReportOptions())
        let bomBytes = try Data(contentsOf: bom.appendingPathComponent("summary.csv"))
        XCTAssertEqual(Array(bomBytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        let zhHeader = String(decoding: bomBytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")[0]
        XCTAssertEqual(zhHeader, ReportColumns.header(ReportColumns.summary, .zh).joined(separator: ","))
        XCTAssertTrue(zhHeader.hasPrefix("省,市,县（市、区）"))

        let gb = folder.appendingPathComponent("gb")
        _ = try runBatch(inputs: [seeds], out: gb.path, reports: ReportOptions(language: .en, encoding: .gb18030))
        let utf = folder.appendingPathComponent("utf")
        _ = try runBatch(inputs: [seeds], out: utf.path, reports: ReportOptions(language: .en, encoding: .utf8))
        for name in ReportSet.names where name != RectificationReport.fileName {
            let gbBytes = try Data(contentsOf: gb.appendingPathComponent(name))
            let utfBytes = try Data(contentsOf: utf.appendingPathComponent(name))
            XCTAssertNotEqual(utfBytes.prefix(3), Data([0xEF, 0xBB, 0xBF]))
            let back = try XCTUnwrap(Transcoder(from: "GB18030", to: "UTF-8")?.convert([UInt8](gbBytes)))
            XCTAssertEqual(back, [UInt8](utfBytes), "\(name) does not round-trip through GB18030")
            if name == "summary.csv" { XCTAssertNotEqual([UInt8](gbBytes), [UInt8](utfBytes)) }
        }
        let header = try String(contentsOf: utf.appendingPathComponent("summary.csv"), encoding: .utf8)
        XCTAssertTrue(header.hasPrefix(ReportColumns.summary.map(\.en).joined(separator: ",") + "\r\n"))
    }

    func testAllColumnsOfTheSpecInOrder() {
        XCTAssertEqual(ReportColumns.summary.map(\.en), [
            "province", "city", "county", "mof_div_code", "agency_code", "department", "fiscal_year", "rulebook",
            "self_score", "self_grade", "verified_score", "verified_grade", "reported_score", "recomputed_score",
            "recomputed_grade", "attainable_max", "self_minus_verified", "grade_mismatch", "status", "issue_count",
            "source_file",
        ])
        XCTAssertEqual(ReportColumns.indicators.count, 16)
        XCTAssertEqual(ReportColumns.issues.map(\.en).first, "issue_id")
        XCTAssertEqual(ReportColumns.recurring.count, 8)
        XCTAssertEqual(ReportColumns.counties.count, 10)
        XCTAssertEqual(ReportColumns.rejects.map(\.en), ["source_file", "line", "column", "error"])
    }
}

/// Runs a batch in-process and returns its account.
func runBatch(
    inputs: [String], out: String, jobs: Int = 2, reports: ReportOptions = ReportOptions(language: .en, encoding: .utf8),
    baseline: Baseline? = nil, templateCheck: Bool = true
) throws -> RunSummary {
    var options = RunOptions(inputs: inputs, outputFolder: out, jobs: jobs, reports: reports)
    options.baseline = baseline
    options.templateCheck = templateCheck
    let box = ResultBox()
    let done = DispatchSemaphore(value: 0)
    Task {
        do throws(OutputError) {
            box.result = .success(try await BatchRunner.run(options, rulebooks: shippedRulebooks))
        } catch {
            box.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

final class ResultBox: @unchecked Sendable {
    var result: Result<RunSummary, OutputError>?
}

/// A small RFC 4180 reader for checking reports.
func parseCSV(_ text: String) throws -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    var scalars = Array(text.unicodeScalars)
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        if quoted {
            if scalar == "\"" {
                if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                    cell.unicodeScalars.append("\"")
                    index += 1
                } else {
                    quoted = false
                }
            } else {
                cell.unicodeScalars.append(scalar)
            }
        } else if scalar == "\"" {
            quoted = true
        } else if scalar == "," {
            row.append(cell)
            cell = ""
        } else if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" {
            row.append(cell)
            rows.append(row)
            row = []
            cell = ""
            index += 1
        } else {
            cell.unicodeScalars.append(scalar)
        }
        index += 1
    }
    if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
    return rows
}
