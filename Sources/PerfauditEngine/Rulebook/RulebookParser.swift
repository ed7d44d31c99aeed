import PerfauditCore

/// Reads and validates a rulebook file: unique ids, children's weights adding up to their
/// parent's and first-level weights to 100, sane rule parameters, grade bands covering 0–100.
public enum RulebookParser {
    /// Parses a rulebook from its file's bytes; `file` names it in every message.
    public static func parse(_ bytes: [UInt8], file: String) throws(RulebookError) -> Rulebook {
        let document: JSONNode
        do throws(LoadError) { document = try JSONReader.parse(bytes) } catch {
            throw RulebookError(file: file, message: error.message, position: error.position)
        }
        do throws(RulebookError) {
            return try parse(document, file: file)
        } catch {
            var located = error
            located.file = file
            throw located
        }
    }

    private static func parse(_ document: JSONNode, file: String) throws(RulebookError) -> Rulebook {
        var root = try JSONObject(document, context: "rulebook")
        let id = try root.string("id")
        let title = try root.string("title")
        _ = try root.optionalString("source")
        let grades = try parseGrades(try root.array("grades"), root)
        let adjustments = try parseAdjustments(try root.required("adjustments"))
        var leaves: [Indicator] = []
        var seen: Set<String> = []
        var total = Exact.zero
        for node in try root.array("indicators") {
            total += try parseLevel(node, depth: 1, path: [], leaves: &leaves, seen: &seen)
        }
        guard total == Exact(100) else { throw root.error("first-level weights add up to \(total), not 100") }
        try root.finish()
        return Rulebook(id: id, title: title, grades: grades, adjustments: adjustments, indicators: leaves, file: file)
    }

    /// Parses one node of the tree (levels 1 and 2 have children; level 3 has a rule) and returns its weight.
    private static func parseLevel(
        _ node: JSONNode, depth: Int, path: [String], leaves: inout [Indicator], seen: inout Set<String>
    ) throws(RulebookError) -> Exact {
        var object = try JSONObject(node, context: "indicator")
        let id = try object.string("id")
        object = try JSONObject(node, context: "indicator \(id)")
        _ = try object.string("id")
        guard seen.insert(id).inserted else { throw object.error("duplicate id") }
        let name = try object.string("name")
        let weight = try object.decimal("weight")
        guard weight > .zero && weight <= Exact(100) else { throw object.error("weight \(weight) is outside (0, 100]") }
        if depth == 3 {
            let rule = try RuleKinds.parse(try object.required("rule"), weight: weight, context: "indicator \(id)")
            try object.finish()
            leaves.append(Indicator(id: id, name: name, level1: path[0], level2: path[1], weight: weight, rule: rule))
            return weight
        }
        var sum = Exact.zero
        let children = try object.array("children")
        guard !children.isEmpty else { throw object.error("a level-\(depth) indicator needs children") }
        for child in children {
            sum += try parseLevel(child, depth: depth + 1, path: path + [name], leaves: &leaves, seen: &seen)
        }
        guard sum == weight else { throw object.error("children's weights add up to \(sum), not \(weight)") }
        try object.finish()
        return weight
    }

    private static func parseGrades(_ nodes: [JSONNode], _ root: JSONObject) throws(RulebookError) -> GradeBands {
        var bands: [(grade: Grade, atLeast: Exact)] = []
        for node in nodes {
            var band = try JSONObject(node, context: "grade band")
            let raw = try band.string("grade")
            guard let grade = Grade(rawValue: raw) else { throw band.error("unknown grade \"\(raw)\"") }
            let minimum = try band.decimal("atLeast")
            if let previous = bands.last, !(minimum < previous.atLeast && grade < previous.grade) {
                throw band.error("grade bands must go from the best grade down, each with a lower minimum")
            }
            try band.finish()
            bands.append((grade, minimum))
        }
        guard let lowest = bands.last, lowest.atLeast == .zero else {
            throw root.error("grade bands must end with a band at least 0")
        }
        return GradeBands(bands: bands)
    }

    private static func parseAdjustments(_ node: JSONNode) throws(RulebookError) -> AdjustmentCaps {
        var object = try JSONObject(node, context: "adjustments")
        func side(_ key: String) throws(RulebookError) -> (Exact, Exact) {
            var part = try JSONObject(try object.required(key), context: "adjustments \(key)")
            let per = try part.decimal("perCount")
            let cap = try part.decimal("cap")
            guard per >= .zero, cap >= .zero, cap <= Exact(100) else { throw part.error("perCount and cap must be 0…100") }
            try part.finish()
            return (per, cap)
        }
        let bonus = try side("bonus")
        let penalty = try side("penalty")
        try object.finish()
        return AdjustmentCaps(bonusPerCount: bonus.0, bonusCap: bonus.1, penaltyPerCount: penalty.0, penaltyCap: penalty.1)
    }
}
