import Foundation
import PerfauditCore
import PerfauditXML
import XCTest
import PerfauditTestSupport

func fixture(_ name: String) throws -> [UInt8] {
    let url = repositoryRoot.appendingPathComponent("Tests/Fixtures/records/\(name)")
    return Array(try Data(contentsOf: url))
}

/// A valid record in the XML form; tests replace parts of it to make it invalid.
let minimalXML = """
    <?xml version="1.0" encoding="UTF-8"?>
    <evaluationRecord xmlns="urn:perfaudit:record:1" schemaVersion="1">
      <department mofDivCode="440823" agencyCode="440823-301" name="遂溪县住房和城乡建设局"
                  province="广东省" city="湛江市" county="遂溪县"/>
      <fiscalYear>2022</fiscalYear>
      <rulebook>zhanjiang-dept-2021</rulebook>
      <selfAssessment score="96" grade="优"/>
      <finance>
        <income budget="111122500" final="71073638.07"/>
      </finance>
    </evaluationRecord>

    """

/// `minimalXML` with one substring replaced (which must occur).
func minimal(replacing target: String, with replacement: String, file: StaticString = #filePath, line: UInt = #line)
    -> String
{
    XCTAssertTrue(minimalXML.contains(target), "fixture lacks \(target)", file: file, line: line)
    return minimalXML.replacingOccurrences(of: target, with: replacement)
}

/// Loads XML bytes with a fresh loader: the batch's (the decoder checks the format), or, with
/// `schema`, `perfaudit validate --schema`'s (libxml2's XSD validation first).
func loadXML(_ bytes: [UInt8], schema: Bool = false) -> Result<Record, LoadError> {
    let loader = XMLRecordLoader(schema: schema ? .shared : nil)
    do throws(LoadError) { return .success(try loader.load(bytes)) } catch { return .failure(error) }
}

func loadXML(_ text: String) -> Result<Record, LoadError> { loadXML(Array(text.utf8)) }

/// Asserts that loading fails with a message containing `message` at `line`:`column` (with
/// `schema`, when the XSD is validated too).
func assertXMLError(
    _ input: [UInt8], _ message: String, line: Int, column: Int, schema: Bool = false,
    file: StaticString = #filePath, testLine: UInt = #line
) {
    switch loadXML(input, schema: schema) {
    case .success:
        XCTFail("expected an error containing \"\(message)\", but the record loaded", file: file, line: testLine)
    case .failure(let error):
        XCTAssertTrue(
            error.message.contains(message), "message \"\(error.message)\" lacks \"\(message)\"",
            file: file, line: testLine)
        XCTAssertEqual(
            error.position, SourcePosition(line: line, column: column), "position of \"\(error.message)\"",
            file: file, line: testLine)
    }
}

func assertXMLError(
    _ input: String, _ message: String, line: Int, column: Int,
    file: StaticString = #filePath, testLine: UInt = #line
) {
    assertXMLError(Array(input.utf8), message, line: line, column: column, file: file, testLine: testLine)
}

/// Asserts the decoder's error (`message` at `line`:`column`) and, with the XSD validated too,
/// libxml2's (`schemaMessage`, at `schemaAt` when it differs).
func assertXMLError(
    _ input: String, _ message: String, line: Int, column: Int, schema schemaMessage: String,
    schemaAt: (line: Int, column: Int)? = nil, file: StaticString = #filePath, testLine: UInt = #line
) {
    assertXMLError(Array(input.utf8), message, line: line, column: column, file: file, testLine: testLine)
    assertXMLError(
        Array(input.utf8), schemaMessage, line: schemaAt?.line ?? line, column: schemaAt?.column ?? column,
        schema: true, file: file, testLine: testLine)
}

/// Runs `body` with file descriptor 2 redirected to a temporary file; returns what was written.
func capturingStandardError(_ body: () -> Void) -> String {
    let path = NSTemporaryDirectory() + "perfaudit-stderr-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let saved = dup(2)
    let capture = open(path, O_WRONLY)
    dup2(capture, 2)
    close(capture)
    body()
    fflush(nil)
    dup2(saved, 2)
    close(saved)
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
