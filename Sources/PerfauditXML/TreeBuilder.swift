internal import CLibXML2
import PerfauditCore

/// Receives the SAX2 events of one parse and builds the `RawNode` tree; remembers the first error.
///
/// The C callbacks in `SAXCallbacks.swift` reach it through an `Unmanaged` pointer held as the
/// parser's user data. One builder per loader, reset before every parse.
final class TreeBuilder {
    static let namespace = "urn:perfaudit:record:1"

    private struct Frame {
        var node: RawNode
        var text: [UInt8] = []
        var hasText = false
    }

    /// The parser being driven, for positions and for stopping it.
    private(set) var parser: xmlParserCtxtPtr?
    private(set) var root: RawNode?
    private(set) var failure: LoadError?
    private var stack: [Frame] = []
    /// The element the schema validator is looking at: just opened, or just closed.
    private var anchor: RawNode?

    func reset(parser: xmlParserCtxtPtr) {
        self.parser = parser
        root = nil
        failure = nil
        stack.removeAll(keepingCapacity: true)
        anchor = nil
    }

    /// Records the first error and stops the parser; later errors are ignored.
    func fail(_ error: LoadError) {
        guard failure == nil else { return }
        failure = error
        if let parser { xmlStopParser(parser) }
    }

    // MARK: SAX events

    func startElement(
        localName: String, uri: String?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int
    ) {
        guard failure == nil else { return }
        let tag = StartTag(parser)
        let position = tag?.position ?? currentPosition()
        if stack.isEmpty && (localName != "evaluationRecord" || uri != Self.namespace) {
            let found = uri.map { "'\(localName)' in namespace \($0)" } ?? "'\(localName)' (no namespace)"
            fail(LoadError(
                "the root element must be 'evaluationRecord' in namespace \(Self.namespace); found \(found)",
                at: position))
            return
        }
        var node = RawNode(name: localName, position: position)
        let attributePositions = tag?.attributes() ?? []
        for index in 0..<count {
            let fields = attributes! + index * 5  // localname, prefix, URI, value start, value end
            let name = String(cString: fields[0]!)
            let qualified = fields[1].map { String(cString: $0) + ":" + name } ?? name
            let at = attributePositions.first { $0.0 == qualified }?.1 ?? position
            guard fields[2] == nil else {
                fail(LoadError("attribute '\(qualified)' is not allowed (attributes take no namespace)", at: at))
                return
            }
            let value = UnsafeBufferPointer(start: fields[3]!, count: fields[4]! - fields[3]!)
            node.attributes.append(RawAttribute(name: name, value: .text(Self.attributeText(value)), position: at))
        }
        stack.append(Frame(node: node))
        anchor = node
    }

    /// An attribute value as SAX2 gives it, where every '&' is written `&#38;` (libxml2 keeps
    /// ampersands escaped when it does not substitute entities); a raw '&' cannot occur.
    static func attributeText(_ value: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: value, as: UTF8.self)
        guard value.contains(UInt8(ascii: "&")) else { return text }
        return text.replacing("&#38;", with: "&")
    }

    func characters(_ bytes: UnsafePointer<xmlChar>, _ length: Int) {
        guard failure == nil, !stack.isEmpty else { return }
        stack[stack.count - 1].text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
        stack[stack.count - 1].hasText = true
        anchor = stack[stack.count - 1].node
    }

    func endElement() {
        guard failure == nil, var frame = stack.popLast() else { return }
        if frame.hasText { frame.node.text = String(decoding: frame.text, as: UTF8.self) }
        anchor = frame.node
        if stack.isEmpty {
            root = frame.node
        } else {
            stack[stack.count - 1].node.children.append(frame.node)
        }
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
        if error.code == Int32(XML_ERR_DOCUMENT_END.rawValue), let open = stack.last {
            fail(LoadError(endedEarly(open.node), at: position))
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
    private func endedEarly(_ open: RawNode) -> String {
        if let buffer = parser?.pointee.input?.pointee.buf?.pointee, buffer.encoder != nil,
            buffer.error != 0 || (buffer.raw.map { xmlBufUse($0) } ?? 0) > 0
        {
            let name = parser?.pointee.encoding.map { String(cString: $0) } ?? "the declared encoding"
            return "XML: bytes that are not valid \(name) (the declared encoding)"
        }
        return "XML: the document ends before element '\(open.name)' (line \(open.position.line)) is closed;"
            + " the file is truncated"
    }

    /// A schema validity error: located at the element being validated, or the attribute it names.
    func schemaError(_ error: xmlError) {
        guard failure == nil, error.level != XML_ERR_WARNING else { return }
        let message = Self.clean(error.message)
        var position = anchor?.position ?? currentPosition()
        if let anchor, let name = Self.attributeName(in: message),
            let attribute = anchor.attributes.first(where: { $0.name == name })
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
