#if canImport(Glibc)
import Glibc
#endif
internal import CLibXML2
import PerfauditCore

/// Receives the SAX2 events of one parse and builds the `RawTree`; remembers the first error.
///
/// The C callbacks in `SAXCallbacks.swift` reach it through an `Unmanaged` pointer held as the
/// parser's user data. One builder per loader, reset before every parse.
///
/// The state the SAX events touch is marked `@exclusivity(unchecked)`: a builder is used by one
/// thread, and no event handler runs while another is accessing it, so the runtime's per-access
/// exclusivity check (several per element) would only cost time.
final class TreeBuilder {
    static let namespace = "urn:perfaudit:record:1"

    /// The record namespace as a C string, compared with the URI libxml2 reports.
    private static let namespaceBytes: [xmlChar] = Array(namespace.utf8) + [0]

    /// The parser being driven, for positions and for stopping it.
    @exclusivity(unchecked) private(set) var parser: xmlParserCtxtPtr?
    /// The tree so far; its storage is kept from parse to parse.
    @exclusivity(unchecked) private(set) var tree = RawTree()
    @exclusivity(unchecked) private(set) var failure: LoadError?
    /// The open elements by node index, innermost last, with their text so far (`nil`: none yet).
    @exclusivity(unchecked) private var open: [Int] = []
    @exclusivity(unchecked) private var texts: [String?] = []
    /// The element the schema validator is looking at: the one just opened or just closed.
    @exclusivity(unchecked) private var anchor: Int?
    private let names = NameCache()
    /// Reused for every start tag's attribute positions.
    @exclusivity(unchecked) private var attributePositions: [SourcePosition] = []

    /// Whether nodes get their positions (see `XMLRecordLoader.parse`).
    @exclusivity(unchecked) private var locating = true

    func reset(parser: xmlParserCtxtPtr, locating: Bool) {
        self.parser = parser
        self.locating = locating
        attributePositions.removeAll(keepingCapacity: true)
        tree.removeAll()
        failure = nil
        open.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
        anchor = nil
        names.use(parser.pointee.dict)
    }

    /// Records the first error and stops the parser; later errors are ignored.
    func fail(_ error: LoadError) {
        guard failure == nil else { return }
        failure = error
        if let parser { xmlStopParser(parser) }
    }

    // MARK: SAX events

    func startElement(
        localName: UnsafePointer<xmlChar>, uri: UnsafePointer<xmlChar>?,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int
    ) {
        guard failure == nil else { return }
        let position = locating ? StartTag.scan(parser, attributes: &attributePositions) ?? currentPosition() : .unknown
        let name = names.name(localName)
        if open.isEmpty && (name != "evaluationRecord" || !Self.isRecordNamespace(uri)) {
            let found = uri.map { "'\(name)' in namespace \(String(cString: $0))" } ?? "'\(name)' (no namespace)"
            fail(LoadError(
                "the root element must be 'evaluationRecord' in namespace \(Self.namespace); found \(found)",
                at: position))
            return
        }
        if !open.isEmpty && !Self.isRecordNamespace(uri) {
            let found = uri.map { "in namespace \(String(cString: $0))" } ?? "in no namespace"
            fail(LoadError(
                "element '\(name)' is \(found); every element of a record is in namespace \(Self.namespace)",
                at: position))
            return
        }
        let node = tree.open(name, at: position)
        for index in 0..<count {
            let fields = attributes! + index * 5  // localname, prefix, URI, value start, value end
            let at = index < attributePositions.count ? attributePositions[index] : position
            guard fields[2] == nil else {
                let qualified = String(cString: fields[1]!) + ":" + names.name(fields[0]!)
                fail(LoadError("attribute '\(qualified)' is not allowed (attributes take no namespace)", at: at))
                return
            }
            let value = UnsafeBufferPointer(start: fields[3]!, count: fields[4]! - fields[3]!)
            tree.addAttribute(
                RawAttribute(name: names.name(fields[0]!), value: .text(Self.attributeText(value)), position: at),
                to: node)
        }
        open.append(node)
        texts.append(nil)
        anchor = node
    }

    private static func isRecordNamespace(_ uri: UnsafePointer<xmlChar>?) -> Bool {
        guard let uri else { return false }
        return namespaceBytes.withUnsafeBufferPointer { xmlStrEqual(uri, $0.baseAddress) } == 1
    }

    /// An attribute value as SAX2 gives it, where every '&' is written `&#38;` (libxml2 keeps
    /// ampersands escaped when it does not substitute entities); a raw '&' cannot occur.
    static func attributeText(_ value: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: value, as: UTF8.self)
        guard let base = value.baseAddress, memchr(base, Int32(UInt8(ascii: "&")), value.count) != nil else { return text }
        return text.replacing("&#38;", with: "&")
    }

    /// Text of the innermost open element. Once an element has children, further runs of XML
    /// whitespace (indentation) are not kept: only whether it has text other than whitespace
    /// matters there, and the decoder never shows that text.
    func characters(_ bytes: UnsafePointer<xmlChar>, _ length: Int) {
        guard failure == nil, let last = open.indices.last else { return }
        let chunk = UnsafeBufferPointer(start: bytes, count: length)
        if texts[last] != nil && tree.hasChildren(open[last]) && chunk.allSatisfy(\.isXMLSpace) { return }
        let text = String(decoding: chunk, as: UTF8.self)
        if texts[last] == nil { texts[last] = text } else { texts[last]!.append(text) }
        anchor = open[last]
    }

    /// The elements whose content is text; a CDATA section anywhere else is character content
    /// where none is allowed, even when it holds only white space (as XSD validation has it).
    private static let textElements: Set<String> = ["finding", "section", "fiscalYear", "rulebook"]

    /// A CDATA section: text inside the text elements, an error elsewhere.
    func cdata(_ bytes: UnsafePointer<xmlChar>, _ length: Int) {
        guard failure == nil, let last = open.last else { return }
        let node = tree.nodes[last]
        guard Self.textElements.contains(node.name) else {
            fail(LoadError("\(node.name): unexpected text content (a CDATA section)", at: node.position))
            return
        }
        if length > 0 { characters(bytes, length) }
    }

    func endElement() {
        guard failure == nil, let node = open.popLast(), let text = texts.popLast() else { return }
        tree.close(node, text: text)
        anchor = node
    }

    func doctype() {
        let position = StartTag(parser)?.position ?? currentPosition()
        fail(LoadError("DOCTYPE is not allowed (no DTD, no entity declarations)", at: position))
    }

    // MARK: Errors

    /// A well-formedness error from the parser, located by the structured error itself.
    func parserError(_ error: xmlError) {
        guard failure == nil, error.level != XML_ERR_WARNING else { return }
        var position = SourcePosition(line: Int(error.line), column: Int(error.int2))
        if error.code == Int32(XML_ERR_ATTRIBUTE_REDEFINED.rawValue), let name = error.str1.map({ String(cString: $0) }),
            let repeated = StartTag(parser)?.attributes().filter({ $0.0 == name }).dropFirst().first
        {
            position = repeated.1  // libxml2 reports the end of the tag; point at the repeated name
        }
        if error.code == Int32(XML_ERR_DOCUMENT_END.rawValue), let innermost = open.last {
            fail(LoadError(endedEarly(innermost), at: position))
        } else {
            let truncated = atEndOfInput ? " (the file ends here; is it truncated?)" : ""
            fail(LoadError("XML: " + Self.clean(error.message) + truncated, at: position))
        }
    }

    /// Whether the parser has consumed all its input.
    private var atEndOfInput: Bool {
        guard let input = parser?.pointee.input, let cursor = input.pointee.cur, let end = input.pointee.end,
            input.pointee.buf?.pointee.raw.map({ xmlBufUse($0) }) ?? 0 == 0
        else { return false }
        return cursor >= end
    }

    /// Why input ended with `open` still open: bytes the declared encoding could not convert
    /// (libxml2 then stops reading), or a truncated file.
    private func endedEarly(_ open: Int) -> String {
        if let buffer = parser?.pointee.input?.pointee.buf?.pointee, buffer.encoder != nil,
            buffer.error != 0 || (buffer.raw.map { xmlBufUse($0) } ?? 0) > 0
        {
            let name = parser?.pointee.encoding.map { String(cString: $0) } ?? "the declared encoding"
            return "XML: bytes that are not valid \(name) (the declared encoding)"
        }
        let node = tree.nodes[open]
        return "XML: the document ends before element '\(node.name)' (line \(node.position.line)) is closed;"
            + " the file is truncated"
    }

    /// A schema validity error: located at the element being validated, or the attribute it names.
    func schemaError(_ error: xmlError) {
        guard failure == nil, error.level != XML_ERR_WARNING else { return }
        let message = Self.clean(error.message)
        var position = anchor.map { tree.nodes[$0].position } ?? currentPosition()
        if let anchor, let name = Self.attributeName(in: message),
            let attribute = tree.attributes(of: anchor).first(where: { $0.name == name })
        {
            position = attribute.position
        }
        fail(LoadError("schema: " + message, at: position))
    }

    /// libxml2's message on one line, without the namespace in names and with long quoted
    /// values shortened.
    static func clean(_ message: UnsafeMutablePointer<CChar>?) -> String {
        guard let message else { return "error" }
        let text = String(cString: message).replacing("{\(namespace)}", with: "")
        let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingXMLSpace }
        return shortenQuoted(lines.filter { !$0.isEmpty }.joined(separator: " "))
    }

    /// Shortens every '…' segment longer than 80 characters to its first 60, and closes a
    /// quote libxml2 left open (it cuts messages that would be very long).
    static func shortenQuoted(_ text: String) -> String {
        let parts = text.split(separator: "'", omittingEmptySubsequences: false)
        var result = parts.enumerated().map { index, part in
            index % 2 == 1 && part.count > 80 ? "\(part.prefix(60))… (\(part.count) characters)" : String(part)
        }.joined(separator: "'")
        if parts.count % 2 == 0 && text.contains("The value '") { result += "…' (message cut short by libxml2)" }
        return result
    }

    /// The attribute a schema message is about: "Element 'x', attribute 'y': …".
    static func attributeName(in message: String) -> String? {
        guard let range = message.firstRange(of: ", attribute '") else { return nil }
        let rest = message[range.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<end])
    }

    /// Where the parser is now.
    func currentPosition() -> SourcePosition {
        guard let input = parser?.pointee.input else { return .unknown }
        return SourcePosition(line: Int(input.pointee.line), column: Int(input.pointee.col))
    }
}
