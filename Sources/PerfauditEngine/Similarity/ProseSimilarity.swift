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

    /// The longest passage of `a`'s letters that `b` also has, as a range of `a.letters`: every
    /// shingle-long run of `a` found in `b` (by a table of `b`'s runs, a few places each) is
    /// extended as far as both agree; a run on the diagonal of the longest match so far is part
    /// of it and is not extended again, so that two identical reports cost one pass.
    static func longestSharedPassage(_ a: NormalizedProse, _ b: NormalizedProse) -> Range<Int> {
        let (left, right) = (a.letters, b.letters)
        let width = ProseShingles.width
        guard left.count >= width, right.count >= width else { return longestShort(left, right) }
        var places: [UInt64: [Int]] = [:]
        RollingHash.forEach(width, in: right) { hash, start in
            if places[hash, default: []].count < 8 { places[hash, default: []].append(start) }
        }
        var best = (start: 0, other: 0, length: 0)
        RollingHash.forEach(width, in: left) { hash, start in
            guard let candidates = places[hash] else { return }
            for other in candidates {
                if start < best.start + best.length && other - best.other == start - best.start { continue }
                var length = 0
                while start + length < left.count && other + length < right.count && left[start + length] == right[other + length] {
                    length += 1
                }
                if length > best.length { best = (start, other, length) }
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
