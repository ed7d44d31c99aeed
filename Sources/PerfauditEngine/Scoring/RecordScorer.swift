import PerfauditCore

/// Scores records against their rulebook, exactly as docs/scoring.md says.
public enum RecordScorer {
    /// Scores one record with the given rulebook (the one its `rulebook` names).
    public static func score(_ record: Record, with rulebook: Rulebook) -> ScoredRecord {
        let selfScores = firstScores(record.selfAssessment.indicators)
        let verified = record.verification.map { firstScores($0.indicators) } ?? [:]
        let results = rulebook.indicators.map { indicator in
            result(indicator, record, selfScore: selfScores[indicator.id]?.score, verified: verified[indicator.id])
        }
        let unknown = unknownScores(record, rulebook)
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

    private static func firstScores(_ scores: [IndicatorScore]) -> [String: IndicatorScore] {
        var byID: [String: IndicatorScore] = [:]
        for score in scores where byID[score.id] == nil { byID[score.id] = score }
        return byID
    }

    private static func result(
        _ indicator: Indicator, _ record: Record, selfScore: Exact?, verified: IndicatorScore?
    ) -> IndicatorResult {
        let outcome = indicator.rule.evaluate(record, weight: indicator.weight)
        let lo = outcome.lo.roundedHalfUp().clamped(.zero, indicator.weight)
        let hi = outcome.hi.roundedHalfUp().clamped(lo, indicator.weight)
        let reference = verified?.score ?? selfScore
        return IndicatorResult(
            indicator: indicator, selfScore: selfScore, verifiedScore: verified?.score, verifiedNote: verified?.note,
            lo: lo, hi: hi, reference: reference, recomputed: reference.map { $0.clamped(lo, hi) },
            evidence: outcome.evidence.joined(separator: "；"), computed: outcome.computed)
    }

    private static func unknownScores(_ record: Record, _ rulebook: Rulebook) -> [UnknownIndicatorScore] {
        let selfUnknown = record.selfAssessment.indicators.filter { rulebook.indicator($0.id) == nil }
            .map { UnknownIndicatorScore(id: $0.id, score: $0.score, source: "self") }
        let verifiedUnknown = (record.verification?.indicators ?? []).filter { rulebook.indicator($0.id) == nil }
            .map { UnknownIndicatorScore(id: $0.id, score: $0.score, source: "verification") }
        return selfUnknown + verifiedUnknown
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
        let total = Exact.sum(verification.indicators.map(\.score)) + Int128(bonus.units) - Int128(penalty.units)
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
