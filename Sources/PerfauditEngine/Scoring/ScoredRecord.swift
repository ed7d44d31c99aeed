import PerfauditCore

/// One indicator of one record: the scores given, the interval the figures allow, and what
/// follows from them (scoring.md, "Intervals").
public struct IndicatorResult: Sendable {
    public let indicator: Indicator
    public let selfScore: Exact?
    public let verifiedScore: Exact?
    /// The evaluator's 评分说明, when given.
    public let verifiedNote: String?
    /// The interval, each end rounded half-up to 2 decimals once.
    public let lo: Exact
    public let hi: Exact
    /// The verified score if there is one, else the self score.
    public let reference: Exact?
    /// `reference` clamped into `[lo, hi]`.
    public let recomputed: Exact?
    /// The figures behind the interval, e.g. `差异率=36.04%`.
    public let evidence: String
    /// Whether the figures fixed the interval (a formula with all its facts).
    public let computed: Bool

    /// The reference score lies outside what the figures allow.
    public var deviation: Bool {
        guard let reference else { return false }
        return reference < lo || reference > hi
    }
}

/// An indicator score a record gives for an id its rulebook does not have.
public struct UnknownIndicatorScore: Sendable {
    public let id: String
    public let score: Exact
    /// `self` or `verification`.
    public let source: String
}

/// A scored record: per-indicator results and the record's totals, grades and comparison.
public struct ScoredRecord: Sendable {
    public let record: Record
    public let rulebook: Rulebook
    public let indicators: [IndicatorResult]
    public let unknownIndicators: [UnknownIndicatorScore]
    /// The self grade derived from the self score by the rulebook's bands.
    public let selfGrade: Grade
    public let verifiedScore: Exact?
    public let verifiedGrade: Grade?
    /// Bonus and penalty points counted in the recomputed total and attainable maximum.
    public let bonus: Exact
    public let penalty: Exact
    public let recomputedTotal: Exact?
    public let recomputedGrade: Grade?
    public let attainableMax: Exact

    public var isVerified: Bool { record.verification != nil }
    public var status: String { isVerified ? "verified" : "self_only" }

    public var selfMinusVerified: Exact? { verifiedScore.map { record.selfAssessment.score - $0 } }

    /// Self grade differs from verified grade; `nil` when not verified.
    public var gradeMismatch: Bool? {
        guard isVerified, let verifiedGrade else { return nil }
        return selfGrade != verifiedGrade
    }
}
