internal import CLibXML2
import PerfauditCore

/// The record XSD (`Schemas/record.xsd`, embedded), compiled once and shared read-only by all
/// loaders; libxml2 allows one compiled schema to serve many validation contexts in parallel.
public final class RecordSchema: @unchecked Sendable {
    /// The schema compiled from the embedded XSD text.
    public static let shared: RecordSchema = {
        LibXML.initialize()
        switch compile(xsdText) {
        case .success(let schema): return schema
        case .failure(let error): fatalError("the embedded record schema does not compile: \(error)")
        }
    }()

    /// The XSD text the shared schema is compiled from (`Schemas/record.xsd`).
    package static var xsdText: String { EmbeddedSchema.files[0].text }

    let schema: xmlSchemaPtr

    private init(_ schema: xmlSchemaPtr) { self.schema = schema }

    deinit { xmlSchemaFree(schema) }

    /// Compiles XSD text; the error names the first problem.
    static func compile(_ text: String) -> Result<RecordSchema, LoadError> {
        let collector = SchemaCompileErrors()
        var text = text
        let schema: xmlSchemaPtr? = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                guard let context = xmlSchemaNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else {
                    return nil
                }
                defer { xmlSchemaFreeParserCtxt(context) }
                let pointer = Unmanaged.passUnretained(collector).toOpaque()
                xmlSchemaSetParserStructuredErrors(context, SchemaCompileErrors.record, pointer)
                return xmlSchemaParse(context)
            }
        }
        guard let schema else { return .failure(collector.first ?? LoadError("the schema does not compile")) }
        return .success(RecordSchema(schema))
    }
}

/// Collects the first error of a schema compilation.
private final class SchemaCompileErrors {
    var first: LoadError?

    static let record: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let collector = Unmanaged<SchemaCompileErrors>.fromOpaque(context).takeUnretainedValue()
        guard collector.first == nil, error.pointee.level != XML_ERR_WARNING else { return }
        collector.first = LoadError(
            TreeBuilder.clean(error.pointee.message),
            at: SourcePosition(line: Int(error.pointee.line), column: Int(error.pointee.int2)))
    }
}
