import PerfauditCore

/// What the sampling needs of one scored record, kept in its `ReportEntry` (17 bytes, 4-aligned,
/// so the entry grows from 64 to 88 bytes): the self score, the self − verified gap, the issues'
/// amount at stake and whether the self score is above the attainable maximum. Scores are in
/// `Exact` units clamped to 32 bits (±214,748 points, far beyond any band); the amount saturates
/// at `Int64` and is kept as two 32-bit halves, which an `Int64` field's alignment would cost 8
/// bytes more.
struct RiskFacts: Sendable {
    var selfScore: Int32
    /// `notVerified` for a self-only record.
    var selfMinusVerified: Int32
    private var amountLow: UInt32
    private var amountHigh: UInt32
    var aboveAttainable: Bool

    static let notVerified = Int32.min

    init(_ scored: ScoredRecord, issues: [Issue]) {
        let selfScore = scored.record.selfAssessment.score
        self.selfScore = Int32(clamping: selfScore.units)
        selfMinusVerified = scored.selfMinusVerified.map { Int32(clamping: max($0.units, Int64(Int32.min) + 1)) } ?? Self.notVerified
        aboveAttainable = selfScore > scored.attainableMax
        var amount: Int64 = 0
        for issue in issues {
            guard let value = issue.amountAtStake, value > .zero else { continue }
            let (sum, overflow) = amount.addingReportingOverflow(value.units)
            amount = overflow ? Int64.max : sum
        }
        amountLow = UInt32(truncatingIfNeeded: amount)
        amountHigh = UInt32(truncatingIfNeeded: amount >> 32)
    }

    /// Σ of the issues' amount at stake, in `Exact` units (saturated).
    var amountAtStake: Int64 { Int64(amountHigh) << 32 | Int64(amountLow) }

    var isVerified: Bool { selfMinusVerified != Self.notVerified }
    var selfScoreExact: Exact { Exact(units: Int64(selfScore)) }
    var gap: Exact? { isVerified ? Exact(units: Int64(selfMinusVerified)) : nil }
}
