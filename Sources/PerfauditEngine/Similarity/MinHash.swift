import PerfauditCore

/// One-permutation MinHash (Li, Owen & Zhang 2012) of a shingle set, densified by rotation
/// (Shrivastava & Li 2014): each shingle's hash falls into one of `bins` bins by its top bits and
/// the bin keeps the smallest low 32 bits; an empty bin takes the value of the next non-empty bin
/// to its right, offset by the distance. Two sets' signatures agree in a bin with probability
/// about their Jaccard similarity, at one hash per shingle instead of one per shingle and bin.
enum MinHash {
    static let bins = 128

    /// The signature of a report's shingles other than the template's, straight from its letters
    /// (a repeated shingle changes no minimum, so no set is built), how many shingles it saw,
    /// repeats included, and the wrapping sum of their hashes (which changes when the shingles do:
    /// the fingerprint of what was compared). `names` are cut out of `letters` and at most `limit`
    /// letters taken on the way, as `NormalizedProse` cuts and limits them, in the same pass.
    static func signature(
        of letters: consuming [UInt32], cutting names: NormalizedProse.NamePatterns, limit: Int, template: NarrativeTemplate
    ) -> (signature: [UInt32], shingles: Int, sum: UInt64) {
        var values = [UInt32](repeating: empty, count: bins)
        var count = 0
        var sum: UInt64 = 0
        // The letters are cut a sentence at a time into their own storage: the array is handed
        // over (the workers' only copy is moved here, not copied).
        var letters = letters
        values.withUnsafeMutableBufferPointer { values in
            letters.withUnsafeMutableBufferPointer { letters in
                (count, sum) = fill(values.baseAddress!, from: letters, cutting: names, limit: limit, template: template)
            }
        }
        return (densified(values, values.map { $0 != empty }), count, sum)
    }

    /// Lowers each bin to the smallest value of its shingles (those of `letters`, names cut and
    /// `limit` letters at most, that are not the template's) and returns how many shingles it took
    /// and the wrapping sum of their hashes: the shingles of `ProseShingles.forEach` over the cut
    /// letters. A sentence at a time: its letters are cut into the front of `letters` (never
    /// ahead of where they are read) and hashed; a sentence that is one of the template's has
    /// only template shingles and is skipped whole, the others are shingled.
    @inline(__always)
    private static func fill(
        _ values: UnsafeMutablePointer<UInt32>, from letters: UnsafeMutableBufferPointer<UInt32>,
        cutting names: NormalizedProse.NamePatterns, limit: Int, template: NarrativeTemplate
    ) -> (count: Int, sum: UInt64) {
        var count = 0
        var sum: UInt64 = 0
        var kept = 0
        var read = 0
        let source = UnsafeBufferPointer(letters)
        while read < letters.count && kept < limit {
            // One sentence, cut into letters[0..<length].
            var length = 0
            var hash = TemplateSentences.seed
            while read < letters.count && kept < limit {
                if !names.isEmpty, let name = names.length(at: read, in: source) {
                    read += name
                    continue
                }
                let letter = letters[read]
                read += 1
                kept += 1
                if letter == NormalizedProse.sentenceBreak { break }
                letters[length] = letter
                length += 1
                hash = TemplateSentences.hash(hash, letter)
            }
            guard length >= ProseShingles.width else { continue }
            let sentence = UnsafeBufferPointer(rebasing: source[0..<length])
            guard !template.sentences.contains(sentence, hash: hash) else { continue }
            let (taken, added) = lower(values, by: sentence, unless: template.shingles)
            count &+= taken
            sum &+= added
        }
        return (count, sum)
    }

    /// Lowers the bins by the shingles of one sentence that are not the template's, and returns
    /// how many it took and their hashes' sum: a function of its own, so that the sum and the
    /// count stay in registers (inside `fill` they were kept in memory, a store and a load per
    /// shingle).
    @inline(never)
    private static func lower(
        _ values: UnsafeMutablePointer<UInt32>, by sentence: UnsafeBufferPointer<UInt32>, unless template: ShingleTable
    ) -> (count: Int, sum: UInt64) {
        var count = 0
        var sum: UInt64 = 0
        for end in (ProseShingles.width - 1)..<sentence.count {
            let shingle = ProseShingles.hash(sentence, endingAt: end)
            guard !template.contains(shingle) else { continue }
            // No branch on the bin: which bins were filled is read off the values afterwards.
            let bin = Int(shingle >> 57)
            values[bin] = min(values[bin], min(UInt32(truncatingIfNeeded: shingle), empty - 1))
            count &+= 1
            sum &+= shingle
        }
        return (count, sum)
    }

    /// What an empty bin holds; a shingle's value is at most one less (a bin is empty exactly
    /// when no shingle fell into it).
    private static let empty = UInt32.max

    static func densified(_ values: [UInt32], _ filled: [Bool]) -> [UInt32] {
        guard filled.contains(true) else { return values }
        var signature = values
        for bin in 0..<bins where !filled[bin] {
            var distance = 1
            while !filled[(bin + distance) % bins] { distance += 1 }
            signature[bin] = values[(bin + distance) % bins] &+ UInt32(distance) &* 0x9E37_79B1
        }
        return signature
    }
}

/// A signature kept as one byte per bin (b-bit minwise hashing, Li & König 2010): two reports'
/// bytes agree in a bin with probability J + (1 − J)/256, so the share of agreeing bytes estimates
/// their similarity closely enough to drop, at the cost of 128 byte comparisons, the pairs LSH
/// proposes that are far from the threshold.
enum Sketch {
    static let length = MinHash.bins

    static func of(_ signature: [UInt32]) -> [UInt8] {
        signature.map { UInt8(truncatingIfNeeded: ($0 &* 0x9E37_79B1) >> 24) }
    }

    /// How far below the threshold a pair's estimate may be and the pair still be measured
    /// exactly: 0.2, five standard deviations of the estimate at 0.7 over 128 bins.
    static let margin = Exact.parsed("0.2")

    /// The agreeing bytes a pair needs to be measured: 128 × (threshold − margin), rounded down.
    static func agreementsNeeded(_ threshold: Exact) -> Int {
        max(0, Int((Int64(length) * (threshold - margin).units) / Exact.scale))
    }

    /// How many bytes of two sketches (at `a` and `b` in `sketches`) agree: eight at a time, the
    /// zero bytes of their exclusive or counted with the usual bit trick.
    @inline(__always)
    static func agreements(_ sketches: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Int {
        let raw = UnsafeRawPointer(sketches.baseAddress!)
        let (left, right) = (raw + a * length, raw + b * length)
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var count = 0
        for word in stride(from: 0, to: length, by: 8) {
            let x = left.loadUnaligned(fromByteOffset: word, as: UInt64.self) ^ right.loadUnaligned(fromByteOffset: word, as: UInt64.self)
            // The high bit of each byte of `zero` is set exactly where that byte of x is 0.
            let zero = ~(((x & low7) &+ low7) | x | low7)
            count += zero.nonzeroBitCount
        }
        return count
    }
}

/// How the sketch is cut into LSH bands: `rows` bins per band, `bands` bands; two reports are
/// candidates when their sketches agree on every bin of at least one band, which happens with
/// probability about 1 − (1 − J^rows)^bands for a pair of similarity J.
struct BandLayout: Equatable {
    let rows: Int
    var bands: Int { MinHash.bins / rows }

    /// The layout for a threshold: the most rows per band (the fewest pairs proposed in vain)
    /// that still miss a pair at the threshold with probability at most 1/1000, down to two rows.
    /// The lower bounds are where (1 − t^rows)^bands crosses 1/1000 (docs/template-detection.md;
    /// a test recomputes them): rows 4 (32 bands) from 0.67, 3 (42) from 0.54, else 2 (64; at
    /// the lowest threshold allowed, 0.3, it misses 2.4/1000).
    static func forThreshold(_ threshold: Exact) -> BandLayout {
        for (rows, lowest) in lowestThresholds where threshold >= lowest { return BandLayout(rows: rows) }
        return BandLayout(rows: 2)
    }

    static let lowestThresholds: [(rows: Int, threshold: Exact)] = [(4, .parsed("0.67")), (3, .parsed("0.54"))]

    /// The lowest threshold `--template-threshold` accepts.
    static let lowestThreshold = Exact.parsed("0.3")

    /// Band `band`'s key of the sketch at `index`: its bytes, side by side.
    @inline(__always)
    func key(_ sketches: UnsafeBufferPointer<UInt8>, _ index: Int, band: Int) -> UInt32 {
        var key: UInt32 = 0
        let start = index * Sketch.length + band * rows
        for bin in start..<start + rows { key = key << 8 | UInt32(sketches[bin]) }
        return key
    }
}
