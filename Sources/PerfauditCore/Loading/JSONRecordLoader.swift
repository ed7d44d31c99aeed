/// Loads a JSON evaluation record: strict JSON read straight into the format-neutral tree
/// (`JSONRecordTree.parse`), then the same `RecordDecoder` the XML loader uses.
public enum JSONRecordLoader {
    /// Loads one record from the bytes of a JSON file.
    public static func load(_ bytes: UnsafeRawBufferPointer) throws(LoadError) -> Record {
        try RecordDecoder(format: .json).decode(JSONRecordTree.parse(bytes))
    }
}
