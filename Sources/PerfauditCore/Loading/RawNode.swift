/// A position in an input file, 1-based; 0 when the format or error has none.
public struct SourcePosition: Equatable, Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let unknown = SourcePosition(line: 0, column: 0)
}

/// A scalar as the file wrote it. XML has only text; JSON keeps its type so that a count written
/// as a string or a boolean written as a number can be refused.
public enum RawScalar: Equatable, Sendable {
    case text(String)
    /// A JSON number, its exact lexeme.
    case number(String)
    case bool(Bool)
    case null

    /// What a message calls this kind of value.
    public var kindName: String {
        switch self {
        case .text: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }
}

/// One attribute (XML) or scalar member (JSON).
public struct RawAttribute: Equatable, Sendable {
    public var name: String
    public var value: RawScalar
    public var position: SourcePosition

    public init(name: String, value: RawScalar, position: SourcePosition) {
        self.name = name
        self.value = value
        self.position = position
    }
}

/// The format-neutral tree both loaders produce and `RecordDecoder` reads: an element (XML) or
/// object (JSON), its scalar members, its child elements in order, and its text.
///
/// JSON arrays become repeated children with the singular name (`indicators` → `indicator`);
/// the record-level `projects` and `findings` arrays become a wrapper child holding them, as in XML.
public struct RawNode: Equatable, Sendable {
    public var name: String
    public var attributes: [RawAttribute]
    public var children: [RawNode]
    /// Text content (XML) or the `text` member (JSON).
    public var text: String?
    public var position: SourcePosition

    public init(
        name: String, attributes: [RawAttribute] = [], children: [RawNode] = [],
        text: String? = nil, position: SourcePosition = .unknown
    ) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.position = position
    }
}

/// Why a file could not be loaded, with where in it.
public struct LoadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String

    public init(_ message: String, at position: SourcePosition = .unknown) {
        self.position = position
        self.message = message
    }

    public var description: String {
        position == .unknown ? message : "\(position.line):\(position.column): \(message)"
    }
}
