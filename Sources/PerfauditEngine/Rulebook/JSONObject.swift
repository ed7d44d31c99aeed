import PerfauditCore

/// Strict typed access to one JSON object of a rulebook: every key must be read, or it is unknown.
public struct JSONObject {
    let node: JSONNode
    let members: [JSONNode.Member]
    /// Where the object stands, for messages: e.g. `indicator 1.1.3`.
    let context: String
    private var read: Set<String> = []

    init(_ node: JSONNode, context: String) throws(RulebookError) {
        guard case .object(let members) = node.value else {
            throw RulebookError(file: "", message: "\(context): expected an object", position: node.position)
        }
        self.node = node
        self.members = members
        self.context = context
    }

    func error(_ message: String, _ position: SourcePosition? = nil) -> RulebookError {
        RulebookError(file: "", message: "\(context): \(message)", position: position ?? node.position)
    }

    mutating func optional(_ key: String) -> JSONNode? {
        read.insert(key)
        return members.first { $0.key == key }?.value
    }

    mutating func required(_ key: String) throws(RulebookError) -> JSONNode {
        guard let value = optional(key) else { throw error("missing \"\(key)\"") }
        return value
    }

    mutating func string(_ key: String) throws(RulebookError) -> String {
        let value = try required(key)
        guard case .string(let text) = value.value, !text.isEmpty else {
            throw error("\"\(key)\" must be a non-empty string", value.position)
        }
        return text
    }

    mutating func optionalString(_ key: String) throws(RulebookError) -> String? {
        guard optional(key) != nil else { return nil }
        return try string(key)
    }

    /// An exact decimal (JSON number or string) with at most four fractional digits.
    mutating func decimal(_ key: String) throws(RulebookError) -> Exact {
        try JSONObject.decimal(try required(key), key: key, context: context)
    }

    mutating func optionalDecimal(_ key: String) throws(RulebookError) -> Exact? {
        guard let value = optional(key) else { return nil }
        return try JSONObject.decimal(value, key: key, context: context)
    }

    static func decimal(_ value: JSONNode, key: String, context: String) throws(RulebookError) -> Exact {
        let lexeme: String
        switch value.value {
        case .number(let text), .string(let text): lexeme = text
        default:
            throw RulebookError(file: "", message: "\(context): \"\(key)\" must be a number", position: value.position)
        }
        guard case .success(let exact) = Exact.parse(lexeme, maxFractionDigits: 4) else {
            throw RulebookError(
                file: "", message: "\(context): \"\(key)\" = \(lexeme) is not a plain decimal", position: value.position)
        }
        return exact
    }

    mutating func array(_ key: String) throws(RulebookError) -> [JSONNode] {
        let value = try required(key)
        guard case .array(let elements) = value.value else { throw error("\"\(key)\" must be an array", value.position) }
        return elements
    }

    mutating func optionalArray(_ key: String) throws(RulebookError) -> [JSONNode]? {
        guard optional(key) != nil else { return nil }
        return try array(key)
    }

    /// A JSON object whose values are decimals, e.g. `{"onTime": 1, "late": 0.5}`.
    mutating func decimalMap(_ key: String) throws(RulebookError) -> [(String, Exact)]? {
        guard let value = optional(key) else { return nil }
        guard case .object(let members) = value.value else {
            throw error("\"\(key)\" must be an object", value.position)
        }
        var result: [(String, Exact)] = []
        for member in members {
            result.append((member.key, try JSONObject.decimal(member.value, key: member.key, context: context)))
        }
        return result
    }

    /// Fails on any key nobody read.
    func finish() throws(RulebookError) {
        if let unknown = members.first(where: { !read.contains($0.key) }) {
            throw error("unknown key \"\(unknown.key)\"", unknown.position)
        }
    }
}
