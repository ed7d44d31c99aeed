import PerfauditCore

/// One-permutation MinHash (Li, Owen & Zhang 2012) of a shingle set, densified by rotation
/// (Shrivastava & Li 2014): each shingle's hash falls into one of `bins` bins by its top bits and
/// the bin keeps the smallest low 32 bits; an empty bin takes the value of the next non-empty bin
/// to its right, offset by the distance. Two sets' signatures agree in a bin with probability
/// about their Jaccard similarity, at one hash per shingle instead of one per shingle and bin.
enum MinHash {
    static let bins = 128

    static func signature(_ shingles: [UInt64]) -> [UInt32] {
        var values = [UInt32](repeating: .max, count: bins)
        var filled = [Bool](repeating: false, count: bins)
        for hash in shingles {
            let bin = Int(hash >> 57)
            let value = UInt32(truncatingIfNeeded: hash)
            if !filled[bin] || value < values[bin] { values[bin] = value }
            filled[bin] = true
        }
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

/// How the signature is cut into LSH bands: `rows` bins per band, `bands` bands; two reports are
/// compared when their signatures agree on every bin of at least one band, which happens with
/// probability 1 − (1 − J^rows)^bands for a pair of similarity J.
struct BandLayout: Equatable {
    let rows: Int
    var bands: Int { MinHash.bins / rows }

    /// The layout for a threshold: the most rows per band (the fewest pairs compared in vain)
    /// that still miss a pair at the threshold with probability at most 1/1000. The lower bounds
    /// are where (1 − t^rows)^bands crosses 1/1000 (docs/template-detection.md; a test recomputes
    /// them): rows 4 (32 bands) from 0.67, 3 (42) from 0.54, 2 (64) from 0.32, else 1 (128).
    static func forThreshold(_ threshold: Exact) -> BandLayout {
        for (rows, lowest) in lowestThresholds where threshold >= lowest { return BandLayout(rows: rows) }
        return BandLayout(rows: 1)
    }

    static let lowestThresholds: [(rows: Int, threshold: Exact)] = [
        (4, .parsed("0.67")), (3, .parsed("0.54")), (2, .parsed("0.32")),
    ]

    /// Each band's key: its bins' values hashed with the band's number.
    func keys(_ signature: [UInt32]) -> [UInt64] {
        (0..<bands).map { band in
            var key = ProseShingles.mix(UInt64(band) &+ 0x5851_F42D_4C95_7F2D)
            for bin in band * rows..<(band + 1) * rows { key = ProseShingles.mix(key ^ UInt64(signature[bin])) }
            return key
        }
    }
}
