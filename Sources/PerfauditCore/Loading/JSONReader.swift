/// A parsed JSON value with the position it starts at. Numbers keep their exact lexeme.
public struct JSONNode: Sendable, Equatable {
    public indirect enum Value: Sendable, Equatable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONNode
        public var position: SourcePosition
    }

    public var value: Value
    public var position: SourcePosition
}

/// A strict RFC 8259 reader over bytes: UTF-8 only (a leading BOM is skipped), no trailing
/// commas, no comments, no NaN, no duplicate keys, bounded nesting, every error located.
public struct JSONReader {
    /// Nesting deeper than this is refused (a record needs 6 levels).
    public static let maxDepth = 64

    let bytes: UnsafeRawBufferPointer
    private(set) var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    /// UTF-8 continuation bytes on the current line before `index`. Outside strings a document
    /// is ASCII, and each string read adds its own, so the column of a position outside a string
    /// costs a subtraction however long the line (a minified file) is.
    private var continuationBytes = 0
    /// The keys other than known keys of the objects being read, innermost object's last: one
    /// stack for the whole document, so that the duplicate-key check allocates nothing per object.
    private let keys = MemberStack<String>()
    /// The key names known in advance, if the caller has any.
    private let knownKeys: JSONKeyTable

    private init(_ bytes: UnsafeRawBufferPointer, knownKeys: JSONKeyTable) {
        self.bytes = bytes
        self.knownKeys = knownKeys
    }

    /// Parses one JSON document that fills the whole buffer.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(LoadError) -> JSONNode {
        try document(bytes, knownKeys: .none) { reader throws(LoadError) in try reader.parseValue() }
    }

    /// Reads the one document that fills `bytes`: skips a leading BOM and space, lets `root` read
    /// the top-level value, and refuses an empty buffer or anything after that value.
    static func document<Root>(
        _ bytes: UnsafeRawBufferPointer, knownKeys: JSONKeyTable, root: (inout JSONReader) throws(LoadError) -> Root
    ) throws(LoadError) -> Root {
        var reader = JSONReader(bytes, knownKeys: knownKeys)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            reader.index = 3
            reader.lineStart = 3
        }
        reader.skipSpace()
        guard reader.index < bytes.count else { throw reader.failure("empty document; expected a JSON object") }
        let value = try root(&reader)
        reader.skipSpace()
        guard reader.index == bytes.count else { throw reader.failure("unexpected content after the JSON document") }
        return value
    }

    /// Parses a document held in a Swift array of bytes.
    public static func parse(_ bytes: [UInt8]) throws(LoadError) -> JSONNode {
        let result: Result<JSONNode, LoadError> = bytes.withUnsafeBytes { buffer in
            do throws(LoadError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The position of `index`, which must lie outside any string (where a node, key or number
    /// starts). Columns count characters, not bytes.
    var position: SourcePosition {
        SourcePosition(line: line, column: index - lineStart - continuationBytes + 1)
    }

    /// The position of any byte on the current line, inside a string too, counted afresh: for
    /// errors only, which end the reading.
    private func position(at offset: Int) -> SourcePosition {
        var column = 1
        var cursor = lineStart
        while cursor < offset && cursor < bytes.count {
            if bytes[cursor] & 0xC0 != 0x80 { column += 1 }
            cursor += 1
        }
        return SourcePosition(line: line, column: column)
    }

    /// An error at `index`, which may lie inside a string.
    func failure(_ message: String) -> LoadError { LoadError(message, at: position(at: index)) }

    /// Moves past white space: inline when there is none (a byte above space stands at `index`),
    /// the loop out of line.
    @inline(__always) private mutating func skipSpace() {
        if index < bytes.count && bytes[index] > 0x20 { return }
        skipSpaceRun()
    }

    private mutating func skipSpaceRun() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
                continuationBytes = 0
            default: return
            }
        }
    }

    private mutating func parseValue() throws(LoadError) -> JSONNode {
        guard index < bytes.count else { throw failure("unexpected end of file; the document is truncated") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"): return JSONNode(value: try parseObject(), position: start)
        case UInt8(ascii: "["): return JSONNode(value: try parseArray(), position: start)
        case UInt8(ascii: "\""): return JSONNode(value: .string(try parseString()), position: start)
        case UInt8(ascii: "t"): try expectWord("true"); return JSONNode(value: .bool(true), position: start)
        case UInt8(ascii: "f"): try expectWord("false"); return JSONNode(value: .bool(false), position: start)
        case UInt8(ascii: "n"): try expectWord("null"); return JSONNode(value: .null, position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: .number(try parseNumber()), position: start)
        default:
            throw failure("unexpected character \(describeByte(bytes[index])); expected a JSON value")
        }
    }

    func describeByte(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    mutating func expectWord(_ word: String) throws(LoadError) {
        let expected = Array(word.utf8)
        let matches = index + expected.count <= bytes.count
            && expected.indices.allSatisfy { bytes[index + $0] == expected[$0] }
        guard matches else { throw failure("invalid literal; expected \(word)") }
        index += expected.count
    }

    private mutating func enter() throws(LoadError) {
        depth += 1
        guard depth <= JSONReader.maxDepth else {
            throw failure("nesting deeper than \(JSONReader.maxDepth) levels")
        }
    }

    private mutating func parseObject() throws(LoadError) -> JSONNode.Value {
        var members: [JSONNode.Member] = []
        var cursor = try openObject()
        while let (key, keyPosition) = try nextKey(&cursor) {
            members.append(JSONNode.Member(key: key, value: try parseValue(), position: keyPosition))
        }
        return .object(members)
    }

    private mutating func parseArray() throws(LoadError) -> JSONNode.Value {
        var elements: [JSONNode] = []
        var cursor = try openArray()
        while try nextElement(&cursor) { elements.append(try parseValue()) }
        return .array(elements)
    }

    /// Where a walk through one object stands: how many members it has had, a bit for each of
    /// the known keys among their keys, where its other keys start on the reader's key stack,
    /// and (for large objects with many other keys) a set of those.
    struct ObjectCursor {
        var count = 0
        var knownKeys: UInt128 = 0
        var firstKey: Int
        var keySet: Set<String> = []
    }

    /// Where a walk through one array stands.
    struct ArrayCursor {
        var count = 0
    }

    /// Steps into the object at `index` (which is `{`).
    mutating func openObject() throws(LoadError) -> ObjectCursor {
        try enter()
        index += 1
        return ObjectCursor(firstKey: keys.count)
    }

    /// Steps into the array at `index` (which is `[`).
    mutating func openArray() throws(LoadError) -> ArrayCursor {
        try enter()
        index += 1
        return ArrayCursor()
    }

    /// The next member's key and position, leaving `index` at its value; `nil` after the closing
    /// `}`. Refuses trailing commas and duplicate keys.
    mutating func nextKey(_ cursor: inout ObjectCursor) throws(LoadError) -> (String, SourcePosition)? {
        guard try advance(close: UInt8(ascii: "}"), afterFirst: cursor.count > 0, in: "an object") else {
            keys.drop(above: cursor.firstKey)
            return nil
        }
        guard bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key string") }
        let keyPosition = position
        let (key, known) = try parseKey()
        if let known {
            // A known key, however escaped, is one bit (no other key equals it as a string; see `JSONKeyTable`).
            let bit: UInt128 = 1 << known
            if cursor.knownKeys & bit != 0 { throw LoadError("duplicate key \"\(key)\"", at: keyPosition) }
            cursor.knownKeys |= bit
        } else if isDuplicate(otherKey: key, &cursor) {
            throw LoadError("duplicate key \"\(key)\"", at: keyPosition)
        }
        cursor.count += 1
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after key") }
        index += 1
        skipSpace()
        guard index < bytes.count else { throw failure("unexpected end of file; the document is truncated") }
        return (key, keyPosition)
    }

    /// Whether the object `cursor` walks has had `key`, which is not a known key, already:
    /// such keys (none, in a valid record) are kept on the key stack, scanned while an object has
    /// few, and in a set once it has many, so that a hostile file with many keys stays linear.
    private func isDuplicate(otherKey key: String, _ cursor: inout ObjectCursor) -> Bool {
        defer { keys.push(key) }
        let earlier = cursor.firstKey..<keys.count
        if earlier.count < 16 { return earlier.contains { keys[$0] == key } }
        if cursor.keySet.isEmpty { cursor.keySet = Set(earlier.map { keys[$0] }) }
        return !cursor.keySet.insert(key).inserted
    }

    /// Whether another element follows (leaving `index` at it); `false` after the closing `]`.
    mutating func nextElement(_ cursor: inout ArrayCursor) throws(LoadError) -> Bool {
        guard try advance(close: UInt8(ascii: "]"), afterFirst: cursor.count > 0, in: "an array") else { return false }
        cursor.count += 1
        return true
    }

    /// Moves past the separator before the next member or element of a container: a `,` when
    /// one came before (refusing a trailing comma), or the closing `close`, after which it
    /// returns `false` and leaves the container.
    private mutating func advance(close: UInt8, afterFirst: Bool, in container: String) throws(LoadError) -> Bool {
        var closing: String { "'\(Character(Unicode.Scalar(close)))'" }  // for messages only
        skipSpace()
        guard index < bytes.count else { throw failure("unexpected end of file inside \(container)") }
        if afterFirst {
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipSpace()
                guard index < bytes.count else { throw failure("unexpected end of file inside \(container)") }
                if bytes[index] == close { throw failure("trailing comma before \(closing)") }
            } else if bytes[index] != close {
                throw failure("expected ',' or \(closing)")
            }
        }
        guard bytes[index] == close else { return true }
        index += 1
        depth -= 1
        return false
    }

    mutating func parseNumber() throws(LoadError) -> String {
        let start = index
        let startPosition = position
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerDigits = index - integerStart
        guard integerDigits > 0 else { throw failure("invalid number; expected digits") }
        guard !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")) else {
            throw LoadError("invalid number; leading zeros are not allowed", at: startPosition)
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > fractionStart else { throw failure("invalid number; expected digits after '.'") }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { throw failure("invalid number; expected exponent digits") }
        }
        guard index - start <= 64 else { throw LoadError("number longer than 64 characters", at: startPosition) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Reads the key string at `index`, and its index in the known keys if it is one of them:
    /// a name spelt plainly without decoding it (a key that spells a name up to the first quote
    /// has no escape, so that quote ends it); any other key through `parseString`, and then looked
    /// up as decoded, so that an escaped spelling of a name is that name.
    private mutating func parseKey() throws(LoadError) -> (String, Int?) {
        let start = index + 1
        if let (spelling, length) = plainSpelling(at: start), let known = knownKeys.index(of: spelling) {
            index = start + length + 1
            return (knownKeys.list[known], known)
        }
        var key = try parseString()
        let known = key.withUTF8 { decoded in
            decoded.count <= JSONKeyTable.Spelling.capacity
                ? knownKeys.index(of: JSONKeyTable.Spelling(UnsafeRawBufferPointer(decoded))) : nil
        }
        return (key, known)
    }

    /// The spelling of the key whose text starts at `start`, and its length, when a quote ends
    /// it within `JSONKeyTable.Spelling.capacity` bytes; found a word at a time where the buffer
    /// allows reading that many bytes.
    @inline(__always) private func plainSpelling(at start: Int) -> (JSONKeyTable.Spelling, Int)? {
        let capacity = JSONKeyTable.Spelling.capacity
        guard start + capacity <= bytes.count, let base = bytes.baseAddress else {
            let limit = min(bytes.count, start + capacity + 1)
            var end = start
            while end < limit && bytes[end] != UInt8(ascii: "\"") { end += 1 }
            guard end < limit && end - start <= capacity else { return nil }
            return (JSONKeyTable.Spelling(UnsafeRawBufferPointer(rebasing: bytes[start..<end])), end - start)
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        for offset in stride(from: 0, to: capacity, by: 8) {
            let word = (base + start).loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ (ones &* 0x22)
            let quote = (word &- ones) & ~word & (ones &* 0x80)  // the lowest flag is the first quote
            if quote != 0 {
                let length = offset + quote.trailingZeroBitCount / 8
                return (JSONKeyTable.Spelling(loading: base + start, count: length), length)
            }
        }
        // No quote in the first `capacity` bytes: only one right after them still fits.
        guard start + capacity < bytes.count, bytes[start + capacity] == UInt8(ascii: "\"") else { return nil }
        return (JSONKeyTable.Spelling(loading: base + start, count: capacity), capacity)
    }

    mutating func parseString() throws(LoadError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes; ASCII text (every byte's top bit clear) needs no UTF-8 check.
        var topBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if topBits & 0x80 != 0 { continuationBytes += try checkUTF8(start..<index) }
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return String(decoding: slice, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character in a string") }
            topBits |= byte
            index += 1
        }
        var scalars = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                continuationBytes += try checkUTF8(start..<index)  // escapes are ASCII, so the raw bytes decide
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendEscape(&scalars)
            case 0..<0x20:
                throw failure("control character in a string")
            default:
                scalars.append(byte)
                index += 1
            }
        }
        throw failure("unexpected end of file inside a string")
    }

    /// Fails, at the offending byte, unless the bytes in `range` are well-formed UTF-8
    /// (no overlong forms, surrogates or code points above U+10FFFF); returns how many of them
    /// are continuation bytes.
    private func checkUTF8(_ range: Range<Int>) throws(LoadError) -> Int {
        var continuation = 0
        var offset = range.lowerBound
        while offset < range.upperBound {
            let lead = bytes[offset]
            guard lead >= 0x80 else {
                offset += 1
                continue
            }
            let (length, second): (Int, ClosedRange<UInt8>) =
                switch lead {
                case 0xC2...0xDF: (2, 0x80...0xBF)
                case 0xE0: (3, 0xA0...0xBF)
                case 0xED: (3, 0x80...0x9F)
                case 0xE1...0xEF: (3, 0x80...0xBF)
                case 0xF0: (4, 0x90...0xBF)
                case 0xF1...0xF3: (4, 0x80...0xBF)
                case 0xF4: (4, 0x80...0x8F)
                default: (0, 0...0)
                }
            let wellFormed = length > 0 && offset + length <= range.upperBound
                && second.contains(bytes[offset + 1])
                && (2..<length).allSatisfy { (0x80...0xBF).contains(bytes[offset + $0]) }
            guard wellFormed else { throw LoadError("invalid UTF-8 in a string", at: position(at: offset)) }
            offset += length
            continuation += length - 1
        }
        return continuation
    }

    private mutating func appendEscape(_ output: inout [UInt8]) throws(LoadError) {
        index += 1
        guard index < bytes.count else { throw failure("unexpected end of file in an escape") }
        let escaped = bytes[index]
        index += 1
        let simple: UInt8? =
            switch escaped {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            case UInt8(ascii: "/"): 0x2F
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            output.append(simple)
            return
        }
        guard escaped == UInt8(ascii: "u") else { throw failure("invalid escape '\\\(describeByte(escaped))'") }
        var code = try hexQuad()
        if (0xD800...0xDBFF).contains(code) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw failure("unpaired surrogate in a \\u escape")
            }
            index += 2
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate in a \\u escape") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
            throw failure("unpaired surrogate in a \\u escape")
        }
        output.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
    }

    private mutating func hexQuad() throws(LoadError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
            default: throw failure("invalid hex digit in a \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
