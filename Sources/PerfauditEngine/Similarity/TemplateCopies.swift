import PerfauditCore

/// TEMPLATE_COPY (报告内容雷同): pairs of records of different agencies whose prose is at least
/// `threshold` alike (`ProseSimilarity`), found once every record is in. Each record of such a
/// pair gets one issue naming the most alike other record, the similarity and the longest passage
/// they share, and counting the others (docs/template-detection.md).
struct TemplateCopies {
    /// Up to this many comparable records every pair is compared; above, only the pairs whose
    /// MinHash signatures agree on a whole LSH band.
    static let exactLimit = 200
    /// Records sharing one band key beyond this many: each is compared with only the next this
    /// many of them (a corpus of thousands of identical reports would otherwise cost millions of
    /// comparisons); every copy still finds a copy, and the count of the others is a lower bound.
    static let bucketLimit = 64
    /// How many characters of the shared passage the evidence quotes.
    static let quotedCharacters = 60

    /// A record with prose to compare: its entry (report order), agency, and block in the spool.
    struct Candidate {
        var entry: Int
        var agency: Int32
        var offset: Int64
        var length: Int
    }

    let records: [Candidate]
    let spool: Spool
    let threshold: Exact
    let high: Exact
    let layout: BandLayout
    let template: NarrativeTemplate

    /// The best match of a flagged record (index into `records`) and how many matched.
    struct Match: Equatable {
        var other: Int
        var shared: Int
        var union: Int
        var count: Int
    }

    /// The issues by entry index; `describe` names an entry as evidence does.
    func issues(describe: (Int) -> String) throws(OutputError) -> [Int: [Issue]] {
        var result: [Int: [Issue]] = [:]
        var block: [UInt8] = []
        for (index, match) in try matches() {
            let mine = try read(records[index], &block)
            let theirs = try read(records[match.other], &block)
            result[records[index].entry] = [issue(match, mine, theirs, other: describe(records[match.other].entry))]
        }
        return result
    }

    /// Every record (index into `records`) alike enough to another agency's, with its best match.
    func matches() throws(OutputError) -> [Int: Match] {
        var matches: [Int: Match] = [:]
        var cache = ShingleCache(spool: spool, template: template)
        for pair in try candidatePairs().sorted(by: <) {
            let (a, b) = (Int(pair.a), Int(pair.b))
            let (left, right) = (try cache.shingles(records[a]), try cache.shingles(records[b]))
            guard min(left.count, right.count) >= ProseSimilarity.minimumShingles else { continue }
            let overlap = ProseShingles.overlap(left, right)
            guard Self.reaches(overlap, threshold) else { continue }
            note(a, b, overlap, &matches)
            note(b, a, overlap, &matches)
        }
        return matches
    }

    /// Keeps the most alike other record (then the first in report order) and counts them all.
    private func note(_ index: Int, _ other: Int, _ overlap: (shared: Int, union: Int), _ matches: inout [Int: Match]) {
        guard var match = matches[index] else {
            matches[index] = Match(other: other, shared: overlap.shared, union: overlap.union, count: 1)
            return
        }
        match.count += 1
        // shared/union > match.shared/match.union, exactly.
        let better = overlap.shared * match.union > match.shared * overlap.union
        let tie = overlap.shared * match.union == match.shared * overlap.union && other < match.other
        if better || tie { (match.other, match.shared, match.union) = (other, overlap.shared, overlap.union) }
        matches[index] = match
    }

    /// shared / union ≥ threshold, exactly (the threshold has four decimals).
    static func reaches(_ overlap: (shared: Int, union: Int), _ threshold: Exact) -> Bool {
        overlap.union > 0 && Int128(overlap.shared) * Int128(Exact.scale) >= Int128(threshold.units) * Int128(overlap.union)
    }

    private func issue(_ match: Match, _ mine: ProseBlock, _ theirs: ProseBlock, other: String) -> Issue {
        let (a, b) = (mine.prose(origin: true), theirs.prose(origin: false))
        let passage = ProseSimilarity.longestSharedPassage(a, b)
        var quoted = a.passage(letters: passage, maximum: Self.quotedCharacters + 1)
        if quoted.unicodeScalars.count > Self.quotedCharacters {
            quoted = String(String.UnicodeScalarView(quoted.unicodeScalars.prefix(Self.quotedCharacters))) + "…"
        }
        let letters = a.letters[passage].filter { $0 != NormalizedProse.sentenceBreak }.count
        var evidence = "报告内容与\(other)雷同，相似度\(Self.hundredths(match.shared, match.union))"
        evidence += "（阈值\(threshold.description)）；最长相同段落\(letters)字：「\(quoted)」"
        if match.count > 1 { evidence += "；另有\(match.count - 1)份其他单位的报告相似度达到阈值" }
        let severity: Severity = Self.reaches((match.shared, match.union), high) ? .high : .medium
        return Issue(.templateCopy, severity, evidence: evidence, source: .comparison)
    }

    /// A similarity as evidence shows it: two decimals, cut (not rounded), so that a similarity
    /// just under the high mark never shows as the mark itself.
    static func hundredths(_ shared: Int, _ union: Int) -> String {
        let value = shared * 100 / union
        return value == 100 ? "1.00" : "0." + (value < 10 ? "0" : "") + String(value)
    }

    private func read(_ record: Candidate, _ block: inout [UInt8]) throws(OutputError) -> ProseBlock {
        try spool.read(record.length, at: record.offset, into: &block)
        return ProseBlock(block[..<record.length])
    }

    // MARK: Candidates

    /// The pairs to compare (indices into `records`, smaller first), of different agencies.
    func candidatePairs() throws(OutputError) -> Set<Pair> {
        records.count <= Self.exactLimit ? everyPair() : try bandPairs()
    }

    struct Pair: Hashable, Comparable {
        var a: Int32
        var b: Int32
        static func < (lhs: Pair, rhs: Pair) -> Bool { (lhs.a, lhs.b) < (rhs.a, rhs.b) }
    }

    private func everyPair() -> Set<Pair> {
        var pairs: Set<Pair> = []
        for a in records.indices {
            for b in records.indices.dropFirst(a + 1) where records[a].agency != records[b].agency {
                pairs.insert(Pair(a: Int32(a), b: Int32(b)))
            }
        }
        return pairs
    }

    /// Pairs whose sketches agree on a whole band and on enough bins overall
    /// (`Sketch.agreementsNeeded`): the sketches of every comparable record are read into one
    /// buffer (128 bytes a record), then each band's keys sorted.
    private func bandPairs() throws(OutputError) -> Set<Pair> {
        var sketches = [UInt8](repeating: 0, count: records.count * Sketch.length)
        var block: [UInt8] = []
        for (index, record) in records.enumerated() {
            try spool.read(Sketch.length, at: record.offset, into: &block)
            sketches.replaceSubrange(index * Sketch.length..<(index + 1) * Sketch.length, with: block[..<Sketch.length])
        }
        let needed = Sketch.agreementsNeeded(threshold)
        var pairs: Set<Pair> = []
        let agencies = records.map(\.agency)
        sketches.withUnsafeBufferPointer { sketches in
            // Each band's key and record packed in one word (key high), so that sorting the words
            // sorts by key, then record.
            var keys = [UInt64](repeating: 0, count: records.count)
            for band in 0..<layout.bands {
                for index in records.indices { keys[index] = UInt64(layout.key(sketches, index, band: band)) << 32 | UInt64(index) }
                keys.sort()
                addBucketPairs(keys, sketches, needed: needed, agencies: agencies, to: &pairs)
            }
        }
        return pairs
    }

    private func addBucketPairs(
        _ band: [UInt64], _ sketches: UnsafeBufferPointer<UInt8>, needed: Int, agencies: [Int32], to pairs: inout Set<Pair>
    ) {
        for bucket in equalRuns(band, { $0 >> 32 == $1 >> 32 }) where bucket.count > 1 {
            for a in bucket.indices {
                for b in (a + 1)..<min(bucket.endIndex, a + 1 + Self.bucketLimit) {
                    let (left, right) = (Int(band[a] & 0xFFFF_FFFF), Int(band[b] & 0xFFFF_FFFF))
                    guard agencies[left] != agencies[right], Sketch.agreements(sketches, left, right) >= needed else { continue }
                    pairs.insert(Pair(a: Int32(min(left, right)), b: Int32(max(left, right))))
                }
            }
        }
    }
}

/// The shingle sets of the records being compared, read back from the spool and kept while
/// there are not too many.
private struct ShingleCache {
    let spool: Spool
    let template: NarrativeTemplate
    private var sets: [Int64: [UInt64]] = [:]
    private var block: [UInt8] = []
    private static let capacity = 4_096

    init(spool: Spool, template: NarrativeTemplate) {
        self.spool = spool
        self.template = template
    }

    mutating func shingles(_ record: TemplateCopies.Candidate) throws(OutputError) -> [UInt64] {
        if let set = sets[record.offset] { return set }
        if sets.count >= Self.capacity { sets.removeAll(keepingCapacity: true) }
        try spool.read(record.length, at: record.offset, into: &block)
        let prose = ProseBlock(block[..<record.length])
        // A block is written only for prose with enough shingles, so the set is there.
        let set = ProseShingles.set(of: prose.prose(origin: false), template: template)
        sets[record.offset] = set
        return set
    }
}
