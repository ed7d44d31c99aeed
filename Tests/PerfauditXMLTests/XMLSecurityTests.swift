import Foundation
import PerfauditCore
import PerfauditXML
import XCTest
import PerfauditTestSupport

/// Hostile XML: any DOCTYPE is refused as soon as it is read, before any entity is declared,
/// expanded or fetched; libxml2 never opens a file or URL; nothing is printed to stderr.
final class XMLSecurityTests: XCTestCase {
    override class func setUp() {
        LibXML.initialize()
    }

    /// `minimalXML` with `doctype` inserted after the XML declaration (so it starts at 2:1).
    private func withDoctype(_ doctype: String, body: String = minimalXML) -> String {
        body.replacingOccurrences(of: "?>\n", with: "?>\n\(doctype)\n")
    }

    func testAnyDoctypeIsRefused() {
        assertXMLError(withDoctype("<!DOCTYPE evaluationRecord>"), "DOCTYPE is not allowed", line: 2, column: 1)
        assertXMLError(
            withDoctype(#"<!DOCTYPE evaluationRecord PUBLIC "-//x//y" "record.dtd">"#), "DOCTYPE is not allowed",
            line: 2, column: 1)
        assertXMLError("<!DOCTYPE x>", "DOCTYPE is not allowed", line: 1, column: 1)
    }

    func testInternalSubsetIsRefused() {
        let doctype = """
            <!DOCTYPE evaluationRecord [
              <!ELEMENT evaluationRecord ANY>
              <!ATTLIST selfAssessment grade CDATA "优">
            ]>
            """
        assertXMLError(withDoctype(doctype), "DOCTYPE is not allowed", line: 2, column: 1)
    }

    func testExternalFileEntityIsNeverRead() throws {
        let secret = "perfaudit-secret-\(UUID().uuidString)"
        let path = NSTemporaryDirectory() + "perfaudit-xxe-\(UUID().uuidString)"
        try secret.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let attempts = LibXML.externalLoadAttempts
        let xml = withDoctype(
            "<!DOCTYPE evaluationRecord [<!ENTITY xxe SYSTEM \"file://\(path)\">]>",
            body: minimalXML.replacingOccurrences(of: "zhanjiang-dept-2021", with: "&xxe;"))
        assertXMLError(xml, "DOCTYPE is not allowed", line: 2, column: 1)
        if case .failure(let error) = loadXML(xml) { XCTAssertFalse(error.message.contains(secret)) }
        XCTAssertEqual(LibXML.externalLoadAttempts, attempts, "libxml2 tried to load an external entity")
    }

    func testNetworkEntitiesAndExternalDTDAreNeverFetched() throws {
        let server = try Listener()
        let url = "http://127.0.0.1:\(server.port)/x"
        let attempts = LibXML.externalLoadAttempts
        let documents = [
            withDoctype(
                "<!DOCTYPE evaluationRecord [<!ENTITY xxe SYSTEM \"\(url)\">]>",
                body: minimalXML.replacingOccurrences(of: "zhanjiang-dept-2021", with: "&xxe;")),
            withDoctype("<!DOCTYPE evaluationRecord SYSTEM \"\(url)\">"),
            withDoctype("<!DOCTYPE evaluationRecord [<!ENTITY % remote SYSTEM \"\(url)\"> %remote;]>"),
        ]
        for document in documents {
            assertXMLError(document, "DOCTYPE is not allowed", line: 2, column: 1)
        }
        XCTAssertEqual(server.connections(), 0, "something connected to the local server")
        XCTAssertEqual(LibXML.externalLoadAttempts, attempts)
    }

    func testBillionLaughsIsRefusedAtOnce() {
        var doctype = "<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            doctype += " <!ENTITY lol\(level) \"\(String(repeating: "&\(previous);", count: 10))\">\n"
        }
        doctype += "]>"
        let xml = withDoctype(doctype, body: minimalXML.replacingOccurrences(of: "zhanjiang-dept-2021", with: "&lol9;"))
        let start = Date()
        assertXMLError(xml, "DOCTYPE is not allowed", line: 2, column: 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    func testQuadraticBlowupIsRefusedAtOnce() {
        let entity = String(repeating: "a", count: 100_000)
        let doctype = "<!DOCTYPE evaluationRecord [<!ENTITY a \"\(entity)\">]>"
        let references = String(repeating: "&a;", count: 200_000)
        let xml = withDoctype(
            doctype,
            body: minimalXML.replacingOccurrences(
                of: "</finance>", with: "</finance>\n  <findings><finding>\(references)</finding></findings>"))
        let start = Date()
        assertXMLError(xml, "DOCTYPE is not allowed", line: 2, column: 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    func testNothingIsPrintedToStandardError() throws {
        var gb18030 = try fixture("minimal-gb18030.xml")
        gb18030.insert(contentsOf: [0x81, 0x20], at: gb18030.count - 40)
        let inputs: [[UInt8]] = [
            Array(withDoctype("<!DOCTYPE x [<!ENTITY a SYSTEM \"file:///etc/passwd\">]>").utf8),
            Array(minimalXML.replacingOccurrences(of: "UTF-8", with: "no-such-encoding").utf8),
            Array(minimalXML.utf8).map { $0 == 0xE9 ? 0xFF : $0 },
            gb18030,
            Array("<evaluationRecord".utf8),
            Array(minimal(replacing: #"grade="优""#, with: #"grade="A""#).utf8),
            [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01],
        ]
        let output = capturingStandardError {
            for input in inputs {
                if case .success = loadXML(input) { XCTFail("loaded") }
            }
        }
        XCTAssertEqual(output, "")
    }
}
