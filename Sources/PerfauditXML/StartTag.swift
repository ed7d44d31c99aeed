#if canImport(Glibc)
import Glibc
#endif
internal import CLibXML2
import PerfauditCore

/// The construct the parser has just read that starts with '<' (a start tag when an element
/// starts, `<!DOCTYPE …` when the DTD callback fires), found in the parser's input buffer.
///
/// libxml2 reports only the position of its cursor (the end of the tag); this derives the
/// position of the '<' and of each attribute name from it, in one pass over the tag's bytes.
/// '<' cannot occur inside a tag, so the nearest one before the cursor opened it. The buffer
/// holds UTF-8 whatever the file's encoding; columns count characters, as libxml2's do.
struct StartTag {
    private let start: UnsafePointer<UInt8>
    private let cursor: UnsafePointer<UInt8>
    let position: SourcePosition

    init?(_ parser: xmlParserCtxtPtr?) {
        guard let input = parser?.pointee.input, let cursor = input.pointee.cur, let base = input.pointee.base
        else { return nil }
        var start = cursor
        while start > base && start.pointee != UInt8(ascii: "<") { start -= 1 }
        guard start.pointee == UInt8(ascii: "<"), let position = Self.position(of: start, in: input) else {
            return nil
        }
        self.start = start
        self.cursor = cursor
        self.position = position
    }

    /// The position of `target` (at or before the cursor), from the cursor's line and column.
    private static func position(of target: UnsafePointer<UInt8>, in input: xmlParserInputPtr) -> SourcePosition? {
        guard let cursor = input.pointee.cur, let base = input.pointee.base else { return nil }
        var newlines = 0
        var characters = 0
        var pointer = target
        while pointer < cursor {
            if pointer.pointee == 0x0A { newlines += 1 }
            if pointer.pointee & 0xC0 != 0x80 { characters += 1 }
            pointer += 1
        }
        let line = Int(input.pointee.line) - newlines
        if newlines == 0 { return SourcePosition(line: line, column: Int(input.pointee.col) - characters) }
        // Count from the start of the target's line, which must still be in the buffer.
        var lineStart = target
        while lineStart > base && (lineStart - 1).pointee != 0x0A { lineStart -= 1 }
        if lineStart == base {
            guard input.pointee.consumed == 0 else { return nil }
            if lineStart[0] == 0xEF && lineStart[1] == 0xBB && lineStart[2] == 0xBF { lineStart += 3 }
        }
        var column = 1
        pointer = lineStart
        while pointer < target {
            if pointer.pointee & 0xC0 != 0x80 { column += 1 }
            pointer += 1
        }
        return SourcePosition(line: line, column: column)
    }

    /// The qualified name and position of every attribute in the tag, in order.
    func attributes() -> [(String, SourcePosition)] {
        var result: [(String, SourcePosition)] = []
        forEachAttribute { name, at in
            result.append((String(decoding: name, as: UTF8.self), at))
        }
        return result
    }

    /// The position of the '<' of the start tag just read, and in `positions` those of its
    /// attributes in the order SAX2 reports them (namespace declarations, `xmlns` and `xmlns:…`,
    /// which SAX2 reports apart, are left out) — from one pass over the tag's bytes, without
    /// building the names. `positions` is replaced, reusing its storage.
    static func scan(_ parser: xmlParserCtxtPtr?, attributes positions: inout [SourcePosition]) -> SourcePosition? {
        positions.removeAll(keepingCapacity: true)
        guard let input = parser?.pointee.input, let cursor = input.pointee.cur, let base = input.pointee.base
        else { return nil }
        var start = cursor
        while start > base && start.pointee != UInt8(ascii: "<") { start -= 1 }
        guard start.pointee == UInt8(ascii: "<") else { return nil }
        let tag = UnsafeBufferPointer(start: start, count: cursor - start)
        // First pass result: each attribute's line offset from the '<' and its characters before
        // it on that line; made absolute once the '<' is placed.
        let (newlines, lastLineCharacters) = Self.markAttributes(in: tag, into: &positions)
        let line = Int(input.pointee.line) - newlines
        let column: Int
        if newlines == 0 {
            column = Int(input.pointee.col) - lastLineCharacters
        } else {
            guard let placed = position(of: start, in: input) else {
                positions.removeAll(keepingCapacity: true)
                return nil
            }
            column = placed.column
        }
        for index in positions.indices {
            let mark = positions[index]
            positions[index] = SourcePosition(
                line: line + mark.line, column: mark.line == 0 ? column + mark.column : mark.column + 1)
        }
        return SourcePosition(line: line, column: column)
    }

    /// Walks a start tag, appending for each attribute (not a namespace declaration) its line
    /// offset from the tag's start and the characters before it on its line; returns the tag's
    /// newlines and the characters on its last line. The structure is found with plain byte
    /// searches; characters and newlines are counted in a separate tight pass, up to each
    /// attribute as it is found.
    private static func markAttributes(
        in tag: UnsafeBufferPointer<UInt8>, into marks: inout [SourcePosition]
    ) -> (newlines: Int, characters: Int) {
        var counter = LineCounter(tag)
        var index = 1  // past '<'
        index = skip(tag, from: index) { !isSpace($0) && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "/") }  // element name
        while true {
            index = skip(tag, from: index, while: isSpace)
            guard index < tag.count, tag[index] != UInt8(ascii: ">"), tag[index] != UInt8(ascii: "/") else { break }
            counter.count(upTo: index)
            if !isNamespaceDeclaration(tag, at: index) {
                marks.append(SourcePosition(line: counter.newlines, column: counter.characters))
            }
            index = skip(tag, from: index) { !isSpace($0) && $0 != UInt8(ascii: "=") }  // name
            index = skip(tag, from: index) { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") }  // space, '=', space
            guard index < tag.count else { break }
            let quote = tag[index]
            index = skip(tag, from: index + 1) { $0 != quote } + 1
        }
        counter.count(upTo: tag.count)
        return (counter.newlines, counter.characters)
    }

    /// The first index at or after `start` whose byte fails `condition` (or the end).
    @inline(__always)
    private static func skip(_ tag: UnsafeBufferPointer<UInt8>, from start: Int, while condition: (UInt8) -> Bool) -> Int {
        var index = start
        while index < tag.count && condition(tag[index]) { index += 1 }
        return index
    }

    /// Newlines, and characters since the last newline (or the start), of a prefix of the tag.
    private struct LineCounter {
        let bytes: UnsafeBufferPointer<UInt8>
        private(set) var newlines = 0
        private(set) var characters = 0
        private var counted = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// Extends the counts to the bytes before `end`.
        mutating func count(upTo end: Int) {
            var index = counted
            let end = min(end, bytes.count)
            while index < end {
                let byte = bytes[index]
                if byte == 0x0A {
                    newlines += 1
                    characters = 0
                } else {
                    characters &+= byte & 0xC0 != 0x80 ? 1 : 0
                }
                index += 1
            }
            counted = max(counted, end)
        }
    }

    /// Whether the attribute name at `index` is `xmlns` or `xmlns:…`.
    private static func isNamespaceDeclaration(_ tag: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let prefix: StaticString = "xmlns"
        let length = prefix.utf8CodeUnitCount
        guard tag[index] == UInt8(ascii: "x"), tag.count - index > length,
            memcmp(tag.baseAddress! + index, prefix.utf8Start, length) == 0
        else { return false }
        let next = tag[index + length]
        return next == UInt8(ascii: ":") || next == UInt8(ascii: "=") || isSpace(next)
    }

    /// Calls `body` with each attribute's name bytes and position, in document order.
    private func forEachAttribute(_ body: (UnsafeBufferPointer<UInt8>, SourcePosition) -> Void) {
        var scanner = Scanner(pointer: start, end: cursor, line: position.line, column: position.column)
        scanner.advance()  // '<'
        scanner.skip { !Self.isSpace($0) && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "/") }  // element name
        while true {
            scanner.skip(while: Self.isSpace)
            guard let byte = scanner.current, byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/") else { break }
            let at = SourcePosition(line: scanner.line, column: scanner.column)
            let nameStart = scanner.pointer
            scanner.skip { !Self.isSpace($0) && $0 != UInt8(ascii: "=") }
            body(UnsafeBufferPointer(start: nameStart, count: scanner.pointer - nameStart), at)
            scanner.skip { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") }  // space, '=', space
            guard let quote = scanner.current else { break }
            scanner.advance()
            scanner.skip { $0 != quote }
            scanner.advance()
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// A forward cursor over UTF-8 bytes that tracks line and (character) column.
    private struct Scanner {
        var pointer: UnsafePointer<UInt8>
        let end: UnsafePointer<UInt8>
        var line: Int
        var column: Int

        var current: UInt8? { pointer < end ? pointer.pointee : nil }

        mutating func advance() {
            guard pointer < end else { return }
            let byte = pointer.pointee
            pointer += 1
            if byte == 0x0A {
                line += 1
                column = 1
            } else if pointer < end && pointer.pointee & 0xC0 != 0x80 {
                column += 1
            }
        }

        mutating func skip(while condition: (UInt8) -> Bool) {
            while let byte = current, condition(byte) { advance() }
        }
    }
}
