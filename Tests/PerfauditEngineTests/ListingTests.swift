import Foundation
@testable import PerfauditEngine
import PerfauditTestSupport
import XCTest

/// `explain` and `rules` in a 100-column terminal: no line wider than 100 columns (CJK counted
/// double), rule text in the reviewer's words, and CSV or JSON for scripts.
final class ListingTests: XCTestCase {
    private let seeds = ["Inputs/seeds/suixi-zhujianju-2022.xml", "Inputs/seeds/miyi-zhujianju-2023.json"]
        .map { repositoryRoot.appendingPathComponent($0).path }

    /// Standard output is a file here, not a terminal: the width is 100.
    func testEveryLineFitsOneHundredColumns() throws {
        for arguments in [["rules"]] + seeds.map({ ["explain", $0] }) {
            let outcome = try perfaudit(arguments)
            XCTAssertEqual(outcome.exitStatus, 0, outcome.output)
            let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            XCTAssertGreaterThan(lines.count, 30)
            // The first line of explain is the file's path, as given.
            for line in lines.dropFirst(arguments[0] == "explain" ? 1 : 0) {
                XCTAssertLessThanOrEqual(TextTable.displayWidth(line), 100, "\(arguments[0]): \(line)")
            }
        }
    }

    func testRuleTextSpeaksTheReviewersLanguage() throws {
        let rules = try perfaudit(["rules"]).stdout
        for name in MetricCatalog.all.map(\.name) + ReviewerWords.outcomes.keys.filter({ $0.count > 3 }) {
            XCTAssertFalse(rules.contains(name), "rules shows \(name)")
        }
        for words in ["收入预决算差异率", "非政策原因调剂事项数", "两年均为0", "政府采购执行率"] {
            XCTAssertTrue(rules.contains(words), words)
        }
        let explain = try perfaudit(["explain", seeds[0]]).stdout
        XCTAssertFalse(explain.contains("incomeVarianceRate"))
        XCTAssertTrue(explain.contains("复算得分  87.50（良）"), explain)
    }

    /// Every metric and every outcome a metric may yield has words, and no rule of the shipped
    /// rulebooks keeps an internal name once translated.
    func testReviewerWordsCoverTheCatalogue() {
        for metric in MetricCatalog.all {
            XCTAssertNotNil(ReviewerWords.metrics[metric.name], metric.name)
            for name in metric.names { XCTAssertNotNil(ReviewerWords.outcomes[name], "\(metric.name): \(name)") }
        }
        XCTAssertEqual(Set(ReviewerWords.metrics.keys), Set(MetricCatalog.all.map(\.name)), "words for metrics that do not exist")
        for rulebook in shippedRulebooks.all {
            for indicator in rulebook.indicators {
                let text = ReviewerWords.translate(indicator.ruleText)
                let letters = text.unicodeScalars.split { !(("a"..."z").contains($0) || ("A"..."Z").contains($0)) }
                XCTAssertEqual(letters.filter { $0.count > 1 }.map { String($0) }, [],
                               "\(rulebook.id) \(indicator.id): \(text)")
            }
        }
        XCTAssertEqual(ReviewerWords.translate("2 × procurementExecution；noPlan→0"), "2 × 政府采购执行率；未编制采购计划→0")
    }

    func testWrappingKeepsEveryCharacterWithinTheWidth() {
        let texts = [
            "收入预决算差异率得0分：差异率=36.04%（预算111122500.00，决算71073638.07），扣3.5分",
            String(repeating: "abc ", count: 40), String(repeating: "超", count: 90) + "𠀀末", "short",
            "2 × 转移支付按时下达比例；无应下达→2 ＋ 批复下属单位预算（1分）：按时→1；逾期→0.5；无→0",
        ]
        for width in [7, 16, 23, 40] {
            for text in texts {
                let lines = TextTable.wrapped(text, width)
                for line in lines { XCTAssertLessThanOrEqual(TextTable.displayWidth(line), width, line) }
                XCTAssertEqual(lines.joined().filter { $0 != " " }, text.filter { $0 != " " }, "width \(width)")
            }
        }
        XCTAssertEqual(TextTable.wrapped("差异率=36.04%（预算111122500.00", 20), ["差异率=36.04%（预算", "111122500.00"])
    }

    func testCSVAndJSONForScripts() throws {
        let rulebook = try XCTUnwrap(shippedRulebooks.rulebook("zhanjiang-dept-2021"))
        let json = try perfaudit(["rules", "--rulebook", rulebook.id, "--format", "json"])
        XCTAssertEqual(json.exitStatus, 0, json.output)
        let books = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let indicators = try XCTUnwrap(books.first?["indicators"] as? [[String: Any]])
        XCTAssertEqual(indicators.map { $0["indicator_id"] as? String }, rulebook.indicators.map(\.id))
        XCTAssertEqual(indicators.first?["weight"] as? Double, 3)

        let csv = try perfaudit(["rules", "--rulebook", rulebook.id, "--format", "csv"]).stdout
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(rows.first, "rulebook,indicator_id,level1,level2,indicator,weight,rule")
        XCTAssertEqual(rows.count, rulebook.indicators.count + 1)
        XCTAssertTrue(rows[1].hasPrefix("zhanjiang-dept-2021,1.1.1,预算编制情况,预算编制,预算编制合理性,3.00,"), rows[1])

        let explain = try perfaudit(["explain", seeds[0], "--format", "json"])
        let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(record["recomputed_score"] as? Double, 87.5)
        XCTAssertEqual(record["recomputed_grade"] as? String, "良")
        let results = try XCTUnwrap(record["indicators"] as? [[String: Any]])
        XCTAssertEqual(results.count, rulebook.indicators.count)
        XCTAssertEqual(results.filter { $0["deviation"] as? Bool == true }.count, 2)
        XCTAssertGreaterThan((record["issues"] as? [Any])?.count ?? 0, 5)
        let explainCSV = try perfaudit(["explain", seeds[0], "--format", "csv"]).stdout
        XCTAssertEqual(explainCSV.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, rulebook.indicators.count + 1)
        XCTAssertEqual(try perfaudit(["rules", "--format", "xml"]).exitStatus, 1)
    }
}
