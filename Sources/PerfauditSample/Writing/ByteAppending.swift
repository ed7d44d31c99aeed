/// Appending text and numbers to the bytes a writer builds.
extension Array where Element == UInt8 {
    @inline(__always)
    mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func appendSpaces(_ count: Int) {
        for _ in 0..<count { append(0x20) }
    }

    /// Decimal digits of a whole number.
    mutating func appendInteger(_ value: Int) {
        appendUTF8(String(value))
    }
}
