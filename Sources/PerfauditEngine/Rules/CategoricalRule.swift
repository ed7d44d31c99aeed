import PerfauditCore

/// Points by the category a metric yields: `{"kind": "categorical", "metric":
/// "budgetApprovalStatus", "points": {"onTime": 1, "late": 0.5, "none": 0}}`.
public struct CategoricalRule: IndicatorRule {
    public static let kind = "categorical"
    public static let summary = "分类计分：按指标给出的类别取分（points 列出每一类别的分数）。"

    let metric: Metric
    let points: [(String, Exact)]

    public init(_ object: inout JSONObject, weight: Exact) throws {
        metric = try Self.metric(&object)
        let points = try Self.namedPoints(&object, "points", metric: metric, weight: weight)
        let missing = metric.names.filter { name in !points.contains { $0.0 == name } }
        guard missing.isEmpty else { throw object.error("no points for \(missing.joined(separator: ", "))") }
        self.points = points
    }

    public func evaluate(_ record: Record, weight: Exact) -> RuleOutcome {
        let reading = metric.reading(record)
        guard case .named(let name) = reading.value, let value = points.first(where: { $0.0 == name })?.1 else {
            return .open(weight, reading.evidence)
        }
        return .exactly(value.rational, reading.evidence)
    }

    public func describe(weight: Exact) -> String {
        "\(metric.name)：" + points.map { "\($0.0)→\($0.1)" }.joined(separator: "；")
    }

    public static let examples: [RuleExample] = {
        let approval = #"{"kind": "categorical", "metric": "budgetApprovalStatus", "points": {"onTime": 1, "late": 0.5, "none": 0}}"#
        let threePublic = #"{"kind": "categorical", "metric": "threePublicWithinBudget", "points": {"within": 2, "over": 0}}"#
        return [
            RuleExample("approved late", rule: approval, weight: 1, expect: "0.5") { record in
                record.finance = Finance()
                record.finance?.budgetApproval = .late
            },
            RuleExample("not approved", rule: approval, weight: 1, expect: "0") { record in
                record.finance = Finance()
                record.finance?.budgetApproval = BudgetApproval.none
            },
            RuleExample("spending equal to budget is within", rule: threePublic, weight: 2, expect: "2") { record in
                record.finance = Finance()
                record.finance?.threePublic = BudgetFinal(budget: Exact(205000), final: Exact(205000))
            },
            RuleExample("one fen over budget", rule: threePublic, weight: 2, expect: "0") { record in
                record.finance = Finance()
                record.finance?.threePublic = BudgetFinal(budget: Exact(205000), final: .parsed("205000.01"))
            },
            RuleExample("final not reported", rule: threePublic, weight: 2, expect: ("0", "2")) { record in
                record.finance = Finance()
                record.finance?.threePublic = BudgetFinal(budget: Exact(205000))
            },
        ]
    }()
}
