import PerfauditCore

/// Points in proportion to a share: `points × ratio`, the ratio held within [0, 1].
///
/// `{"kind": "ratioPoints", "metric": "transfersOnTimeShare", "cases": {"noneDue": 2}}`;
/// `points` defaults to the weight.
public struct RatioPointsRule: IndicatorRule {
    public static let kind = "ratioPoints"
    public static let summary = "比例计分：分值 × 比例（比例限定在0–1），cases 给特殊情形的分数。"

    let metric: Metric
    let points: Exact
    let cases: [(String, Exact)]

    public init(_ object: inout JSONObject, weight: Exact) throws {
        metric = try Self.metric(&object)
        guard metric.kind == .ratio else { throw object.error("ratioPoints needs a ratio metric, not \(metric.name)") }
        points = try object.optionalDecimal("points") ?? weight
        try Self.checkPoints(points, weight: weight, object, "points")
        cases = try Self.namedPoints(&object, "cases", metric: metric, weight: weight)
    }

    public func evaluate(_ record: Record, weight: Exact) -> RuleOutcome {
        let reading = metric.reading(record)
        switch reading.value {
        case .missing: return .open(weight, reading.evidence)
        case .named(let name): return .exactly((cases.first { $0.0 == name }?.1 ?? .zero).rational, reading.evidence)
        case .number(let ratio):
            let bounded = min(max(ratio, .zero), .one)
            return .exactly(points.rational * bounded, reading.evidence)
        }
    }

    public func describe(weight: Exact) -> String {
        let special = cases.map { "；\($0.0)→\($0.1)" }.joined()
        return "\(points) × \(metric.name)\(special)"
    }

    public static let examples: [RuleExample] = {
        let transfers = #"{"kind": "ratioPoints", "metric": "transfersOnTimeShare", "cases": {"noneDue": 2}}"#
        let procurement = #"{"kind": "ratioPoints", "metric": "procurementExecution", "cases": {"noPlan": 0, "overPlan": 0}}"#
        let keyTasks = #"{"kind": "ratioPoints", "metric": "keyTasksAverage"}"#
        func procurementFigures(_ plan: String, _ actual: String) -> @Sendable (inout Record) -> Void {
            { record in
                record.finance = Finance()
                record.finance?.procurement = Procurement(plan: .parsed(plan), actual: .parsed(actual))
            }
        }
        return [
            RuleExample("nothing due scores in full", rule: transfers, weight: 2, expect: "2") { record in
                record.finance = Finance()
                record.finance?.transfers = Transfers(due: .zero, onTime: .zero)
            },
            RuleExample("one third on time rounds half-up", rule: transfers, weight: 2, expect: "0.67") { record in
                record.finance = Finance()
                record.finance?.transfers = Transfers(due: Exact(300), onTime: Exact(100))
            },
            RuleExample("no procurement budget scores nothing", rule: procurement, weight: 2, expect: "0", figures: procurementFigures("0", "0")),
            RuleExample("buying more than planned scores nothing", rule: procurement, weight: 2, expect: "0", figures: procurementFigures("100", "100.01")),
            RuleExample("buying as planned scores in full", rule: procurement, weight: 2, expect: "2", figures: procurementFigures("477.86", "477.86")),
            RuleExample("half the plan bought", rule: procurement, weight: 2, expect: "1", figures: procurementFigures("100", "50")),
            RuleExample("inspections 95 and 90 give 4.625, rounded 4.63", rule: keyTasks, weight: 5, expect: "4.63") { record in
                record.keyTasks = KeyTasks(partyInspection: Exact(95), governmentInspection: Exact(90))
            },
            RuleExample("one inspection missing", rule: keyTasks, weight: 5, expect: ("0", "5")) { record in
                record.keyTasks = KeyTasks(partyInspection: Exact(95))
            },
        ]
    }()
}
