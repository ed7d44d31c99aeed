import PerfauditCore
@testable import PerfauditEngine
import XCTest

/// Each category is raised at its threshold and not just short of it.
final class IssueCategoryTests: XCTestCase {
    private func issues(_ build: (inout Record) -> Void) -> [Issue] {
        var record = baseRecord()
        build(&record)
        return IssueFinder().issues(of: scored(record))
    }

    private func assertRaised(
        _ category: IssueCategory, _ severity: Severity? = nil, _ build: (inout Record) -> Void,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let found = issues(build).filter { $0.category == category }
        XCTAssertFalse(found.isEmpty, "\(category) not raised", file: file, line: line)
        if let severity { XCTAssertEqual(found.first?.severity, severity, file: file, line: line) }
    }

    private func assertNotRaised(
        _ category: IssueCategory, _ build: (inout Record) -> Void, file: StaticString = #filePath, line: UInt = #line
    ) {
        let found = issues(build).filter { $0.category == category }
        XCTAssertTrue(found.isEmpty, "\(category) raised: \(found.map(\.evidence))", file: file, line: line)
    }

    private func verified(_ record: inout Record, total: String) {
        var verification = Verification(evaluator: "某会计师事务所")
        verification.indicators = [IndicatorScore(id: "4.3.1", score: .d("10"))]
        record.verification = verification
        // The 29 indicators: put the rest of the total on judgment 2.2.6-style lines is not needed;
        // verified_score is the sum as stated, so one line carries the whole total.
        record.verification?.indicators = [IndicatorScore(id: "4.3.1", score: .d(total))]
    }

    func testGradeInflationAndScoreGap() {
        assertRaised(.gradeInflation, .high) { record in
            record.selfAssessment = SelfAssessment(score: .d("90"), grade: .excellent)
            self.verified(&record, total: "89.99")
        }
        assertNotRaised(.gradeInflation) { record in
            record.selfAssessment = SelfAssessment(score: .d("90"), grade: .excellent)
            self.verified(&record, total: "90")
        }
        assertRaised(.scoreGap, .medium) { record in
            record.selfAssessment = SelfAssessment(score: .d("95"), grade: .excellent)
            self.verified(&record, total: "90")
        }
        assertRaised(.scoreGap, .high) { record in
            record.selfAssessment = SelfAssessment(score: .d("95"), grade: .excellent)
            self.verified(&record, total: "85")
        }
        assertNotRaised(.scoreGap) { record in
            record.selfAssessment = SelfAssessment(score: .d("95"), grade: .excellent)
            self.verified(&record, total: "90.01")
        }
    }

    func testSelfAboveAttainable() {
        let noProcurementBudget: (inout Record) -> Void = { record in
            record.finance = Finance()
            record.finance?.procurement = Procurement(plan: .zero, actual: .zero)
        }
        assertRaised(.selfAboveAttainable, .high) { record in
            noProcurementBudget(&record)
            record.selfAssessment = SelfAssessment(score: .d("98.01"), grade: .excellent)
        }
        assertNotRaised(.selfAboveAttainable) { record in
            noProcurementBudget(&record)
            record.selfAssessment = SelfAssessment(score: .d("98"), grade: .excellent)
        }
    }

    func testReportedTotalMismatch() {
        assertRaised(.reportedTotalMismatch, .medium) { record in
            self.verified(&record, total: "87.5")
            record.verification?.reportedScore = .d("87.52")
        }
        assertNotRaised(.reportedTotalMismatch) { record in
            self.verified(&record, total: "87.5")
            record.verification?.reportedScore = .d("87.51")
        }
    }

    func testRuleDeviationAndScoreOutOfRange() {
        assertRaised(.ruleDeviation, .medium) { record in
            record.finance = Finance()
            record.finance?.fixedAssets = FixedAssets(total: .d("512.20"), inUse: .d("486.58"))
            record.selfAssessment.indicators = [IndicatorScore(id: "2.4.2", score: Exact(3))]
        }
        assertNotRaised(.ruleDeviation) { record in
            record.finance = Finance()
            record.finance?.fixedAssets = FixedAssets(total: .d("512.20"), inUse: .d("486.59"))
            record.selfAssessment.indicators = [IndicatorScore(id: "2.4.2", score: Exact(3))]
        }
        assertRaised(.scoreOutOfRange, .high) { record in
            record.selfAssessment.indicators = [IndicatorScore(id: "1.1.1", score: .d("3.01"))]
        }
        assertRaised(.scoreOutOfRange, .high) { record in
            record.selfAssessment.indicators = [IndicatorScore(id: "9.9.9", score: .d("1"))]
        }
        assertNotRaised(.scoreOutOfRange) { record in
            record.selfAssessment.indicators = [IndicatorScore(id: "1.1.1", score: .d("3"))]
        }
    }

    func testGradeScoreMismatch() {
        assertRaised(.gradeScoreMismatch, .medium) { record in
            record.selfAssessment = SelfAssessment(score: .d("89.99"), grade: .excellent)
        }
        assertNotRaised(.gradeScoreMismatch) { record in
            record.selfAssessment = SelfAssessment(score: .d("90"), grade: .excellent)
        }
        assertRaised(.gradeScoreMismatch) { record in
            var project = Project(name: "项目", kind: .oneOff, budget: Exact(100))
            project.selfScore = .d("79")
            project.selfGrade = .good
            record.projects = [project]
        }
    }

    private func project(_ change: @escaping (inout Project) -> Void) -> (inout Record) -> Void {
        { record in
            var project = Project(name: "道路改造", kind: .oneOff, budget: Exact(1_000_000))
            change(&project)
            record.projects = [project]
        }
    }

    func testProjectMoneyCategories() {
        assertRaised(.overBudget, .high, project { $0.settlement = .d("1000000.01") })
        assertNotRaised(.overBudget, project { $0.settlement = .d("1000000.00"); $0.spent = Exact(1_000_000) })
        assertRaised(.underAllocated, .medium, project { $0.allocated = .d("599999.99") })
        assertNotRaised(.underAllocated, project { $0.allocated = Exact(600_000) })
        assertRaised(.lowExecution, .medium, project { $0.spent = .d("899999.99") })
        assertRaised(.lowExecution, .high, project { $0.spent = .d("499999.99") })
        assertNotRaised(.lowExecution, project { $0.spent = Exact(900_000) })
        assertRaised(.arrears, .medium, project { $0.arrears = Arrears(amount: .d("0.01")) })
        assertNotRaised(.arrears, project { $0.arrears = Arrears(amount: .zero, months: 2) })
    }

    func testTargetUnmetInEveryDirection() {
        func target(_ planned: String, _ actual: String, _ direction: TargetDirection) -> (inout Record) -> Void {
            project { $0.targets = [Target(name: "目标", planned: .d(planned), actual: .d(actual), direction: direction)] }
        }
        assertRaised(.targetUnmet, .medium, target("100", "99.99", .atLeast))
        assertRaised(.targetUnmet, .high, target("100", "59.99", .atLeast))
        assertNotRaised(.targetUnmet, target("100", "100", .atLeast))
        assertRaised(.targetUnmet, .medium, target("30", "30.01", .atMost))
        assertNotRaised(.targetUnmet, target("30", "30", .atMost))
        assertRaised(.targetUnmet, .medium, target("12", "11", .exactly))
        assertRaised(.targetUnmet, .medium, target("12", "13", .exactly))
        assertNotRaised(.targetUnmet, target("12", "12", .exactly))
        assertNotRaised(.targetUnmet, project { $0.targets = [Target(name: "未报告", planned: Exact(5))] })
    }

    func testLateProject() {
        assertRaised(.lateProject, nil, project { $0.plannedEnd = "2022-06-30"; $0.finishedOn = "2022-07-01"; $0.completed = true })
        assertNotRaised(.lateProject, project { $0.plannedEnd = "2022-06-30"; $0.finishedOn = "2022-06-30"; $0.completed = true })
        assertRaised(.lateProject, nil, project { $0.plannedEnd = "2022-12-30"; $0.completed = false })
        assertNotRaised(.lateProject, project { $0.plannedEnd = "2022-12-31"; $0.completed = false })
    }

    func testFinanceCategories() {
        func finance(_ change: @escaping (inout Finance) -> Void) -> (inout Record) -> Void {
            { record in
                var finance = Finance()
                change(&finance)
                record.finance = finance
            }
        }
        assertRaised(.highBalance, .low, finance { $0.balance = Balance(yearEnd: .d("10.01")); $0.income = Income(final: Exact(100)) })
        assertNotRaised(.highBalance, finance { $0.balance = Balance(yearEnd: .d("10")); $0.income = Income(final: Exact(100)) })
        assertRaised(.highBalance) { record in
            record.projectSummary = ProjectSummary()
            record.projectSummary?.oneOffHighBalanceCount = 1
        }
        assertRaised(.budgetVariance, .medium, finance { $0.income = Income(budget: Exact(100), final: Exact(105)) })
        assertRaised(.budgetVariance, .high, finance { $0.income = Income(budget: Exact(100), final: Exact(80)) })
        assertNotRaised(.budgetVariance, finance { $0.income = Income(budget: Exact(100), final: .d("104.99")) })
        assertRaised(.publicFundsOverspent, .high, finance { $0.publicFunds = BudgetFinal(budget: Exact(100), final: .d("100.01")) })
        assertRaised(.publicFundsOverspent, .high, finance { $0.threePublic = BudgetFinal(budget: Exact(100), final: .d("100.01")) })
        assertNotRaised(.publicFundsOverspent, finance { $0.threePublic = BudgetFinal(budget: Exact(100), final: Exact(100)) })
        assertRaised(.noProcurementPlan, .low, finance { $0.procurement = Procurement(plan: .zero) })
        assertNotRaised(.noProcurementPlan, finance { $0.procurement = Procurement(plan: .d("0.01")) })
    }

    func testDataInconsistent() {
        assertRaised(.dataInconsistent) { record in
            record.finance = Finance()
            record.finance?.income = Income(final: Exact(100), sources: [
                IncomeSource(kind: .generalPublic, final: .d("60")), IncomeSource(kind: .governmentFund, final: .d("40.01")),
            ])
        }
        assertNotRaised(.dataInconsistent) { record in
            record.finance = Finance()
            record.finance?.income = Income(final: Exact(100), sources: [
                IncomeSource(kind: .generalPublic, final: .d("60")), IncomeSource(kind: .governmentFund, final: .d("40")),
            ])
        }
        assertRaised(.dataInconsistent) { record in
            record.finance = Finance()
            record.finance?.expenditure = Expenditure(basic: Exact(10), personnel: Exact(6), publicUse: .d("4.01"))
        }
        assertRaised(.dataInconsistent) { record in
            record.petitions = Petitions(channels: true, total: 4, onTime: 5)
        }
        assertNotRaised(.dataInconsistent) { record in
            record.petitions = Petitions(channels: true, total: 4, onTime: 4)
        }
        assertRaised(.dataInconsistent) { record in
            record.finance = Finance()
            record.finance?.treasuryStock = TreasuryStock(previousYearEnd: Exact(100), yearEnd: Exact(80), changeRate: .d("-19.98"))
        }
        assertNotRaised(.dataInconsistent) { record in
            record.finance = Finance()
            record.finance?.treasuryStock = TreasuryStock(previousYearEnd: Exact(100), yearEnd: Exact(80), changeRate: .d("-19.99"))
        }
    }

    func testEvaluatorFindings() {
        let found = issues { record in
            record.projects = [Project(name: "道路改造", kind: .oneOff)]
            record.findings = [
                Finding(category: "超预算", project: "道路改造", text: "结算超预算"), Finding(text: "档案不全"),
                Finding(category: "超预算", project: "别的单位的项目", text: "不属于本记录"),
            ]
        }
        XCTAssertEqual(found.filter { $0.category == .evaluatorFinding }.count, 3)
        XCTAssertEqual(found.filter { $0.category == .overBudget }.map(\.source), [.evaluator])
        XCTAssertEqual(found.filter { $0.category == .overBudget }.map(\.project), ["道路改造"])
        XCTAssertTrue(found.allSatisfy { $0.category != .evaluatorFinding || $0.source == .evaluator })
    }

    /// issue_id names a row: stable, distinct per subject, year and file; problem_key names the
    /// problem across years and copies: no year, no file, no evidence wording.
    func testIssueIDAndProblemKeyAreStableAndSayWhatTheyName() {
        let issue = Issue(.targetUnmet, .medium, evidence: "x", source: .rule, project: "P", subject: "污水处理量")
        let id = { (issue: Issue, year: Int, file: String) in issue.rowHash(agency: "440823-301", fiscalYear: year, sourceFile: file) }
        XCTAssertEqual(id(issue, 2022, "a.xml"), id(issue, 2022, "a.xml"))
        var other = issue
        other.subject = "垃圾清运量"
        other.problemSubject = "垃圾清运量"
        XCTAssertNotEqual(id(issue, 2022, "a.xml"), id(other, 2022, "a.xml"))
        XCTAssertNotEqual(id(issue, 2022, "a.xml"), id(issue, 2023, "a.xml"))
        XCTAssertNotEqual(id(issue, 2022, "a.xml"), id(issue, 2022, "copy/a.xml"), "copies of a filing have their own ids")
        var reworded = issue
        reworded.evidence = "y"
        XCTAssertEqual(id(issue, 2022, "a.xml"), id(reworded, 2022, "a.xml"))
        XCTAssertEqual(issue.problemKeyHash(agency: "440823-301"), reworded.problemKeyHash(agency: "440823-301"))
        XCTAssertNotEqual(issue.problemKeyHash(agency: "440823-301"), other.problemKeyHash(agency: "440823-301"))
        XCTAssertNotEqual(issue.problemKeyHash(agency: "440823-301"), issue.problemKeyHash(agency: "440823-302"))
        XCTAssertEqual(Issue.idText(Issue.problemKeyPrefix, 0xab), "PK-00000000000000ab")
    }

    /// A finding's problem key is its category in its project, not its place in this year's list.
    func testFindingProblemKeysDoNotDependOnTheirPlace() {
        var record = baseRecord()
        record.findings = [Finding(category: "绩效目标", text: "目标不全"), Finding(category: "预算控制", text: "控制不严")]
        let first = IssueFinder().issues(of: scored(record)).filter { $0.category == .evaluatorFinding }
        record.findings = [Finding(category: "预算控制", text: "仍不严"), Finding(category: "绩效目标", text: "目标仍不全")]
        let second = IssueFinder().issues(of: scored(record)).filter { $0.category == .evaluatorFinding }
        XCTAssertEqual(first.count, 2)
        XCTAssertEqual(first[0].problemKeyHash(agency: "a"), second[1].problemKeyHash(agency: "a"))
        XCTAssertEqual(first[1].problemKeyHash(agency: "a"), second[0].problemKeyHash(agency: "a"))
        XCTAssertNotEqual(first[0].rowHash(agency: "a", fiscalYear: 2022, sourceFile: "f"), first[1].rowHash(agency: "a", fiscalYear: 2022, sourceFile: "f"))
    }
}

/// Files may state figures up to ±10¹⁴ and list any number of lines: nothing overflows.
final class LargeFigureTests: XCTestCase {
    func testHugeFiguresAndManyLinesScoreWithoutOverflow() throws {
        var record = baseRecord()
        let large = Exact.parsed("99999999999999.99")
        record.finance = Finance()
        record.finance?.income = Income(final: large, sources: Array(repeating: IncomeSource(kind: .other, final: large), count: 50))
        var verification = Verification(evaluator: "某事务所")
        verification.indicators = (0..<200).map { IndicatorScore(id: "x\($0)", score: .parsed("99999999999999.99")) }
        verification.adjustments = [Adjustment(kind: .penalty, count: 1_000_000_000), Adjustment(kind: .bonus, count: 1_000_000_000)]
        record.verification = verification
        record.commendations = Count(count: 1_000_000_000)
        let result = scored(record)
        XCTAssertEqual(result.verifiedScore, Exact(100))
        XCTAssertEqual(result.bonus, Exact(3))
        let issues = IssueFinder().issues(of: result)
        let income = try XCTUnwrap(issues.first { $0.category == .dataInconsistent && $0.subject == "收入决算数" })
        XCTAssertTrue(income.evidence.contains("= 4999999999999999.50 ≠"), income.evidence)
    }
}
