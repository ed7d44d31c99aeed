import PerfauditCore

/// A reviewer's judgment: the figures allow any score from 0 to the weight.
public struct JudgmentRule: IndicatorRule {
    public static let kind = "judgment"
    public static let summary = "评审判断：数据不约束得分，区间 [0, 权重]。"

    public static let examples = [
        RuleExample("judgment allows the whole weight", rule: #"{"kind": "judgment"}"#, weight: 4, expect: ("0", "4")) { _ in }
    ]

    public init(_ object: inout JSONObject, weight: Exact) throws {}

    public func evaluate(_ record: Record, weight: Exact) -> RuleOutcome { .open(weight, "") }

    public func describe(weight: Exact) -> String { "评审判断（0–\(weight)分）" }
}
