import Foundation
import PerfauditCore
@testable import PerfauditEngine
import PerfauditXML
@testable import PerfauditSample
import XCTest
import PerfauditTestSupport

/// How the shipped sample `Inputs/zhanjiang` was made:
/// `perfaudit generate --count 72 --seed 2021 --out Inputs/zhanjiang`.
private let sampleSeed: UInt64 = 2021
private let sampleCount = 72
private let sampleFolder = "Inputs/zhanjiang"

private func loadJSON(_ bytes: [UInt8]) throws -> Record {
    try bytes.withUnsafeBytes { buffer throws(LoadError) in try JSONRecordLoader.load(buffer) }
}

private func read(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: repositoryRoot.appendingPathComponent(path)))
}

/// The shipped rulebook the sample follows, as the batch loads it.
private let zhanjiang = try! RulebookLibrary.shipped().rulebook("zhanjiang-dept-2021")!

private func e(_ text: String) -> Exact { try! Exact.parse(text, maxFractionDigits: 4).get() }

final class GeneratorTests: XCTestCase {
    override class func setUp() {
        LibXML.initialize()
    }

    private func load(_ bytes: [UInt8], _ format: SampleOutputFormat, _ loader: XMLRecordLoader) throws -> Record {
        format == .json ? try loadJSON(bytes) : try loader.load(bytes)
    }

    // MARK: Determinism

    func testSameSeedGivesByteIdenticalFiles() throws {
        let first = SampleCityGenerator(seed: 42)
        let second = SampleCityGenerator(seed: 42)
        for index in 0..<60 {
            for format in SampleOutputFormat.allCases {
                XCTAssertEqual(
                    try first.fileBytes(at: index, format: format), try second.fileBytes(at: index, format: format),
                    "index \(index) \(format)")
            }
        }
        // Random access: an index computed on its own equals the same index computed after others.
        XCTAssertEqual(SampleCityGenerator(seed: 42).record(at: 57), first.record(at: 57))
    }

    func testDifferentSeedsGiveDifferentRecords() throws {
        let a = SampleCityGenerator(seed: 1)
        let b = SampleCityGenerator(seed: 2)
        var differing = 0
        for index in 0..<30 where a.record(at: index) != b.record(at: index) { differing += 1 }
        XCTAssertEqual(differing, 30)
        // Same who and when: the seed changes the figures, not the layout.
        XCTAssertEqual(a.identity(at: 5), b.identity(at: 5))
    }

    func testWrittenFolderIsIdenticalForTheSameSeed() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("perfaudit-gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let one = base.appendingPathComponent("one").path
        let two = base.appendingPathComponent("two").path
        let summary = try SampleCityGenerator(seed: 9).writeSample(count: 30, to: one)
        try SampleCityGenerator(seed: 9).writeSample(count: 30, to: two)
        XCTAssertEqual(summary.files, 30)
        XCTAssertEqual(summary.byFormat[.xml], 18)
        XCTAssertEqual(summary.byFormat[.json], 9)
        XCTAssertEqual(summary.byFormat[.xmlGB18030], 3)
        let files = try listFiles(one)
        XCTAssertEqual(files, try listFiles(two))
        XCTAssertEqual(files.count, 30)
        for file in files {
            XCTAssertEqual(
                try Data(contentsOf: URL(fileURLWithPath: one + "/" + file)),
                try Data(contentsOf: URL(fileURLWithPath: two + "/" + file)), file)
        }
    }

    // MARK: Round trips

    func testEveryGeneratedRecordLoadsBackEqualFromJSON() throws {
        let generator = SampleCityGenerator(seed: 2021)
        for index in 0..<400 {
            let record = generator.record(at: index)
            let bytes = try generator.fileBytes(at: index, format: .json)
            XCTAssertEqual(try loadJSON(bytes), record, "index \(index)")
        }
    }

    func testEveryGeneratedRecordLoadsBackEqualFromXML() throws {
        let generator = SampleCityGenerator(seed: 2021)
        let loader = XMLRecordLoader()
        for index in 0..<400 {
            let record = generator.record(at: index)
            for format in [SampleOutputFormat.xml, .xmlGB18030] {
                let bytes = try generator.fileBytes(at: index, format: format)
                do {
                    let loaded = try loader.load(bytes)
                    XCTAssertEqual(loaded, record, "index \(index) \(format)")
                } catch {
                    XCTFail("index \(index) \(format): \(error)")
                }
            }
        }
    }

    func testGB18030FilesAreReallyGB18030() throws {
        let generator = SampleCityGenerator(seed: 2021)
        let index = 6  // the mixed pattern's GB18030 slot
        XCTAssertEqual(generator.format(at: index), .xmlGB18030)
        let bytes = try generator.fileBytes(at: index, format: .xmlGB18030)
        XCTAssertTrue(String(decoding: bytes.prefix(45), as: UTF8.self).contains("encoding=\"GB18030\""))
        XCTAssertNotEqual(bytes, try generator.fileBytes(at: index, format: .xml))
        XCTAssertNil(String(validating: bytes, as: UTF8.self), "not valid UTF-8")
    }

    // MARK: The shipped sample

    /// `Inputs/zhanjiang` is exactly what `perfaudit generate --count 72 --seed 2021` writes,
    /// so the shipped sample cannot drift from the generator. Set PERFAUDIT_WRITE_SAMPLE=1 to
    /// (re)write it from the generator before checking.
    func testShippedSampleIsExactlyWhatTheGeneratorWrites() throws {
        let folder = repositoryRoot.appendingPathComponent(sampleFolder).path
        let generator = SampleCityGenerator(seed: sampleSeed)
        if ProcessInfo.processInfo.environment["PERFAUDIT_WRITE_SAMPLE"] == "1" {
            try generator.writeSample(count: sampleCount, to: folder)
        }
        var expected: [String: SampleOutputFormat] = [:]
        for index in 0..<sampleCount {
            let format = generator.format(at: index)
            expected[generator.relativePath(at: index, format: format)] = format
        }
        let files = try listFiles(folder)
        XCTAssertEqual(Set(files), Set(expected.keys), "files in \(sampleFolder)")
        for index in 0..<sampleCount {
            let format = generator.format(at: index)
            let path = generator.relativePath(at: index, format: format)
            XCTAssertEqual(
                Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path))),
                try generator.fileBytes(at: index, format: format), path)
        }
    }

    func testShippedSampleFilesLoad() throws {
        let folder = repositoryRoot.appendingPathComponent(sampleFolder).path
        let generator = SampleCityGenerator(seed: sampleSeed)
        let loader = XMLRecordLoader()
        for index in 0..<sampleCount {
            let format = generator.format(at: index)
            let path = generator.relativePath(at: index, format: format)
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path)))
            XCTAssertEqual(try load(bytes, format, loader), generator.record(at: index), path)
        }
    }

    // MARK: Identity

    func testAgencyAndYearAreUniqueAndAvoidTheSeedRecords() {
        let generator = SampleCityGenerator(seed: 5)
        var seen: Set<String> = []
        for index in 0..<20_000 {
            let id = generator.identity(at: index)
            let key = "\(id.agencyCode)|\(id.fiscalYear)"
            XCTAssertTrue(seen.insert(key).inserted, "duplicate \(key) at \(index)")
            XCTAssertNotEqual(key, "440823-301|2022", "collides with Inputs/seeds/suixi-zhujianju-2022.xml")
            XCTAssertTrue(id.agencyCode.hasPrefix(id.mofDivCode + "-"))
            XCTAssertTrue(id.departmentName.hasPrefix(id.county))
            XCTAssertTrue((2021...2023).contains(id.fiscalYear))
        }
        let divisions = Set((0..<sampleCount).map { generator.identity(at: $0).mofDivCode })
        XCTAssertEqual(divisions, ["440802", "440803", "440804", "440811", "440823", "440825", "440881", "440882", "440883"])
        // One department over three consecutive years.
        XCTAssertEqual((0..<3).map { generator.identity(at: $0).fiscalYear }, [2021, 2022, 2023])
        XCTAssertEqual(Set((0..<3).map { generator.identity(at: $0).agencyCode }).count, 1)
    }

    func testDuplicatesOnlyWhenAsked() {
        let generator = SampleCityGenerator(seed: 5, options: .init(duplicateEvery: 10))
        XCTAssertEqual(generator.identity(at: 9), generator.identity(at: 8))
        XCTAssertNotEqual(generator.identity(at: 8), generator.identity(at: 7))
        XCTAssertNotEqual(generator.record(at: 9), generator.record(at: 8), "a resubmission with other figures")
    }

    /// Any index of a large corpus is made on its own (random access across 100,000 records);
    /// how fast is `make bench`'s business (bench/run.sh times `generate`).
    func testRecordsAnywhereInALargeCorpusAreMadeOnTheirOwn() throws {
        let generator = SampleCityGenerator(seed: 77)
        var bytes = 0
        for index in stride(from: 0, to: 100_000, by: 50) {
            let made = try generator.fileBytes(at: index, format: generator.format(at: index))
            XCTAssertEqual(made, try generator.fileBytes(at: index, format: generator.format(at: index)), "index \(index)")
            bytes += made.count
        }
        XCTAssertGreaterThan(bytes, 2000 * 1000)
    }

    // MARK: What the data exercises

    /// Every issue category of outputs.md (except DUPLICATE_RECORD, off by default) is planted in
    /// the shipped sample, checked here from the figures by the documented conditions.
    func testShippedSampleExercisesEveryIssueCategory() {
        let generator = SampleCityGenerator(seed: sampleSeed)
        let records = (0..<sampleCount).map(generator.record(at:))
        var found: [String: Set<String>] = [:]  // category → agencies|years
        func mark(_ category: String, _ r: Record) {
            found[category, default: []].insert("\(r.department.agencyCode)|\(r.fiscalYear)")
        }
        for r in records {
            let bands = { (s: Exact) -> Grade in SampleRecordBuilder.grade(s) }
            if bands(r.selfAssessment.score) != r.selfAssessment.grade { mark("GRADE_SCORE_MISMATCH", r) }
            var highs = Exact.zero
            var references: [String: Exact] = [:]
            for indicator in r.selfAssessment.indicators { references[indicator.id] = indicator.score }
            for indicator in r.verification?.indicators ?? [] { references[indicator.id] = indicator.score }
            for indicator in zhanjiang.indicators {
                let (lo, hi) = RecordScorer.interval(of: indicator, in: r)
                highs += hi
                if let reference = references[indicator.id] {
                    if reference < .zero || reference > indicator.weight {
                        mark("SCORE_OUT_OF_RANGE", r)
                    } else if reference < lo || reference > hi {
                        mark("RULE_DEVIATION", r)
                    }
                }
            }
            let known = Set(zhanjiang.indicators.map(\.id))
            if references.keys.contains(where: { !known.contains($0) }) { mark("SCORE_OUT_OF_RANGE", r) }
            let bonus = min(3, r.commendations?.count ?? 0)
            let penalty = min(6, 2 * (r.accountability?.count ?? 0))
            let attainable = (highs + Exact(bonus) - Exact(penalty)).clamped(.zero, Exact(100))
            if r.selfAssessment.score > attainable { mark("SELF_ABOVE_ATTAINABLE", r) }
            if let v = r.verification {
                let sum = (v.indicators.map(\.score).reduce(.zero, +) + Exact(bonus) - Exact(penalty))
                    .clamped(.zero, Exact(100))
                if bands(r.selfAssessment.score) > bands(sum) { mark("GRADE_INFLATION", r) }
                if r.selfAssessment.score - sum >= Exact(5) { mark("SCORE_GAP", r) }
                if r.selfAssessment.score - sum >= Exact(10) { mark("SCORE_GAP_HIGH", r) }
                if let reported = v.reportedScore, (reported - sum).magnitude > e("0.01") {
                    mark("REPORTED_TOTAL_MISMATCH", r)
                }
                if let g = v.reportedGrade, let s = v.reportedScore, bands(s) != g { mark("GRADE_SCORE_MISMATCH", r) }
            }
            for p in r.projects ?? [] {
                if let s = p.selfScore, let g = p.selfGrade, bands(s) != g { mark("GRADE_SCORE_MISMATCH", r) }
                if let budget = p.budget {
                    if (p.spent ?? .zero) > budget || (p.settlement ?? .zero) > budget { mark("OVER_BUDGET", r) }
                    if let allocated = p.allocated, allocated.rational / budget.rational < Rational(6, 10) {
                        mark("UNDER_ALLOCATED", r)
                    }
                    if let spent = p.spent, spent.rational / budget.rational < Rational(9, 10) { mark("LOW_EXECUTION", r) }
                }
                for t in p.targets {
                    guard let actual = t.actual else { continue }
                    switch t.direction {
                    case .atLeast where actual < t.planned: mark("TARGET_UNMET_BELOW", r)
                    case .atMost where actual > t.planned: mark("TARGET_UNMET_ABOVE", r)
                    case .exactly where actual != t.planned: mark("TARGET_UNMET_UNEQUAL", r)
                    default: break
                    }
                }
                if let end = p.plannedEnd {
                    if p.completed == false || (p.finishedOn.map { $0 > end } ?? false) { mark("LATE_PROJECT", r) }
                }
                if let amount = p.arrears?.amount, amount > .zero { mark("ARREARS", r) }
                if !p.findings.isEmpty { mark("EVALUATOR_FINDING", r) }
            }
            if !(r.findings ?? []).isEmpty { mark("EVALUATOR_FINDING", r) }
            guard let f = r.finance else { continue }
            if let income = f.income?.final, let yearEnd = f.balance?.yearEnd {
                let base = (f.balance?.opening ?? .zero) + income
                if yearEnd.rational / base.rational > Rational(1, 10) { mark("HIGH_BALANCE", r) }
            }
            if let budget = f.income?.budget, let final = f.income?.final,
                (final - budget).magnitude.rational / budget.rational >= Rational(5, 100)
            {
                mark("BUDGET_VARIANCE", r)
            }
            for pair in [f.publicFunds, f.threePublic] {
                if let b = pair?.budget, let x = pair?.final, x > b { mark("PUBLIC_FUNDS_OVERSPENT", r) }
            }
            if f.procurement?.plan == .zero { mark("NO_PROCUREMENT_PLAN", r) }
            if let income = f.income, let final = income.final, !income.sources.isEmpty,
                income.sources.compactMap(\.final).reduce(.zero, +) != final
            {
                mark("DATA_INCONSISTENT_SOURCES", r)
            }
            if let x = f.expenditure, let final = x.final, let basic = x.basic, let project = x.project,
                basic + project != final
            {
                mark("DATA_INCONSISTENT_EXPENDITURE", r)
            }
            if let t = f.treasuryStock, let p = t.previousYearEnd, let y = t.yearEnd, let rate = t.changeRate, p > .zero {
                let computed = (y.rational / p.rational - .one) * .hundred
                if (computed - rate.rational).magnitude > Rational(1, 100) { mark("DATA_INCONSISTENT_RATE", r) }
            }
        }
        let required = [
            "GRADE_INFLATION", "SCORE_GAP", "SCORE_GAP_HIGH", "SELF_ABOVE_ATTAINABLE", "REPORTED_TOTAL_MISMATCH",
            "RULE_DEVIATION", "SCORE_OUT_OF_RANGE", "GRADE_SCORE_MISMATCH", "OVER_BUDGET", "UNDER_ALLOCATED",
            "LOW_EXECUTION", "TARGET_UNMET_BELOW", "TARGET_UNMET_ABOVE", "TARGET_UNMET_UNEQUAL", "LATE_PROJECT",
            "HIGH_BALANCE", "BUDGET_VARIANCE", "PUBLIC_FUNDS_OVERSPENT", "NO_PROCUREMENT_PLAN", "ARREARS",
            "DATA_INCONSISTENT_SOURCES", "DATA_INCONSISTENT_EXPENDITURE", "DATA_INCONSISTENT_RATE", "EVALUATOR_FINDING",
        ]
        for category in required {
            XCTAssertFalse(found[category, default: []].isEmpty, "the sample never exercises \(category)")
        }
        // Rectification that did not hold: the same department with the same category in two years.
        let arrearsAgencies = found["ARREARS", default: []].map { $0.split(separator: "|")[0] }
        XCTAssertTrue(Dictionary(grouping: arrearsAgencies, by: { $0 }).values.contains { $0.count >= 2 })
        // Verification on about 40 % of records, 万元 on some.
        let verified = records.filter { $0.verification != nil }.count
        XCTAssertTrue((24...34).contains(verified), "\(verified) verified of \(sampleCount)")
        XCTAssertTrue(records.contains { $0.amountUnit == .tenThousandYuan })
        // Boundary cases: exactly 95 % fixed assets (486.59 / 512.20 万元).
        XCTAssertTrue(records.contains {
            $0.finance?.fixedAssets == FixedAssets(total: e("5122000"), inUse: e("4865900"))
        })
    }

    /// The same, from the engine itself: scoring the shipped sample raises every category of a
    /// record (the batch's comparisons across records, TEMPLATE_COPY and SCORES_IDENTICAL, are
    /// PlantedCopyDetectionTests').
    func testEngineFindsEveryCategoryInTheShippedSample() throws {
        let library = try RulebookLibrary.shipped()
        let rulebook = try XCTUnwrap(library.rulebook("zhanjiang-dept-2021"))
        let generator = SampleCityGenerator(seed: sampleSeed)
        var categories: Set<IssueCategory> = []
        for index in 0..<sampleCount {
            let scored = RecordScorer.score(generator.record(at: index), with: rulebook)
            for issue in IssueFinder().issues(of: scored) { categories.insert(issue.category) }
        }
        let acrossRecords: Set<IssueCategory> = [.duplicateRecord, .templateCopy, .scoresIdentical]
        let missing = IssueCategory.allCases.filter { !acrossRecords.contains($0) && !categories.contains($0) }
        XCTAssertEqual(missing, [], "categories the engine never raised on the sample")
    }

    func testCleanOptionPlantsNothing() {
        let generator = SampleCityGenerator(seed: 3, options: .init(plantAnomalies: false))
        for index in 0..<48 {
            let r = generator.record(at: index)
            XCTAssertEqual(SampleRecordBuilder.grade(r.selfAssessment.score), r.selfAssessment.grade)
            for p in r.projects ?? [] {
                XCTAssertLessThanOrEqual(p.spent!, p.budget!)
                XCTAssertNil(p.arrears)
            }
        }
    }

    /// Text that needs escaping survives the XML writer and libxml2 unchanged.
    func testXMLEscapingRoundTripsThroughTheLoader() throws {
        var record = SampleCityGenerator(seed: 1).record(at: 4)
        record.department.name = "雷州市 <\"R&D\"> 局 'x'"
        record.findings = [
            Finding(category: "A&B <c>", project: "某项目 \"甲\"", text: "x < y && z > \"w\"\n第二行\t制表 ]]>"),
        ]
        var verification = record.verification ?? Verification(evaluator: "某事务所 & 合伙人")
        verification.indicators = [IndicatorScore(id: "1.1.1", score: Exact(3), note: "甲\n乙\t丙\r丁 & <>")]
        record.verification = verification
        let loader = XMLRecordLoader()
        for format in [SampleOutputFormat.xml, .xmlGB18030] {
            let bytes = try SampleCityGenerator.encode(record, format: format, index: 0)
            let loaded = try loader.load(bytes)
            XCTAssertEqual(loaded, record, "\(format)")
        }
        XCTAssertEqual(try loadJSON(try RecordJSONWriter().write(record)), record)
    }

    // MARK: Seeds

    func testSeedsMatchTheirTwinsAcrossFormats() throws {
        let loader = XMLRecordLoader()
        let suixi = try loader.load(try read("Inputs/seeds/suixi-zhujianju-2022.xml"))
        XCTAssertEqual(suixi, try loadJSON(try read("Tests/Fixtures/seeds/suixi-zhujianju-2022.json")))
        let miyi = try loadJSON(try read("Inputs/seeds/miyi-zhujianju-2023.json"))
        XCTAssertEqual(miyi, try loader.load(try read("Tests/Fixtures/seeds/miyi-zhujianju-2023.xml")))
        // And the writers reproduce them.
        XCTAssertEqual(try loader.load(try RecordXMLWriter().write(suixi)), suixi)
        XCTAssertEqual(try loader.load(try RecordXMLWriter().write(miyi)), miyi)
    }

    func testSuixiSeedCarriesTheReportedFigures() throws {
        let record = try XMLRecordLoader().load(try read("Inputs/seeds/suixi-zhujianju-2022.xml"))
        let verification = try XCTUnwrap(record.verification)
        XCTAssertEqual(verification.indicators.map(\.id), zhanjiang.indicators.map(\.id))
        XCTAssertEqual(verification.indicators.map(\.score).reduce(.zero, +), e("87.5"))
        XCTAssertEqual(verification.reportedScore, e("90.50"))
        XCTAssertEqual(verification.adjustments, [Adjustment(kind: .bonus, count: 0)])
        XCTAssertEqual(record.selfAssessment, SelfAssessment(score: Exact(96), grade: .excellent))
        let f = try XCTUnwrap(record.finance)
        XCTAssertEqual(f.income?.sources.compactMap(\.final).reduce(.zero, +), f.income?.final)
        XCTAssertEqual(f.expenditure?.basic, e("12250337.32"))
        XCTAssertEqual(f.threePublic, BudgetFinal(budget: e("205000"), final: e("172995.82")))
        XCTAssertEqual(f.treasuryStock, TreasuryStock(changeRate: e("-21.33")))
        let projects = try XCTUnwrap(record.projects)
        XCTAssertEqual(projects.map(\.kind), [.recurring, .recurring, .oneOff, .recurring])
        XCTAssertEqual(projects[3].targets.first?.actual, e("217.46"))
        XCTAssertEqual(projects[2].findings.first?.category, "超预算")
        XCTAssertEqual(projects[2].findings.first?.project, "遂溪县新冠肺炎集中隔离临时板房建设工程")
        // The spec's worked example: 1.1.3 scored 5 where the figures allow at most 2; 2.2.3 scored 0 where they give 3.
        XCTAssertEqual(RecordScorer.interval(of: try XCTUnwrap(zhanjiang.indicator("1.1.3")), in: record).hi, Exact(2))
        XCTAssertEqual(RecordScorer.interval(of: try XCTUnwrap(zhanjiang.indicator("2.2.3")), in: record).lo, Exact(3))
    }

    // MARK: Helpers

    private func listFiles(_ folder: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
