import Foundation
import PerfauditCore
import PerfauditXML
import XCTest

/// The same record written by hand in XML and in JSON loads to the same `Record`.
final class CrossFormatTests: XCTestCase {
    override class func setUp() {
        LibXML.initialize()
    }

    private func loadJSON(_ bytes: [UInt8]) throws -> Record {
        let result: Result<Record, LoadError> = bytes.withUnsafeBytes { buffer in
            do throws(LoadError) { return .success(try JSONRecordLoader.load(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    func testRichRecordIsIdenticalInXMLAndJSON() throws {
        let xml = try loadXML(try fixture("rich.xml")).get()
        let json = try loadJSON(try fixture("rich.json"))
        XCTAssertEqual(xml, json)
    }

    func testRichRecordValues() throws {
        let record = try loadXML(try fixture("rich.xml")).get()
        XCTAssertEqual(record.amountUnit, .tenThousandYuan)
        // 万元 amounts are converted to 元 exactly …
        XCTAssertEqual(record.finance?.income?.budget, Exact(111_122_500))
        XCTAssertEqual(record.finance?.income?.final, Exact(71_073_600))
        XCTAssertEqual(record.finance?.income?.sources.count, 6)
        XCTAssertEqual(record.finance?.threePublic?.final, Exact(173_000))
        XCTAssertEqual(record.projects?.first?.settlement, Exact(15_000_100))
        XCTAssertEqual(record.projectSummary?.oneOffBudget, Exact(15_005_000))
        XCTAssertEqual(record.projects?.first?.arrears, Arrears(amount: Exact(123_400), months: 7, note: "欠付工程款"))
        // … while percentages, scores and target values are not amounts.
        XCTAssertEqual(record.finance?.treasuryStock?.changeRate, Exact(units: -213_333))
        XCTAssertEqual(record.verification?.reportedScore, Exact(units: 905_000))
        XCTAssertEqual(record.projects?.first?.targets[1].planned, Exact(units: 15_001_234))
        XCTAssertEqual(record.projects?.first?.targets[1].direction, .atMost)
        XCTAssertEqual(record.projects?[1].targets[0].direction, .atLeast)
        // Not reported is not zero.
        XCTAssertNil(record.projects?[2].budget)
        XCTAssertEqual(record.finance?.balance?.yearEnd, .zero)
        XCTAssertNil(record.finance?.income?.sources[5].budget)
        // Findings: in a project they name it; text is trimmed.
        XCTAssertEqual(record.projects?.first?.findings.first?.project, "遂溪县新冠肺炎集中隔离临时板房建设工程")
        XCTAssertEqual(record.findings?.last, Finding(text: "部分职能未申报项目绩效目标"))
        XCTAssertEqual(record.verification?.adjustments, [
            Adjustment(kind: .bonus, count: 0), Adjustment(kind: .penalty, count: 2, note: "被通报两次"),
        ])
        XCTAssertEqual(record.petitions, Petitions(channels: true, total: 12, onTime: 11))
        XCTAssertEqual(record.finance?.budgetApproval, .late)
        // The prose: each section's text verbatim within, trimmed at its ends; escapes and CDATA read.
        XCTAssertEqual(record.narrative?.map(\.title), ["一、单位基本情况", "四、存在的问题", "五、改进措施"])
        XCTAssertEqual(
            record.narrative?.first?.text,
            "（一）部门职能\n遂溪县住房和城乡建设局负责全县住房和城乡建设管理工作。\n  （二）机构设置：内设股室 9 个，<见附表一>。")
        XCTAssertEqual(record.narrative?[1].text, "部分职能未申报项目绩效目标。")
        XCTAssertEqual(record.narrative?[2].text, "加强预算绩效管理 & 目标编制。")
    }

    func testAmountUnitDefaultsToYuan() throws {
        let record = try loadXML(minimalXML).get()
        XCTAssertEqual(record.amountUnit, .yuan)
        XCTAssertEqual(record.finance?.income?.budget, Exact(111_122_500))
    }
}
