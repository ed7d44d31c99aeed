/// A small JSON writer for the run manifest: members are written in the order they are given
/// (never a dictionary's hash order), strings escaped per RFC 8259, non-ASCII kept as UTF-8.
/// Objects and arrays of plain values fit on one line; `open`/`close` nest indented blocks. What
/// is written goes to `output` whenever 64 KiB have gathered, and the rest on `flush`.
struct ManifestJSON {
    private var bytes: [UInt8] = []
    private let output: ([UInt8]) -> Void
    private var depth = 0
    /// Whether the block being written has a member yet (a comma is due before the next).
    private var hasMember: [Bool] = []

    init(output: @escaping ([UInt8]) -> Void) { self.output = output }

    /// Hands what is written so far to `output`.
    mutating func flush() {
        guard !bytes.isEmpty else { return }
        output(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Opens a block `{` (or `[`), as a member `key` of the enclosing object when given.
    mutating func open(_ key: String? = nil, array: Bool = false) {
        startMember(key)
        bytes.append(array ? UInt8(ascii: "[") : UInt8(ascii: "{"))
        depth += 1
        hasMember.append(false)
    }

    /// Closes the innermost block.
    mutating func close(array: Bool = false) {
        let had = hasMember.removeLast()
        depth -= 1
        if had { newline() }
        bytes.append(array ? UInt8(ascii: "]") : UInt8(ascii: "}"))
        if depth == 0 { bytes.append(UInt8(ascii: "\n")) }
    }

    /// A member or element on its own line, its value written raw (`value` is JSON already).
    mutating func raw(_ key: String?, _ value: String) {
        startMember(key)
        bytes += value.utf8
    }

    mutating func string(_ key: String?, _ value: String) { raw(key, Self.quoted(value)) }
    mutating func integer(_ key: String?, _ value: Int) { raw(key, "\(value)") }

    /// A one-line object of string members, in the order given: `{"sha256": "…"}`.
    static func inlineObject(_ members: [(String, String)]) -> String {
        "{" + members.map { quoted($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// A one-line array of strings.
    static func inlineArray(_ values: [String]) -> String { "[" + values.map(quoted).joined(separator: ", ") + "]" }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        // Paths and digests mostly need no escape: one scan, one concatenation.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func startMember(_ key: String?) {
        if bytes.count >= 1 << 16 { flush() }
        guard depth > 0 else { return }
        if hasMember[depth - 1] { bytes.append(UInt8(ascii: ",")) }
        hasMember[depth - 1] = true
        newline()
        if let key { bytes += Self.quoted(key).utf8 + Array(": ".utf8) }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes += [UInt8](repeating: UInt8(ascii: " "), count: 2 * depth)
    }
}
