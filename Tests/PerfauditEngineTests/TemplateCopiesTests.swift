import PerfauditCore
@testable import PerfauditEngine
import XCTest

/// Template detection over a batch: the MinHash/LSH candidates of a large batch find exactly the
/// pairs an exact comparison of every pair finds, at the threshold's edges too.
final class TemplateCopiesTests: XCTestCase {
    /// A small deterministic generator (64-bit LCG) of text no report contains: sentences of
    /// random ideographs, so that two unrelated texts share no shingle and every similarity
    /// comes from what a test copies.
    private struct Letters {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func sentence() -> String {
            var text = ""
            for _ in 0..<30 { text.unicodeScalars.append(Unicode.Scalar(UInt32(0x4E00 + next() % 0x51A0))!) }
            return text + "。"
        }
    }

    private func record(agency: String, sentences: [String]) -> Record {
        var record = baseRecord()
        record.department = Department(
            mofDivCode: "440823", agencyCode: agency, name: "单位" + agency, province: "广东省", city: "湛江市", county: "遂溪县")
        record.narrative = [NarrativeSection(title: "基本情况", text: sentences.joined())]
        return record
    }

    /// `originals` unrelated reports of 20 sentences, then a copy of each of the first
    /// `copies` originals by another agency with `i % 14` of its sentences replaced (similarity
    /// from 1 down to about 0.2), then one copy by the original's own agency (never a copy).
    private func batch(originals: Int, copies: Int) -> [Record] {
        var letters = Letters(state: 2021)
        var texts = (0..<originals).map { _ in (0..<20).map { _ in letters.sentence() } }
        var agencies = (0..<originals).map { "A\($0)" }
        for index in 0..<copies {
            var text = texts[index]
            for sentence in 0..<(index % 14) { text[sentence] = letters.sentence() }
            texts.append(text)
            agencies.append("C\(index)")
        }
        texts.append(texts[0])
        agencies.append(agencies[0])
        return zip(agencies, texts).map { record(agency: $0, sentences: $1) }
    }

    /// The detector over records written to a spool as the workers write them.
    private func detector(
        _ records: [Record], threshold: Exact, reload: (@Sendable ([Record], Int) -> Record?)? = nil
    ) throws -> TemplateCopies {
        let folder = try temporaryFolder()
        let spool = try Spool(folder: folder.path)
        let check = TemplateCheck(threshold: threshold)
        var candidates: [TemplateCopies.Candidate] = []
        var offset: Int64 = 0
        var agencies: [String: Int32] = [:]
        for (index, record) in records.enumerated() {
            let block = ProseBlock.bytes(of: record, check)
            XCTAssertFalse(block.isEmpty)
            try spool.write(block, at: offset)
            let agency = agencies[record.department.agencyCode] ?? Int32(agencies.count)
            agencies[record.department.agencyCode] = agency
            candidates.append(.init(entry: index, agency: agency, offset: offset))
            offset += Int64(block.count)
        }
        return TemplateCopies(
            records: candidates, spool: spool, threshold: threshold, high: .parsed("0.9"), layout: check.layout,
            template: check.template, reload: { { index in reload.map { $0(records, index) } ?? records[index] } })
    }

    /// The flagged records by brute force: every pair's exact similarity (through an index of
    /// the shingles, so only pairs that share one are measured).
    private func expected(_ records: [Record], threshold: Exact) -> [Int: Int] {
        let sets = records.map { ProseSimilarity.shingles(of: $0, template: .shipped)! }
        var postings: [UInt64: [Int]] = [:]
        for (index, set) in sets.enumerated() { for shingle in set { postings[shingle, default: []].append(index) } }
        var pairs: Set<[Int]> = []
        for list in postings.values where list.count > 1 {
            for a in list { for b in list where a < b { pairs.insert([a, b]) } }
        }
        var count: [Int: Int] = [:]
        for pair in pairs where records[pair[0]].department.agencyCode != records[pair[1]].department.agencyCode {
            if TemplateCopies.reaches(ProseShingles.overlap(sets[pair[0]], sets[pair[1]]), threshold) {
                count[pair[0], default: 0] += 1
                count[pair[1], default: 0] += 1
            }
        }
        return count
    }

    func testBandsFindWhatComparingEveryPairFinds() throws {
        let originals = 700
        let records = batch(originals: originals, copies: 140)
        for threshold in [Exact.parsed("0.7"), .parsed("0.5"), .parsed("0.3")] {
            let detector = try detector(records, threshold: threshold)
            XCTAssertGreaterThan(records.count, TemplateCopies.exactLimit, "the batch takes the LSH path")
            let found = try detector.matches()
            let expected = expected(records, threshold: threshold)
            XCTAssertFalse(expected.isEmpty)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: found.map { ($0.key, $0.value.count) }), expected, "threshold \(threshold)")
            // The last record copies its own agency's first report: its match is another agency's copy.
            XCTAssertEqual(found[records.count - 1]?.other, originals, "a copy of the agency's own report is not a copy")
        }
    }

    func testTheExactPathAgreesOnASmallBatch() throws {
        let records = batch(originals: 100, copies: 90)
        XCTAssertLessThanOrEqual(records.count, TemplateCopies.exactLimit)
        let found = try detector(records, threshold: .parsed("0.7")).matches()
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: found.map { ($0.key, $0.value.count) }), expected(records, threshold: .parsed("0.7")))
    }

    func testTheThresholdsEdgeIsExact() throws {
        // Replacing k of 20 unrelated sentences: the similarity is exactly shared / union of the
        // sentences' shingles; find the copies just above and below 0.7 and move the threshold
        // onto each one's similarity.
        let records = batch(originals: 20, copies: 14)
        let detector = try detector(records, threshold: .parsed("0.1"))
        let sets = records.map { ProseSimilarity.shingles(of: $0, template: .shipped)! }
        for copy in 0..<14 {
            let overlap = ProseShingles.overlap(sets[copy], sets[20 + copy])
            let units = Int64(overlap.shared) * Exact.scale / Int64(overlap.union)  // ⌊similarity⌋ to 4 decimals
            let at = Exact(units: units)
            let above = Exact(units: units + 1)
            XCTAssertTrue(TemplateCopies.reaches(overlap, at), "copy \(copy): at its own (cut) similarity")
            XCTAssertEqual(TemplateCopies.reaches(overlap, above), Int64(overlap.shared) * Exact.scale >= (units + 1) * Int64(overlap.union))
        }
        let found = try detector.matches()
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: found.map { ($0.key, $0.value.count) }), expected(records, threshold: .parsed("0.1")))
        XCTAssertEqual(found.count, 2 * 14 + 1, "every copy and its original down to 0.1, and the agency's own copy of one")
    }

    func testBandLayoutsMissAPairAtTheirLowestThresholdRarely() {
        // The table in BandLayout, recomputed: (1 − t^r)^b ≤ 1/1000 at each lowest threshold,
        // and above it at the threshold just below (else a layout with more rows would do).
        for (rows, lowest) in BandLayout.lowestThresholds {
            let bands = Double(MinHash.bins / rows)
            let t = Double(lowest.description)!
            XCTAssertLessThanOrEqual(pow(1 - pow(t, Double(rows)), bands), 0.001, "rows \(rows) at \(lowest)")
            XCTAssertGreaterThan(pow(1 - pow(t - 0.01, Double(rows)), bands), 0.001, "rows \(rows) at \(t - 0.01)")
            XCTAssertEqual(BandLayout.forThreshold(lowest).rows, rows)
        }
        XCTAssertEqual(BandLayout.forThreshold(.parsed("0.53")).rows, 2)
        XCTAssertEqual(BandLayout.forThreshold(BandLayout.lowestThreshold).rows, 2)
        let lowest = Double(BandLayout.lowestThreshold.description)!
        XCTAssertEqual(pow(1 - pow(lowest, 2), 64), 0.0024, accuracy: 0.0001, "the miss at the lowest threshold docs/template-detection.md gives")
    }

    func testAFileWhoseProseChangedSinceTheWorkerReadItIsNotCompared() throws {
        let records = batch(originals: 20, copies: 2)
        XCTAssertEqual(try detector(records, threshold: .parsed("0.7")).matches().count, 5, "0 ~ 20 ~ 22 (0's own agency), 1 ~ 21")
        let changed = try detector(records, threshold: .parsed("0.7")) { records, index in
            guard index == 21 else { return records[index] }
            var record = records[index]
            record.narrative?[0].text += "本单位另外补写了新的说明文字。"
            return record
        }
        XCTAssertEqual(Set(try changed.matches().keys), [0, 20, 22], "record 21 no longer reads as the worker read it")
    }
}
