import PerfauditCore

/// How alike two reports' prose is, as template detection measures it: the Jaccard similarity
/// of their sets of character 5-gram shingles (`ProseShingles`), after cutting out the
/// department's and places' names, figures and punctuation (`NormalizedProse`) and the
/// template's own shingles (`NarrativeTemplate`). Also the longest passage two reports share.
public enum ProseSimilarity {
    /// A report with fewer distinct shingles than this (after stripping) is not compared: a
    /// couple of stock sentences are too little text to call a copy.
    public static let minimumShingles = 50
    /// Only the first this many letters of a report's prose are compared, so that a hostile file
    /// of megabytes of text costs no more than a long report.
    public static let maximumLetters = 100_000

    /// The texts of a record that are compared: its narrative sections' texts (not their titles,
    /// which are the template's), then its findings' texts, record-level and in projects. None
    /// for a record without a narrative: its findings alone are the evaluator's words, often the
    /// same stock sentences for every department the evaluator reviewed, not the department's report.
    public static func texts(of record: Record) -> [String] {
        guard let narrative = record.narrative, !narrative.isEmpty else { return [] }
        var texts = narrative.map(\.text)
        texts += record.findings?.map(\.text) ?? []
        for project in record.projects ?? [] { texts += project.findings.map(\.text) }
        return texts
    }

    /// The names cut out of a record's prose: the department, its county, city and province,
    /// each also without its last character when that is an administrative suffix (遂溪县 → 遂溪).
    public static func names(of record: Record) -> [String] {
        departmentNames(of: record.department) + placeNames(of: record.department)
    }

    /// The department's own part of `names(of:)`: its name and agency code.
    static func departmentNames(of department: Department) -> [String] { [department.name, department.agencyCode] }

    /// The places' part of `names(of:)`: the same for every department of a county.
    static func placeNames(of department: Department) -> [String] {
        var names: [String] = []
        for place in [department.county, department.city, department.province] {
            names.append(place)
            // By scalars, not characters: a place name is letters, and counting characters would
            // break graphemes for every record.
            let scalars = place.unicodeScalars
            if scalars.count > 2, let last = scalars.last, administrativeSuffixes.contains(last) {
                names.append(String(String.UnicodeScalarView(scalars.dropLast())))
            }
        }
        return names
    }

    private static let administrativeSuffixes = Set("省市县区州盟旗".unicodeScalars)

    /// The shingle set of a record's prose, sorted; `nil` when it is too short to compare.
    static func shingles(of record: Record, template: NarrativeTemplate) -> [UInt64]? {
        shingles(NormalizedProse(texts(of: record), names: names(of: record), limit: maximumLetters), template: template)
    }

    static func shingles(_ prose: NormalizedProse, template: NarrativeTemplate) -> [UInt64]? {
        let set = ProseShingles.set(of: prose, template: template)
        return set.count >= minimumShingles ? set : nil
    }

    /// The similarity of two records' prose as an exact fraction (shared shingles over shingles
    /// in either); `nil` when either has too little prose to compare.
    public static func similarity(_ a: Record, _ b: Record, template: NarrativeTemplate = .shipped) -> Rational? {
        guard let left = shingles(of: a, template: template), let right = shingles(of: b, template: template) else {
            return nil
        }
        let overlap = ProseShingles.overlap(left, right)
        return Rational(Int128(overlap.shared), Int128(overlap.union))
    }

    /// The longest passage of `a`'s letters that `b` also has, as a range of `a.letters`: every
    /// shingle-long run of `a` found in `b` (at its first few places there, by a hash table of
    /// `b`'s runs chained in arrays) is extended as far as both agree; a run on the diagonal of
    /// the longest match so far is part of it and is not extended again, so that two identical
    /// reports cost one pass.
    static func longestSharedPassage(_ a: NormalizedProse, _ b: NormalizedProse) -> Range<Int> {
        let (left, right) = (a.letters, b.letters)
        let width = ProseShingles.width
        guard left.count >= width, right.count >= width else { return longestShort(left, right) }
        var best = (start: 0, other: 0, length: 0)
        left.withUnsafeBufferPointer { left in
            right.withUnsafeBufferPointer { right in
                let places = RunPlaces(right, width: width)
                RollingHash.forEach(width, in: left) { hash, start in
                    places.forEach(hash, upTo: RunPlaces.placesPerRun) { other in
                        if start < best.start + best.length && other - best.other == start - best.start { return }
                        var length = 0
                        while start + length < left.count && other + length < right.count && left[start + length] == right[other + length] {
                            length += 1
                        }
                        if length > best.length { best = (start, other, length) }
                    }
                }
            }
        }
        return best.start..<best.start + best.length
    }

    /// The longest common run of two texts shorter than a shingle (by brute force: they are short).
    private static func longestShort(_ a: [UInt32], _ b: [UInt32]) -> Range<Int> {
        var best = 0..<0
        for start in a.indices {
            for other in b.indices {
                var length = 0
                while start + length < a.count && other + length < b.count && a[start + length] == b[other + length] { length += 1 }
                if length > best.count { best = start..<start + length }
            }
        }
        return best
    }
}

/// A polynomial hash over every window of a fixed length, updated in constant time per step.
enum RollingHash {
    private static let base: UInt64 = 0x100_0000_01B3

    static func forEach(_ length: Int, in letters: UnsafeBufferPointer<UInt32>, _ body: (UInt64, Int) -> Void) {
        guard length > 0, letters.count >= length else { return }
        var power: UInt64 = 1
        for _ in 1..<max(length, 1) { power = power &* base }
        var hash: UInt64 = 0
        for index in 0..<letters.count {
            if index >= length { hash = hash &- UInt64(letters[index - length]) &* power }
            hash = hash &* base &+ UInt64(letters[index])
            if index >= length - 1 { body(hash, index - length + 1) }
        }
    }
}

/// Where each shingle-long run of a text starts, by its rolling hash: a table of chains through
/// an array (no allocation per run), each chain in ascending order of start.
struct RunPlaces {
    /// Only a run's first this many places are tried: a run repeated more often is filler.
    static let placesPerRun = 8
    private let hashes: [UInt64]
    /// The first start of each bucket's chain, then each start's next in its bucket; −1 ends one.
    private let heads: [Int32]
    private let next: [Int32]
    private let mask: Int

    init(_ letters: UnsafeBufferPointer<UInt32>, width: Int) {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(max(0, letters.count - width + 1))
        RollingHash.forEach(width, in: letters) { hash, _ in hashes.append(hash) }
        var size = 16
        while size < 2 * hashes.count { size <<= 1 }
        var heads = [Int32](repeating: -1, count: size)
        var next = [Int32](repeating: -1, count: hashes.count)
        // Last start first, so that each chain runs in ascending order.
        for start in hashes.indices.reversed() {
            let bucket = Self.bucket(hashes[start], size - 1)
            next[start] = heads[bucket]
            heads[bucket] = Int32(start)
        }
        (self.hashes, self.heads, self.next, mask) = (hashes, heads, next, size - 1)
    }

    /// A run's bucket: its hash's low bits with high ones folded in.
    @inline(__always)
    private static func bucket(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: hash ^ hash >> 29) & mask }

    /// Calls `body` with the first `limit` starts of the run whose hash is `hash`, ascending.
    @inline(__always)
    func forEach(_ hash: UInt64, upTo limit: Int, _ body: (Int) -> Void) {
        var place = Int(heads[Self.bucket(hash, mask)])
        var found = 0
        while place >= 0 && found < limit {
            if hashes[place] == hash {
                body(place)
                found += 1
            }
            place = Int(next[place])
        }
    }
}
