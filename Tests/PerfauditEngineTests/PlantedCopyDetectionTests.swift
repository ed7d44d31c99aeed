import Foundation
import PerfauditCore
@testable import PerfauditEngine
import PerfauditSample
import PerfauditTestSupport
import XCTest

/// The copies the generator plants in the shipped sample (docs/sample-data.md), by its own plan
/// (`SampleCityGenerator.copyPlan`), against what a batch over `Inputs/zhanjiang` raises: the
/// verbatim and lightly edited copies are TEMPLATE_COPY on both records (high, medium), the
/// heavily edited copy (below 0.7) and the template-only pair are not, the copied self scores
/// are SCORES_IDENTICAL on both, and nothing else in the sample is either.
final class PlantedCopyDetectionTests: XCTestCase {
    func testTheSamplesPlantedCopiesAreFoundAndTheOthersAreNot() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let sample = repositoryRoot.appendingPathComponent("Inputs/zhanjiang")
        _ = try runBatch(inputs: [sample.path], out: out.path)
        let rows = try parseCSV(String(contentsOf: out.appendingPathComponent("issues.csv"), encoding: .utf8))
        let header = rows[0]
        let issues = rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        func raised(_ category: String) -> [String: String] {  // file → severity
            var files: [String: String] = [:]
            for issue in issues where issue["category"] == category {
                files[URL(fileURLWithPath: issue["source_file"]!).standardized.path] = issue["severity"]!
            }
            return files
        }
        let generator = SampleCityGenerator(seed: 2021)
        let plan = generator.copyPlan(count: 72)
        XCTAssertEqual(plan.map(\.kind), SampleCopyKind.allCases)
        func files(_ kind: SampleCopyKind) -> [String] {
            let plant = plan.first { $0.kind == kind }!
            let (copier, source) = generator.relativePaths(of: plant)
            return [copier, source].map { sample.appendingPathComponent($0).standardized.path }
        }
        var copies: [String: String] = [:]
        for file in files(.verbatim) { copies[file] = "high" }
        for file in files(.lightEdit) { copies[file] = "medium" }
        XCTAssertEqual(raised("TEMPLATE_COPY"), copies, "TEMPLATE_COPY: the verbatim (high) and lightly edited (medium) pairs only")
        for file in files(.heavyEdit) + files(.templateOnly) { XCTAssertNil(raised("TEMPLATE_COPY")[file], file) }
        XCTAssertEqual(Set(raised("SCORES_IDENTICAL").keys), Set(files(.scoresIdentical)), "SCORES_IDENTICAL: the copied scores only")
    }
}
