import Foundation
import PerfauditCore
@testable import PerfauditEngine
import PerfauditXML
@testable import PerfauditSample
import XCTest
import PerfauditTestSupport

/// The generated records' prose and the copies planted among them (issue 16): the narrative
/// never moves a figure, and each planted copy lands where the engine's similarity measure
/// (`ProseSimilarity`) should put it, so that the detector's tests can pin the threshold's edges.
final class GeneratorNarrativeTests: XCTestCase {
    private let seeds: [UInt64] = [2021, 7]
    private let template = NarrativeTemplate.shipped

    private func similarity(_ a: Record, _ b: Record, _ template: NarrativeTemplate = .shipped) throws -> Rational {
        try XCTUnwrap(ProseSimilarity.similarity(a, b, template: template), "both have enough prose to compare")
    }

    // MARK: The narrative

    func testEveryRecordHasFourSectionsTitledByTheTemplateWithItsStockSentences() {
        for seed in seeds {
            let generator = SampleCityGenerator(seed: seed)
            for index in 0..<300 {
                let record = generator.record(at: index)
                guard let narrative = record.narrative else { return XCTFail("index \(index): no narrative") }
                XCTAssertEqual(narrative.count, 4, "index \(index)")
                for section in narrative {
                    XCTAssertTrue(template.headings.contains(section.title), "index \(index): \(section.title)")
                    XCTAssertEqual(section.text, section.text.trimmingXMLSpace, "index \(index)")
                    XCTAssertTrue(template.phrases.contains { section.text.contains($0) }, "index \(index) \(section.title): no stock sentence")
                }
                XCTAssertGreaterThan(narrative.map(\.text.count).reduce(0, +), 1000, "index \(index)")
                if generator.copyPlant(at: index)?.kind.window == nil {  // an edited copy may have lost the sentence
                    XCTAssertTrue(narrative[0].text.contains(record.department.name), "index \(index): the department names itself")
                }
            }
        }
    }

    func testTheNarrativeIsDeterministicAndChangesWithTheSeed() {
        let index = 41
        XCTAssertEqual(SampleCityGenerator(seed: 5).record(at: index).narrative, SampleCityGenerator(seed: 5).record(at: index).narrative)
        XCTAssertNotEqual(SampleCityGenerator(seed: 5).record(at: index).narrative, SampleCityGenerator(seed: 6).record(at: index).narrative)
        XCTAssertNotEqual(SampleCityGenerator(seed: 5).record(at: index).narrative, SampleCityGenerator(seed: 5).record(at: index + 3).narrative)
    }

    /// The prose has a random stream of its own: without it, every figure of every record is the same.
    func testFiguresDoNotDependOnTheNarrative() {
        for seed in seeds {
            let with = SampleCityGenerator(seed: seed)
            let without = SampleCityGenerator(seed: seed, options: .init(narrative: false))
            for index in 0..<2000 {
                var record = with.record(at: index)
                record.narrative = nil
                XCTAssertEqual(record, without.record(at: index), "seed \(seed) index \(index)")
            }
        }
    }

    /// Planting copies changes the copiers' prose and, for SCORES_IDENTICAL, the copier's self
    /// assessment only; the copied scores add up to the copier's self total, graded by its band,
    /// so that the issues register finds no inconsistency there.
    func testCopiesChangeOnlyTheProseAndTheCopiedSelfAssessment() throws {
        let rulebook = try XCTUnwrap(try RulebookLibrary.shipped().rulebook("zhanjiang-dept-2021"))
        let weights = Dictionary(uniqueKeysWithValues: rulebook.indicators.map { ($0.id, $0.weight) })
        for seed in seeds {
            let planted = SampleCityGenerator(seed: seed)
            let unplanted = SampleCityGenerator(seed: seed, options: .init(plantCopies: false))
            XCTAssertEqual(unplanted.copyPlan(count: 2000), [])
            let copiers = Dictionary(uniqueKeysWithValues: planted.copyPlan(count: 2000).map { ($0.copier, $0) })
            for index in 0..<2000 {
                var record = planted.record(at: index)
                var plain = unplanted.record(at: index)
                if copiers[index] == nil { XCTAssertEqual(record.narrative, plain.narrative, "index \(index)") }
                record.narrative = nil
                plain.narrative = nil
                guard let plant = copiers[index], plant.kind == .scoresIdentical else {
                    XCTAssertEqual(record, plain, "seed \(seed) index \(index)")
                    continue
                }
                let source = planted.record(at: plant.source)
                let scores = record.selfAssessment.indicators
                XCTAssertEqual(scores, source.selfAssessment.indicators, "index \(index)")
                XCTAssertNotEqual(scores, plain.selfAssessment.indicators, "index \(index): the copier's own scores differ")
                XCTAssertGreaterThanOrEqual(scores.count { $0.score < weights[$0.id]! }, 3, "index \(index): three or more below full marks")
                let total = scores.map(\.score).reduce(Exact.zero, +)
                XCTAssertEqual(record.selfAssessment.score, total, "index \(index)")
                XCTAssertEqual(record.selfAssessment.grade, rulebook.grades.grade(of: total), "index \(index)")
                let consistency = IssueFinder().issues(of: RecordScorer.score(record, with: rulebook))
                    .filter { $0.category == .dataInconsistent && $0.subject == "自评总分" }
                XCTAssertEqual(consistency.map(\.evidence), [], "index \(index)")
                record.selfAssessment = plain.selfAssessment
                XCTAssertEqual(record, plain, "index \(index): nothing else changes")
            }
        }
    }

    // MARK: The planted copies

    func testEveryKindIsPlantedAtTheDocumentedRate() {
        let generator = SampleCityGenerator(seed: 2021)
        let plan = generator.copyPlan(count: 2400)
        XCTAssertEqual(plan.count, 50, "5 in every 240 records")
        for kind in SampleCopyKind.allCases { XCTAssertEqual(plan.count { $0.kind == kind }, 10, "\(kind)") }
        for plant in plan {
            XCTAssertEqual(generator.copyPlant(at: plant.copier), plant)
            XCTAssertLessThan(plant.source, plant.copier)
            XCTAssertNil(generator.copyPlant(at: plant.source), "a source is not a copier")
            let copier = generator.identity(at: plant.copier), source = generator.identity(at: plant.source)
            XCTAssertNotEqual(copier.agencyCode, source.agencyCode)
            XCTAssertEqual(copier.fiscalYear, source.fiscalYear)
        }
        XCTAssertEqual(SampleCityGenerator(seed: 2021, options: .init(plantAnomalies: false)).copyPlan(count: 2400), [])
        XCTAssertEqual(
            SampleCityGenerator(seed: 2021, options: .init(narrative: false)).copyPlan(count: 2400).map(\.kind),
            plan.filter { $0.kind == .scoresIdentical }.map(\.kind), "no prose to copy without narrative")
    }

    func testEachPlantedCopyLandsInItsSimilarityWindow() throws {
        for seed in seeds {
            let generator = SampleCityGenerator(seed: seed)
            let plan = generator.copyPlan(count: 2000)
            XCTAssertEqual(plan.count, 45, "seed \(seed)")
            for plant in plan {
                let copier = generator.record(at: plant.copier), source = generator.record(at: plant.source)
                let alike = try similarity(copier, source)
                let label = "seed \(seed) \(plant.kind) \(plant.copier) ← \(plant.source): \(alike.decimalText(digits: 3))"
                switch plant.kind {
                case .verbatim:
                    XCTAssertGreaterThanOrEqual(alike, Rational(9, 10), label)
                    let swapped = source.narrative!.map { section in
                        NarrativeSection(
                            title: section.title,
                            text: section.text.replacingOccurrences(of: source.department.name, with: copier.department.name)
                                .replacingOccurrences(of: source.department.county, with: copier.department.county))
                    }
                    XCTAssertEqual(copier.narrative, swapped, label)
                case .lightEdit:
                    XCTAssertTrue((Rational(72, 100)...Rational(80, 100)).contains(alike), label)
                case .heavyEdit:
                    XCTAssertTrue((Rational(60, 100)...Rational(68, 100)).contains(alike), label)
                case .templateOnly:
                    XCTAssertLessThan(alike, Rational(3, 10), label)
                    XCTAssertEqual(copier.narrative!.map(\.title), source.narrative!.map(\.title), label)
                    for (mine, theirs) in zip(copier.narrative!, source.narrative!) {
                        XCTAssertEqual(stockSentences(mine.text), stockSentences(theirs.text), label)
                    }
                    // What they share is the template's: not stripping it makes them more alike.
                    let bare = NarrativeTemplate(id: "none", version: 1, headings: [], phrases: [])
                    XCTAssertGreaterThan(try similarity(copier, source, bare), alike, label)
                case .scoresIdentical:
                    XCTAssertEqual(copier.selfAssessment.indicators, source.selfAssessment.indicators, label)
                    XCTAssertLessThan(alike, Rational(2, 10), label)
                }
            }
        }
    }

    /// Two records of different agencies that no plant pairs are far apart: well under 0.2.
    func testUnplantedPairsAreDissimilar() throws {
        for seed in seeds {
            let generator = SampleCityGenerator(seed: seed)
            let count = 1200
            let records = (0..<count).map { generator.record(at: $0) }
            let planted = Set(generator.copyPlan(count: count).map { [$0.source, $0.copier] })
            var random = SampleRandom(seed: seed &+ 1)
            var values: [Rational] = []
            while values.count < 500 {
                let a = random.below(count), b = random.below(count)
                guard records[a].department.agencyCode != records[b].department.agencyCode,
                    !planted.contains([min(a, b), max(a, b)])
                else { continue }
                values.append(try similarity(records[a], records[b]))
            }
            values.sort()
            XCTAssertLessThan(values[values.count / 2], Rational(1, 20), "seed \(seed): median")
            XCTAssertLessThan(values.last!, Rational(15, 100), "seed \(seed): most alike")
        }
    }

    /// The shipped sample holds one copy of each kind, and its files, as loaded, are as alike as planned.
    func testTheShippedSampleHoldsOneCopyOfEachKind() throws {
        LibXML.initialize()
        let generator = SampleCityGenerator(seed: 2021)
        let plan = generator.copyPlan(count: 72)
        XCTAssertEqual(plan.map(\.kind), SampleCopyKind.allCases)
        let loader = RecordFileLoader()
        for plant in plan {
            let (copierPath, sourcePath) = generator.relativePaths(of: plant)
            let folder = repositoryRoot.appendingPathComponent("Inputs/zhanjiang")
            let copier = try loader.load(path: folder.appendingPathComponent(copierPath).path)
            let source = try loader.load(path: folder.appendingPathComponent(sourcePath).path)
            let alike = try similarity(copier, source)
            if let window = plant.kind.window { XCTAssertTrue(window.contains(alike), "\(plant.kind) \(copierPath)") }
            if plant.kind == .verbatim { XCTAssertGreaterThanOrEqual(alike, SampleCopyKind.verbatimFloor, copierPath) }
            if plant.kind == .templateOnly { XCTAssertLessThan(alike, SampleCopyKind.templateOnlyCeiling, copierPath) }
            if plant.kind == .scoresIdentical {
                XCTAssertEqual(copier.selfAssessment.indicators, source.selfAssessment.indicators, copierPath)
            }
        }
    }

    /// The template's stock sentences in a text, in order.
    private func stockSentences(_ text: String) -> [String] {
        SampleSentences(text).pieces.map(\.text).filter { template.phrases.contains($0) }
    }
}
