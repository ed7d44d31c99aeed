import PerfauditCore

/// A sum of parts, each with its own weight and rule; a part whose facts are missing gives
/// `[0, part weight]`. Part weights must add up to the indicator's weight. A sum too large for
/// exact 128-bit arithmetic (several ratios of huge, unrelated figures) is left open, `[0, weight]`.
public struct PartsRule: IndicatorRule {
    public static let kind = "parts"
    public static let summary = "分项相加：各分项按各自规则计分后相加；缺少数据的分项区间为 [0, 分项权重]。"

    struct Part {
        let name: String
        let weight: Exact
        let rule: any IndicatorRule
    }

    let parts: [Part]

    public init(_ object: inout JSONObject, weight: Exact) throws {
        var parts: [Part] = []
        for node in try object.array("parts") {
            var partObject = try JSONObject(node, context: object.context + " part")
            let name = try partObject.string("name")
            let partWeight = try partObject.decimal("weight")
            let rule = try RuleKinds.parse(
                try partObject.required("rule"), weight: partWeight, context: "\(object.context) part \(name)")
            try partObject.finish()
            parts.append(Part(name: name, weight: partWeight, rule: rule))
        }
        let total = parts.reduce(Exact.zero) { $0 + $1.weight }
        guard total == weight else { throw object.error("part weights add up to \(total), not \(weight)") }
        self.parts = parts
    }

    public func evaluate(_ record: Record, weight: Exact) -> RuleOutcome {
        var outcome = RuleOutcome(lo: .zero, hi: .zero, evidence: [], computed: true)
        for part in parts {
            let partOutcome = part.rule.evaluate(record, weight: part.weight)
            guard let lo = outcome.lo.adding(partOutcome.lo), let hi = outcome.hi.adding(partOutcome.hi) else {
                return .open(weight, Self.beyondExactRange)
            }
            (outcome.lo, outcome.hi) = (lo, hi)
            outcome.computed = outcome.computed && partOutcome.computed
            let range = partOutcome.lo == partOutcome.hi
                ? partOutcome.lo.decimalText() : "[\(partOutcome.lo.decimalText()), \(partOutcome.hi.decimalText())]"
            // Appended piece by piece: a joined detail and its prefix would each be another copy.
            var line = "\(part.name)得\(range)分"
            for (index, evidence) in partOutcome.evidence.enumerated() {
                line += index == 0 ? "：" : "，"
                line += evidence
            }
            outcome.evidence.append(line)
        }
        return outcome
    }

    /// The evidence of a sum that exact arithmetic cannot hold.
    static let beyondExactRange = "各分项之和超出精确运算范围（数额过大），按无法计算处理"

    public func describe(weight: Exact) -> String {
        parts.map { "\($0.name)（\($0.weight)分）：\($0.rule.describe(weight: $0.weight))" }.joined(separator: " ＋ ")
    }

    public static let examples: [RuleExample] = {
        let accuracy = #"""
            {"kind": "parts", "parts": [
              {"name": "A", "weight": 3, "rule": {"kind": "stepDeduction", "deductions": [{"metric": "incomeVarianceRate", "every": 5, "deduct": 0.5}]}},
              {"name": "B", "weight": 2, "rule": {"kind": "stepDeduction", "deductions": [{"metric": "nonPolicyAdjustments", "bands": [{"atLeast": 5, "deduct": 1}, {"atLeast": 3, "deduct": 0.5}]}]}}]}
            """#
        let petitions = #"""
            {"kind": "parts", "parts": [
              {"name": "A", "weight": 1, "rule": {"kind": "categorical", "metric": "petitionChannels", "points": {"yes": 1, "no": 0}}},
              {"name": "B", "weight": 1, "rule": {"kind": "ratioPoints", "metric": "petitionsOnTimeShare", "cases": {"none": 1}}}]}
            """#
        let threeRatios = #"""
            {"kind": "parts", "parts": [
              {"name": "A", "weight": 1.37, "rule": {"kind": "ratioPoints", "metric": "transfersOnTimeShare", "cases": {"noneDue": 1.37}}},
              {"name": "B", "weight": 1.29, "rule": {"kind": "ratioPoints", "metric": "procurementExecution", "cases": {"noPlan": 0, "overPlan": 0}}},
              {"name": "C", "weight": 0.34, "rule": {"kind": "ratioPoints", "metric": "petitionsOnTimeShare", "cases": {"none": 0.34}}}]}
            """#
        func threeShares(_ due: String, _ onTime: String, _ plan: String, _ actual: String, _ total: Int, _ answered: Int)
            -> @Sendable (inout Record) -> Void
        {
            { record in
                record.finance = Finance()
                record.finance?.transfers = Transfers(due: .parsed(due), onTime: .parsed(onTime))
                record.finance?.procurement = Procurement(plan: .parsed(plan), actual: .parsed(actual))
                record.petitions = Petitions(channels: true, total: total, onTime: answered)
            }
        }
        return [
            RuleExample("three shares summed exactly: 1.096 + 0.645 + 0.255 = 1.996", rule: threeRatios, weight: 3,
                expect: "2", figures: threeShares("100", "80", "100", "50", 4, 3)),
            RuleExample("three shares of huge, unrelated figures: beyond 128 bits, left open", rule: threeRatios, weight: 3,
                expect: ("0", "3"),
                figures: threeShares("99999999999999.99", "99999999999989.97", "99999999999997.01", "99999999999979.33",
                    999_999_937, 999_999_000)),
            RuleExample("遂溪 1.1.3: A = 0 from 36.04 %, B unreported", rule: accuracy, weight: 5, expect: ("0", "2")) { record in
                record.finance = Finance()
                record.finance?.income = Income(budget: Exact(111_122_500), final: .parsed("71073638.07"))
            },
            RuleExample("both parts computed", rule: accuracy, weight: 5, expect: "4") { record in
                record.finance = Finance()
                record.finance?.income = Income(budget: Exact(100), final: Exact(95))
                record.finance?.adjustments = BudgetAdjustments(nonPolicy: 3)
            },
            RuleExample("channels and 2 of 3 petitions on time", rule: petitions, weight: 2, expect: "1.67") { record in
                record.petitions = Petitions(channels: true, total: 3, onTime: 2)
            },
            RuleExample("no petitions at all", rule: petitions, weight: 2, expect: "2") { record in
                record.petitions = Petitions(channels: true, total: 0)
            },
            RuleExample("only the count reported", rule: petitions, weight: 2, expect: ("1", "2")) { record in
                record.petitions = Petitions(total: 0)
            },
        ]
    }()
}
