import PerfauditCore

/// Just enough of rulebook `zhanjiang-dept-2021` (docs/scoring.md) for the generator to give
/// the scores an evaluator following the rules would give. The engine's own rulebook is the
/// authority; this copy only makes the sample data "mostly consistent with the rules".
enum SampleScoring {
    struct Indicator {
        let id: String
        /// Weight in points.
        let weight: Int
        let formula: Bool
    }

    static let indicators: [Indicator] = [
        Indicator(id: "1.1.1", weight: 3, formula: false), Indicator(id: "1.1.2", weight: 4, formula: false),
        Indicator(id: "1.1.3", weight: 5, formula: true), Indicator(id: "1.2.1", weight: 4, formula: false),
        Indicator(id: "1.2.2", weight: 4, formula: false), Indicator(id: "2.1.1", weight: 2, formula: false),
        Indicator(id: "2.2.1", weight: 4, formula: true), Indicator(id: "2.2.2", weight: 3, formula: true),
        Indicator(id: "2.2.3", weight: 3, formula: true), Indicator(id: "2.2.4", weight: 3, formula: true),
        Indicator(id: "2.2.5", weight: 2, formula: true), Indicator(id: "2.2.6", weight: 6, formula: false),
        Indicator(id: "2.3.1", weight: 5, formula: false), Indicator(id: "2.3.2", weight: 5, formula: false),
        Indicator(id: "2.4.1", weight: 4, formula: false), Indicator(id: "2.4.2", weight: 3, formula: true),
        Indicator(id: "3.1.1", weight: 3, formula: false), Indicator(id: "3.1.2", weight: 2, formula: false),
        Indicator(id: "3.1.3", weight: 2, formula: false), Indicator(id: "3.2.1", weight: 1, formula: false),
        Indicator(id: "3.2.2", weight: 1, formula: false), Indicator(id: "3.2.3", weight: 1, formula: false),
        Indicator(id: "4.1.1", weight: 4, formula: true), Indicator(id: "4.2.1", weight: 5, formula: true),
        Indicator(id: "4.2.2", weight: 4, formula: false), Indicator(id: "4.2.3", weight: 2, formula: true),
        Indicator(id: "4.3.1", weight: 10, formula: false), Indicator(id: "4.4.1", weight: 2, formula: true),
        Indicator(id: "4.4.2", weight: 3, formula: false),
    ]

    /// The interval [lo, hi] the figures allow for a formula indicator, each end rounded half-up
    /// to 2 decimals; a part whose facts are missing contributes [0, part weight].
    static func interval(_ id: String, _ r: Record) -> (lo: Exact, hi: Exact) {
        var lo = Rational.zero
        var hi = Rational.zero
        func part(_ value: Rational?, weight: Int) {
            if let value {
                lo = lo + value
                hi = hi + value
            } else {
                hi = hi + Rational(weight)
            }
        }
        let f = r.finance
        switch id {
        case "1.1.3":
            var a: Rational?
            if let budget = f?.income?.budget, budget > .zero, let final = f?.income?.final {
                let rate = (final - budget).magnitude.rational / budget.rational * .hundred
                let steps = (rate / Rational(5)).floor
                a = max(.zero, Rational(3) - Rational(steps) * Rational(1, 2))
            }
            part(a, weight: 3)
            var b: Rational?
            if let adj = f?.adjustments, let nonPolicy = adj.nonPolicy, let over = adj.over20Percent,
                let variance = adj.variance50Percent
            {
                let d1 = nonPolicy >= 5 ? Rational(1) : nonPolicy >= 3 ? Rational(1, 2) : .zero
                b = max(.zero, Rational(2) - d1 - Rational(over + variance) * Rational(1, 2))
            }
            part(b, weight: 2)
        case "2.2.1":
            var value: Rational?
            if let income = f?.income?.final, income > .zero, let spent = f?.expenditure?.final {
                let rate = spent.rational / income.rational * .hundred
                value = Rational(rate >= Rational(100) ? 4 : rate >= Rational(90) ? 3 : rate >= Rational(80) ? 2
                    : rate >= Rational(70) ? 1 : 0)
            }
            part(value, weight: 4)
        case "2.2.2":
            var value: Rational?
            if let yearEnd = f?.balance?.yearEnd, let income = f?.income?.final {
                let base = (f?.balance?.opening ?? .zero) + income
                if base > .zero {
                    let rate = yearEnd.rational / base.rational * .hundred
                    value = Rational(rate <= Rational(10) ? 3 : rate <= Rational(20) ? 2 : rate <= Rational(30) ? 1 : 0)
                }
            }
            part(value, weight: 3)
        case "2.2.3":
            var rate: Rational?
            var value: Rational?
            if let stock = f?.treasuryStock {
                if let previous = stock.previousYearEnd, let yearEnd = stock.yearEnd {
                    if previous == .zero {
                        value = yearEnd == .zero ? Rational(3) : .zero
                    } else {
                        rate = (yearEnd.rational / previous.rational - .one) * .hundred
                    }
                } else if let stated = stock.changeRate {
                    rate = stated.rational
                }
            }
            if let rate {
                value = Rational(rate <= Rational(-15) ? 3 : rate <= Rational(-10) ? 2 : rate <= .zero ? 1 : 0)
            }
            part(value, weight: 3)
        case "2.2.4":
            var a: Rational?
            if let due = f?.transfers?.due, let onTime = f?.transfers?.onTime {
                a = due == .zero ? Rational(2) : Rational(2) * onTime.rational / due.rational
            }
            part(a, weight: 2)
            var b: Rational?
            if let status = f?.budgetApproval {
                b = status == .onTime ? .one : status == .late ? Rational(1, 2) : .zero
            }
            part(b, weight: 1)
        case "2.2.5":
            var value: Rational?
            if let plan = f?.procurement?.plan, let actual = f?.procurement?.actual {
                value = plan == .zero || actual > plan ? .zero : Rational(2) * actual.rational / plan.rational
            }
            part(value, weight: 2)
        case "2.4.2":
            var value: Rational?
            if let total = f?.fixedAssets?.total, total > .zero, let inUse = f?.fixedAssets?.inUse {
                let rate = inUse.rational / total.rational * .hundred
                value = Rational(rate >= Rational(95) ? 3 : rate >= Rational(90) ? 1 : 0)
            }
            part(value, weight: 3)
        case "4.1.1":
            var a: Rational?
            if let budget = f?.threePublic?.budget, let final = f?.threePublic?.final {
                a = final <= budget ? Rational(2) : .zero
            }
            part(a, weight: 2)
            var b: Rational?
            if let budget = f?.publicFunds?.budget, let final = f?.publicFunds?.final {
                b = final <= budget ? Rational(2) : .zero
            }
            part(b, weight: 2)
        case "4.2.1":
            var value: Rational?
            if let party = r.keyTasks?.partyInspection, let government = r.keyTasks?.governmentInspection {
                value = (party.rational + government.rational) / Rational(200) * Rational(5)
            }
            part(value, weight: 5)
        case "4.2.3":
            var value: Rational?
            let planned = (r.projects ?? []).filter { $0.plannedEnd != nil }
            if !planned.isEmpty {
                let onTime = planned.filter { p in
                    guard p.completed == true, let finished = p.finishedOn else { return false }
                    return finished <= p.plannedEnd!
                }.count
                value = Rational(2 * onTime) / Rational(planned.count)
            }
            part(value, weight: 2)
        case "4.4.1":
            var a: Rational?
            if let channels = r.petitions?.channels { a = channels ? .one : .zero }
            part(a, weight: 1)
            var b: Rational?
            if let total = r.petitions?.total {
                b = total == 0 ? .one : Rational(r.petitions?.onTime ?? 0) / Rational(total)
            }
            // onTime unreported with a total > 0: the part cannot be computed.
            if let total = r.petitions?.total, total > 0, r.petitions?.onTime == nil { b = nil }
            part(b, weight: 1)
        default:
            let weight = indicators.first { $0.id == id }?.weight ?? 0
            part(nil, weight: weight)
        }
        return (lo.roundedHalfUp(digits: 2), hi.roundedHalfUp(digits: 2))
    }
}
