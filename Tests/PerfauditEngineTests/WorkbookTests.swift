import Foundation
@testable import PerfauditEngine
import PerfauditTestSupport
import XCTest

/// perfaudit.xlsx read back as a reviewer's spreadsheet would, with Python's openpyxl
/// (Tests/Scripts/check_workbook.py): sheets, rows equal to the CSVs, cell types and formats,
/// frozen header, autofilter, conditional formats, the overview's counts and charts.
final class WorkbookTests: XCTestCase {
    private let seeds = repositoryRoot.appendingPathComponent("Inputs").path

    func testSampleWorkbookReadsBackAsTheCSVs() throws {
        let out = try temporaryFolder().path
        let run = try perfaudit(["run", seeds, "--out", out, "--no-progress", "--jobs", "2"], deadline: 300)
        XCTAssertEqual(run.exitStatus, 0, run.output)
        try check(folder: out, language: .zh, encoding: .utf8Bom)
    }

    func testEnglishHeadersAndGB18030Reports() throws {
        let out = try temporaryFolder().path
        let run = try perfaudit(
            ["run", seeds, "--out", out, "--no-progress", "--header-lang", "en", "--encoding", "gb18030"], deadline: 300)
        XCTAssertEqual(run.exitStatus, 0, run.output)
        try check(folder: out, language: .en, encoding: .gb18030)
    }

    /// The same bytes whatever `--jobs` is, and whatever `--encoding` the CSVs they come from have.
    func testSameBytesForAnyJobsAndEncoding() throws {
        let one = try temporaryFolder("one").path, two = try temporaryFolder("two").path
        let gb = try temporaryFolder("gb").path
        for (folder, extra) in [(one, ["--jobs", "1"]), (two, ["--jobs", "2"]), (gb, ["--encoding", "gb18030"])] {
            XCTAssertEqual(try perfaudit(["run", seeds, "--out", folder, "--no-progress"] + extra, deadline: 300).exitStatus, 0)
        }
        for name in ["perfaudit.xlsx", "dashboard.html"] {
            let first = try Data(contentsOf: URL(fileURLWithPath: one + "/" + name))
            XCTAssertGreaterThan(first.count, 10_000, name)
            XCTAssertEqual(first, try Data(contentsOf: URL(fileURLWithPath: two + "/" + name)), "\(name) differs between --jobs 1 and 2")
            XCTAssertEqual(first, try Data(contentsOf: URL(fileURLWithPath: gb + "/" + name)), "\(name) differs with GB18030 reports")
        }
    }

    /// With a baseline: the 整改台账 sheet, and the rectification rate in 汇总 and 县区, read back as the CSVs.
    func testRectificationLedgerSheetReadsBackAsTheCSV() throws {
        let first = try temporaryFolder("first").path, second = try temporaryFolder("second").path
        XCTAssertEqual(try perfaudit(["run", seeds, "--out", first, "--no-progress", "--no-dashboard"], deadline: 300).exitStatus, 0)
        let run = try perfaudit(
            ["run", seeds, "--out", second, "--no-progress", "--no-dashboard", "--baseline", first, "--baseline-any"], deadline: 300)
        XCTAssertEqual(run.exitStatus, 0, run.output)
        try check(folder: second, language: .zh, encoding: .utf8Bom, sheets: ["整改台账"])
    }

    func testNoXlsxAndNoDashboardSkipThem() throws {
        let out = try temporaryFolder().path
        let seedFolder = repositoryRoot.appendingPathComponent("Inputs/seeds").path
        XCTAssertEqual(try perfaudit(["run", seedFolder, "--out", out, "--no-progress", "--no-xlsx"]).exitStatus, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/perfaudit.xlsx"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/dashboard.html"))
        let other = try temporaryFolder("other").path
        XCTAssertEqual(try perfaudit(["run", seedFolder, "--out", other, "--no-progress", "--no-dashboard"]).exitStatus, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: other + "/perfaudit.xlsx"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: other + "/dashboard.html"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: other).filter { $0.contains(".partial-") }, [])
    }

    /// Excel's limits, made small: the indicators split into numbered sheets; beyond the sheets
    /// allowed only deviating indicators; an over-long cell cut with a note; the overview says so.
    func testLimitsSplitFilterAndCut() throws {
        let out = try temporaryFolder().path
        let run = try perfaudit(["run", seeds, "--out", out, "--no-progress", "--no-xlsx", "--no-dashboard"], deadline: 300)
        XCTAssertEqual(run.exitStatus, 0, run.output)
        // One evidence cell of issues.csv made longer than the (lowered) cell limit.
        let issues = URL(fileURLWithPath: out + "/issues.csv")
        var text = try String(contentsOf: issues, encoding: .utf8)
        let long = String(repeating: "超", count: 700) + "𠀀"
        text = text.replacingOccurrences(of: "预算结余率大于10%的一次性项目8个", with: long)
        try text.write(to: issues, atomically: true, encoding: .utf8)

        let split = WorkbookLimits(rowsPerSheet: 900, indicatorSheets: 4, cellLimit: 500, cellExcerpt: 400)
        try Deliverables.write(folder: out, options: ReportOptions(dashboard: false), rulebooks: shippedRulebooks, limits: split)
        try check(folder: out, language: .zh, encoding: .utf8Bom, cellLimit: 500,
                  notes: ["分为 3 个工作表", "1 个单元格超过"], sheets: ["指标", "指标2", "指标3"])

        let filtered = WorkbookLimits(rowsPerSheet: 400, indicatorSheets: 2, cellLimit: 500, cellExcerpt: 400)
        try Deliverables.write(folder: out, options: ReportOptions(dashboard: false), rulebooks: shippedRulebooks, limits: filtered)
        try check(folder: out, language: .zh, encoding: .utf8Bom, cellLimit: 500, notes: ["只列出偏离规则的指标"], filtered: true)
    }

    /// `--workbook-indicators`: past the row budget (`auto`, lowered here) the 指标 sheet lists
    /// only the deviating indicators and the overview says why; `all` lists them all anyway;
    /// `deviating` asks for the short list on any batch.
    func testIndicatorRowsPastTheBudgetAreTheDeviatingOnes() throws {
        let out = try temporaryFolder().path
        let run = try perfaudit(["run", seeds, "--out", out, "--no-progress", "--no-xlsx", "--no-dashboard"], deadline: 300)
        XCTAssertEqual(run.exitStatus, 0, run.output)
        let small = WorkbookLimits(indicatorRowBudget: 100)
        try Deliverables.write(folder: out, options: ReportOptions(dashboard: false), rulebooks: shippedRulebooks, limits: small)
        try check(folder: out, language: .zh, encoding: .utf8Bom, notes: ["超过工作簿逐行列示的上限 100 行"], filtered: true)

        var all = ReportOptions(dashboard: false)
        all.workbookIndicators = .all
        try Deliverables.write(folder: out, options: all, rulebooks: shippedRulebooks, limits: small)
        try check(folder: out, language: .zh, encoding: .utf8Bom)

        let asked = try temporaryFolder("asked").path
        let deviating = try perfaudit(
            ["run", seeds, "--out", asked, "--no-progress", "--no-dashboard", "--header-lang", "en", "--workbook-indicators", "deviating"],
            deadline: 300)
        XCTAssertEqual(deviating.exitStatus, 0, deviating.output)
        try check(folder: asked, language: .en, encoding: .utf8Bom, notes: ["As --workbook-indicators deviating asks"], filtered: true)
        let manifest = try String(contentsOfFile: asked + "/manifest.json", encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"workbook-indicators\": \"deviating\""), manifest)
    }

    // MARK: - Helpers

    /// Writes the check's spec and runs the openpyxl script on it.
    private func check(
        folder: String, language: HeaderLanguage, encoding: CSVEncoding, cellLimit: Int = 32_767, notes: [String] = [],
        sheets: [String] = [], filtered: Bool = false
    ) throws {
        let present = ReportTable.allCases.filter {
            !$0.isOptional || FileManager.default.fileExists(atPath: folder + "/" + $0.file)
        }
        let reports: [[String: Any]] = try present.map { table in
            let highlighted = [ReportTable.summary: 3, .issues: 1, .indicators: 2, .counties: 1, .rectification: 1][table] ?? 0
            // The columns as the CSV's own header names them (a baseline adds the rectification rate).
            let header = try XCTUnwrap(String(contentsOfFile: folder + "/" + table.file, encoding: encoding == .gb18030 ? .init(rawValue: 0x80000632) : .utf8)
                .split(separator: "\r\n", maxSplits: 1).first).split(separator: ",").map { String($0).replacingOccurrences(of: "\u{FEFF}", with: "") }
            let columns = header.map { title in
                (table.columns + [ReportColumns.rectificationRate]).first { $0.en == title || $0.zh == title } ?? (title, title)
            }
            return [
                "file": table.file, "sheet": table.sheetName(language),
                "header": ReportColumns.header(columns, language), "kinds": ReportTable.kinds(columns).map(Self.name),
                "highlighted": highlighted, "filtered": filtered && table == .indicators,
                "keepColumn": ReportTable.indicators.index("deviation"),
            ]
        }
        let labels: [String: String] = language == .zh
            ? ["已评分": "summary.csv", "拒收": "rejects.csv", "问题数": "issues.csv"]
            : ["scored": "summary.csv", "rejected": "rejects.csv", "issues": "issues.csv"]
        let spec: [String: Any] = [
            "workbook": folder + "/perfaudit.xlsx", "folder": folder, "encoding": encoding.rawValue,
            "overview": language == .zh ? "概览" : "Overview", "overviewCounts": labels, "charts": 2,
            "reports": reports, "cellLimit": cellLimit, "notes": notes,
        ]
        let specFile = folder + "/check-spec.json"
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: specFile))
        let script = repositoryRoot.appendingPathComponent("Tests/Scripts/check_workbook.py").path
        let outcome = try Child(["/usr/bin/env", "python3", script, specFile]).wait(deadline: 300)
        XCTAssertEqual(outcome.exitStatus, 0, outcome.output)
        XCTAssertTrue(outcome.stdout.hasPrefix("OK"), outcome.output)
        if !sheets.isEmpty {
            let names = try Child(["/usr/bin/env", "python3", "-c",
                                   "import openpyxl,sys; print('\\n'.join(openpyxl.load_workbook(sys.argv[1], read_only=True).sheetnames))",
                                   folder + "/perfaudit.xlsx"]).wait(deadline: 120)
            for sheet in sheets { XCTAssertTrue(names.stdout.split(separator: "\n").contains(Substring(sheet)), names.output) }
        }
    }

    private static func name(_ kind: CellKind) -> String {
        switch kind {
        case .text: "text"
        case .integer: "integer"
        case .score: "score"
        case .percentPoints: "percentPoints"
        case .amount: "amount"
        }
    }
}
