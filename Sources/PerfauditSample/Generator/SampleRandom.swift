import PerfauditCore

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast generator whose whole output is fixed by
/// its seed, on every platform and Swift version. The sample generator never uses the system
/// generator nor the standard library's `random(in:)` (whose algorithm is not part of its contract).
struct SampleRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one item of a stream: the seed and the index mixed so that neighbouring
    /// indices give unrelated sequences.
    init(seed: UInt64, stream: UInt64, index: UInt64) {
        state = SampleRandom.mix(seed ^ SampleRandom.mix(stream &+ 0x9E37_79B9_7F4A_7C15 &* (index &+ 1)))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return Self.mix(state)
    }

    /// Uniform in `0..<bound` (multiply-high; the bias is below 2⁻³² for any bound used here).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in `range` (64-bit).
    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int64(next().multipliedFullWidth(by: width).high)
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// A multiplier in per-mille, uniform in `range` (e.g. 930...1000 for 93 %–100 %).
    mutating func permille(_ range: ClosedRange<Int>) -> Int64 { Int64(int(range)) }
}
