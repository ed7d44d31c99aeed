import PerfauditCore

/// What a file that failed to load really is, told from its first bytes: an Excel workbook or a
/// PDF renamed `.xml`, UTF-16 text, an XML file named `.json`… so that the reject says so
/// instead of the parser's first complaint ("Document is empty").
enum FileKind {
    /// A message naming what the file is and what perfaudit expects, or `nil` when the bytes
    /// look like what the name says (the parser's own message then stands).
    static func mismatch(_ bytes: UnsafeRawBufferPointer, isJSON: Bool) -> LoadError? {
        let expected = isJSON ? "a JSON evaluation record" : "an XML evaluation record"
        let start = SourcePosition(line: 1, column: 1)
        if let encoding = textEncoding(bytes) {
            return LoadError("the file is \(encoding), not UTF-8; save it as UTF-8", at: start)
        }
        guard let kind = kind(bytes, isJSON: isJSON) else { return nil }
        return LoadError(
            "the file is \(kind), not \(expected); export the record as XML or JSON (see docs/record-format.md)", at: start)
    }

    /// UTF-16 or UTF-32, by a byte-order mark or by the zero bytes of ASCII text.
    static func textEncoding(_ bytes: UnsafeRawBufferPointer) -> String? {
        if starts(bytes, [0xFF, 0xFE, 0x00, 0x00]) || starts(bytes, [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 text" }
        if starts(bytes, [0xFF, 0xFE]) || starts(bytes, [0xFE, 0xFF]) { return "UTF-16 text" }
        guard bytes.count >= 4 else { return nil }
        let zeros = (0..<4).map { bytes[$0] == 0 }
        if zeros == [false, true, true, true] || zeros == [true, true, true, false] { return "UTF-32 text" }
        if zeros == [false, true, false, true] || zeros == [true, false, true, false] { return "UTF-16 text" }
        return nil
    }

    private static let signatures: [([UInt8], String)] = [
        (Array("%PDF-".utf8), "a PDF document"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old-style Office file (Word .doc or Excel .xls)"),
        (Array("{\\rtf".utf8), "an RTF document"),
        ([0x1F, 0x8B], "a gzip archive"),
        (Array("Rar!".utf8), "a RAR archive"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        (Array("GIF8".utf8), "a GIF image"),
        ([0x7F, 0x45, 0x4C, 0x46], "an executable program"),
        (Array("MZ".utf8), "an executable program"),
    ]

    private static func kind(_ bytes: UnsafeRawBufferPointer, isJSON: Bool) -> String? {
        if starts(bytes, [0x50, 0x4B, 0x03, 0x04]) || starts(bytes, [0x50, 0x4B, 0x05, 0x06]) { return zipKind(bytes) }
        if let (_, kind) = signatures.first(where: { starts(bytes, $0.0) }) { return kind }
        // Text: what its first visible character says it is.
        var index = starts(bytes, [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(bytes.count, 4096)
        while index < end, bytes[index].isXMLSpace { index += 1 }
        guard index < end else { return nil }
        let first = bytes[index]
        // An HTML page says so in its first few hundred bytes.
        let head = index..<min(bytes.count, index + 512)
        if isJSON && first == UInt8(ascii: "<") {
            return containsASCII(bytes, "<html", in: head) ? "an HTML page" : "an XML document"
        }
        if !isJSON && (first == UInt8(ascii: "{") || first == UInt8(ascii: "[")) { return "a JSON document" }
        if !isJSON && containsASCII(bytes, "<html", in: head) { return "an HTML page" }
        return nil
    }

    /// Office Open XML and OpenDocument files are ZIP archives; their member names tell which.
    /// They stand in the first entries' headers and in the directory at the end: only the first
    /// and last 64 KiB are searched, so that a large file costs no more than a small one.
    private static func zipKind(_ bytes: UnsafeRawBufferPointer) -> String {
        let ranges = [0..<min(bytes.count, 1 << 16), max(0, bytes.count - (1 << 16))..<bytes.count]
        func contains(_ text: String) -> Bool { ranges.contains { containsASCII(bytes, text, in: $0) } }
        if contains("xl/") { return "a ZIP archive (an Excel .xlsx workbook)" }
        if contains("word/") { return "a ZIP archive (a Word .docx document)" }
        if contains("application/vnd.oasis.opendocument") { return "a ZIP archive (an OpenDocument file)" }
        return "a ZIP archive"
    }

    private static func starts(_ bytes: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && prefix.indices.allSatisfy { bytes[$0] == prefix[$0] }
    }

    /// Whether the ASCII text occurs within `range` of the bytes, A–Z matching a–z.
    private static func containsASCII(_ bytes: UnsafeRawBufferPointer, _ text: String, in range: Range<Int>) -> Bool {
        let needle = Array(text.utf8)
        guard range.count >= needle.count else { return false }
        for index in range.lowerBound...(range.upperBound - needle.count)
        where needle.indices.allSatisfy({ (bytes[index + $0] | 0x20) == (needle[$0] | 0x20) }) {
            return true
        }
        return false
    }
}
