import Foundation
import PerfauditCore
import PerfauditXML
import XCTest

/// Encodings: UTF-8 with or without BOM, GB18030 and GBK as declared; bad bytes are located errors.
final class XMLEncodingTests: XCTestCase {
    override class func setUp() {
        LibXML.initialize()
    }

    func testGB18030FileLoadsWithChineseTextIntact() throws {
        let record = try loadXML(try fixture("minimal-gb18030.xml")).get()
        XCTAssertEqual(record.department.name, "米易县住房和城乡建设局𠮷")  // 𠮷 is a four-byte GB18030 sequence
        XCTAssertEqual(record.department.county, "米易县")
        XCTAssertEqual(record.findings, [Finding(category: "资金管理", text: "部分资金未及时拨付")])
        XCTAssertEqual(record, try loadXML(try fixture("minimal-utf8.xml")).get())
    }

    func testGBKFileLoads() throws {
        var expected = try loadXML(try fixture("minimal-utf8.xml")).get()
        expected.department.name = "米易县住房和城乡建设局"
        XCTAssertEqual(try loadXML(try fixture("minimal-gbk.xml")).get(), expected)
    }

    func testPositionsCountCharactersInGB18030Files() throws {
        let text = String(decoding: try fixture("minimal-utf8.xml"), as: UTF8.self)
            .replacingOccurrences(of: "UTF-8", with: "GB18030")
            .replacingOccurrences(of: #"city="攀枝花市""#, with: #"city="攀枝花市" town="x""#)
        let bytes = Array(text.data(using: String.Encoding(rawValue: 0x8000_0632))!)  // GB18030
        assertXMLError(bytes, "department: unknown attribute 'town'", line: 4, column: 42)
        assertXMLError(bytes, "The attribute 'town' is not allowed", line: 4, column: 42, schema: true)
    }

    func testUTF8ByteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        XCTAssertEqual(try loadXML(bom + Array(minimalXML.utf8)).get(), try loadXML(minimalXML).get())
        let withoutDeclaration = minimalXML.drop(while: { $0 != "\n" }).dropFirst()
        XCTAssertEqual(try loadXML(bom + Array(withoutDeclaration.utf8)).get().fiscalYear, 2022)
        let bad = minimal(replacing: #"grade="优""#, with: #"grade="A""#)
        assertXMLError(bom + Array(bad.utf8), "'grade' = \"A\" is not one of 优, 良, 中, 差", line: 7, column: 30)
        assertXMLError(bom + Array(bad.utf8), "The value 'A' is not an element of the set", line: 7, column: 30, schema: true)
    }

    func testInvalidUTF8() {
        // 遂 is E9 81 82: make its lead byte invalid.
        let bytes = Array(minimalXML.utf8).map { $0 == 0xE9 ? 0xFF : $0 }
        assertXMLError(bytes, "Input is not proper UTF-8, indicate encoding ! Bytes: 0xFF 0x81 0x82", line: 3, column: 65)
        // 遂 cut short before the closing quote.
        let name = Array("name=\"遂".utf8)
        let utf8 = Array(minimalXML.utf8)
        let at = utf8.indices.first { Array(utf8[$0..<$0 + name.count]) == name }! + name.count
        let cut = Array(utf8[..<(at - 1)]) + Array(utf8[at...])
        assertXMLError(cut, "Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x81 0xE6 0xBA", line: 3, column: 65)
    }

    func testGB18030BytesDeclaredAsUTF8() throws {
        let bytes = try fixture("minimal-gb18030.xml")
        let relabelled = String(decoding: bytes.prefix(40), as: UTF8.self).replacingOccurrences(of: "GB18030", with: "UTF-8")
        let mislabelled = Array(relabelled.utf8) + bytes.dropFirst(40)
        assertXMLError(mislabelled, "Input is not proper UTF-8, indicate encoding ! Bytes: 0xC3 0xD7", line: 3, column: 65)
    }

    func testUTF8BytesDeclaredAsGB18030() {
        let xml = minimalXML.replacingOccurrences(of: "UTF-8", with: "GB18030")
        switch loadXML(xml) {
        case .success(let record):
            XCTAssertNotEqual(record.department.name, "遂溪县住房和城乡建设局")
        case .failure(let error):
            XCTAssertNotEqual(error.position, .unknown, "\(error)")
        }
    }

    func testInvalidGB18030Bytes() throws {
        let bytes = try fixture("minimal-gb18030.xml")
        let text = Array("部分".data(using: String.Encoding(rawValue: 0x8000_0632))!)  // GB18030
        let at = bytes.indices.first { Array(bytes[$0..<$0 + text.count]) == text }!
        for bad: [UInt8] in [[0x81, 0x20], [0xFF], [0x80], [0x81, 0x30, 0x20]] {
            var damaged = bytes
            damaged.insert(contentsOf: bad, at: at)
            assertXMLError(damaged, "XML: bytes that are not valid GB18030 (the declared encoding)", line: 9, column: 30)
        }
    }

    func testUnsupportedEncoding() {
        let xml = minimalXML.replacingOccurrences(of: "UTF-8", with: "no-such-encoding")
        assertXMLError(xml, "Unsupported encoding no-such-encoding", line: 1, column: 48)
    }
}
