import PerfauditCore

/// Scores records against their rulebook, exactly as docs/scoring.md says.
public enum RecordScorer {
    /// Scores one record with the given rulebook (the one its `rulebook` names).
    public static func score(_ record: Record, with rulebook: Rulebook) -> ScoredRecord {
        var unknown: [UnknownIndicatorScore] = []
        let selfScores = firstScores(record.selfAssessment.indicators, rulebook, source: "self", unknown: &unknown)
        let verified = record.verification.map { firstScores($0.indicators, rulebook, source: "verification", unknown: &unknown) }
        let results = rulebook.indicators.enumerated().map { position, indicator in
            result(indicator, record, selfScore: selfScores[position]?.score, verified: verified?[position])
        }
        let (bonus, penalty) = adjustments(record, rulebook.adjustments)
        let verifiedScore = verifiedTotal(record, rulebook.adjustments)
        let recomputed = recomputedTotal(results, bonus: bonus, penalty: penalty)
        let attainable = clampTotal(results.reduce(Exact.zero) { $0 + $1.hi } + bonus - penalty)
        return ScoredRecord(
            record: record, rulebook: rulebook, indicators: results, unknownIndicators: unknown,
            selfGrade: rulebook.grades.grade(of: record.selfAssessment.score), verifiedScore: verifiedScore,
            verifiedGrade: verifiedScore.map { rulebook.grades.grade(of: $0) }, bonus: bonus, penalty: penalty,
            recomputedTotal: recomputed, recomputedGrade: recomputed.map { rulebook.grades.grade(of: $0) },
            attainableMax: attainable)
    }

    /// The first score given for each of the rulebook's indicators, by the indicator's position;
    /// scores for ids the rulebook does not have are added to `unknown`, in the record's order.
    private static func firstScores(
        _ scores: [IndicatorScore], _ rulebook: Rulebook, source: String, unknown: inout [UnknownIndicatorScore]
    ) -> [IndicatorScore?] {
        var byPosition = [IndicatorScore?](repeating: nil, count: rulebook.indicators.count)
        var expected = 0
        for score in scores {
            guard let position = position(of: score.id, in: rulebook, expected: expected) else {
                unknown.append(UnknownIndicatorScore(id: score.id, score: score.score, source: source))
                continue
            }
            if byPosition[position] == nil { byPosition[position] = score }
            expected = position + 1
        }
        return byPosition
    }

    /// The position of an indicator id in the rulebook, trying `expected` first: records list their
    /// scores in the rulebook's order, so most ids are found without a hashed lookup.
    private static func position(of id: String, in rulebook: Rulebook, expected: Int) -> Int? {
        let indicators = rulebook.indicators
        if expected < indicators.count && indicators[expected].id == id { return expected }
        return rulebook.index(of: id)
    }

    private static func result(
        _ indicator: Indicator, _ record: Record, selfScore: Exact?, verified: IndicatorScore?
    ) -> IndicatorResult {
        let outcome = indicator.rule.evaluate(record, weight: indicator.weight)
        let (lo, hi) = interval(outcome, weight: indicator.weight)
        let reference = verified?.score ?? selfScore
        return IndicatorResult(
            indicator: indicator, selfScore: selfScore, verifiedScore: verified?.score, verifiedNote: verified?.note,
            lo: lo, hi: hi, reference: reference, recomputed: reference.map { $0.clamped(lo, hi) },
            evidence: joined(outcome.evidence), computed: outcome.computed)
    }

    /// The interval `[lo, hi]` the record's figures allow for one indicator (scoring.md,
    /// "Intervals"): each end rounded half-up to 2 decimals once, within `[0, weight]`.
    public static func interval(of indicator: Indicator, in record: Record) -> (lo: Exact, hi: Exact) {
        interval(indicator.rule.evaluate(record, weight: indicator.weight), weight: indicator.weight)
    }

    private static func interval(_ outcome: RuleOutcome, weight: Exact) -> (lo: Exact, hi: Exact) {
        let roundedLo = outcome.lo.roundedHalfUp()
        let lo = roundedLo.clamped(.zero, weight)
        let hi = (outcome.hi == outcome.lo ? roundedLo : outcome.hi.roundedHalfUp()).clamped(lo, weight)
        return (lo, hi)
    }

    /// The evidence lines of an outcome as one text, `；` between them (most outcomes have one line).
    private static func joined(_ evidence: [String]) -> String {
        switch evidence.count {
        case 0: ""
        case 1: evidence[0]
        default: evidence.joined(separator: "；")
        }
    }

    /// Bonus and penalty: from `commendations` / `accountability`, or where the record has no
    /// such element (or it states no count), from the verification's adjustment entries.
    static func adjustments(_ record: Record, _ caps: AdjustmentCaps) -> (bonus: Exact, penalty: Exact) {
        let entries = record.verification?.adjustments ?? []
        let bonusCount = record.commendations?.count ?? count(of: .bonus, in: entries)
        let penaltyCount = record.accountability?.count ?? count(of: .penalty, in: entries)
        return (caps.bonus(count: bonusCount), caps.penalty(count: penaltyCount))
    }

    static func count(of kind: Adjustment.Kind, in entries: [Adjustment]) -> Int {
        entries.filter { $0.kind == kind }.reduce(0) { $0 + $1.count }
    }

    /// Σ verification indicator scores as stated + its own adjustments, clamped; the reported
    /// score when it lists no indicators; `nil` when not verified.
    static func verifiedTotal(_ record: Record, _ caps: AdjustmentCaps) -> Exact? {
        guard let verification = record.verification else { return nil }
        guard !verification.indicators.isEmpty else { return verification.reportedScore }
        let bonus = caps.bonus(count: count(of: .bonus, in: verification.adjustments))
        let penalty = caps.penalty(count: count(of: .penalty, in: verification.adjustments))
        // In Int128 and clamped before it becomes an Exact again: the lines may be many and large.
        let total = Exact.sum(verification.indicators.lazy.map(\.score)) + Int128(bonus.units) - Int128(penalty.units)
        return Exact(units: Int64(min(max(total, 0), Int128(Exact(100).units))))
    }

    private static func recomputedTotal(_ results: [IndicatorResult], bonus: Exact, penalty: Exact) -> Exact? {
        var sum = Exact.zero
        for result in results {
            guard let recomputed = result.recomputed else { return nil }
            sum += recomputed
        }
        return clampTotal(sum + bonus - penalty)
    }

    static func clampTotal(_ total: Exact) -> Exact { total.clamped(.zero, Exact(100)) }
}
