import PerfauditCore

/// The risk factors of one record, as the weights count them (docs/sampling.md).
struct RiskFactors: Sendable {
    var aboveAttainable = false
    var verified = false
    /// The grade band whose lower bound the self score is less than the margin above.
    var boundary: (grade: Grade, atLeast: Exact)?
    /// The agency's largest positive self − verified gap in an earlier year, and that year.
    var pastGap: (gap: Exact, year: Int)?
    /// Persisting or reopened problems of the agency in the rectification ledger.
    var rectificationProblems = 0
    var amountAtStake = Exact.zero
    /// Decimal digits of ⌊amount ÷ unit⌋ (0 below one unit).
    var amountDecades = 0
    var noRecentVerification = false
    var issues = 0

    /// The points of each factor present, in the order reasons name them.
    func points(_ weights: SamplingWeights) -> [(factor: Factor, points: Exact)] {
        var points: [(Factor, Exact)] = []
        if aboveAttainable { points.append((.aboveAttainable, weights.aboveAttainablePoints)) }
        if boundary != nil { points.append((.nearBoundary, weights.nearBoundaryPoints)) }
        if let pastGap {
            let raw = (pastGap.gap.rational * weights.pastGapPointsPerPoint.rational).roundedHalfUp()
            points.append((.pastGap, min(raw, weights.pastGapCap)))
        }
        if rectificationProblems > 0 {
            points.append((.rectification, Self.capped(weights.rectificationPointsPerProblem, rectificationProblems, weights.rectificationCap)))
        }
        if amountDecades > 0 {
            points.append((.amountAtStake, Self.capped(weights.amountPointsPerDecade, amountDecades, weights.amountCap)))
        }
        if noRecentVerification { points.append((.noRecentVerification, weights.noRecentVerificationPoints)) }
        if issues > 0 { points.append((.issues, Self.capped(weights.issuePoints, issues, weights.issueCap))) }
        return points.filter { $0.1 > .zero }
    }

    /// The risk score: the sum of the factors' points.
    func score(_ weights: SamplingWeights) -> Exact {
        points(weights).reduce(Exact.zero) { $0 + $1.points }
    }

    /// `perUnit × count`, at most `cap` (the count is capped first, so nothing overflows).
    private static func capped(_ perUnit: Exact, _ count: Int, _ cap: Exact) -> Exact {
        min(perUnit.times(min(count, 1_000_000)), cap)
    }

    /// Decimal digits of ⌊amount ÷ unit⌋: 0 below one unit, 1 for 1–9.99 units, 2 for 10–99.99 …
    static func decades(_ amount: Exact, unit: Exact) -> Int {
        var quotient = amount.units / unit.units
        var digits = 0
        while quotient > 0 {
            digits += 1
            quotient /= 10
        }
        return digits
    }

    enum Factor {
        case aboveAttainable, nearBoundary, pastGap, rectification, amountAtStake, noRecentVerification, issues
    }

    /// The reasons cell: each factor present as a short phrase, joined by "；".
    func reasons(_ weights: SamplingWeights, _ language: HeaderLanguage) -> String {
        let phrases = points(weights).map { phrase($0.factor, weights, language) }
        if phrases.isEmpty { return language == .zh ? "无风险因素" : "no risk factor" }
        return phrases.joined(separator: language == .zh ? "；" : "; ")
    }

    private func phrase(_ factor: Factor, _ weights: SamplingWeights, _ language: HeaderLanguage) -> String {
        let zh = language == .zh
        switch factor {
        case .aboveAttainable:
            return zh ? "自评分超过可得最高分" + (verified ? "（已核查）" : "") : "self score above the attainable maximum" + (verified ? " (verified)" : "")
        case .nearBoundary:
            let (grade, bound) = boundary!
            let margin = weights.boundaryMargin.formatted()
            return zh ? "自评分高出\(grade.rawValue)档下限\(bound.formatted())不足\(margin)分"
                : "self score less than \(margin) above the \(grade.rawValue) bound \(bound.formatted())"
        case .pastGap:
            let (gap, year) = pastGap!
            return zh ? "以往自评高于核查\(gap.formatted(digits: 2))分（\(year)年度）"
                : "earlier self − verified gap \(gap.formatted(digits: 2)) (\(year))"
        case .rectification:
            return zh ? "未整改或整改后复发问题\(rectificationProblems)个" : "\(rectificationProblems) persisting or reopened problems"
        case .amountAtStake:
            return zh ? "涉及金额\(amountAtStake.formatted(digits: 2))元" : "amount at stake \(amountAtStake.formatted(digits: 2)) yuan"
        case .noRecentVerification:
            let years = weights.noRecentVerificationYears
            return zh ? "前\(years)年未核查" : "not verified in the \(years) years before"
        case .issues:
            return zh ? "问题\(issues)个" : "\(issues) issues"
        }
    }
}
