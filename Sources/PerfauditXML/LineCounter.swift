/// Newlines, and characters since the last newline (or the start), of a growing prefix of UTF-8
/// bytes: the line and column arithmetic behind every position the XML loader works out itself.
/// Characters are counted as libxml2 counts columns, one per UTF-8 lead byte.
struct LineCounter {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var newlines = 0
    private(set) var characters = 0
    private var counted = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Extends the counts to the bytes before `end`.
    mutating func count(upTo end: Int) {
        let end = min(end, bytes.count)
        guard end > counted else { return }
        for byte in bytes[counted..<end] {
            if byte == 0x0A {
                newlines += 1
                characters = 0
            } else if byte & 0xC0 != 0x80 {
                characters += 1
            }
        }
        counted = end
    }
}
