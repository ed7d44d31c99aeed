import PerfauditCore

/// A sum of parts, each with its own weight and rule; a part whose facts are missing gives
/// `[0, part weight]`. Part weights must add up to the indicator's weight.
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
            outcome.lo = outcome.lo + partOutcome.lo
            outcome.hi = outcome.hi + partOutcome.hi
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
        return [
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
