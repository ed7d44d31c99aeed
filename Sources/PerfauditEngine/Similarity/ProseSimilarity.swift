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
    /// which are the template's), then its findings' texts, record-level and in projects.
    public static func texts(of record: Record) -> [String] {
        var texts = record.narrative?.map(\.text) ?? []
        texts += record.findings?.map(\.text) ?? []
        for project in record.projects ?? [] { texts += project.findings.map(\.text) }
        return texts
    }

    /// The names cut out of a record's prose: the department, its county, city and province,
    /// each also without its last character when that is an administrative suffix (遂溪县 → 遂溪).
    public static func names(of record: Record) -> [String] {
        let department = record.department
        var names = [department.name, department.agencyCode]
        for place in [department.county, department.city, department.province] {
            names.append(place)
            if place.count > 2, let last = place.last, "省市县区州盟旗".contains(last) { names.append(String(place.dropLast())) }
        }
        return names
    }

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

    /// The longest passage of `a`'s letters that `b` also has, as a range of `a.letters`
    /// (binary search on the length, each length checked with a rolling hash).
    static func longestSharedPassage(_ a: NormalizedProse, _ b: NormalizedProse) -> Range<Int> {
        var low = 0, high = min(a.letters.count, b.letters.count)
        var found = 0..<0
        while low < high {
            let length = (low + high + 1) / 2
            if let start = sharedStart(length, a.letters, b.letters) {
                found = start..<start + length
                low = length
            } else {
                high = length - 1
            }
        }
        return found
    }

    /// Where in `a` a run of `length` letters starts that `b` also has, or `nil`.
    private static func sharedStart(_ length: Int, _ a: [UInt32], _ b: [UInt32]) -> Int? {
        var windows: [UInt64: Int] = [:]
        RollingHash.forEach(length, in: b) { hash, start in if windows[hash] == nil { windows[hash] = start } }
        var match: Int?
        RollingHash.forEach(length, in: a) { hash, start in
            guard match == nil, let other = windows[hash] else { return }
            if a[start..<start + length].elementsEqual(b[other..<other + length]) { match = start }
        }
        return match
    }
}

/// A polynomial hash over every window of a fixed length, updated in constant time per step.
enum RollingHash {
    private static let base: UInt64 = 0x100_0000_01B3

    static func forEach(_ length: Int, in letters: [UInt32], _ body: (UInt64, Int) -> Void) {
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
