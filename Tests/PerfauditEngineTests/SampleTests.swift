import Foundation
import PerfauditCore
@testable import PerfauditEngine
import PerfauditSample
import PerfauditTestSupport
import XCTest

/// Issue 16, item 1: sample.csv, the risk-ranked 复核 sampling list (docs/sampling.md).
final class SampleTests: XCTestCase {
    private let inputs = repositoryRoot.appendingPathComponent("Inputs").path

    /// A report as rows keyed by its English header.
    private func table(_ folder: URL, _ name: String) throws -> [[String: String]] {
        let rows = try parseCSV(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(rows[0], $0)) }
    }

    private func run(_ inputs: [String], _ out: URL, jobs: Int = 2, sampling: SamplingOptions = SamplingOptions(), baseline: Baseline? = nil) throws {
        var reports = ReportOptions(language: .en, encoding: .utf8, workbook: false, dashboard: false)
        reports.sampling = sampling
        _ = try runBatch(inputs: inputs, out: out.path, jobs: jobs, reports: reports, baseline: baseline)
    }

    private func ceilPercent(_ percent: Int, of count: Int) -> Int { (percent * count + 99) / 100 }

    /// ⌈P × N⌉ from the run's own summary.csv and issues.csv: every SELF_ABOVE_ATTAINABLE record
    /// is drawn (verified or not) by risk, the random part is ⌈25 % × n⌉, and its inclusion
    /// probability is m ÷ R.
    private func checkDocumentedDraw(_ out: URL, share: Int, randomShare: Int) throws {
        let summary = try table(out, "summary.csv")
        let above = Set(try table(out, "issues.csv").filter { $0["category"] == "SELF_ABOVE_ATTAINABLE" }.map { $0["source_file"]! })
        let sample = try table(out, "sample.csv")
        let population = summary.filter { $0["status"] == "self_only" }
        let size = ceilPercent(share, of: population.count)
        let random = ceilPercent(randomShare, of: size)
        XCTAssertFalse(above.isEmpty)
        XCTAssertTrue(above.isSubset(of: Set(sample.map { $0["source_file"]! })), "a SELF_ABOVE_ATTAINABLE record is missing")
        let riskRows = sample.filter { $0["drawn_by"] == "risk" }, randomRows = sample.filter { $0["drawn_by"] == "random" }
        XCTAssertEqual(riskRows.count, max(size - random, above.count))
        XCTAssertEqual(randomRows.count, random)
        XCTAssertEqual(sample.count, max(size - random, above.count) + random, "the documented size")
        XCTAssertEqual(sample.map { Int($0["rank"]!)! }, Array(1...sample.count))
        XCTAssertEqual(Array(sample.prefix(riskRows.count).map { $0["drawn_by"]! }), Array(repeating: "risk", count: riskRows.count))
        // Risk first: the records above their maximum, then by descending risk score.
        let scores = riskRows.map { Double($0["risk_score"]!)! }
        let aboveCount = riskRows.prefix { above.contains($0["source_file"]!) }.count
        XCTAssertEqual(aboveCount, above.count)
        XCTAssertEqual(Array(scores[aboveCount...]), Array(scores[aboveCount...]).sorted(by: >))
        XCTAssertTrue(riskRows.allSatisfy { $0["inclusion_probability"] == "100.00" })
        // Random: m of the R self-only records not drawn by risk, each with probability m ÷ R.
        let remaining = population.count - riskRows.filter { $0["status"] == "self_only" }.count
        let expected = String(format: "%.2f", (Double(random) * 100 / Double(remaining) * 100).rounded() / 100)
        XCTAssertTrue(randomRows.allSatisfy { $0["inclusion_probability"] == expected && $0["status"] == "self_only" }, expected)
        XCTAssertEqual(Set(sample.map { $0["source_file"]! }).count, sample.count, "a record drawn twice")
        // The identifying cells are summary.csv's.
        let byFile = Dictionary(uniqueKeysWithValues: summary.map { ($0["source_file"]!, $0) })
        for row in sample {
            let record = try XCTUnwrap(byFile[row["source_file"]!])
            for key in ["county", "department", "agency_code", "mof_div_code", "fiscal_year", "self_score", "self_grade",
                        "attainable_max", "status", "issue_count"] {
                XCTAssertEqual(row[key], record[key], "\(key) of \(row["source_file"]!)")
            }
        }
    }

    func testTheSampleCityDrawsEveryRecordAboveItsMaximumAndTheDocumentedShare() throws {
        let out = try temporaryFolder()
        try run([inputs], out)
        try checkDocumentedDraw(out, share: 20, randomShare: 25)
        // The sample city has more records above their maximum than n − r: the sample grows by them.
        XCTAssertGreaterThan(try table(out, "sample.csv").count, ceilPercent(20, of: 44))
    }

    func testAGeneratedCityAtOtherSharesAndEveryJobCount() throws {
        let folder = try temporaryFolder()
        let corpus = folder.appendingPathComponent("corpus")
        _ = try SampleCityGenerator(seed: 616).writeSample(count: 600, to: corpus.path)
        let one = folder.appendingPathComponent("one"), two = folder.appendingPathComponent("two")
        let options = SamplingOptions(share: Exact(30), randomShare: Exact(40))
        try run([corpus.path], one, jobs: 1, sampling: options)
        try run([corpus.path], two, jobs: 2, sampling: options)
        try checkDocumentedDraw(one, share: 30, randomShare: 40)
        let first = try Data(contentsOf: one.appendingPathComponent("sample.csv"))
        XCTAssertEqual(first, try Data(contentsOf: two.appendingPathComponent("sample.csv")), "--jobs 1 and 2 differ")
        let sample = try table(one, "sample.csv")
        XCTAssertGreaterThan(sample.filter { $0["drawn_by"] == "risk" && $0["reasons"]!.contains("issues") }.count, 10)
    }

    /// The same seed draws the same list, byte for byte; another seed another random part, and
    /// the same risk part. The default seed is the latest fiscal year, and the manifest says so.
    func testTheSeedDecidesTheRandomPartAndIsInTheManifest() throws {
        let folder = try temporaryFolder()
        let defaultSeed = folder.appendingPathComponent("default"), year = folder.appendingPathComponent("year")
        let again = folder.appendingPathComponent("again"), other = folder.appendingPathComponent("other")
        try run([inputs], defaultSeed)
        try run([inputs], year, sampling: SamplingOptions(seed: 2023))
        try run([inputs], again, jobs: 1, sampling: SamplingOptions(seed: 2023))
        try run([inputs], other, sampling: SamplingOptions(seed: 2024))
        let bytes = try Data(contentsOf: year.appendingPathComponent("sample.csv"))
        XCTAssertEqual(bytes, try Data(contentsOf: defaultSeed.appendingPathComponent("sample.csv")))
        XCTAssertEqual(bytes, try Data(contentsOf: again.appendingPathComponent("sample.csv")))
        let first = try table(year, "sample.csv"), second = try table(other, "sample.csv")
        let part = { (rows: [[String: String]], by: String) in rows.filter { $0["drawn_by"] == by }.map { $0["source_file"]! } }
        XCTAssertEqual(part(first, "risk"), part(second, "risk"))
        XCTAssertNotEqual(Set(part(first, "random")), Set(part(second, "random")))
        for (folder, seed) in [(defaultSeed, 2023), (other, 2024)] {
            let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
            XCTAssertTrue(manifest.contains("\"sample-seed\": \(seed)"), manifest)
            XCTAssertTrue(manifest.contains("\"sample-share\": 20,"))
            XCTAssertTrue(manifest.contains("\"sample-random-share\": 25,"))
        }
    }

    /// The manifest names the weights file and its SHA-256, as the rulebooks'.
    func testTheWeightsFileIsTheShippedFileAndTheManifestHashesIt() throws {
        let file = repositoryRoot.appendingPathComponent("Sampling/sampling-risk-v1.json")
        let bytes = try Data(contentsOf: file)
        let weights = SamplingWeights.shipped
        XCTAssertEqual(weights.id, "sampling-risk")
        XCTAssertEqual(weights.version, 1)
        XCTAssertEqual(weights.file, "Sampling/sampling-risk-v1.json")
        XCTAssertEqual(SHA256.hex(weights.sha256), SHA256.hex(SHA256.hash(Array(bytes))))
        let out = try temporaryFolder()
        try run([inputs + "/seeds"], out)
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains(
            "\"sampling_weights\": {\"id\": \"sampling-risk\", \"version\": 1, \"file\": \"Sampling/sampling-risk-v1.json\", "
                + "\"sha256\": \"\(SHA256.hex(SHA256.hash(Array(bytes))))\"}"), manifest)
        // Unknown keys and out-of-range points are refused, naming the file.
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"cap\": 10", with: "\"cap\": 10, \"capp\": 3")
        XCTAssertThrowsError(try SamplingWeights.parse(Array(text.utf8), file: "w.json")) { error in
            XCTAssertTrue("\(error)".contains("w.json") && "\(error)".contains("unknown key \"capp\""), "\(error)")
        }
        let negative = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"points\": 40", with: "\"points\": -4")
        XCTAssertThrowsError(try SamplingWeights.parse(Array(negative.utf8), file: "w.json"))
    }

    /// Each factor on records made for it, and the score as the weights file adds them up.
    func testEachFactorAndTheWeightedSum() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        func write(_ agency: String, _ year: Int, self score: String, verified: String? = nil) throws {
            var record = baseRecord(self: score)
            record.department.agencyCode = agency
            record.department.name = "部门" + agency
            record.fiscalYear = year
            if let verified {
                var verification = Verification(evaluator: "复核组")
                verification.reportedScore = .parsed(verified)
                record.verification = verification
            }
            try Data(RecordJSONWriter().write(record)).write(to: input.appendingPathComponent("\(agency)-\(year).json"))
        }
        try write("A", 2021, self: "95", verified: "87")  // a gap of 8
        try write("A", 2022, self: "90.5")  // 0.5 above the 优 bound, verified the year before
        try write("B", 2022, self: "85")  // never verified
        let out = folder.appendingPathComponent("out")
        try run([input.path], out, sampling: SamplingOptions(share: Exact(100), randomShare: .zero))
        let sample = Dictionary(uniqueKeysWithValues: try table(out, "sample.csv").map { (String($0["source_file"]!.suffix(11)), $0) })
        XCTAssertEqual(sample.keys.sorted(), ["A-2022.json", "B-2022.json"])
        let weights = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: repositoryRoot.appendingPathComponent("Sampling/sampling-risk-v1.json"))) as? [String: Any])
        func number(_ factor: String, _ key: String) -> Double { ((weights[factor] as! [String: Any])[key] as! NSNumber).doubleValue }
        let a = try XCTUnwrap(sample["A-2022.json"]), b = try XCTUnwrap(sample["B-2022.json"])
        XCTAssertTrue(a["reasons"]!.contains("self score less than 1 above the 优 bound 90"), a["reasons"]!)
        XCTAssertTrue(a["reasons"]!.contains("earlier self − verified gap 8.00 (2021)"), a["reasons"]!)
        XCTAssertFalse(a["reasons"]!.contains("not verified"), a["reasons"]!)
        XCTAssertTrue(b["reasons"]!.contains("not verified in the 3 years before"), b["reasons"]!)
        XCTAssertFalse(b["reasons"]!.contains("bound"), b["reasons"]!)
        let issuePoints = { (row: [String: String]) in min(number("issues", "cap"), Double(row["issue_count"]!)! * number("issues", "pointsPerIssue")) }
        let expectedA = number("nearBoundary", "points") + min(number("pastGap", "cap"), 8 * number("pastGap", "pointsPerPoint")) + issuePoints(a)
        let expectedB = number("noRecentVerification", "points") + issuePoints(b)
        XCTAssertEqual(Double(a["risk_score"]!)!, expectedA, accuracy: 0.001)
        XCTAssertEqual(Double(b["risk_score"]!)!, expectedB, accuracy: 0.001)
    }

    /// With a baseline: the ledger's persisting and reopened problems of an agency count, and a
    /// baseline year's verification is a past gap.
    func testTheBaselineAddsOpenProblemsAndPastGaps() throws {
        let folder = try temporaryFolder()
        let all = try FileManager.default.subpathsOfDirectory(atPath: inputs).filter { $0.hasSuffix(".xml") || $0.hasSuffix(".json") }
        let earlier = all.filter { $0.contains("-2021.") || $0.contains("-2022.") }.map { inputs + "/" + $0 }
        let later = all.filter { $0.contains("-2023.") }.map { inputs + "/" + $0 }
        let first = folder.appendingPathComponent("first"), second = folder.appendingPathComponent("second")
        try run(earlier, first)
        var baseline = Baseline()
        try baseline.add(first.path)
        try run(later, second, sampling: SamplingOptions(share: Exact(100)), baseline: baseline)
        let ledger = try table(second, "rectification.csv").filter { $0["status"] == "persisting" || $0["status"] == "reopened" }
        let open = Dictionary(grouping: ledger, by: { $0["agency_code"]! }).mapValues(\.count)
        XCTAssertFalse(open.isEmpty)
        let sample = try table(second, "sample.csv")
        for row in sample {
            let count = open[row["agency_code"]!] ?? 0
            XCTAssertEqual(row["reasons"]!.contains("\(count) persisting or reopened problems"), count > 0, row["reasons"]!)
        }
        // Past gaps come from the baseline's summary.csv only: this run has one year.
        let verifiedBefore = try table(first, "summary.csv").filter { $0["status"] == "verified" && Double($0["self_minus_verified"]!)! > 0 }
        let agencies = Set(verifiedBefore.map { $0["agency_code"]! })
        let withGap = sample.filter { $0["reasons"]!.contains("earlier self − verified gap") }
        XCTAssertFalse(withGap.isEmpty)
        XCTAssertTrue(withGap.allSatisfy { agencies.contains($0["agency_code"]!) })
        XCTAssertEqual(Set(sample.filter { $0["status"] == "self_only" && agencies.contains($0["agency_code"]!) }.map { $0["source_file"]! }),
                       Set(withGap.filter { $0["status"] == "self_only" }.map { $0["source_file"]! }))
    }

    /// Chinese headers write Chinese values: 风险 / 随机 and the reasons in Chinese.
    func testChineseValues() throws {
        let out = try temporaryFolder()
        var reports = ReportOptions(language: .zh, encoding: .utf8, workbook: false, dashboard: false)
        reports.sampling = SamplingOptions()
        _ = try runBatch(inputs: [inputs], out: out.path, reports: reports)
        let rows = try parseCSV(String(contentsOf: out.appendingPathComponent("sample.csv"), encoding: .utf8))
        XCTAssertEqual(rows[0], ReportColumns.header(ReportColumns.sample, .zh))
        XCTAssertEqual(Set(rows.dropFirst().map { $0[3] }), ["风险", "随机"])
        XCTAssertTrue(rows.dropFirst().contains { $0[2].contains("自评分超过可得最高分（已核查）") })
    }

    func testOptionsOutOfRangeAreUsageErrors() throws {
        let out = try temporaryFolder().path
        for (arguments, message) in [
            (["--sample-share", "0"], "--sample-share must be"), (["--sample-share", "100.5"], "--sample-share must be"),
            (["--sample-random-share=-1"], "--sample-random-share must be"), (["--sample-share", "20%"], "sample-share"),
            (["--sample-seed=-3"], "sample-seed"), (["--sample-weights", out + "/none.json"], "sampling weights error"),
        ] {
            let result = try perfaudit(["run", inputs + "/seeds", "--out", out, "--no-progress", "--lang", "en"] + arguments)
            XCTAssertEqual(result.exitStatus, 1, arguments.joined(separator: " ") + ": " + result.output)
            XCTAssertTrue(result.output.contains(message), result.output)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/sample.csv"))
        let chinese = try perfaudit(["run", inputs + "/seeds", "--out", out, "--no-progress", "--sample-share", "0"])
        XCTAssertTrue(chinese.output.contains("--sample-share 必须是大于 0、不超过 100 的百分数（实际为 0）"), chinese.output)
        let edges = try perfaudit(["run", inputs + "/seeds", "--out", out, "--no-progress", "--sample-share", "100",
                                   "--sample-random-share", "0", "--sample-seed", "18446744073709551615"])
        XCTAssertEqual(edges.exitStatus, 0, edges.output)
    }

    /// SplitMix64's published outputs for seed 1234567 (Java's SplittableRandom), and a draw
    /// below a bound that is uniform.
    func testSplitMix64() {
        var generator = SplitMix64(seed: 1_234_567)
        XCTAssertEqual((0..<5).map { _ in generator.next() },
                       [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                        4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[Int(generator.below(6))] += 1 }
        XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
    }
}

extension SampleTests {
    /// Every message a broken weights file can give has a Chinese form, as the rulebooks' do.
    func testWeightsFileMessagesHaveAChineseForm() throws {
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent("Sampling/sampling-risk-v1.json"), encoding: .utf8)
        var messages: Set<String> = []
        func parse(_ text: String) {
            do throws(RulebookError) { _ = try SamplingWeights.parse(Array(text.utf8), file: "w.json") } catch { messages.insert(error.message) }
        }
        for match in shipped.matches(of: #/"([A-Za-z]+)": ("[^"]*"|[-0-9.]+)/#) {
            for replacement in ["\"abc\"", "-5", "[]", "0", "2000", "1.5"] {
                parse(shipped.replacingCharacters(in: match.range, with: "\"\(match.1)\": \(replacement)"))
            }
            parse(shipped.replacingCharacters(in: match.range, with: "\"\(match.1)x\": 1"))
        }
        parse("")
        parse("[]")
        XCTAssertGreaterThan(messages.count, 15)
        XCTAssertEqual(messages.filter { MessageCatalog.chinese($0) == nil }.sorted(), [], "weights messages without a Chinese form")
    }
}

extension SampleTests {
    /// The sampling keeps 17 bytes per record in the sink and template detection 12 (the prose
    /// block's length and the self scores' fingerprint): the entry grows from 64 to 104 bytes
    /// (the 64 MiB budget at 100,000 records; BENCHMARKS.md).
    func testPerRecordMemoryStaysSmall() {
        XCTAssertEqual(MemoryLayout<RiskFacts>.size, 17)
        XCTAssertLessThanOrEqual(MemoryLayout<ReportEntry>.stride, 104)
    }
}
