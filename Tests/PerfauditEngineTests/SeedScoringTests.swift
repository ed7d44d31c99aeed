import PerfauditCore
@testable import PerfauditEngine
import XCTest

/// The two real reports the project comes from, scored from their sample records.
final class SeedScoringTests: XCTestCase {
    private let suixiPath = "Inputs/seeds/suixi-zhujianju-2022.xml"
    private let miyiPath = "Inputs/seeds/miyi-zhujianju-2023.json"

    private func result(_ scored: ScoredRecord, _ id: String) throws -> IndicatorResult {
        try XCTUnwrap(scored.indicators.first { $0.indicator.id == id }, id)
    }

    func testSuixiWorkedExample() throws {
        let record = try loadRecord(suixiPath)
        let suixi = scored(record)
        XCTAssertEqual(record.verification?.indicators.count, 29)
        XCTAssertEqual(suixi.verifiedScore, .d("87.5"))
        XCTAssertEqual(suixi.verifiedGrade, .good)
        XCTAssertEqual(record.selfAssessment.score, Exact(96))
        XCTAssertEqual(suixi.selfGrade, .excellent)
        XCTAssertEqual(record.verification?.reportedScore, .d("90.50"))
        XCTAssertEqual(suixi.gradeMismatch, true)
        XCTAssertEqual(suixi.selfMinusVerified, .d("8.5"))

        let deviations = suixi.indicators.filter(\.deviation).map(\.indicator.id)
        XCTAssertEqual(deviations, ["1.1.3", "2.2.3"])
        let accuracy = try result(suixi, "1.1.3")
        XCTAssertEqual([accuracy.lo, accuracy.hi, accuracy.reference, accuracy.recomputed], [.zero, Exact(2), Exact(5), Exact(2)])
        XCTAssertTrue(accuracy.evidence.contains("差异率=36.04%"), accuracy.evidence)
        let stock = try result(suixi, "2.2.3")
        XCTAssertEqual([stock.lo, stock.hi, stock.reference, stock.recomputed], [Exact(3), Exact(3), .zero, Exact(3)])
        for (id, points) in [("2.2.1", 4), ("2.2.2", 3), ("2.2.5", 0), ("4.1.1", 4), ("4.2.1", 5)] {
            let agreeing = try result(suixi, id)
            XCTAssertEqual(agreeing.lo, Exact(points), id)
            XCTAssertEqual(agreeing.hi, Exact(points), id)
            XCTAssertFalse(agreeing.deviation, id)
        }
        XCTAssertEqual(suixi.recomputedTotal, .d("87.5"))
        XCTAssertEqual(suixi.recomputedGrade, .good)
        // 100 less 3 (1.1.3 capped at 2) less 2 (2.2.5 scores 0 without a procurement budget).
        XCTAssertEqual(suixi.attainableMax, Exact(95))
    }

    func testSuixiIssuesRegister() throws {
        let suixi = scored(try loadRecord(suixiPath))
        let issues = IssueFinder().issues(of: suixi)
        func find(_ category: IssueCategory, project: String? = nil) -> [Issue] {
            issues.filter { $0.category == category && (project == nil || $0.project == project) }
        }
        XCTAssertEqual(find(.gradeInflation).first?.evidence, "自评96.00分（优），核查87.50分（良）")
        XCTAssertEqual(find(.scoreGap).first?.evidence, "自评96.00 - 核查87.50 = 8.50分")
        XCTAssertEqual(find(.scoreGap).first?.severity, .medium)
        XCTAssertEqual(find(.reportedTotalMismatch).first?.evidence, "报告总分90.50，指标得分合计87.50")
        XCTAssertEqual(find(.selfAboveAttainable).first?.evidence, "自评96.00分 > 按所报数据可得最高分95.00分")
        XCTAssertEqual(find(.ruleDeviation).map(\.indicator), ["1.1.3", "2.2.3"])
        XCTAssertEqual(find(.overBudget, project: "遂溪县新冠肺炎集中隔离临时板房建设工程").first?.source, .evaluator)
        let sewage = find(.targetUnmet, project: "镇村生活污水处理营运费")
        XCTAssertEqual(sewage.first?.severity, .high)
        XCTAssertTrue(sewage.first?.evidence.contains("完成率19.86%") ?? false, "\(sewage)")
        XCTAssertEqual(find(.noProcurementPlan).count, 1)
        XCTAssertEqual(find(.budgetVariance).first?.severity, .high)
        XCTAssertGreaterThanOrEqual(find(.evaluatorFinding).count, 3)
        XCTAssertTrue(find(.dataInconsistent).isEmpty, "\(find(.dataInconsistent))")
    }

    func testMiyiSelfAssessment() throws {
        let record = try loadRecord(miyiPath)
        XCTAssertEqual(record.amountUnit, .tenThousandYuan)
        XCTAssertEqual(record.finance?.expenditure?.basic, .d("8983100"))
        let miyi = scored(record)
        XCTAssertEqual(miyi.rulebook.id, "sichuan-dept-2017")
        XCTAssertEqual(miyi.selfGrade, .excellent)
        XCTAssertNil(miyi.verifiedScore)
        XCTAssertNil(miyi.recomputedTotal, "no indicator scores were reported")
        XCTAssertEqual(miyi.attainableMax, Exact(100))
        XCTAssertEqual(miyi.status, "self_only")
        let issues = IssueFinder().issues(of: miyi)
        let inconsistent = issues.filter { $0.category == .dataInconsistent }
        XCTAssertEqual(inconsistent.count, 1)
        XCTAssertEqual(
            inconsistent.first?.evidence,
            "基本支出8983100.00 + 项目支出305301900.00 = 314285000.00 ≠ 决算支出314284900.00（差100.00元）")
        let low = issues.filter { $0.category == .lowExecution }
        XCTAssertEqual(low.count, 1)
        XCTAssertEqual(low.first?.severity, .high)
        XCTAssertTrue(low.first?.project?.contains("老旧小区") ?? false)
        XCTAssertTrue(low.first?.evidence.contains("26.01%") ?? false)
        XCTAssertEqual(issues.filter { $0.category == .highBalance }.first?.evidence, "预算结余率大于10%的一次性项目8个")
    }

    func testExplainShowsEveryIndicatorAndTheDeviations() throws {
        let suixi = scored(try loadRecord(suixiPath))
        let text = Explanation.render(suixi, issues: IssueFinder().issues(of: suixi), sourceFile: suixiPath)
        for indicator in suixi.rulebook.indicators { XCTAssertTrue(text.contains(indicator.id + " "), indicator.id) }
        XCTAssertEqual(text.components(separatedBy: "✗ 偏离").count - 1, 2)
        XCTAssertTrue(text.contains("复算得分  87.50（良）"))
        XCTAssertTrue(text.contains("可得最高分 95.00"))
        XCTAssertTrue(text.contains("[0.00, 2.00]"))
    }
}
