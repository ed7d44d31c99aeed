import Foundation
import PerfauditCore
@testable import PerfauditEngine
import XCTest
import PerfauditTestSupport

final class RulebookTests: XCTestCase {
    func testZhanjiangRulebookHasTheSpecsTree() throws {
        let rulebook = try XCTUnwrap(shippedRulebooks.rulebook("zhanjiang-dept-2021"))
        XCTAssertEqual(rulebook.indicators.count, 29)
        XCTAssertEqual(Set(rulebook.indicators.map(\.level1)).count, 4)
        XCTAssertEqual(Set(rulebook.indicators.map(\.level2)).count, 12)
        XCTAssertEqual(rulebook.indicators.reduce(Exact.zero) { $0 + $1.weight }, Exact(100))
        let weights = Dictionary(uniqueKeysWithValues: rulebook.indicators.map { ($0.id, $0.weight) })
        XCTAssertEqual(weights["1.1.3"], Exact(5))
        XCTAssertEqual(weights["4.3.1"], Exact(10))
        XCTAssertEqual(weights["2.2.6"], Exact(6))
        let judgments = rulebook.indicators.filter { $0.rule is JudgmentRule }.map(\.id)
        XCTAssertEqual(judgments.count, 18)
        XCTAssertEqual(rulebook.grades.grade(of: .d("90")), .excellent)
        XCTAssertEqual(rulebook.grades.grade(of: .d("89.99")), .good)
        XCTAssertEqual(rulebook.grades.grade(of: .d("80")), .good)
        XCTAssertEqual(rulebook.grades.grade(of: .d("79.99")), .fair)
        XCTAssertEqual(rulebook.grades.grade(of: .d("60")), .fair)
        XCTAssertEqual(rulebook.grades.grade(of: .d("59.99")), .poor)
    }

    func testSichuanRulebookIsAllJudgment() throws {
        let rulebook = try XCTUnwrap(shippedRulebooks.rulebook("sichuan-dept-2017"))
        XCTAssertEqual(rulebook.indicators.count, 28)
        XCTAssertTrue(rulebook.indicators.allSatisfy { $0.rule is JudgmentRule })
        XCTAssertEqual(rulebook.indicators.reduce(Exact.zero) { $0 + $1.weight }, Exact(100))
        XCTAssertEqual(rulebook.indicator("3.1.1")?.weight, Exact(20))
    }

    /// A rulebook text with one piece replaced, to break it in a known way.
    private func broken(_ replace: String, with replacement: String) throws -> RulebookError {
        let path = repositoryRoot.appendingPathComponent("Rulebooks/zhanjiang-dept-2021.json").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(replace), "fixture text not found: \(replace)")
        let changed = text.replacingOccurrences(of: replace, with: replacement)
        do {
            _ = try RulebookParser.parse(Array(changed.utf8), file: "broken.json")
            XCTFail("a broken rulebook loaded")
            return RulebookError(file: "", message: "")
        } catch {
            return error
        }
    }

    func testBrokenRulebooksGetPreciseErrors() throws {
        let weight = try broken(#""id": "1.1.1",\#n              "name": "预算编制合理性",\#n              "weight": 3"#,
                                with: #""id": "1.1.1",\#n              "name": "预算编制合理性",\#n              "weight": 4"#)
        XCTAssertEqual(weight.file, "broken.json")
        XCTAssertTrue(weight.message.contains("indicator 1.1: children's weights add up to 13, not 12"), weight.message)
        XCTAssertGreaterThan(weight.position.line, 1)

        let metric = try broken(#""metric": "fixedAssetUseRate""#, with: #""metric": "fixedAssetsRate""#)
        XCTAssertTrue(metric.message.contains("indicator 2.4.2: unknown metric \"fixedAssetsRate\""), metric.message)

        let kind = try broken(#""kind": "judgment""#, with: #""kind": "opinion""#)
        XCTAssertTrue(kind.message.contains("unknown rule kind \"opinion\""), kind.message)

        let duplicate = try broken(#""id": "1.1.2""#, with: #""id": "1.1.1""#)
        XCTAssertTrue(duplicate.message.contains("indicator 1.1.1: duplicate id"), duplicate.message)

        let points = try broken(#""atLeast": 100,\#n                    "points": 4"#, with: #""atLeast": 100,\#n                    "points": 5"#)
        XCTAssertTrue(points.message.contains("indicator 2.2.1"), points.message)
        XCTAssertTrue(points.message.contains("points 5 is outside 0…4"), points.message)

        let parts = try broken(#""name": "预算调整调剂",\#n                    "weight": 2"#, with: #""name": "预算调整调剂",\#n                    "weight": 3"#)
        XCTAssertTrue(parts.message.contains("indicator 1.1.3: part weights add up to 6, not 5"), parts.message)

        let negative = try broken(#""every": 5,\#n                          "deduct": 0.5"#, with: #""every": 5,\#n                          "deduct": -0.5"#)
        XCTAssertTrue(negative.message.contains("indicator 1.1.3"), negative.message)
        XCTAssertTrue(negative.message.contains("\"deduct\" must not be negative"), negative.message)

        let negativeBand = try broken(#""atLeast": 5,\#n                              "deduct": 1"#, with: #""atLeast": 5,\#n                              "deduct": -1"#)
        XCTAssertTrue(negativeBand.message.contains("a band's \"deduct\" must not be negative"), negativeBand.message)

        let unknownKey = try broken(#""title": "#, with: #""colour": "red", "title": "#)
        XCTAssertTrue(unknownKey.message.contains("unknown key \"colour\""), unknownKey.message)

        let syntax = try broken(#""indicators": ["#, with: #""indicators": [,"#)
        XCTAssertTrue(syntax.message.contains("expected a JSON value") || syntax.message.contains("unexpected"), syntax.message)
    }

    func testUserRulebookFolderAddsAndRefusesDuplicateIDs() throws {
        let folder = try temporaryFolder()
        let source = repositoryRoot.appendingPathComponent("Rulebooks/sichuan-dept-2017.json")
        let text = try String(contentsOf: source, encoding: .utf8)
            .replacingOccurrences(of: "\"sichuan-dept-2017\"", with: "\"dazhou-dept-2018\"")
        try text.write(to: folder.appendingPathComponent("dazhou.json"), atomically: true, encoding: .utf8)
        var library = try RulebookLibrary.shipped()
        try library.load(folder: folder.path)
        XCTAssertNotNil(library.rulebook("dazhou-dept-2018"))
        XCTAssertThrowsError(try library.load(folder: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("already defined"), "\(error)")
        }
    }
}

