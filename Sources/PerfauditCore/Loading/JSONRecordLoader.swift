/// Loads a JSON evaluation record: strict JSON, then the same `RecordDecoder` the XML loader uses.
public enum JSONRecordLoader {
    /// Array keys and the element name each of their entries becomes.
    static let singular: [String: String] = [
        "indicators": "indicator", "adjustments": "adjustment", "sources": "source",
        "projects": "project", "targets": "target", "findings": "finding",
    ]

    /// Loads one record from the bytes of a JSON file.
    public static func load(_ bytes: UnsafeRawBufferPointer) throws(LoadError) -> Record {
        let document = try JSONReader.parse(bytes)
        let root = try rawNode(name: "evaluationRecord", document, isRoot: true)
        return try RecordDecoder(format: .json).decode(root)
    }

    /// Converts a JSON object to the format-neutral tree.
    static func rawNode(name: String, _ node: JSONNode, isRoot: Bool = false) throws(LoadError) -> RawNode {
        guard case .object(let members) = node.value else {
            throw LoadError("\(name): expected a JSON object", at: node.position)
        }
        var raw = RawNode(name: name, position: node.position)
        for member in members {
            switch member.value.value {
            case .object:
                raw.children.append(try rawNode(name: member.key, member.value))
            case .array(let elements):
                guard let element = singular[member.key] else {
                    throw LoadError("\(name): unknown key \"\(member.key)\"", at: member.position)
                }
                var entries: [RawNode] = []
                for entry in elements { entries.append(try rawNode(name: element, entry)) }
                if isRoot && (member.key == "projects" || member.key == "findings") {
                    raw.children.append(RawNode(name: member.key, children: entries, position: member.position))
                } else {
                    raw.children.append(contentsOf: entries)
                }
            case .string(let text) where member.key == "text" && name == "finding":
                raw.text = text
            case .string(let text):
                raw.attributes.append(RawAttribute(name: member.key, value: .text(text), position: member.position))
            case .number(let lexeme):
                raw.attributes.append(RawAttribute(name: member.key, value: .number(lexeme), position: member.position))
            case .bool(let flag):
                raw.attributes.append(RawAttribute(name: member.key, value: .bool(flag), position: member.position))
            case .null:
                throw LoadError("\(name): \"\(member.key)\" is null; omit a figure that is not reported", at: member.position)
            }
        }
        return raw
    }
}
