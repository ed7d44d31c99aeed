import PerfauditCore

/// Builds CSV rows into a reusable byte buffer: RFC 4180 quoting, CRLF line ends, text cells
/// that a spreadsheet would run as a formula neutralized with a leading `'`, numbers plain.
public struct CSVRowBuilder {
    public private(set) var bytes: [UInt8] = []
    private var atRowStart = true

    /// A builder whose buffer starts with room for `capacity` bytes.
    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// Empties the buffer, keeping its storage.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        atRowStart = true
    }

    /// Starts a new row or section after what the buffer holds, keeping it.
    public mutating func startSection() { atRowStart = true }

    private mutating func separate() {
        if !atRowStart { bytes.append(UInt8(ascii: ",")) }
        atRowStart = false
    }

    /// A text cell. Neutralized when it starts with `=`, `+`, `-`, `@`, tab or CR; quoted when it
    /// holds a comma, quote, CR or LF.
    public mutating func text(_ value: String) {
        separate()
        var value = value
        value.withUTF8 { appendText($0) }
    }

    private mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>) {
        let neutralize = utf8.first.map(Self.startsFormula) ?? false
        let (quote, hasQuote) = Self.quoting(utf8)
        if quote { bytes.append(UInt8(ascii: "\"")) }
        if neutralize { bytes.append(UInt8(ascii: "'")) }
        if hasQuote {
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
        } else {
            bytes.append(contentsOf: utf8)
        }
        if quote { bytes.append(UInt8(ascii: "\"")) }
    }

    /// Whether a cell must be quoted (it holds a comma, quote, CR or LF), and whether it holds a
    /// quote. Eight bytes at a time: all four lie below `-` (0x2D), where CJK text, digits and
    /// letters do not, so most words are passed over whole.
    static func quoting(_ utf8: UnsafeBufferPointer<UInt8>) -> (quote: Bool, hasQuote: Bool) {
        var quote = false
        var hasQuote = false
        func look(at range: Range<Int>) {
            for byte in utf8[range] {
                switch byte {
                case UInt8(ascii: "\""): hasQuote = true; quote = true
                case UInt8(ascii: ","), 0x0A, 0x0D: quote = true
                default: continue
                }
            }
        }
        var index = 0
        if let base = utf8.baseAddress {
            let words = UnsafeRawPointer(base)
            while index + 8 <= utf8.count {
                if hasByteBelowDash(words.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    look(at: index..<index + 8)
                }
                index += 8
            }
        }
        look(at: index..<utf8.count)
        return (quote, hasQuote)
    }

    /// Whether any of the word's eight bytes is below 0x2D (exact as a yes/no answer).
    @inline(__always)
    private static func hasByteBelowDash(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return (word &- ones &* 0x2D) & ~word & (ones &* 0x80) != 0
    }

    /// Whether a cell starting with this byte would be taken as a formula.
    static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: true
        default: false
        }
    }

    /// An optional text cell: empty when `nil`.
    public mutating func text(_ value: String?) {
        guard let value else { return empty() }
        text(value)
    }

    /// A number cell with exactly `digits` fractional digits; empty when `nil`.
    public mutating func number(_ value: Exact?, digits: Int = 2) {
        separate()
        guard let value else { return }
        value.append(digits: digits, to: &bytes)
    }

    /// A whole-number cell.
    public mutating func integer(_ value: Int) {
        separate()
        Exact.appendDigits(of: value.magnitude, negative: value < 0, to: &bytes)
    }

    public mutating func empty() { separate() }

    /// A `yes` / `no` cell, in the words of `values`.
    public mutating func flag(_ value: Bool, _ values: ReportValues) {
        text(values.flag(value))
    }

    /// An optional `yes` / `no` cell: empty when `nil`.
    public mutating func flag(_ value: Bool?, _ values: ReportValues) {
        guard let value else { return empty() }
        flag(value, values)
    }

    /// A cell of an id: `prefix` then a 64-bit value as 16 lowercase hex digits (never quoted
    /// or neutralized). The prefix keeps a spreadsheet from reading the id as a number.
    mutating func id(_ prefix: StaticString, _ value: UInt64) {
        separate()
        prefix.withUTF8Buffer { bytes.append(contentsOf: $0) }
        appendHex(value)
    }

    private mutating func appendHex(_ value: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { digits in
            for index in 0..<16 {
                let digit = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0xF
                digits[index] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
            }
            bytes.append(contentsOf: digits)
        }
    }

    /// Appends cells already formatted as CSV (`fixedCells`-style), as the next cells of the row.
    mutating func cells(_ formatted: [UInt8]) {
        separate()
        bytes.append(contentsOf: formatted)
    }

    /// Starts a length-prefixed piece (see `endPiece`): cells that continue a row begun
    /// elsewhere, so the first one takes its separator. Returns where the piece's bytes start.
    mutating func beginPiece() -> Int {
        bytes.append(0)
        atRowStart = false
        return bytes.count
    }

    /// Ends the piece whose bytes start at `start`, putting its length (LEB128) in front of it:
    /// one byte for pieces under 128 bytes, where the placeholder already is.
    mutating func endPiece(_ start: Int) {
        var length = bytes.count - start
        bytes[start - 1] = UInt8(length & 0x7F)
        guard length >= 0x80 else { return }
        var prefix: [UInt8] = []
        while length >= 0x80 {
            prefix.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        prefix.append(UInt8(length))
        bytes.replaceSubrange(start - 1..<start, with: prefix)
    }

    /// Ends the row with CRLF.
    public mutating func endRow() {
        bytes.append(0x0D)
        bytes.append(0x0A)
        atRowStart = true
    }

    /// Appends a whole row of text cells.
    public mutating func row(_ cells: [String]) {
        for cell in cells { text(cell) }
        endRow()
    }
}

/// Reads back, in order, the length-prefixed pieces that `CSVRowBuilder.endPiece` wrote.
struct PieceReader {
    private let bytes: UnsafeRawBufferPointer
    private var cursor = 0

    /// A reader of `bytes`, which must stay valid while it is used.
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The next piece's bytes.
    mutating func next() -> UnsafeRawBufferPointer {
        var length = 0
        var shift = 0
        while true {
            let byte = bytes[cursor]
            cursor += 1
            length |= Int(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        precondition(length <= bytes.count - cursor, "a piece runs past its block")
        defer { cursor += length }
        return UnsafeRawBufferPointer(rebasing: bytes[cursor..<cursor + length])
    }
}
