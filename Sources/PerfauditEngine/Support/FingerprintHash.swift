/// FNV-1a 64 over a list of texts (issue ids, problem keys, self-score fingerprints): their UTF-8
/// bytes, a 0x1F byte between one and the next.
struct FingerprintHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    init(_ first: String) { add(first) }

    /// Adds the separator, then the next text.
    mutating func append(_ text: String) {
        add(0x1F)
        add(text)
    }

    /// Adds the separator, then the exact units of a figure (its eight bytes, little-endian).
    mutating func append(units: Int64) {
        add(0x1F)
        withUnsafeBytes(of: units.littleEndian) { for byte in $0 { add(byte) } }
    }

    private mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }

    private mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { for byte in $0 { add(byte) } }
    }
}
