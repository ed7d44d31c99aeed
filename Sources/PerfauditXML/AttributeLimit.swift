#if canImport(Glibc)
import Glibc
#endif
import PerfauditCore

/// A pre-scan of the raw bytes that refuses a tag with very many attributes before libxml2
/// parses it: libxml2 2.9 checks attribute uniqueness pairwise, so 10⁵ attributes in one tag
/// would take minutes. No element of the format has more than 15.
///
/// Works on any ASCII-compatible encoding (UTF-8, GB18030, GBK: their multi-byte sequences
/// never contain bytes below 0x40); UTF-16/32 input is left to libxml2.
enum AttributeLimit {
    static let maximum = 256

    static func check(_ bytes: UnsafeRawBufferPointer) throws(LoadError) {
        guard isASCIICompatible(bytes), !fewEqualsSigns(bytes) else { return }
        try walkTags(bytes)
    }

    /// Whether no stretch from one '<' to the next holds more than `maximum` '=' signs. A tag
    /// lies within such a stretch ('<' cannot occur inside one, not even in a quoted value), and
    /// each attribute needs an '=', so then no tag can exceed the limit and the walk is not
    /// needed. Counting a byte is far cheaper than walking tags.
    private static func fewEqualsSigns(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, count(UInt8(ascii: "="), in: bytes) > maximum else { return true }
        var start = find(UInt8(ascii: "<"), base, from: 0, to: bytes.count) ?? bytes.count
        while start < bytes.count {
            let end = find(UInt8(ascii: "<"), base, from: start + 1, to: bytes.count) ?? bytes.count
            if count(UInt8(ascii: "="), in: UnsafeRawBufferPointer(rebasing: bytes[start..<end])) > maximum {
                return false
            }
            start = end
        }
        return true
    }

    /// How many times `byte` occurs, sixteen bytes at a time.
    static func count(_ byte: UInt8, in bytes: UnsafeRawBufferPointer) -> Int {
        let lanes = SIMD16<UInt8>(repeating: byte)
        var total = 0
        var offset = 0
        while bytes.count - offset >= 16 {
            // Lane counters are bytes: fold them into the total at least every 255 blocks.
            var counters = SIMD16<UInt8>()
            let blocks = min((bytes.count - offset) / 16, 255)
            for _ in 0..<blocks {
                let chunk = bytes.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
                counters &+= SIMD16<UInt8>().replacing(with: 1, where: chunk .== lanes)
                offset += 16
            }
            total += Int(SIMD16<UInt16>(truncatingIfNeeded: counters).wrappedSum())
        }
        for candidate in bytes[offset...] where candidate == byte { total += 1 }
        return total
    }

    /// The exact check: walks every tag, counting its attributes outside quoted values.
    private static func walkTags(_ bytes: UnsafeRawBufferPointer) throws(LoadError) {
        guard let base = bytes.baseAddress else { return }
        let end = bytes.count
        var index = 0
        // Jump from '<' to '<' with memchr; only tags are walked byte by byte, and quoted values
        // are skipped with memchr too.
        while let open = find(UInt8(ascii: "<"), base, from: index, to: end) {
            if let terminator = skipTerminator(bytes, at: open) {
                index = skip(past: terminator, base, from: open + 1, to: end)
                continue
            }
            var cursor = open + 1
            var equals = 0
            scan: while cursor < end {
                let byte = bytes[cursor]
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    guard let close = find(byte, base, from: cursor + 1, to: end) else { return }
                    cursor = close
                case UInt8(ascii: ">"):
                    break scan
                case UInt8(ascii: "="):
                    equals += 1
                    guard equals <= maximum else {
                        throw LoadError("an element has more than \(maximum) attributes", at: position(of: open, in: bytes))
                    }
                default:
                    break
                }
                cursor += 1
            }
            index = cursor + 1
        }
    }

    /// The index of the next `byte` in `[from, to)`.
    private static func find(_ byte: UInt8, _ base: UnsafeRawPointer, from: Int, to: Int) -> Int? {
        guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// The index just past `terminator`, searching from `from` (the end when it is missing).
    private static func skip(past terminator: [UInt8], _ base: UnsafeRawPointer, from: Int, to: Int) -> Int {
        var cursor = from
        while let hit = find(terminator[0], base, from: cursor, to: to) {
            let bytes = UnsafeRawBufferPointer(start: base, count: to)
            if matches(terminator, bytes, at: hit) { return hit + terminator.count }
            cursor = hit + 1
        }
        return to
    }

    /// For a comment, CDATA section, processing instruction or declaration opening at `index`,
    /// the text that ends it; `nil` for a tag.
    private static func skipTerminator(_ bytes: UnsafeRawBufferPointer, at index: Int) -> [UInt8]? {
        if matches(commentOpen, bytes, at: index) { return commentClose }
        if matches(cdataOpen, bytes, at: index) { return cdataClose }
        if matches(piOpen, bytes, at: index) { return piClose }
        if matches(declarationOpen, bytes, at: index) { return declarationClose }
        return nil
    }

    private static let commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)
    private static let cdataOpen = Array("<![CDATA[".utf8), cdataClose = Array("]]>".utf8)
    private static let piOpen = Array("<?".utf8), piClose = Array("?>".utf8)
    private static let declarationOpen = Array("<!".utf8), declarationClose = Array(">".utf8)

    private static func matches(_ pattern: [UInt8], _ bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        index + pattern.count <= bytes.count && pattern.indices.allSatisfy { bytes[index + $0] == pattern[$0] }
    }

    private static func isASCIICompatible(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !bytes.prefix(4).contains(0) && !(bytes.count >= 2 && (bytes[0] == 0xFE || bytes[0] == 0xFF))
    }

    /// Line and column (UTF-8 characters, after any BOM) of a byte offset.
    private static func position(of offset: Int, in bytes: UnsafeRawBufferPointer) -> SourcePosition {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var counter = LineCounter(UnsafeRawBufferPointer(rebasing: bytes[bom..<offset]).assumingMemoryBound(to: UInt8.self))
        counter.count(upTo: offset - bom)
        return SourcePosition(line: 1 + counter.newlines, column: 1 + counter.characters)
    }
}
