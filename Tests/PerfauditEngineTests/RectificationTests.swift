import Foundation
import PerfauditCore
@testable import PerfauditEngine
import PerfauditSample
import PerfauditTestSupport
import XCTest

/// Issue 14, items 1–3: ids a spreadsheet keeps as text, the columns a reviewer acts on, and the
/// rectification ledger across years (docs/outputs.md, "rectification.csv").
final class RectificationTests: XCTestCase {
    /// A report as rows keyed by its English header.
    private func table(_ folder: URL, _ name: String) throws -> [[String: String]] {
        let rows = try parseCSV(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        let header = rows[0]
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// The sample's records of one fiscal year (the seeds included), as file inputs.
    private func sampleFiles(year: Int) throws -> [String] {
        let inputs = repositoryRoot.appendingPathComponent("Inputs")
        let enumerator = FileManager.default.enumerator(atPath: inputs.path)!
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix("-\(year).xml") || path.hasSuffix("-\(year).json") { files.append(inputs.appendingPathComponent(path).path) }
        }
        return files.sorted()
    }

    private func baseline(_ folders: URL...) throws -> Baseline {
        var baseline = Baseline()
        for folder in folders { try baseline.add(folder.path) }
        return baseline
    }

    func testIDsAndKeysAreTextInASpreadsheetAndIssueIDsAreUnique() throws {
        let folder = try temporaryFolder()
        let corpus = folder.appendingPathComponent("corpus")
        _ = try SampleCityGenerator(seed: 5000, options: .init(duplicateEvery: 40)).writeSample(count: 5000, to: corpus.path)
        let out = folder.appendingPathComponent("out")
        _ = try runBatch(inputs: [corpus.path], out: out.path)
        let issues = try table(out, "issues.csv")
        XCTAssertGreaterThan(issues.count, 15_000)
        let numeric = try NSRegularExpression(pattern: "^[0-9]+(e[0-9]+)?$")
        let shaped = try NSRegularExpression(pattern: "^P[AK]-[0-9a-f]{16}$")
        func matches(_ expression: NSRegularExpression, _ text: String) -> Bool {
            expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        for row in issues {
            for id in [row["issue_id"]!, row["problem_key"]!] + [row["related_issue_id"]!].filter({ !$0.isEmpty }) {
                XCTAssertFalse(matches(numeric, id), id)
                XCTAssertTrue(matches(shaped, id), id)
            }
        }
        XCTAssertEqual(Set(issues.map { $0["issue_id"]! }).count, issues.count, "issue_id repeats within the register")
        XCTAssertGreaterThan(issues.filter { $0["category"] == "DUPLICATE_RECORD" }.count, 100)
    }

    /// The 遂溪 seed's figures in the new columns.
    func testColumnsAReviewerActsOnCarryTheSeedsFigures() throws {
        let out = try temporaryFolder()
        _ = try runBatch(inputs: [repositoryRoot.appendingPathComponent("Inputs/seeds").path], out: out.path)
        let issues = try table(out, "issues.csv").filter { $0["agency_code"] == "440823-301" }
        XCTAssertTrue(issues.allSatisfy { $0["mof_div_code"] == "440823" })
        let banfang = "遂溪县新冠肺炎集中隔离临时板房建设工程"
        let overBudget = try XCTUnwrap(issues.first { $0["category"] == "OVER_BUDGET" && $0["project"] == banfang })
        let finding = try XCTUnwrap(issues.first { $0["category"] == "EVALUATOR_FINDING" && $0["evidence"] == "[超预算] 工程结算超预算" })
        XCTAssertEqual(overBudget["related_issue_id"], finding["issue_id"])
        XCTAssertEqual(finding["related_issue_id"], overBudget["issue_id"])
        XCTAssertEqual(issues.filter { !$0["related_issue_id"]!.isEmpty }.count, 2)
        let unallocated = try XCTUnwrap(issues.first { $0["category"] == "UNDER_ALLOCATED" && $0["project"] == banfang })
        XCTAssertEqual(unallocated["amount_at_stake"], "8670000.00")  // 14,170,000 budgeted, 5,500,000 allocated
        let unspent = try XCTUnwrap(issues.first { $0["category"] == "LOW_EXECUTION" })
        XCTAssertEqual(unspent["amount_at_stake"], "6619359.00")  // 35,063,059 budgeted, 28,443,700 spent
        XCTAssertEqual(overBudget["amount_at_stake"], "", "the report states the overrun without its amount")
        XCTAssertEqual(issues.filter { $0["category"] == "RULE_DEVIATION" }.map { $0["indicator_id"]! }, ["1.1.3", "2.2.3"])
        for row in issues { XCTAssertEqual(row["severity_rank"], ["high": "1", "medium": "2", "low": "3"][row["severity"]!]) }
    }

    func testChineseHeadersWriteChineseValues() throws {
        let out = try temporaryFolder()
        _ = try runBatch(
            inputs: [repositoryRoot.appendingPathComponent("Inputs").path], out: out.path,
            reports: ReportOptions(language: .zh, encoding: .utf8))
        let issues = try parseCSV(String(contentsOf: out.appendingPathComponent("issues.csv"), encoding: .utf8))
        XCTAssertEqual(Set(issues.dropFirst().map { $0[7] }), ["高", "中", "低"])
        // 跨记录比对: the sample's planted copies (TEMPLATE_COPY, SCORES_IDENTICAL).
        XCTAssertEqual(Set(issues.dropFirst().map { $0[9] }), ["规则", "自相矛盾", "评价报告", "跨记录比对"])
        let summary = try parseCSV(String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8))
        XCTAssertEqual(Set(summary.dropFirst().map { $0[18] }), ["已核查", "仅自评"])
        XCTAssertEqual(Set(summary.dropFirst().map { $0[17] }), ["是", "否", ""])
        let indicators = try parseCSV(String(contentsOf: out.appendingPathComponent("indicators.csv"), encoding: .utf8))
        XCTAssertEqual(Set(indicators.dropFirst().map { $0[15] }), ["是", "否"])
    }

    /// The documented example: the sample's 2021 and 2022 registers as the baseline of its 2023
    /// records show every status, in the counts docs/outputs.md gives.
    func testSampleYearsShowEveryStatusAsDocumented() throws {
        let folder = try temporaryFolder()
        var outs: [Int: URL] = [:]
        for year in [2021, 2022] {
            outs[year] = folder.appendingPathComponent("\(year)")
            _ = try runBatch(inputs: try sampleFiles(year: year), out: outs[year]!.path)
        }
        let now = folder.appendingPathComponent("2023")
        _ = try runBatch(inputs: try sampleFiles(year: 2023), out: now.path, baseline: try baseline(outs[2021]!, outs[2022]!))
        let ledger = try table(now, "rectification.csv")
        var counts: [String: Int] = [:]
        for row in ledger { counts[row["status"]!, default: 0] += 1 }
        XCTAssertEqual(Set(counts.keys), Set(RectificationStatus.allCases.map(\.rawValue)))
        // The counts docs/outputs.md states for this example.
        let docs = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/outputs.md"), encoding: .utf8)
        for status in RectificationStatus.allCases {
            let line = docs.split(separator: "\n").first { $0.hasPrefix("| `\(status.rawValue)` | \(status.label) |") }
            let documented = try XCTUnwrap(line, "docs/outputs.md has no example row for \(status.rawValue)")
                .split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(Int(documented[2]), counts[status.rawValue], "\(status.rawValue): docs/outputs.md says \(documented[2])")
        }
        // The 遂溪 seed has no 2023 record; the 米易 seed has only 2023.
        XCTAssertTrue(ledger.filter { $0["agency_code"] == "440823-301" }.allSatisfy { $0["status"] == "not_rechecked" })
        XCTAssertTrue(ledger.filter { $0["agency_code"] == "510421-301" }.allSatisfy { $0["status"] == "new" })
        let current = try table(now, "issues.csv")
        let currentKeys = Set(current.map { $0["problem_key"]! })
        for row in ledger {
            let key = row["problem_key"]!
            let years = row["baseline_years"]!.split(separator: ";").compactMap { Int($0) }
            switch row["status"]! {
            case "new":
                XCTAssertTrue(currentKeys.contains(key) && years.isEmpty)
            case "persisting", "reopened":
                XCTAssertTrue(currentKeys.contains(key) && !years.isEmpty)
                XCTAssertEqual(row["last_seen"], "2023")
                if row["status"] == "reopened" { XCTAssertEqual(years, [2021], "found 2021, not 2022, again 2023") }
                if row["status"] == "persisting" { XCTAssertEqual(years.last, 2022) }
            case "resolved", "not_rechecked":
                XCTAssertFalse(currentKeys.contains(key))
                XCTAssertFalse(years.isEmpty)
                XCTAssertTrue(row["current_evidence"]!.isEmpty)
            default:
                XCTFail("unknown status \(row["status"]!)")
            }
        }
        // The rate: resolved ÷ (resolved + persisting + reopened) of each rechecked agency.
        let summary = try table(now, "summary.csv")
        for row in summary {
            let mine = ledger.filter { $0["agency_code"] == row["agency_code"] && !["new", "not_rechecked"].contains($0["status"]!) }
            let resolved = mine.filter { $0["status"] == "resolved" }.count
            let expected = mine.isEmpty ? "" : Rational(Int128(resolved * 100), Int128(mine.count)).roundedHalfUp().formatted(digits: 2)
            XCTAssertEqual(row["rectification_rate"], expected, row["department"]!)
        }
        XCTAssertNotNil(try table(now, "counties.csv").first?["rectification_rate"])
    }

    /// The same inputs with their own register as the baseline: nothing changed, so every
    /// problem persists, one row per distinct problem key.
    func testTheSameInputsAgainstTheirOwnRegisterPersistEverywhere() throws {
        let folder = try temporaryFolder()
        let inputs = repositoryRoot.appendingPathComponent("Inputs").path
        let first = folder.appendingPathComponent("first"), second = folder.appendingPathComponent("second")
        _ = try runBatch(inputs: [inputs], out: first.path)
        _ = try runBatch(inputs: [inputs], out: second.path, baseline: try baseline(first))
        let ledger = try table(second, "rectification.csv")
        XCTAssertTrue(ledger.allSatisfy { $0["status"] == "persisting" }, "\(Set(ledger.map { $0["status"]! }))")
        XCTAssertEqual(ledger.count, Set(try table(second, "issues.csv").map { $0["problem_key"]! }).count)
    }

    /// A run without a baseline writes no ledger and no rate, and takes away a ledger an
    /// earlier run left in the folder: it would not belong to the new register.
    func testWithoutABaselineNoLedgerStandsBesideTheReports() throws {
        let folder = try temporaryFolder()
        let seeds = repositoryRoot.appendingPathComponent("Inputs/seeds").path
        let out = folder.appendingPathComponent("out")
        _ = try runBatch(inputs: [seeds], out: out.path)
        let copy = folder.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: out, to: copy)
        _ = try runBatch(inputs: [seeds], out: out.path, baseline: try baseline(copy))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("rectification.csv").path))
        XCTAssertEqual(try parseCSV(String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8))[0].last, "rectification_rate")
        _ = try runBatch(inputs: [seeds], out: out.path, reports: ReportOptions(language: .en, encoding: .utf8, workbook: false))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("rectification.csv").path))
        // Nor does a workbook an earlier run wrote stand beside a run that writes none: no link to nothing.
        XCTAssertNil(try? FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("perfaudit.xlsx").path))
        XCTAssertEqual(try parseCSV(String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8))[0].last, "source_file")
    }

    /// A baseline is used when its manifest shows this run's thresholds and rulebooks, refused
    /// (exit 1, naming the option) when not, and taken anyway with --baseline-any.
    func testABaselineMustShowTheSameSettingsUnlessBaselineAny() throws {
        let folder = try temporaryFolder()
        let seeds = repositoryRoot.appendingPathComponent("Inputs/seeds").path
        let first = folder.appendingPathComponent("first").path, second = folder.appendingPathComponent("second").path
        let common = ["--no-progress", "--no-xlsx", "--no-dashboard", "--lang", "en"]
        XCTAssertEqual(try perfaudit(["run", seeds, "--out", first] + common).exitStatus, 0)
        let same = try perfaudit(["run", seeds, "--out", second, "--baseline", first] + common)
        XCTAssertEqual(same.exitStatus, 0, same.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: second + "/rectification.csv"))
        let other = try perfaudit(["run", seeds, "--out", second, "--baseline", first, "--score-gap", "3"] + common)
        XCTAssertEqual(other.exitStatus, 1, other.output)
        XCTAssertTrue(other.stderr.contains("another --score-gap"), other.output)
        let lone = try perfaudit(["run", seeds, "--out", second, "--baseline", first + "/issues.csv", "--score-gap", "3"] + common)
        XCTAssertEqual(lone.exitStatus, 1, lone.output)
        let any = try perfaudit(["run", seeds, "--out", second, "--baseline", first, "--score-gap", "3", "--baseline-any"] + common)
        XCTAssertEqual(any.exitStatus, 0, any.output)
        // The manifest names the baseline the ledger was made with.
        XCTAssertTrue(try String(contentsOfFile: second + "/manifest.json", encoding: .utf8).contains(first))
    }

    /// A register from before problem keys, or any other CSV, is refused by name.
    func testABaselineThatIsNoRegisterIsRefusedByName() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("issues.csv")
        try Data("issue_id,county\r\nPA-1,遂溪县\r\n".utf8).write(to: file)
        var baseline = Baseline()
        XCTAssertThrowsError(try baseline.add(file.path)) { error in
            XCTAssertTrue("\(error)".contains("has no problem_key column"), "\(error)")
        }
    }
}
