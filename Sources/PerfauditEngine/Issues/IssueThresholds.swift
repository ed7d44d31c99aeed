import PerfauditCore

/// The thresholds of the issues register; each is a `perfaudit run` option, defaults as in outputs.md.
public struct IssueThresholds: Sendable, Equatable {
    /// SCORE_GAP when self − verified ≥ this (points).
    public var scoreGap = Exact(5)
    /// SCORE_GAP is high from this gap on.
    public var scoreGapHigh = Exact(10)
    /// REPORTED_TOTAL_MISMATCH when the stated total differs by more than this.
    public var reportedTolerance = Exact.parsed("0.01")
    /// UNDER_ALLOCATED when allocated / budget is below this percentage.
    public var underAllocatedPercent = Exact(60)
    /// LOW_EXECUTION when spent / budget is below this percentage…
    public var lowExecutionPercent = Exact(90)
    /// …and high below this one.
    public var lowExecutionHighPercent = Exact(50)
    /// TARGET_UNMET is high when completion is below this percentage.
    public var targetUnmetHighPercent = Exact(60)
    /// HIGH_BALANCE when the balance rate is above this percentage.
    public var highBalancePercent = Exact(10)
    /// BUDGET_VARIANCE when the income variance is at least this percentage…
    public var budgetVariancePercent = Exact(5)
    /// …and high from this one on.
    public var budgetVarianceHighPercent = Exact(20)
    /// DATA_INCONSISTENT when parts and their total differ by more than this many 元.
    public var sumTolerance = Exact.zero
    /// DATA_INCONSISTENT when a stated rate differs from the figures by more than this (percentage points).
    public var rateTolerance = Exact.parsed("0.01")
    /// TEMPLATE_COPY when two agencies' reports are at least this alike (Jaccard, 0.3–1)…
    public var templateThreshold = Exact.parsed("0.7")
    /// …and high from this similarity on.
    public var templateHigh = Exact.parsed("0.9")

    public init() {}
}
