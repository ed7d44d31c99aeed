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

/// The format-neutral tree both loaders produce and `RecordDecoder` reads: elements (XML) or
/// objects (JSON), each with its scalar members, its child nodes in order, and its text.
///
/// It is held flat, in two arrays for the whole document, rather than as nested values: nodes in
/// document order (a node's subtree follows it), and every node's scalars side by side. A record's
/// hundred-odd nodes then cost no allocation each, and reading one costs no copy. Indices are
/// 32-bit: the batch reads files of at most 8 MiB, with far fewer nodes and scalars than that.
///
/// JSON arrays become repeated children with the singular name (`indicators` → `indicator`);
/// the record-level `projects`, `findings` and `narrative` arrays become a wrapper child holding
/// them, as in XML.
public struct RawTree: Sendable {
    /// One element or object.
    public struct Node: Equatable, Sendable {
        public var name: String
        public var position: SourcePosition
        /// Text content (XML) or the `text` member (JSON).
        public var text: String?
        /// Its scalars are `attributes[attributeStart..<attributeEnd]`.
        fileprivate(set) var attributeStart: Int32
        fileprivate(set) var attributeEnd: Int32
        /// One past the last node of its subtree: its first child, if any, is the node after it,
        /// and each child's `end` is that child's next sibling.
        fileprivate(set) var end: Int32
    }

    public private(set) var nodes: [Node] = []
    public private(set) var attributes: [RawAttribute] = []

    /// An empty tree, with room for about `nodes` nodes and `attributes` scalars.
    public init(nodes: Int = 0, attributes: Int = 0) {
        self.nodes.reserveCapacity(nodes)
        self.attributes.reserveCapacity(attributes)
    }

    /// Empties the tree, keeping its storage for the next document.
    public mutating func removeAll() {
        nodes.removeAll(keepingCapacity: true)
        attributes.removeAll(keepingCapacity: true)
    }

    // MARK: Building

    /// Starts a node inside the innermost node still open (`close` not yet called); returns its index.
    public mutating func open(_ name: String, at position: SourcePosition) -> Int {
        let attributeEnd = Int32(attributes.count)
        nodes.append(Node(
            name: name, position: position, text: nil, attributeStart: attributeEnd, attributeEnd: attributeEnd, end: -1))
        return nodes.count - 1
    }

    /// Adds a scalar to `node`. A node's scalars must be added one after the other, with no other
    /// node's in between: XML adds them as it opens the node, JSON as it closes it.
    public mutating func addAttribute(_ attribute: RawAttribute, to node: Int) {
        if nodes[node].attributeEnd != Int32(attributes.count) {
            precondition(nodes[node].attributeStart == nodes[node].attributeEnd, "a node's scalars must be adjacent")
            nodes[node].attributeStart = Int32(attributes.count)
            nodes[node].attributeEnd = Int32(attributes.count)
        }
        attributes.append(attribute)
        nodes[node].attributeEnd += 1
    }

    /// Ends `node`, the innermost open one: its subtree is complete.
    public mutating func close(_ node: Int, text: String?) {
        nodes[node].end = Int32(nodes.count)
        if let text { nodes[node].text = text }
    }

    // MARK: Reading

    /// The scalars of `node`.
    public func attributes(of node: Int) -> ArraySlice<RawAttribute> {
        attributes[Int(nodes[node].attributeStart)..<Int(nodes[node].attributeEnd)]
    }

    /// The indices of `node`'s children, in order.
    public func children(of node: Int) -> Children { Children(nodes: nodes, parent: node) }

    /// Whether `node` has a child. A node still open (no `end` yet) has one as soon as any node
    /// follows it, since every node opened while it is open is inside it.
    public func hasChildren(_ node: Int) -> Bool {
        node + 1 < nodes.count && (nodes[node].end < 0 || nodes[node].end > node + 1)
    }

    /// A node's children, walked by their `end` links.
    public struct Children: Sequence {
        let nodes: [Node]
        let parent: Int

        public struct Iterator: IteratorProtocol {
            let nodes: [Node]
            var upcoming: Int
            let end: Int

            public mutating func next() -> Int? {
                guard upcoming < end else { return nil }
                defer { upcoming = Int(nodes[upcoming].end) }
                return upcoming
            }
        }

        public func makeIterator() -> Iterator {
            Iterator(nodes: nodes, upcoming: parent + 1, end: Int(nodes[parent].end))
        }
    }

    // MARK: As nested values

    /// The tree as nested values, root first: for tests and for showing a tree.
    public var root: RawNode? { nodes.isEmpty ? nil : nested(0) }

    private func nested(_ node: Int) -> RawNode {
        RawNode(
            name: nodes[node].name, attributes: Array(attributes(of: node)), children: children(of: node).map(nested),
            text: nodes[node].text, position: nodes[node].position)
    }
}

/// One node of a `RawTree` as a nested value, with its subtree: what tests write and compare.
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
