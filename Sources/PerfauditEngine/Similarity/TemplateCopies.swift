import Dispatch
import Synchronization
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

    /// A record with prose to compare: its entry (report order), agency, and where its block
    /// (`ProseBlock`) starts in the spool; 16 bytes, one for every comparable record of the batch.
    struct Candidate {
        private let entryIndex: Int32
        let agency: Int32
        let offset: Int64

        var entry: Int { Int(entryIndex) }

        init(entry: Int, agency: Int32, offset: Int64) {
            entryIndex = Int32(entry)
            self.agency = agency
            self.offset = offset
        }
    }

    let records: [Candidate]
    let spool: Spool
    let threshold: Exact
    let high: Exact
    let layout: BandLayout
    let template: NarrativeTemplate
    /// Makes a reader (for one thread) of an entry's record read again from its file (`nil` when
    /// it no longer loads).
    let reload: @Sendable () -> (Int) -> Record?

    /// The best match of a flagged record (index into `records`) and how many matched.
    struct Match: Equatable {
        var other: Int
        var shared: Int
        var union: Int
        var count: Int
    }

    /// The issues by entry index; `describe` names an entry as evidence does.
    func issues(describe: (Int) -> String) throws(OutputError) -> [Int: [Issue]] {
        var cache = ShingleCache()
        let found = try matches(keeping: &cache)
        // The flagged records whose reports the comparisons left in the cache first, so that
        // they are not read a third time.
        let ordered = found.sorted { $0.key < $1.key }
        let held = { (match: (key: Int, value: Match)) in cache.holds(match.key) && cache.holds(match.value.other) }
        let matches = ordered.filter(held) + ordered.filter { !held($0) }
        var result: [Int: [Issue]] = [:]
        // A chunk at a time, so that at most `ShingleCache.capacity` reports are held.
        for first in stride(from: 0, to: matches.count, by: ShingleCache.capacity / 2) {
            let chunk = Array(matches[first..<min(first + ShingleCache.capacity / 2, matches.count)])
            let wanted = chunk.flatMap { [$0.key, $0.value.other] }
            cache.makeRoom(for: Set(wanted))
            try prefetch(wanted, into: &cache)
            let others = chunk.map { describe(records[$0.value.other].entry) }
            for (index, issue) in evidence(chunk, others, cache).enumerated() {
                if let issue { result[records[chunk[index].key].entry] = [issue] }
            }
        }
        return result
    }

    /// The issue of each flagged record of `chunk` (the longest shared passage above all), on
    /// every core; `nil` where a report could not be read again.
    private func evidence(_ chunk: [(key: Int, value: Match)], _ others: [String], _ cache: ShingleCache) -> [Issue?] {
        let found = Mutex([Issue?](repeating: nil, count: chunk.count))
        let known = UncheckedCache(cache: cache)
        let workers = min(BatchRunner.defaultJobs, max(1, chunk.count))
        DispatchQueue.concurrentPerform(iterations: workers) { part in
            for index in stride(from: part, to: chunk.count, by: workers) {
                let (record, match) = chunk[index]
                guard let mine = known.cache[record] ?? nil, let theirs = known.cache[match.other] ?? nil else { continue }
                let issue = issue(match, mine.source, theirs.source, other: others[index])
                found.withLock { $0[index] = issue }
            }
        }
        return found.withLock { $0 }
    }

    /// Every record (index into `records`) alike enough to another agency's, with its best match.
    func matches() throws(OutputError) -> [Int: Match] {
        var cache = ShingleCache()
        return try matches(keeping: &cache)
    }

    /// The matches, leaving in `cache` the reports last read, flagged ones before others.
    private func matches(keeping cache: inout ShingleCache) throws(OutputError) -> [Int: Match] {
        var matches: [Int: Match] = [:]
        let candidates = try candidatePairs()
        var start = 0
        while start < candidates.count {
            // The next pairs whose reports fit in the cache together, read and measured at once.
            var wanted: Set<Int> = []
            var end = start
            while end < candidates.count {
                let pair = [Int(candidates[end].a), Int(candidates[end].b)]
                let added = pair.filter { !wanted.contains($0) }.count
                if end > start && wanted.count + added > ShingleCache.capacity { break }
                wanted.formUnion(pair)
                end += 1
            }
            cache.makeRoom(for: wanted) { matches[$0] != nil }
            try prefetch(Array(wanted), into: &cache)
            for pair in candidates[start..<end] {
                let (a, b) = (Int(pair.a), Int(pair.b))
                guard let left = cache[a] ?? nil, let right = cache[b] ?? nil,
                    min(left.shingles.count, right.shingles.count) >= ProseSimilarity.minimumShingles
                else { continue }
                let overlap = ProseShingles.overlap(left.shingles, right.shingles)
                guard Self.reaches(overlap, threshold) else { continue }
                note(a, b, overlap, &matches)
                note(b, a, overlap, &matches)
            }
            start = end
        }
        return matches
    }

    /// Reads and measures the records of `wanted` not yet in the cache, on every core.
    private func prefetch(_ wanted: [Int], into cache: inout ShingleCache) throws(OutputError) {
        let missing = Set(wanted).filter { cache[$0] == nil }.sorted()
        guard !missing.isEmpty else { return }
        let workers = min(BatchRunner.defaultJobs, missing.count)
        let results = Mutex([Measured?](repeating: nil, count: missing.count))
        let failure = Mutex<OutputError?>(nil)
        DispatchQueue.concurrentPerform(iterations: workers) { part in
            let read = reload()
            var block: [UInt8] = []
            for index in stride(from: part, to: missing.count, by: workers) {
                do throws(OutputError) {
                    let found = try measure(missing[index], &block, read)
                    results.withLock { $0[index] = found }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        for (index, found) in results.withLock({ $0 }).enumerated() { cache[missing[index]] = .some(found) }
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

    private func issue(_ match: Match, _ mine: ProseSource, _ theirs: ProseSource, other: String) -> Issue {
        let (a, b) = (mine.normalized(origin: true), theirs.normalized(origin: false))
        var passage = ProseSimilarity.longestSharedPassage(a, b)
        // A passage starts and ends with a letter, not with the end of a sentence.
        while let first = passage.first, a.letters[first] == NormalizedProse.sentenceBreak { passage = passage.dropFirst() }
        while let last = passage.last, a.letters[last] == NormalizedProse.sentenceBreak { passage = passage.dropLast() }
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

    /// The prose of `records[index]` read again and its shingle set, if it is still what the
    /// worker compared (the fingerprint of its shingles, taken on the way, is the worker's).
    private func measure(_ index: Int, _ block: inout [UInt8], _ read: (Int) -> Record?) throws(OutputError) -> Measured? {
        try spool.read(ProseBlock.length, at: records[index].offset, into: &block)
        guard let again = read(records[index].entry) else { return nil }
        let source = ProseSource(again)
        let (shingles, count, sum) = ProseShingles.measured(source.normalized(origin: false), template: template)
        guard ProseSource.fingerprint(count: count, sum: sum) == ProseBlock.fingerprint(block[..<ProseBlock.length]) else { return nil }
        return Measured(source: source, shingles: shingles)
    }

    // MARK: Candidates

    /// The pairs to compare (indices into `records`, smaller first), of different agencies, in
    /// order, each once.
    func candidatePairs() throws(OutputError) -> [Pair] {
        var packed = records.count <= Self.exactLimit ? everyPair() : try bandPairs()
        RadixSort.sortUnique(&packed)
        return packed.map { Pair(a: Int32(truncatingIfNeeded: $0 >> 32), b: Int32(truncatingIfNeeded: $0)) }
    }

    struct Pair: Hashable {
        var a: Int32
        var b: Int32

        /// The pair as one word, `a` high: words sort as pairs do.
        static func packed(_ a: Int, _ b: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) }
    }

    private func everyPair() -> [UInt64] {
        var pairs: [UInt64] = []
        for a in records.indices {
            for b in records.indices.dropFirst(a + 1) where records[a].agency != records[b].agency {
                pairs.append(Pair.packed(a, b))
            }
        }
        return pairs
    }

    /// Pairs whose sketches agree on a whole band and on enough bins overall
    /// (`Sketch.agreementsNeeded`): the sketches of every comparable record are read into one
    /// buffer (128 bytes a record), then each band's keys sorted.
    private func bandPairs() throws(OutputError) -> [UInt64] {
        var sketches = [UInt8](repeating: 0, count: records.count * Sketch.length)
        var block: [UInt8] = []
        for (index, record) in records.enumerated() {
            try spool.read(Sketch.length, at: record.offset, into: &block)
            sketches.replaceSubrange(index * Sketch.length..<(index + 1) * Sketch.length, with: block[..<Sketch.length])
        }
        let needed = Sketch.agreementsNeeded(threshold)
        var pairs: [UInt64] = []
        sketches.withUnsafeBufferPointer { sketches in
            // Each band's key and record packed in one word (key high), so that sorting the words
            // sorts by key, then record (in order already: only the key's bytes are sorted).
            var keys = [UInt64](repeating: 0, count: records.count)
            for band in 0..<layout.bands {
                for index in records.indices { keys[index] = UInt64(layout.key(sketches, index, band: band)) << 32 | UInt64(index) }
                RadixSort.sort(&keys, orderedBytes: 4)
                addBucketPairs(keys, sketches, needed: needed, to: &pairs)
            }
        }
        return pairs
    }

    private func addBucketPairs(
        _ band: [UInt64], _ sketches: UnsafeBufferPointer<UInt8>, needed: Int, to pairs: inout [UInt64]
    ) {
        for bucket in equalRuns(band, { $0 >> 32 == $1 >> 32 }) where bucket.count > 1 {
            for a in bucket.indices {
                for b in (a + 1)..<min(bucket.endIndex, a + 1 + Self.bucketLimit) {
                    let (left, right) = (Int(band[a] & 0xFFFF_FFFF), Int(band[b] & 0xFFFF_FFFF))
                    guard records[left].agency != records[right].agency, Sketch.agreements(sketches, left, right) >= needed else { continue }
                    pairs.append(Pair.packed(min(left, right), max(left, right)))
                }
            }
        }
    }
}

/// A record's prose read again and its shingle set.
private struct Measured: Sendable {
    var source: ProseSource
    var shingles: [UInt64]
}

/// The reports of the pairs being measured (`nil` for one whose prose could not be read again):
/// at most `capacity` at a time, some 15 KB each at a generated report's length.
private struct ShingleCache: Sendable {
    private var known: [Int: Measured?] = [:]
    static let capacity = 256

    /// Whether the report of `record` is held (or known not to read again).
    func holds(_ record: Int) -> Bool { known[record] != nil }

    /// Drops what `wanted` does not name until the rest of it fits: first what `keep` does not
    /// say to keep, then the rest. `wanted` holds at most `capacity` records.
    mutating func makeRoom(for wanted: Set<Int>, keep: (Int) -> Bool = { _ in false }) {
        let missing = wanted.filter { known[$0] == nil }.count
        guard known.count + missing > Self.capacity else { return }
        let spare = known.keys.filter { !wanted.contains($0) }.sorted { (keep($0) ? 1 : 0, $0) < (keep($1) ? 1 : 0, $1) }
        for record in spare.prefix(known.count + missing - Self.capacity) { known.removeValue(forKey: record) }
    }

    subscript(record: Int) -> Measured?? {
        get { known[record] }
        set { known.updateValue(newValue ?? nil, forKey: record) }
    }
}

/// The cache, read by the threads that write the evidence; nothing changes it meanwhile.
private struct UncheckedCache: @unchecked Sendable {
    let cache: ShingleCache
}
