import Foundation
import PerfauditCore
import PerfauditSample
import PerfauditXML
import XCTest
import PerfauditTestSupport

private func loadJSON(_ bytes: [UInt8]) throws -> Record {
    try bytes.withUnsafeBytes { buffer throws(LoadError) in try JSONRecordLoader.load(buffer) }
}

private func loadJSONFile(_ path: String) throws -> Record {
    try loadJSON(Array(try Data(contentsOf: repositoryRoot.appendingPathComponent(path))))
}

private func e(_ text: String) -> Exact { try! Exact.parse(text, maxFractionDigits: 4).get() }

/// A record that uses every element and attribute of the format, with text that needs escaping.
/// A record with only its required fields: 遂溪县住建局 2022, self 96 优.
private func minimalRecord() -> Record {
    Record(
        department: Department(
            mofDivCode: "440823", agencyCode: "440823-301", name: "遂溪县住房和城乡建设局", province: "广东省",
            city: "湛江市", county: "遂溪县"),
        fiscalYear: 2022, rulebook: "zhanjiang-dept-2021",
        selfAssessment: SelfAssessment(score: Exact(96), grade: .excellent))
}

func fullRecord(unit: AmountUnit = .yuan) -> Record {
    var record = Record(
        department: Department(
            mofDivCode: "440882", agencyCode: "440882-305", name: "雷州市农业农村局 <\"R&D\">",
            province: "广东省", city: "湛江市", county: "雷州市"),
        fiscalYear: 2022, rulebook: "zhanjiang-dept-2021",
        selfAssessment: SelfAssessment(
            score: e("88.5"), grade: .good, submitted: "2023-03-15",
            indicators: [IndicatorScore(id: "1.1.1", score: e("3")), IndicatorScore(id: "1.1.3", score: e("4.5"))]))
    record.amountUnit = unit
    var verification = Verification(evaluator: "湛江市华粤会计师事务所有限公司")
    verification.commissionedBy = "湛江市财政局"
    verification.date = "2023-11-30"
    verification.reportedScore = e("86.25")
    verification.reportedGrade = .good
    verification.indicators = [
        IndicatorScore(id: "1.1.1", score: e("3")),
        IndicatorScore(id: "2.2.3", score: e("0"), note: "21.32%，扣3分 & \"引号\" <尖括号>\n第二行\t制表"),
    ]
    verification.adjustments = [Adjustment(kind: .bonus, count: 1, note: "省级表彰"), Adjustment(kind: .penalty, count: 0)]
    record.verification = verification
    var finance = Finance()
    finance.income = Income(
        budget: e("111122500"), final: e("71073600.00"),
        sources: [
            IncomeSource(kind: .generalPublic, budget: e("20122500"), final: e("39152600")),
            IncomeSource(kind: .governmentFund, budget: e("91000000"), final: e("31921000")),
        ])
    finance.expenditure = Expenditure(
        budget: e("111122500"), final: e("71073600"), basic: e("12250300"), personnel: e("8881400"),
        publicUse: e("3368900"), project: e("58823300"))
    finance.publicFunds = BudgetFinal(budget: e("7118200"), final: e("3368900"))
    finance.threePublic = BudgetFinal(budget: e("205000"))
    finance.balance = Balance(opening: e("0"), yearEnd: e("0"))
    finance.treasuryStock = TreasuryStock(previousYearEnd: e("2000000"), yearEnd: e("1700000"), changeRate: e("-15.1234"))
    finance.procurement = Procurement(plan: e("0"), actual: e("0"))
    finance.fixedAssets = FixedAssets(total: e("5122000"), inUse: e("4865900"))
    finance.transfers = Transfers(due: e("1000000"), onTime: e("900000"))
    finance.budgetApproval = BudgetApproval.none
    finance.adjustments = BudgetAdjustments(nonPolicy: 3, over20Percent: 1, variance50Percent: 0)
    record.finance = finance
    record.keyTasks = KeyTasks(partyInspection: e("95"), governmentInspection: e("90"))
    record.petitions = Petitions(channels: true, total: 12, onTime: 11)
    record.commendations = Count(count: 1)
    record.accountability = Count()
    var project = Project(name: "高标准农田建设项目", kind: .oneOff, budget: e("14170000"))
    project.code = "4408822022305001"
    project.allocated = e("5500000")
    project.spent = e("5400000")
    project.settlement = e("14500000")
    project.plannedEnd = "2022-10-31"
    project.finishedOn = "2023-01-15"
    project.completed = false
    project.selfScore = e("99")
    project.selfGrade = .excellent
    project.verifiedScore = e("80.5")
    project.verifiedGrade = .good
    project.targets = [
        Target(name: "新建面积", category: .quantity, unit: "万亩", planned: e("1095"), actual: e("217.4567")),
        Target(name: "亩均投资", category: .cost, unit: "元/亩", planned: e("3000"), actual: e("3100"), direction: .atMost),
        Target(name: "补贴标准执行率", planned: e("100"), direction: .exactly),
    ]
    project.arrears = Arrears(amount: e("300000"), months: 7, note: "6至12月未付")
    project.findings = [Finding(category: "超预算", project: "高标准农田建设项目", text: "工程结算超预算")]
    var recurring = Project(name: "耕地地力保护补贴", kind: .recurring)
    recurring.arrears = Arrears(months: 2)
    record.projects = [project, recurring]
    var summary = ProjectSummary()
    summary.recurringCount = 49
    summary.recurringBudget = e("12171000")
    summary.oneOffCount = 75
    summary.oneOffBudget = e("341471000")
    summary.oneOffHighBalanceCount = 8
    summary.recurringHighBalanceCount = 0
    record.projectSummary = summary
    record.findings = [
        Finding(category: "绩效目标", text: "绩效目标的编制不够全面"),
        Finding(category: "项目监管", project: "高标准农田建设项目", text: "结算与验收 <滞后> & \"未整改\""),
        Finding(text: "无分类的发现"),
    ]
    record.narrative = [
        NarrativeSection(title: "一、单位基本情况", text: "（一）部门职能\n  负责 <农业> & \"农村\" 工作。\t制表\r回车"),
        NarrativeSection(title: "二、\"绩效\" <目标> & 完成情况", text: "目标已完成。"),
    ]
    return record
}

final class WriterTests: XCTestCase {
    func testJSONRoundTripGivesBackTheSameRecord() throws {
        for unit in AmountUnit.allCases {
            for style in [RecordJSONWriter.DecimalStyle.number, .string] {
                let record = fullRecord(unit: unit)
                let bytes = try RecordJSONWriter(decimalStyle: style).write(record)
                XCTAssertEqual(try loadJSON(bytes), record, "unit \(unit), style \(style)")
            }
        }
    }

    func testXMLRoundTripGivesBackTheSameRecord() throws {
        for unit in AmountUnit.allCases {
            let record = fullRecord(unit: unit)
            XCTAssertEqual(try XMLRecordLoader().load(try RecordXMLWriter().write(record)), record, "unit \(unit)")
        }
    }

    func testMinimalRecordRoundTripsAndEmptyListsStayEmpty() throws {
        var record = minimalRecord()
        XCTAssertEqual(try loadJSON(try RecordJSONWriter().write(record)), record)
        record.projects = []
        record.findings = []
        record.finance = Finance()
        record.verification = Verification(evaluator: "某事务所")
        XCTAssertEqual(try loadJSON(try RecordJSONWriter().write(record)), record)
    }

    func testNarrativeIsWrittenLastAndEmptyNarrativeStaysEmpty() throws {
        var record = minimalRecord()
        record.findings = []
        record.narrative = [
            NarrativeSection(title: "一、基本情况", text: "甲 & <乙>\n  丙"), NarrativeSection(title: "二、\"目标\"", text: "丁"),
        ]
        let xml = String(decoding: try RecordXMLWriter().write(record), as: UTF8.self)
        XCTAssertTrue(xml.hasSuffix("""
              <findings/>
              <narrative>
                <section title="一、基本情况">甲 &amp; &lt;乙&gt;
              丙</section>
                <section title="二、&quot;目标&quot;">丁</section>
              </narrative>
            </evaluationRecord>

            """), xml)
        let json = String(decoding: try RecordJSONWriter().write(record), as: UTF8.self)
        XCTAssertTrue(json.hasSuffix("""
              "findings": [],
              "narrative": [
                {"title": "一、基本情况", "text": "甲 & <乙>\\n  丙"},
                {"title": "二、\\"目标\\"", "text": "丁"}
              ]
            }

            """), json)
        record.narrative = []
        let emptyXML = try RecordXMLWriter().write(record)
        XCTAssertTrue(String(decoding: emptyXML, as: UTF8.self).contains("  <narrative/>\n</evaluationRecord>"))
        XCTAssertEqual(try XMLRecordLoader().load(emptyXML).narrative, [])
        XCTAssertEqual(try loadJSON(try RecordJSONWriter().write(record)).narrative, [])
    }

    func testAmountsInWanYuanAreDividedExactly() throws {
        var record = fullRecord(unit: .tenThousandYuan)
        record.finance?.expenditure?.basic = e("8983100")
        let text = String(decoding: try RecordJSONWriter().write(record), as: UTF8.self)
        XCTAssertTrue(text.contains("\"basic\": 898.31"), text)
        XCTAssertTrue(text.contains("\"budget\": 11112.25"), text)
        let xml = String(decoding: try RecordXMLWriter().write(record), as: UTF8.self)
        XCTAssertTrue(xml.contains("basic=\"898.31\""))
        XCTAssertTrue(xml.contains("amountUnit=\"万元\""))
        // Percentages and target values are not amounts: never divided.
        XCTAssertTrue(xml.contains("changeRate=\"-15.1234\""))
        XCTAssertTrue(xml.contains("actual=\"217.4567\""))
    }

    func testAmountsThatCannotBeWrittenExactlyAreRefused() {
        var record = fullRecord(unit: .tenThousandYuan)
        record.finance?.income?.final = e("71073638.07")  // 7107.363807 万元: more than 2 decimals
        XCTAssertThrowsError(try RecordJSONWriter().write(record))
        XCTAssertThrowsError(try RecordXMLWriter().write(record))
        record.amountUnit = .yuan
        XCTAssertNoThrow(try RecordXMLWriter().write(record))
        record.finance?.income?.final = e("1.005")
        XCTAssertThrowsError(try RecordXMLWriter().write(record))
    }

    func testXMLWritingMatchesTheExpectedText() throws {
        var record = minimalRecord()
        var verification = Verification(evaluator: "广东中安信会计师事务所（普通合伙）")
        verification.reportedScore = e("90.50")
        verification.indicators = [IndicatorScore(id: "2.2.3", score: .zero, note: "21.32%，扣3分 & \"x\" <y>")]
        verification.adjustments = [Adjustment(kind: .bonus, count: 0)]
        record.verification = verification
        var finance = Finance()
        finance.income = Income(
            budget: e("111122500"), final: e("71073638.07"),
            sources: [IncomeSource(kind: .governmentFund, budget: e("91000000"), final: e("31920968.10"))])
        finance.treasuryStock = TreasuryStock(changeRate: e("-21.33"))
        record.finance = finance
        var project = Project(name: "镇村生活污水处理营运费", kind: .recurring, budget: e("30000000"))
        project.completed = true
        project.targets = [Target(name: "污水处理量", category: .quantity, unit: "万吨", planned: e("1095"), actual: e("217.46"))]
        project.findings = [Finding(category: "A&B", project: "镇村生活污水处理营运费", text: "x < y")]
        record.projects = [project]
        record.findings = []
        let expected = """
            <?xml version="1.0" encoding="UTF-8"?>
            <evaluationRecord xmlns="urn:perfaudit:record:1" schemaVersion="1" amountUnit="元">
              <department mofDivCode="440823" agencyCode="440823-301" name="遂溪县住房和城乡建设局" province="广东省" city="湛江市" county="遂溪县"/>
              <fiscalYear>2022</fiscalYear>
              <rulebook>zhanjiang-dept-2021</rulebook>
              <selfAssessment score="96" grade="优"/>
              <verification evaluator="广东中安信会计师事务所（普通合伙）" reportedScore="90.5">
                <indicator id="2.2.3" score="0" note="21.32%，扣3分 &amp; &quot;x&quot; &lt;y&gt;"/>
                <adjustment kind="bonus" count="0"/>
              </verification>
              <finance>
                <income budget="111122500" final="71073638.07">
                  <source kind="governmentFund" budget="91000000" final="31920968.1"/>
                </income>
                <treasuryStock changeRate="-21.33"/>
              </finance>
              <projects>
                <project name="镇村生活污水处理营运费" kind="recurring" budget="30000000" completed="true">
                  <target name="污水处理量" category="数量" unit="万吨" planned="1095" actual="217.46"/>
                  <finding category="A&amp;B">x &lt; y</finding>
                </project>
              </projects>
              <findings/>
            </evaluationRecord>

            """
        XCTAssertEqual(String(decoding: try RecordXMLWriter().write(record), as: UTF8.self), expected)
    }

    func testXMLEscapesAttributeWhitespaceAndRefusesControlCharacters() throws {
        var record = fullRecord()
        let xml = String(decoding: try RecordXMLWriter().write(record), as: UTF8.self)
        XCTAssertTrue(xml.contains("note=\"21.32%，扣3分 &amp; &quot;引号&quot; &lt;尖括号&gt;&#10;第二行&#9;制表\""), xml)
        XCTAssertTrue(xml.contains("name=\"雷州市农业农村局 &lt;&quot;R&amp;D&quot;&gt;\""))
        record.findings = [Finding(text: "bell \u{7}")]
        XCTAssertThrowsError(try RecordXMLWriter().write(record))
    }

    func testXMLDeclarationNamesTheRequestedEncoding() throws {
        let bytes = try RecordXMLWriter(encodingName: "GB18030").write(fullRecord())
        XCTAssertTrue(String(decoding: bytes.prefix(60), as: UTF8.self).hasPrefix(
            "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n"))
    }

    func testWritersAreDeterministicAndAppend() throws {
        let record = fullRecord()
        XCTAssertEqual(try RecordXMLWriter().write(record), try RecordXMLWriter().write(record))
        XCTAssertEqual(try RecordJSONWriter().write(record), try RecordJSONWriter().write(record))
        var buffer: [UInt8] = Array("prefix".utf8)
        try RecordJSONWriter().write(record, into: &buffer)
        XCTAssertEqual(Array(buffer.dropFirst(6)), try RecordJSONWriter().write(record))
    }

    // MARK: Seed records

    func testMiyiSeedLoadsWithTheReportedFigures() throws {
        let record = try loadJSONFile("Inputs/seeds/miyi-zhujianju-2023.json")
        XCTAssertEqual(record.amountUnit, .tenThousandYuan)
        XCTAssertEqual(record.department.mofDivCode, "510421")
        XCTAssertEqual(record.rulebook, "sichuan-dept-2017")
        XCTAssertEqual(record.selfAssessment.score, Exact(95))
        XCTAssertEqual(record.selfAssessment.grade, .excellent)
        XCTAssertNil(record.verification)
        let finance = try XCTUnwrap(record.finance)
        XCTAssertEqual(finance.income?.final, e("314284900"))
        XCTAssertEqual(finance.income?.sources.compactMap(\.final).reduce(.zero, +), e("314284900"))
        XCTAssertEqual(finance.expenditure?.basic, e("8983100.00"))
        XCTAssertEqual(finance.expenditure?.project, e("305301900"))
        // As stated: basic + project is 0.01 万元 more than the total.
        XCTAssertEqual(finance.expenditure!.basic! + finance.expenditure!.project! - finance.expenditure!.final!, e("100"))
        XCTAssertEqual(finance.balance?.yearEnd, .zero)
        XCTAssertEqual(finance.procurement, Procurement(plan: e("4778600"), actual: e("4778600")))
        XCTAssertEqual(record.projectSummary?.oneOffHighBalanceCount, 8)
        XCTAssertEqual(record.projectSummary?.oneOffBudget, e("341471000"))
        let projects = try XCTUnwrap(record.projects)
        XCTAssertEqual(projects.count, 2)
        XCTAssertEqual(projects[0].spent, e("1347100"))
        XCTAssertEqual(projects[1].budget, e("15540000"))
        XCTAssertEqual(projects[1].spent, e("4042000"))
        XCTAssertEqual(projects[1].targets.map(\.actual), [e("2"), e("3.4"), e("1.8")])
        XCTAssertEqual(record.findings?.count, 2)
    }

    func testSuixiSeedJSONTwinLoadsWithTheReportedFigures() throws {
        let record = try loadJSONFile("Tests/Fixtures/seeds/suixi-zhujianju-2022.json")
        let verification = try XCTUnwrap(record.verification)
        XCTAssertEqual(verification.indicators.count, 29)
        XCTAssertEqual(verification.indicators.map(\.score).reduce(.zero, +), e("87.5"))
        XCTAssertEqual(verification.reportedScore, e("90.5"))
        XCTAssertEqual(record.selfAssessment.score, Exact(96))
        XCTAssertEqual(record.finance?.income?.final, e("71073638.07"))
        XCTAssertEqual(record.finance?.treasuryStock?.changeRate, e("-21.33"))
        XCTAssertEqual(record.projects?.count, 4)
        XCTAssertNil(record.projects?[0].budget, "the report states no budget for the sewage-plant fee")
        XCTAssertEqual(record.projects?[0].arrears?.months, 7)
        XCTAssertEqual(record.findings?.count, 3)
        // Written back out and reloaded: the same record.
        XCTAssertEqual(try loadJSON(try RecordJSONWriter().write(record)), record)
    }
}

final class WriterFailureTests: XCTestCase {
    func testAFailedWriteLeavesTheBufferAsItWas() {
        var record = fullRecord(unit: .tenThousandYuan)
        record.findings = [Finding(text: "x")]
        record.finance?.income?.final = e("1.01")  // not a whole 0.01 万元
        var buffer: [UInt8] = Array("kept".utf8)
        XCTAssertThrowsError(try RecordXMLWriter().write(record, into: &buffer))
        XCTAssertEqual(buffer, Array("kept".utf8))
        XCTAssertThrowsError(try RecordJSONWriter().write(record, into: &buffer))
        XCTAssertEqual(buffer, Array("kept".utf8))
    }
}
