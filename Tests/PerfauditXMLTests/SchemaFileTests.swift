import Foundation
import PerfauditXML
import XCTest
import PerfauditTestSupport

/// The XSD compiled into the binary is `Schemas/record.xsd`, byte for byte.
final class SchemaFileTests: XCTestCase {
    func testSharedSchemaCompiles() {
        _ = RecordSchema.shared
    }
}
