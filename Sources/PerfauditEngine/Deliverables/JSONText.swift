/// Builds JSON text into a byte buffer: arrays, strings, numbers. Strings are escaped so the text
/// can sit inside an HTML `<script>` data block (`<`, `>` and `&` as `\u` escapes).
struct JSONText {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    mutating func openArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func closeArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func openObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func closeObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// An object member's key; its value follows.
    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// JSON text made elsewhere, as the next value.
    mutating func raw(_ text: [UInt8]) {
        separate()
        bytes += text
    }

    mutating func integer(_ value: Int) {
        separate()
        bytes += Array(String(value).utf8)
    }

    /// A number cell of a report as a JSON number (its digits as they are), `null` when empty.
    mutating func number(_ cell: ArraySlice<UInt8>) {
        separate()
        let numeric = !cell.isEmpty && cell.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
            && cell.last != UInt8(ascii: ".") && cell.first != UInt8(ascii: ".")
        if numeric { bytes += cell } else { bytes += Array("null".utf8) }
    }

    mutating func number(_ cell: String) { number(Array(cell.utf8)[...]) }

    mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
