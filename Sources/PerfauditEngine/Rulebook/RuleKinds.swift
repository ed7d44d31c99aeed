import PerfauditCore

/// The one explicit list of rule kinds. A test keeps it in step with the files under `Rules/`.
public enum RuleKinds {
    public static let all: [any IndicatorRule.Type] = [
        JudgmentRule.self,
        BandsRule.self,
        RatioPointsRule.self,
        StepDeductionRule.self,
        CategoricalRule.self,
        PartsRule.self,
    ]

    /// Reads the rule object of an indicator or part (`{"kind": …, …}`).
    static func parse(_ node: JSONNode, weight: Exact, context: String) throws(RulebookError) -> any IndicatorRule {
        var object = try JSONObject(node, context: context)
        let kind = try object.string("kind")
        guard let type = all.first(where: { $0.kind == kind }) else {
            let known = all.map { $0.kind }.joined(separator: ", ")
            throw object.error("unknown rule kind \"\(kind)\" (known: \(known))")
        }
        do {
            let rule = try type.make(&object, weight: weight)
            try object.finish()
            return rule
        } catch let error as RulebookError {
            throw error
        } catch {
            throw object.error("\(error)")
        }
    }
}

extension IndicatorRule {
    /// Reads a rule of this kind (a static entry point the registry can call on a metatype).
    static func make(_ object: inout JSONObject, weight: Exact) throws -> any IndicatorRule {
        try Self(&object, weight: weight)
    }
}
