import Foundation
import PerfauditXML
import XCTest
import PerfauditTestSupport

/// The XSD compiled into the binary is `Schemas/record.xsd`, byte for byte.
final class SchemaFileTests: XCTestCase {
    func testEmbeddedSchemaEqualsSchemaFile() throws {
        let file = try Data(contentsOf: repositoryRoot.appendingPathComponent("Schemas/record.xsd"))
        XCTAssertEqual(Array(RecordSchema.xsdText.utf8), Array(file), "regenerate Sources/PerfauditXML/EmbeddedSchema.swift")
    }

    func testSharedSchemaCompiles() {
        _ = RecordSchema.shared
    }
}
