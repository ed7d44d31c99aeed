/// Loads a JSON evaluation record: strict JSON read straight into the format-neutral tree
/// (`JSONReader.parseRecordTree`), then the same `RecordDecoder` the XML loader uses.
///
/// The mapping: scalar members become attributes, object members child nodes, array members
/// repeated children with the singular name below (the record-level `projects` and `findings`
/// arrays inside a wrapper child, as in XML), and a finding's `text` member its text.
public enum JSONRecordLoader {
    /// Array keys and the element name each of their entries becomes.
    static let singular: [String: String] = [
        "indicators": "indicator", "adjustments": "adjustment", "sources": "source",
        "projects": "project", "targets": "target", "findings": "finding",
    ]

    /// Loads one record from the bytes of a JSON file.
    public static func load(_ bytes: UnsafeRawBufferPointer) throws(LoadError) -> Record {
        try RecordDecoder(format: .json).decode(JSONReader.parseRecordTree(bytes))
    }
}
