import Foundation
import PerfauditCore
@testable import PerfauditEngine
import PerfauditTestSupport
import XCTest

/// The seeds' real prose (issue 16): each top-level part of the report is one `narrative`
/// section, its heading as the report writes it, its text copied verbatim from the seed text.
final class SeedNarrativeTests: XCTestCase {
    private let suixiFiles = ["Inputs/seeds/suixi-zhujianju-2022.xml", "Tests/Fixtures/seeds/suixi-zhujianju-2022.json"]
    private let miyiFiles = ["Inputs/seeds/miyi-zhujianju-2023.json", "Tests/Fixtures/seeds/miyi-zhujianju-2023.xml"]

    private let suixiTitles = [
        "一、单位基本情况", "二、评价工作开展情况", "三、综合评价结论", "四、主要绩效：", "五、部门整体支出绩效管理存在问题",
        "六、改进措施", "七、附件",
    ]
    private let miyiTitles = [
        "第一部分2023年度预算绩效管理情况", "一、部门（单位）基本情况", "二、部门资金收支情况", "三、部门预算绩效分析",
        "四、评价结论及建议", "2023年专项资金预算项目绩效自评报告（农村危房改造补助资金）",
        "2023年专项资金预算项目绩效自评报告（2021年保障性安居工程（第三批）中央基建投资预算）",
    ]

    /// Sentences quoted from the seed texts (`002_613a7ca6e7c1da81.txt`, `000_b1ef3911acbedc0f.txt`),
    /// by the section that must hold them.
    private let suixiQuotes: [(section: Int, text: String)] = [
        (0, "遂溪县住房和城乡建设局和 8 个下属单位 2022 年 12 月行政人员 37 人，参公事业人员 18 人，非参公事业人员 61 人，离休人员 0 人，退休人员 55 人，2022 年末合计人数是 151 人。"),
        (0, "（1）贯彻执行国家和省有关住房和城乡建设工作的方针政策和法律、法规"),
        // A sentence the page break cut, kept as the text has it.
        (1, "采取书\n\n面审核、实地核查的方式"),
        (1, "该单位部门整体绩效评价自评分数是 96 分，自评登记为“优”。"),
        (2, "根据提供的资料，遂溪县住房与城乡建设局 2022 年度整体绩效核查评分为 90.50 分。"),
        (3, "但污水处理量只有 217.46 万吨，只达到预期目标 40%的污水处理量，满意度调查结果是总体基本满意。"),
        (4, "（三）对项目支出要加强监督，做好结算与验收工作。保证项目支出达到绩效目标的效果和效益。"),
        (5, "（三）针对镇村生活污水处理营运费项目，主要问题是污水处理量未达到预算目标的要求，须进一步完善镇级污水处理厂配套管网，提高镇级收集处理率。"),
        (6, "该部门未做政府采购预算，无法计算采购执行率，此处扣2分。"),
        (6, "结余结转率 $\\leq 10\\%$ ，此处不扣分。"),
    ]
    private let miyiQuotes: [(section: Int, text: String)] = [
        (0, "一、预算绩效管理工作开展情况\n\n根据预算绩效管理要求，本部门在2023年度预算编制阶段"),
        (1, "截止2023年末，我单位编制人为45人（其中行政编制6人，事业编制人数38人，工勤人员1人）。"),
        // No-break spaces as the text has them.
        (1, "米易县城乡建设促进中心（设主任\u{A0}1\u{A0}名，按副科级干部管理）"),
        (2, "（一）收入情况。2023年度收入31,428.49万元，其中:一般公共预算财政拨款18,204.56万元，政府性基金预算财政拨款12,848.93万元。上年结转收入375万元。"),
        (3, "常年项目绩效分析。该类项目总数49个，涉及预算总金额1217.1万元，1—12月预算执行总体进度为100%，其中：预算结余率大于10%的项目共计0个。"),
        (4, "（一）评价结论。根据部门整体支出绩效评价指标体系，我部门预算绩效自评综合得分为95分。"),
        // Trailing spaces within the text are kept.
        (5, "完成2021年度农房抗震改造63户、2023年度农村危房改造11户。    \n"),
        (6, "（二）相关建议。城市建设需要改善提升的方面较多，特别是基础设施配套，建议上级资金增加政策支持范围。"),
    ]

    private func narrative(_ path: String) throws -> [NarrativeSection] {
        try XCTUnwrap(try loadRecord(path).narrative, path)
    }

    func testSuixiSectionsAreTheReportsParts() throws {
        for path in suixiFiles {
            let sections = try narrative(path)
            XCTAssertEqual(sections.map(\.title), suixiTitles, path)
            for quote in suixiQuotes {
                XCTAssertTrue(sections[quote.section].text.contains(quote.text), "\(path) \(sections[quote.section].title): \(quote.text)")
            }
        }
        // The table of contents, the score table of annex 1 and annex 2's score tables are left out.
        let text = try narrative(suixiFiles[0]).map(\.text).joined(separator: "\n")
        for left in ["目 录", "- 1 -", "\t", "整体绩效指标核查评分表", "预算编制得分表", "注:上述指标的数据来源"] {
            XCTAssertFalse(text.contains(left), left)
        }
    }

    func testMiyiSectionsAreTheReportsParts() throws {
        for path in miyiFiles {
            let sections = try narrative(path)
            XCTAssertEqual(sections.map(\.title), miyiTitles, path)
            for quote in miyiQuotes {
                XCTAssertTrue(sections[quote.section].text.contains(quote.text), "\(path) \(sections[quote.section].title): \(quote.text)")
            }
        }
        let text = try narrative(miyiFiles[0]).map(\.text).joined(separator: "\n")
        XCTAssertFalse(text.contains("附表：部门预算项目支出绩效自评表"), "the title of a table the text does not hold")
    }

    /// Where the seed texts are at hand (`../shared/seeds` or `../seeds` beside the repository;
    /// not part of it), every line of every section is a line of the text, in the text's order.
    func testEverySectionLineIsALineOfTheSeedTextWhenItIsAtHand() throws {
        let folders = ["../shared/seeds", "../seeds"].map { repositoryRoot.appendingPathComponent($0) }
        guard let folder = folders.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("000_b1ef3911acbedc0f.txt").path) })
        else {
            throw XCTSkip("the seed texts are not beside the repository; the quoted sentences of the other tests still hold")
        }
        for (path, source) in [(suixiFiles[0], "002_613a7ca6e7c1da81.txt"), (miyiFiles[0], "000_b1ef3911acbedc0f.txt")] {
            let lines = try String(contentsOf: folder.appendingPathComponent(source), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var next = 0
            for section in try narrative(path) {
                for line in section.text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                    guard let found = lines[next...].firstIndex(of: String(line)) else {
                        XCTFail("\(path) \(section.title): not a line of \(source) after line \(next): \(line)")
                        return
                    }
                    next = found + 1
                }
            }
        }
    }
}
