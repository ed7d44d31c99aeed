import Foundation
import PerfauditCore
@testable import PerfauditEngine
import XCTest
import PerfauditTestSupport

/// Every rule kind proves itself with its own examples, and the registry matches the folder.
final class RuleKindTests: XCTestCase {
    func testEveryRuleKindsExamplesGiveTheirIntervals() throws {
        var checked = 0
        for kind in RuleKinds.all {
            XCTAssertFalse(kind.examples.isEmpty, "\(kind.kind) has no examples")
            for example in kind.examples {
                let node = try JSONReader.parse(Array(example.rule.utf8))
                let rule = try RuleKinds.parse(node, weight: example.weight, context: "example")
                XCTAssertTrue(type(of: rule) == kind, "\(example.title): parsed as \(type(of: rule))")
                var record = RuleExample.blankRecord
                example.figures(&record)
                let outcome = rule.evaluate(record, weight: example.weight)
                let lo = outcome.lo.roundedHalfUp(), hi = outcome.hi.roundedHalfUp()
                XCTAssertEqual(lo, .parsed(example.expected.lo), "\(kind.kind): \(example.title) (lo)")
                XCTAssertEqual(hi, .parsed(example.expected.hi), "\(kind.kind): \(example.title) (hi)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 30)
    }

    func testRegistryListsExactlyTheFilesInRulesFolder() throws {
        let folder = repositoryRoot.appendingPathComponent("Sources/PerfauditEngine/Rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".swift") }.map { String($0.dropLast(6)) }.sorted()
        let registered = RuleKinds.all.map { String(describing: $0) }.sorted()
        XCTAssertEqual(files, registered)
    }

    func testRuleKindNamesAreUnique() {
        let names = RuleKinds.all.map { $0.kind }
        XCTAssertEqual(Set(names).count, names.count)
    }

    /// Every `metric` a shipped rulebook file names (at any depth: parts, cases) is one the
    /// catalog has, and the catalog's names are unique.
    func testEveryMetricNamedInTheShippedRulebooksExists() throws {
        let folder = repositoryRoot.appendingPathComponent("Rulebooks")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(files.count, 2)
        var named: [String] = []
        func collect(_ node: JSONNode) {
            switch node.value {
            case .object(let members):
                for member in members {
                    if member.key == "metric", case .string(let name) = member.value.value { named.append(name) }
                    collect(member.value)
                }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        for file in files {
            collect(try JSONReader.parse(Array(try Data(contentsOf: folder.appendingPathComponent(file)))))
        }
        XCTAssertGreaterThan(named.count, 10)
        for name in named { XCTAssertNotNil(MetricCatalog.metric(named: name), "unknown metric \(name)") }
        XCTAssertEqual(Set(MetricCatalog.all.map(\.name)).count, MetricCatalog.all.count)
    }
}

/// The one list of run reports matches the files under `Reports/Run/`, one report per file, and
/// every report has its own file name.
final class RunReportRegistryTests: XCTestCase {
    func testRegistryListsExactlyTheFilesInRunReportsFolder() throws {
        let folder = repositoryRoot.appendingPathComponent("Sources/PerfauditEngine/Reports/Run")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".swift") }.map { String($0.dropLast(6)) }.sorted()
        XCTAssertEqual(files, RunReports.all.map { String(describing: $0) }.sorted())
        XCTAssertEqual(Set(RunReports.fileNames).count, RunReports.all.count)
    }
}

/// docs/rulebooks.md documents every rule kind and metric the code has.
final class RulebookDocumentationTests: XCTestCase {
    func testEveryKindAndMetricIsDocumented() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/rulebooks.md"), encoding: .utf8)
        for kind in RuleKinds.all { XCTAssertTrue(text.contains("| `\(kind.kind)` |"), kind.kind) }
        for metric in MetricCatalog.all {
            XCTAssertTrue(text.contains("| `\(metric.name)` | \(metric.kind.rawValue) |"), metric.name)
            for name in metric.names { XCTAssertTrue(text.contains("`\(name)`"), "\(metric.name): \(name)") }
        }
    }
}
