import PerfauditCore

/// How `sample.csv` is drawn (docs/sampling.md): the share of self-only records to re-check,
/// the share of that sample drawn at random, the random draw's seed and the risk weights.
public struct SamplingOptions: Sendable, Equatable {
    /// Percent of the self-only records (`--sample-share`, 0 < P ≤ 100); the size is rounded up.
    public var share: Exact
    /// Percent of the sample drawn at random (`--sample-random-share`, 0 ≤ P ≤ 100), rounded up.
    public var randomShare: Exact
    /// The random draw's seed (`--sample-seed`); `nil`: the latest fiscal year of the run.
    public var seed: UInt64?
    public var weights: SamplingWeights

    public static let defaultShare = Exact(20)
    public static let defaultRandomShare = Exact(25)

    public init(
        share: Exact = SamplingOptions.defaultShare, randomShare: Exact = SamplingOptions.defaultRandomShare,
        seed: UInt64? = nil, weights: SamplingWeights = .shipped
    ) {
        self.share = share
        self.randomShare = randomShare
        self.seed = seed
        self.weights = weights
    }

    /// A usage mistake: an option outside its range, in the option's own words.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Refuses shares outside their ranges.
    public func validate() throws(Invalid) {
        guard share > .zero && share <= Exact(100) else {
            throw Invalid(description: "--sample-share must be a percentage greater than 0 and at most 100 (got \(share))")
        }
        guard randomShare >= .zero && randomShare <= Exact(100) else {
            throw Invalid(description: "--sample-random-share must be a percentage from 0 to 100 (got \(randomShare))")
        }
    }

    /// ⌈percent × count / 100⌉, exactly.
    static func roundedUp(_ percent: Exact, of count: Int) -> Int {
        let numerator = Int128(percent.units) * Int128(count)
        let denominator = Int128(Exact.scale) * 100
        return Int((numerator + denominator - 1) / denominator)
    }
}
