import PerfauditCore
@testable import PerfauditEngine
import XCTest

/// The prose measure of template detection: what it strips, what it keeps, the exact similarity
/// and the longest shared passage (docs/template-detection.md).
final class SimilarityTests: XCTestCase {
    /// Real prose: the 遂溪 seed's 改进措施 (the verification report's own words).
    static let suixiProse = """
        加强预算编制管理，提高预算编制的准确性。部门应根据年度工作计划和重点工作任务，结合以前年度预算执行情况，\
        科学合理编制部门预算，减少预算调整事项；对项目支出要细化预算编制内容，做到项目支出预算编制准确、完整。\
        强化预算执行管理，加快项目资金支出进度。建议对资金使用情况进行定期跟踪和分析，对执行进度缓慢的项目及时督促，\
        确保项目资金按计划支出。加强项目全过程管理，严格控制项目成本，对超预算的工程应按规定报批。
        """

    private func record(agency: String, name: String, county: String, prose: [String]) -> Record {
        var record = baseRecord()
        record.department = Department(
            mofDivCode: "440823", agencyCode: agency, name: name, province: "广东省", city: "湛江市", county: county)
        record.narrative = prose.map { NarrativeSection(title: "改进措施", text: $0) }
        return record
    }

    func testTheShippedTemplateParsesAndHasHeadingsAndPhrases() {
        let template = NarrativeTemplate.shipped
        XCTAssertEqual(template.id, "narrative-template-2021")
        XCTAssertEqual(template.version, 1)
        XCTAssertTrue(template.headings.contains("存在问题"))
        XCTAssertGreaterThan(template.phrases.count, 10)
        XCTAssertFalse(template.shingles.isEmpty)
    }

    func testACopyWithOtherNamesFiguresAndPunctuationIsIdentical() throws {
        let original = record(
            agency: "440823-301", name: "遂溪县住房和城乡建设局", county: "遂溪县",
            prose: ["遂溪县住房和城乡建设局" + Self.suixiProse.replacingOccurrences(of: "年度工作计划", with: "2022年度工作计划")])
        var text = Self.suixiProse.replacingOccurrences(of: "年度工作计划", with: "2023 年度工作计划")
        text = "坡头区交通运输局" + text.replacingOccurrences(of: "，", with: "、")
        let copy = record(agency: "440804-302", name: "坡头区交通运输局", county: "坡头区", prose: [text])
        let similarity = try XCTUnwrap(ProseSimilarity.similarity(original, copy))
        XCTAssertEqual(similarity, Rational(1), "names, figures and commas are not what makes a report")
    }

    func testAChangedSentenceEndChangesTheShinglesAcrossIt() throws {
        let original = record(agency: "A", name: "甲局", county: "遂溪县", prose: [Self.suixiProse])
        let joined = record(
            agency: "B", name: "乙局", county: "遂溪县", prose: [Self.suixiProse.replacingOccurrences(of: "。", with: "，")])
        let similarity = try XCTUnwrap(ProseSimilarity.similarity(original, joined))
        XCTAssertLessThan(similarity, Rational(1))
        XCTAssertGreaterThan(similarity, Rational(8, 10))
    }

    func testRewordingLowersTheSimilarityByTheShinglesItChanges() throws {
        let original = record(agency: "A", name: "甲局", county: "遂溪县", prose: [Self.suixiProse])
        let edited = Self.suixiProse.replacingOccurrences(of: "加快项目资金支出进度", with: "提升资金拨付使用效率")
        let copy = record(agency: "B", name: "乙局", county: "遂溪县", prose: [edited])
        let similarity = try XCTUnwrap(ProseSimilarity.similarity(original, copy))
        XCTAssertLessThan(similarity, Rational(1))
        XCTAssertGreaterThan(similarity, Rational(7, 10))
        // Exactly: the changed 10 letters remove the shingles that touch them on both sides.
        let a = try XCTUnwrap(ProseSimilarity.shingles(of: original, template: .shipped))
        let b = try XCTUnwrap(ProseSimilarity.shingles(of: copy, template: .shipped))
        let overlap = ProseShingles.overlap(a, b)
        XCTAssertEqual(similarity, Rational(Int128(overlap.shared), Int128(overlap.union)))
        XCTAssertGreaterThan(a.count - overlap.shared, 0)
        XCTAssertLessThanOrEqual(a.count - overlap.shared, 14, "10 changed letters touch at most 14 shingles of a sentence")
    }

    func testTheTemplateAloneIsTooLittleToCompare() {
        let phrases = NarrativeTemplate.shipped.phrases
        let a = record(agency: "A", name: "甲局", county: "遂溪县", prose: phrases)
        let b = record(agency: "B", name: "乙局", county: "廉江市", prose: phrases.reversed())
        XCTAssertNil(ProseSimilarity.similarity(a, b), "the template's own sentences are stripped, leaving nothing")
    }

    func testUnrelatedProseIsFarBelowTheThreshold() throws {
        let other = """
            本单位坚持以人民为中心的发展思想，围绕乡村振兴战略，推进农田水利设施建设，新建灌溉渠道，改善耕地质量，\
            组织农业技术培训，带动农民增收致富。年内完成高标准农田建设任务，粮食总产量保持稳定，农村人居环境持续改善。
            """
        let a = record(agency: "A", name: "甲局", county: "遂溪县", prose: [Self.suixiProse])
        let b = record(agency: "B", name: "乙局", county: "遂溪县", prose: [other])
        let similarity = try XCTUnwrap(ProseSimilarity.similarity(a, b))
        XCTAssertLessThan(similarity, Rational(1, 10))
    }

    func testTheLongestSharedPassageIsShownAsTheReportWroteIt() {
        let shared = "对执行进度缓慢的项目及时督促，确保项目资金按计划支出"
        let a = NormalizedProse(["第一，" + shared + "。其余内容甲。"], names: [])
        let b = NormalizedProse(["乙方另写了一段话；" + shared + "，并且2023年完成。"], names: [])
        let range = ProseSimilarity.longestSharedPassage(a, b)
        XCTAssertEqual(a.passage(letters: range), shared)
    }

    func testNamesAreCutWithAndWithoutTheirSuffix() {
        let prose = NormalizedProse(["遂溪县住建局与遂溪的湛江市项目"], names: ProseSimilarity.names(of: record(
            agency: "X", name: "遂溪县住房和城乡建设局", county: "遂溪县", prose: [])))
        var kept = ""
        kept.unicodeScalars.append(contentsOf: prose.letters.compactMap(Unicode.Scalar.init))
        XCTAssertEqual(kept, "住建局与的项目")
    }

    func testTheWorkersLettersAreTheLettersWithTheirOrigin() throws {
        for path in ["Inputs/seeds/suixi-zhujianju-2022.xml", "Inputs/seeds/miyi-zhujianju-2023.json"] {
            let record = try loadRecord(path)
            let texts = ProseSimilarity.texts(of: record), names = ProseSimilarity.names(of: record)
            XCTAssertFalse(texts.isEmpty, path)
            let fast = NormalizedProse(texts, names: names, origin: false)
            let full = NormalizedProse(texts, names: names, origin: true)
            XCTAssertEqual(fast.letters, full.letters, path)
            XCTAssertEqual(full.origin.count, full.letters.count, path)
            XCTAssertGreaterThan(fast.letters.count, 5_000, path)
            XCTAssertEqual(NormalizedProse(texts, names: names, limit: 100, origin: false).letters, Array(full.letters.prefix(100)))
        }
    }

    /// The workers cut the names while they hash (one pass over the letters) and skip a sentence
    /// of the template whole: the signature, count and sum are those of every shingle of the
    /// letters `NormalizedProse` cuts and limits that is not the template's, taken one by one here,
    /// on the seeds' real prose (whose names stand in it), on a text of nothing but names and
    /// template sentences, and with every limit that cuts a sentence short.
    func testTheWorkersSignatureIsThatOfEveryShingleNotTheTemplates() throws {
        let template = NarrativeTemplate.shipped
        let stock = template.phrases[0] + template.phrases[1]
        let madeUp = record(agency: "X", name: "遂溪县住房和城乡建设局", county: "遂溪县", prose: [
            String(repeating: "遂溪县住房和城乡建设局遂溪县推进城乡建设项目管理工作。" + stock, count: 40),
        ])
        var cases = [(ProseSimilarity.texts(of: madeUp), ProseSimilarity.names(of: madeUp), "made up")]
        for path in ["Inputs/seeds/suixi-zhujianju-2022.xml", "Inputs/seeds/miyi-zhujianju-2023.json"] {
            let record = try loadRecord(path)
            cases.append((ProseSimilarity.texts(of: record), ProseSimilarity.names(of: record), path))
        }
        for (texts, names, label) in cases {
            for limit in [60, 1_000, 1_003, ProseSimilarity.maximumLetters] {
                let cut = NormalizedProse(texts, names: names, limit: limit, origin: true).letters
                var values = [UInt32](repeating: .max, count: MinHash.bins)
                var (count, sum): (Int, UInt64) = (0, 0)
                ProseShingles.forEach(in: cut) { hash in
                    guard !template.shingles.contains(hash) else { return }
                    values[Int(hash >> 57)] = min(values[Int(hash >> 57)], min(UInt32(truncatingIfNeeded: hash), .max - 1))
                    count += 1
                    sum &+= hash
                }
                let workers = MinHash.signature(
                    of: NormalizedProse.uncutLetters(texts), cutting: .init(names), limit: limit, template: template)
                XCTAssertEqual(workers.signature, MinHash.densified(values, values.map { $0 != .max }), "\(label), limit \(limit)")
                XCTAssertEqual(workers.shingles, count, "\(label), limit \(limit)")
                XCTAssertEqual(workers.sum, sum, "\(label), limit \(limit)")
                XCTAssertGreaterThan(count, 0, label)
            }
            XCTAssertLessThan(NormalizedProse(texts, names: names).letters.count, NormalizedProse.uncutLetters(texts).count, label)
        }
    }

    /// A worker keeps the places' names from record to record (`NamePatternCache`): each record's
    /// prose block is still the one it has on its own, also when the county changes between two
    /// records and back, and the names of the county before are not cut from the next one's prose.
    func testAWorkersKeptNamesGiveEachRecordItsOwnBlock() {
        let check = TemplateCheck(threshold: .parsed("0.7"))
        let text = String(repeating: "遂溪县住建局会同廉江市财政局推进城乡建设项目绩效管理，廉江与遂溪两地共同完成。", count: 12)
        let records = [
            record(agency: "A", name: "遂溪县住建局", county: "遂溪县", prose: [text]),
            record(agency: "B", name: "廉江市财政局", county: "廉江市", prose: [text]),
            record(agency: "C", name: "遂溪县交通局", county: "遂溪县", prose: [text]),
            record(agency: "D", name: "徐闻县水务局", county: "徐闻县", prose: [text]),
        ]
        var kept = NormalizedProse.NamePatternCache()
        var blocks: [[UInt8]] = []
        for record in records {
            let block = ProseBlock.bytes(of: record, check, names: &kept)
            XCTAssertEqual(block, ProseBlock.bytes(of: record, check), record.department.agencyCode)
            XCTAssertEqual(block.count, ProseBlock.length, record.department.agencyCode)
            blocks.append(block)
        }
        // What is cut differs with the county: 遂溪 is cut from A's and C's prose, 廉江 from B's.
        XCTAssertNotEqual(blocks[0], blocks[1])
        XCTAssertNotEqual(blocks[1], blocks[2])
        XCTAssertNotEqual(blocks[0], blocks[3])
    }

    /// The template's own sentences are what the workers skip whole: each is found, one letter
    /// changed is not.
    func testTheTemplatesSentencesAreKnownLetterByLetter() {
        let template = NarrativeTemplate.shipped
        let letters = NormalizedProse([template.phrases[2]], names: []).letters
        let sentence = Array(letters.split(separator: NormalizedProse.sentenceBreak)[0])
        func known(_ letters: [UInt32]) -> Bool {
            letters.withUnsafeBufferPointer { template.sentences.contains($0, hash: letters.reduce(TemplateSentences.seed, TemplateSentences.hash)) }
        }
        XCTAssertTrue(known(sentence))
        var changed = sentence
        changed[3] = 0x5B57  // 字
        XCTAssertFalse(known(changed))
        XCTAssertFalse(known(Array(sentence.dropLast())))
    }
}
