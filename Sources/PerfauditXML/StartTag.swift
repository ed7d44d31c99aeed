#if canImport(Glibc)
import Glibc
#endif
internal import CLibXML2
import PerfauditCore

/// The construct the parser has just read that starts with '<' (a start tag when an element
/// starts, `<!DOCTYPE …` when the DTD callback fires), found in the parser's input buffer.
///
/// libxml2 reports only the position of its cursor (the end of the tag); this derives the
/// position of the '<' and of each attribute name from it, walking back to the '<' and over the tag.
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
    /// attributes in the order SAX2 reports them: namespace declarations (`xmlns`, `xmlns:…`),
    /// which SAX2 reports apart, are left out. `positions` is replaced, reusing its storage.
    static func scan(_ parser: xmlParserCtxtPtr?, attributes positions: inout [SourcePosition]) -> SourcePosition? {
        positions.removeAll(keepingCapacity: true)
        guard let tag = StartTag(parser) else { return nil }
        tag.forEachAttribute { name, at in
            if !isNamespaceDeclaration(name) { positions.append(at) }
        }
        return tag.position
    }

    /// Calls `body` with each attribute's name bytes and position, in document order. The
    /// structure is found with plain byte searches; characters and newlines are counted in a
    /// separate pass, up to each attribute as it is found.
    private func forEachAttribute(_ body: (UnsafeBufferPointer<UInt8>, SourcePosition) -> Void) {
        let tag = UnsafeBufferPointer(start: start, count: cursor - start)
        var counter = LineCounter(tag)
        var index = Self.skip(tag, from: 1) { !$0.isXMLSpace && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "/") }
        while true {
            index = Self.skip(tag, from: index, while: \.isXMLSpace)
            guard index < tag.count, tag[index] != UInt8(ascii: ">"), tag[index] != UInt8(ascii: "/") else { break }
            let nameEnd = Self.skip(tag, from: index) { !$0.isXMLSpace && $0 != UInt8(ascii: "=") }
            counter.count(upTo: index)
            // Counts are relative to the '<' on its line, and to the line start after a newline.
            let at = counter.newlines == 0
                ? SourcePosition(line: position.line, column: position.column + counter.characters)
                : SourcePosition(line: position.line + counter.newlines, column: counter.characters + 1)
            body(UnsafeBufferPointer(rebasing: tag[index..<nameEnd]), at)
            index = Self.skip(tag, from: nameEnd) { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") }  // space, '=', space
            guard index < tag.count else { break }
            // The value, skipped with memchr: it may be megabytes long.
            let valueStart = tag.baseAddress! + index + 1
            let close = memchr(valueStart, Int32(tag[index]), tag.count - index - 1)
            index = close.map { valueStart.distance(to: $0.assumingMemoryBound(to: UInt8.self)) + index + 2 } ?? tag.count
        }
    }

    /// The first index at or after `start` whose byte fails `condition` (or the end).
    private static func skip(_ tag: UnsafeBufferPointer<UInt8>, from start: Int, while condition: (UInt8) -> Bool) -> Int {
        var index = start
        while index < tag.count && condition(tag[index]) { index += 1 }
        return index
    }

    /// Whether an attribute name is `xmlns` or `xmlns:…`.
    private static func isNamespaceDeclaration(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let prefix = "xmlns".utf8
        guard name.starts(with: prefix) else { return false }
        return name.count == prefix.count || name[prefix.count] == UInt8(ascii: ":")
    }
}
