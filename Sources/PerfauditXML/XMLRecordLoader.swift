internal import CLibXML2
import PerfauditCore

/// Loads XML evaluation records: libxml2 SAX2 parsing into a `RawTree`, then the shared
/// `RecordDecoder`, which is the authority for the format. With a schema it also runs libxml2's
/// streaming XSD validation (`perfaudit validate --schema`); the batch does not.
///
/// One loader per worker thread: it owns a parser context (and any schema validation context)
/// and reuses them for every file. Not `Sendable`.
public final class XMLRecordLoader {
    /// Files larger than this are refused unread (8 MiB).
    public static let maxFileSize = 8 << 20

    /// Parser options: no network access. Never entity substitution, DTD loading, DTD default
    /// attributes, DTD validation, XInclude or "huge" (limit-free) parsing.
    static let options = Int32(XML_PARSE_NONET.rawValue)

    private let schema: RecordSchema?
    private let parser: xmlParserCtxtPtr
    private let validator: xmlSchemaValidCtxtPtr?
    private let builder = TreeBuilder()

    /// A loader that also validates against `schema` when one is given (`RecordSchema.shared`
    /// is the embedded record XSD); without one the decoder alone checks the format.
    public init(schema: RecordSchema? = nil) {
        self.schema = schema
        var sax = SAXCallbacks.handler()
        // The push parser copies the handler; the context is reset for every file.
        guard let parser = xmlCreatePushParserCtxt(&sax, nil, nil, 0, nil) else {
            fatalError("libxml2 could not allocate a parser context")
        }
        self.parser = parser
        if let schema {
            guard let validator = xmlSchemaNewValidCtxt(schema.schema) else {
                fatalError("libxml2 could not allocate a validation context")
            }
            self.validator = validator
        } else {
            validator = nil
        }
    }

    deinit {
        if let validator { xmlSchemaFreeValidCtxt(validator) }
        xmlFreeParserCtxt(parser)
    }

    /// Loads one record from the bytes of an XML file. The bytes are copied into the parser;
    /// no pointer to them outlives the call.
    public func load(_ bytes: UnsafeRawBufferPointer) throws(LoadError) -> Record {
        guard bytes.count <= Self.maxFileSize else {
            throw LoadError("the file is larger than \(Self.maxFileSize >> 20) MiB")
        }
        guard bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw LoadError("the file is empty; expected an XML document", at: SourcePosition(line: 1, column: 1))
        }
        try AttributeLimit.check(bytes)
        // Positions are worked out only when something is wrong: a first pass without them and,
        // on any error, a second, identical pass that locates it (the same bytes fail the same way).
        do throws(LoadError) {
            return try decode(bytes, locating: false)
        } catch {
            return try decode(bytes, locating: true)
        }
    }

    private func decode(_ bytes: UnsafeRawBufferPointer, locating: Bool) throws(LoadError) -> Record {
        try RecordDecoder(format: .xml).decode(parse(bytes, locating: locating))
    }

    /// Loads one record from bytes held in an array.
    public func load(_ bytes: [UInt8]) throws(LoadError) -> Record {
        let result: Result<Record, LoadError> = bytes.withUnsafeBytes { buffer in
            do throws(LoadError) { return .success(try load(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses (and validates, with a schema), returning the document's tree; with `locating`, every node and
    /// attribute carries its position, otherwise none does (`SourcePosition.unknown`).
    func parse(_ bytes: UnsafeRawBufferPointer, locating: Bool = true) throws(LoadError) -> RawTree {
        perfaudit_xml_silence_thread()
        builder.reset(parser: parser, locating: locating)
        let chunk = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
        // The first bytes go to the reset so that libxml2 detects a BOM / UTF-16 itself.
        let head = min(4, bytes.count)
        xmlCtxtResetPush(parser, chunk, Int32(head), nil, nil)
        xmlCtxtUseOptions(parser, Self.options)
        let builderPointer = Unmanaged.passUnretained(builder).toOpaque()
        parser.pointee._private = builderPointer
        parser.pointee.userData = builderPointer
        defer { parser.pointee._private = nil }

        let rest = Int32(bytes.count - head)
        let status = validator.map { validator in
            withSchemaPlug(validator, builderPointer) { xmlParseChunk(parser, chunk + head, rest, 1) }
        } ?? xmlParseChunk(parser, chunk + head, rest, 1)
        if let failure = builder.failure { throw failure }
        guard status == 0, parser.pointee.wellFormed != 0 else {
            throw LoadError("XML: the document is not well-formed (libxml2 error \(parser.pointee.errNo))",
                at: builder.currentPosition())
        }
        guard !builder.tree.nodes.isEmpty else { throw LoadError("XML: the document has no root element") }
        return builder.tree
    }

    /// Runs `body` with the schema validator plugged into the parser's SAX stream.
    private func withSchemaPlug(
        _ validator: xmlSchemaValidCtxtPtr, _ builderPointer: UnsafeMutableRawPointer, _ body: () -> Int32
    ) -> Int32 {
        let base = UnsafeMutableRawPointer(parser)
        let saxField = (base + MemoryLayout<xmlParserCtxt>.offset(of: \.sax)!)
            .assumingMemoryBound(to: xmlSAXHandlerPtr?.self)
        let userDataField = (base + MemoryLayout<xmlParserCtxt>.offset(of: \.userData)!)
            .assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        xmlSchemaSetValidStructuredErrors(validator, SAXCallbacks.schemaError, builderPointer)
        guard let plug = xmlSchemaSAXPlug(validator, saxField, userDataField) else {
            fatalError("libxml2 refused to plug the schema validator")
        }
        // The plug's handler does not forward structured errors; route them to the builder.
        parser.pointee.sax.pointee.serror = SAXCallbacks.parserError
        defer { xmlSchemaSAXUnplug(plug) }
        return body()
    }
}

@available(*, unavailable, message: "one XMLRecordLoader per thread")
extension XMLRecordLoader: Sendable {}
