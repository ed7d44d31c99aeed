import Foundation
import PerfauditCore
@testable import PerfauditEngine
import PerfauditSample
import XCTest

/// TEMPLATE_COPY and SCORES_IDENTICAL through the whole batch, on the seeds' real prose.
final class TemplateDetectionTests: XCTestCase {
    /// The 遂溪 report filed again by 廉江市住房和城乡建设局 with its own name on it: the copy a
    /// department makes of another's report.
    private func renamedCopy(of record: Record) -> Record {
        var copy = record
        copy.department = Department(
            mofDivCode: "440881", agencyCode: "440881-301", name: "廉江市住房和城乡建设局", province: "广东省",
            city: "湛江市", county: "廉江市")
        copy.narrative = record.narrative?.map { section in
            var text = section.text.replacingOccurrences(of: "遂溪县住房和城乡建设局", with: "廉江市住房和城乡建设局")
            text = text.replacingOccurrences(of: "遂溪县", with: "廉江市").replacingOccurrences(of: "遂溪", with: "廉江")
            return NarrativeSection(title: section.title, text: text)
        }
        return copy
    }

    private func write(_ records: [(String, Record)], into folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, record) in records {
            try Data(RecordJSONWriter().write(record)).write(to: folder.appendingPathComponent(name))
        }
    }

    private func issues(_ folder: URL, jobs: Int = 2, templateCheck: Bool = true) throws -> [[String: String]] {
        let out = folder.appendingPathComponent("out-\(jobs)-\(templateCheck)")
        var options = RunOptions(
            inputs: [folder.appendingPathComponent("in").path], outputFolder: out.path, jobs: jobs,
            reports: ReportOptions(language: .en, encoding: .utf8))
        options.templateCheck = templateCheck
        _ = try run(options)
        let rows = try parseCSV(String(contentsOf: out.appendingPathComponent("issues.csv"), encoding: .utf8))
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(rows[0], $0)) }
    }

    private func run(_ options: RunOptions) throws -> RunSummary {
        try runBatch(inputs: options.inputs, out: options.outputFolder, jobs: options.jobs, reports: options.reports,
                     templateCheck: options.templateCheck)
    }

    func testARenamedCopyOfTheSuixiReportIsFoundAndTheMiyiReportIsNot() throws {
        let suixi = try loadRecord("Inputs/seeds/suixi-zhujianju-2022.xml")
        let miyi = try loadRecord("Inputs/seeds/miyi-zhujianju-2023.json")
        XCTAssertNotNil(suixi.narrative)
        let folder = try temporaryFolder()
        try write([("suixi.json", suixi), ("copy.json", renamedCopy(of: suixi)), ("miyi.json", miyi)], into: folder.appendingPathComponent("in"))
        let found = try issues(folder).filter { $0["category"] == "TEMPLATE_COPY" }
        XCTAssertEqual(found.map { $0["source_file"]!.components(separatedBy: "/").last! }.sorted(), ["copy.json", "suixi.json"])
        for issue in found {
            XCTAssertEqual(issue["severity"], "high")
            XCTAssertEqual(issue["source"], "comparison")
            XCTAssertTrue(issue["evidence"]!.contains("相似度1.00"), issue["evidence"]!)
            XCTAssertTrue(issue["evidence"]!.contains("最长相同段落"), issue["evidence"]!)
            let other = issue["source_file"]!.hasSuffix("copy.json") ? "遂溪县住房和城乡建设局（440823-301" : "廉江市住房和城乡建设局（440881-301"
            XCTAssertTrue(issue["evidence"]!.contains(other), issue["evidence"]!)
        }
        XCTAssertEqual(try issues(folder, jobs: 1).map { $0["evidence"]! }, try issues(folder, jobs: 2).map { $0["evidence"]! })
        XCTAssertTrue(try issues(folder, templateCheck: false).allSatisfy { $0["category"] != "TEMPLATE_COPY" })
    }

    func testTheSameAgencysReportOfAnotherYearIsNotACopy() throws {
        let suixi = try loadRecord("Inputs/seeds/suixi-zhujianju-2022.xml")
        var lastYear = suixi
        lastYear.fiscalYear = 2021
        let folder = try temporaryFolder()
        try write([("2022.json", suixi), ("2021.json", lastYear)], into: folder.appendingPathComponent("in"))
        XCTAssertEqual(try issues(folder).filter { $0["category"] == "TEMPLATE_COPY" }.count, 0)
    }

    /// Self scores on six indicators of zhanjiang-dept-2021 with `deductions` of them below weight.
    private func selfScored(agency: String, deductions: Int) -> Record {
        var record = baseRecord()
        record.department.agencyCode = agency
        record.department.name = "部门" + agency
        let weights: [(String, Int)] = [("1.1.1", 3), ("1.1.2", 4), ("1.1.3", 5), ("1.2.1", 4), ("1.2.2", 4), ("2.1.1", 2)]
        record.selfAssessment.indicators = weights.enumerated().map { index, item in
            IndicatorScore(id: item.0, score: Exact(index < deductions ? item.1 - 1 : item.1))
        }
        return record
    }

    func testIdenticalSelfScoresOfTwoAgenciesWithThreeDeductions() throws {
        let folder = try temporaryFolder()
        try write([
            ("a.json", selfScored(agency: "440823-901", deductions: 3)), ("b.json", selfScored(agency: "440823-902", deductions: 3)),
            ("c.json", selfScored(agency: "440823-903", deductions: 2)), ("d.json", selfScored(agency: "440823-904", deductions: 2)),
        ], into: folder.appendingPathComponent("in"))
        let found = try issues(folder).filter { $0["category"] == "SCORES_IDENTICAL" }
        XCTAssertEqual(found.map { $0["source_file"]!.components(separatedBy: "/").last! }.sorted(), ["a.json", "b.json"],
                       "two alike deductions are chance; three are not")
        XCTAssertTrue(found.first { $0["source_file"]!.hasSuffix("a.json") }!["evidence"]!.contains("部门440823-902"))
    }
}
