import PerfauditCore

/// Full points less deductions, never below zero: `max(0, weight − Σ deductions)`.
///
/// A deduction is either per step of a metric (`{"metric": "incomeVarianceRate", "every": 5,
/// "deduct": 0.5}`: ⌊value / every⌋ × deduct, so a value exactly on a step counts as a full
/// step) or banded (`{"metric": "nonPolicyAdjustments", "bands": [{"atLeast": 5, "deduct": 1}]}`).
public struct StepDeductionRule: IndicatorRule {
    public static let kind = "stepDeduction"
    public static let summary = "逐级扣分：满分减去各项扣分（每满一个步长扣一次，或按档扣分），扣完为止。"

    let deductions: [Deduction]

    public init(_ object: inout JSONObject, weight: Exact) throws {
        var deductions: [Deduction] = []
        for node in try object.array("deductions") {
            var deductionObject = try JSONObject(node, context: object.context + " deduction")
            deductions.append(try Deduction(&deductionObject))
            try deductionObject.finish()
        }
        guard !deductions.isEmpty else { throw object.error("stepDeduction needs at least one deduction") }
        self.deductions = deductions
    }

    public func evaluate(_ record: Record, weight: Exact) -> RuleOutcome {
        var total = Rational.zero
        var evidence: [String] = []
        for deduction in deductions {
            let reading = deduction.metric.reading(record)
            guard case .number(let value) = reading.value else { return .open(weight, reading.evidence) }
            guard let amount = deduction.amount(for: value), let sum = total.adding(amount) else {
                // Deductions are never negative and have at most 4 decimals, so a product or sum
                // beyond Int128 is above 10³⁰ points: far more than any weight, which leaves exactly 0.
                evidence.append("\(reading.evidence)，\(Self.beyondExactRange)")
                return RuleOutcome(lo: .zero, hi: .zero, evidence: evidence, computed: true)
            }
            total = sum
            evidence.append("\(reading.evidence)，扣\(amount.decimalText())分")
        }
        let points = total < weight.rational ? weight.rational - total : .zero
        return RuleOutcome(lo: points, hi: points, evidence: evidence, computed: true)
    }

    /// The evidence of deductions too large for exact arithmetic (a step of 0.0001 on a rate of 10¹⁸ %).
    static let beyondExactRange = "扣分超出精确运算范围（远超满分），扣完为止"

    public func describe(weight: Exact) -> String {
        "\(weight)分起扣：" + deductions.map(\.words).joined(separator: "；") + "，扣完为止"
    }

    /// One deduction term.
    struct Deduction {
        let metric: Metric
        let every: Rational?
        let deduct: Rational?
        let bands: [(atLeast: Rational, deduct: Rational)]

        init(_ object: inout JSONObject) throws(RulebookError) {
            let name = try object.string("metric")
            guard let metric = MetricCatalog.metric(named: name) else { throw object.error("unknown metric \"\(name)\"") }
            self.metric = metric
            every = try object.optionalDecimal("every")?.rational
            deduct = try object.optionalDecimal("deduct")?.rational
            var bands: [(Rational, Rational)] = []
            for node in try object.optionalArray("bands") ?? [] {
                var band = try JSONObject(node, context: object.context + " band")
                let atLeast = try band.decimal("atLeast").rational, bandDeduct = try band.decimal("deduct").rational
                guard bandDeduct >= .zero else { throw band.error("a band's \"deduct\" must not be negative") }
                bands.append((atLeast, bandDeduct))
                try band.finish()
            }
            self.bands = bands
            let stepped = every != nil && deduct != nil
            guard stepped != !bands.isEmpty else {
                throw object.error("a deduction needs either \"every\" and \"deduct\", or \"bands\"")
            }
            if let every, every <= .zero { throw object.error("\"every\" must be positive") }
            if let deduct, deduct < .zero { throw object.error("\"deduct\" must not be negative") }
        }

        /// The points this term deducts for `value`; `nil` when the product is beyond `Int128`.
        func amount(for value: Rational) -> Rational? {
            if let every, let deduct {
                return deduct.multiplied(by: Rational(max(0, (value / every).floor)))
            }
            return bands.first { value >= $0.atLeast }?.deduct ?? .zero
        }

        var words: String {
            if let every, let deduct {
                return "\(metric.name)每满\(every.decimalText(digits: 4))扣\(deduct.decimalText(digits: 4))分"
            }
            let steps = bands.map { "≥\($0.atLeast.decimalText(digits: 4))扣\($0.deduct.decimalText(digits: 4))" }
            return "\(metric.name) " + steps.joined(separator: "、")
        }
    }

    public static let examples: [RuleExample] = {
        let variance = #"{"kind": "stepDeduction", "deductions": [{"metric": "incomeVarianceRate", "every": 5, "deduct": 0.5}]}"#
        let adjustments = #"{"kind": "stepDeduction", "deductions": [{"metric": "nonPolicyAdjustments", "bands": [{"atLeast": 5, "deduct": 1}, {"atLeast": 3, "deduct": 0.5}]}, {"metric": "over20PercentAdjustments", "every": 1, "deduct": 0.5}, {"metric": "variance50PercentAdjustments", "every": 1, "deduct": 0.5}]}"#
        func income(_ budget: String, _ final: String) -> @Sendable (inout Record) -> Void {
            { record in
                record.finance = Finance()
                record.finance?.income = Income(budget: .parsed(budget), final: .parsed(final))
            }
        }
        func counts(_ nonPolicy: Int, _ over20: Int, _ variance50: Int) -> @Sendable (inout Record) -> Void {
            { record in
                record.finance = Finance()
                record.finance?.adjustments = BudgetAdjustments(
                    nonPolicy: nonPolicy, over20Percent: over20, variance50Percent: variance50)
            }
        }
        return [
            RuleExample("no variance keeps full points", rule: variance, weight: 3, expect: "3", figures: income("100", "100")),
            RuleExample("4.99 % is not yet a step", rule: variance, weight: 3, expect: "3", figures: income("100", "104.99")),
            RuleExample("exactly 5 % is a full step", rule: variance, weight: 3, expect: "2.5", figures: income("100", "105")),
            RuleExample("5 % below budget is a step too", rule: variance, weight: 3, expect: "2.5", figures: income("100", "95")),
            RuleExample("遂溪: 36.04 % is 7 steps, down to 0", rule: variance, weight: 3, expect: "0", figures: income("111122500", "71073638.07")),
            RuleExample("budget not reported", rule: variance, weight: 3, expect: ("0", "3")) { record in
                record.finance = Finance()
                record.finance?.income = Income(final: Exact(100))
            },
            RuleExample("two non-policy adjustments cost nothing", rule: adjustments, weight: 2, expect: "2", figures: counts(2, 0, 0)),
            RuleExample("three non-policy adjustments cost 0.5", rule: adjustments, weight: 2, expect: "1.5", figures: counts(3, 0, 0)),
            RuleExample("five cost 1, plus one large adjustment", rule: adjustments, weight: 2, expect: "0.5", figures: counts(5, 1, 0)),
            RuleExample("deductions stop at zero", rule: adjustments, weight: 2, expect: "0", figures: counts(5, 2, 3)),
            RuleExample("adjustments not reported", rule: adjustments, weight: 2, expect: ("0", "2")) { _ in },
            RuleExample("a 0.0001 step of 10¹⁴ points on a rate of 10¹⁸ %: beyond 128 bits, down to 0",
                rule: #"{"kind": "stepDeduction", "deductions": [{"metric": "incomeVarianceRate", "every": 0.0001, "deduct": 99999999999999.9999}]}"#,
                weight: 3, expect: "0", figures: income("0.01", "99999999999999.99")),
        ]
    }()
}
