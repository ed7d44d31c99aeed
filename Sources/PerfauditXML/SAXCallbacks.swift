internal import CLibXML2
import PerfauditCore

/// The C callbacks of the SAX2 handler. Each recovers the `TreeBuilder` from its user-data
/// pointer (`Unmanaged`, unretained: the loader owns the builder for the whole parse).
enum SAXCallbacks {
    static func builder(_ context: UnsafeMutableRawPointer?) -> TreeBuilder {
        Unmanaged<TreeBuilder>.fromOpaque(context!).takeUnretainedValue()
    }

    /// A SAX2 handler with element, text, DOCTYPE and structured-error callbacks only: no entity
    /// resolution, no external subset, nothing that could load a file or expand an entity.
    static func handler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = startElement
        sax.endElementNs = endElement
        sax.characters = characters
        // The schema plug forwards CDATA sections to `ignorableWhitespace`; both are text here.
        sax.ignorableWhitespace = characters
        sax.cdataBlock = cdata
        sax.internalSubset = internalSubset
        sax.serror = parserError
        return sax
    }

    static let startElement: startElementNsSAX2Func = {
        context, localName, _, uri, _, _, attributeCount, _, attributes in
        builder(context).startElement(localName: localName!, uri: uri, attributes: attributes, count: Int(attributeCount))
    }

    static let endElement: endElementNsSAX2Func = { context, _, _, _ in
        builder(context).endElement()
    }

    static let characters: charactersSAXFunc = { context, bytes, length in
        guard let bytes, length > 0 else { return }
        builder(context).characters(bytes, Int(length))
    }

    static let cdata: cdataBlockSAXFunc = { context, bytes, length in
        guard let bytes else { return }
        builder(context).cdata(bytes, Int(length))
    }

    /// Called as soon as `<!DOCTYPE name …` is read, before any internal subset is parsed.
    static let internalSubset: internalSubsetSAXFunc = { context, _, _, _ in
        builder(context).doctype()
    }

    /// Parser errors. The SAX user data is the schema plug here, so the builder is found through
    /// the parser context the error names (`_private`).
    static let parserError: xmlStructuredErrorFunc = { _, error in
        guard let error, let parser = error.pointee.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self),
            let context = parser.pointee._private
        else { return }
        builder(context).parserError(error.pointee)
    }

    /// Schema validity errors; the user data is the builder.
    static let schemaError: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        builder(context).schemaError(error.pointee)
    }
}
