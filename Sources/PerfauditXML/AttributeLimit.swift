import PerfauditCore

/// A pre-scan of the raw bytes that refuses a tag with very many attributes before libxml2
/// parses it: libxml2 2.9 checks attribute uniqueness pairwise, so 10⁵ attributes in one tag
/// would take minutes. No element of the format has more than 15.
///
/// Works on any ASCII-compatible encoding (UTF-8, GB18030, GBK: their multi-byte sequences
/// never contain bytes below 0x40); UTF-16/32 input is left to libxml2.
enum AttributeLimit {
    static let maximum = 256

    private enum State {
        case text, tag, quoted(UInt8)
        case skipping([UInt8])
    }

    static func check(_ bytes: UnsafeRawBufferPointer) throws(LoadError) {
        guard isASCIICompatible(bytes) else { return }
        var state = State.text
        var tagStart = 0
        var equals = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") {
                    state = opening(bytes, at: index)
                    tagStart = index
                    equals = 0
                }
            case .tag:
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    state = .quoted(byte)
                } else if byte == UInt8(ascii: ">") {
                    state = .text
                } else if byte == UInt8(ascii: "=") {
                    equals += 1
                    guard equals <= maximum else {
                        throw LoadError(
                            "an element has more than \(maximum) attributes", at: position(of: tagStart, in: bytes))
                    }
                }
            case .quoted(let quote):
                if byte == quote { state = .tag }
            case .skipping(let terminator):
                if matches(terminator, bytes, at: index) {
                    index += terminator.count - 1
                    state = .text
                }
            }
            index += 1
        }
    }

    /// The state after a '<': a tag, or a comment / CDATA / PI / declaration to skip whole.
    private static func opening(_ bytes: UnsafeRawBufferPointer, at index: Int) -> State {
        if matches(Array("<!--".utf8), bytes, at: index) { return .skipping(Array("-->".utf8)) }
        if matches(Array("<![CDATA[".utf8), bytes, at: index) { return .skipping(Array("]]>".utf8)) }
        if matches(Array("<?".utf8), bytes, at: index) { return .skipping(Array("?>".utf8)) }
        if matches(Array("<!".utf8), bytes, at: index) { return .skipping(Array(">".utf8)) }
        return .tag
    }

    private static func matches(_ pattern: [UInt8], _ bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        index + pattern.count <= bytes.count && pattern.indices.allSatisfy { bytes[index + $0] == pattern[$0] }
    }

    private static func isASCIICompatible(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !bytes.prefix(4).contains(0) && !(bytes.count >= 2 && (bytes[0] == 0xFE || bytes[0] == 0xFF))
    }

    /// Line and column (UTF-8 characters, after any BOM) of a byte offset.
    private static func position(of offset: Int, in bytes: UnsafeRawBufferPointer) -> SourcePosition {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var column = 1
        for byte in bytes[bom..<offset] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourcePosition(line: line, column: column)
    }
}
