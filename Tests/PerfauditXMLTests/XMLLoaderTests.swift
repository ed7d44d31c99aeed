import Foundation
import PerfauditCore
@testable import PerfauditXML
import XCTest

/// Well-formedness, structure and value errors of XML records: each with its message and position.
final class XMLLoaderTests: XCTestCase {
    override class func setUp() {
        LibXML.initialize()
    }

    func testMinimalRecordLoads() throws {
        let record = try loadXML(minimalXML).get()
        XCTAssertEqual(record.department.name, "遂溪县住房和城乡建设局")
        XCTAssertEqual(record.fiscalYear, 2022)
        XCTAssertEqual(record.rulebook, "zhanjiang-dept-2021")
        XCTAssertEqual(record.selfAssessment.score, Exact(96))
        XCTAssertEqual(record.finance?.income?.final, Exact(units: 710_736_380_700))
        XCTAssertNil(record.verification)
    }

    func testTruncatedDocument() {
        let cut = minimalXML.prefix(while: { $0 != "/" }).dropLast(3)  // inside county="遂溪县"
        assertXMLError(String(cut), "XML: AttValue: ' expected (the file ends here; is it truncated?)", line: 4, column: 50)
        assertXMLError(
            minimalXML.replacingOccurrences(of: "</evaluationRecord>\n", with: ""),
            "XML: the document ends before element 'evaluationRecord' (line 2) is closed; the file is truncated",
            line: 10, column: 13)
        assertXMLError(
            #"<evaluationRecord xmlns="urn:perfaudit:record:1""#, "XML: attributes construct error (the file ends here; is it truncated?)",
            line: 1, column: 49)
    }

    func testEmptyAndBlankFiles() {
        assertXMLError([], "the file is empty", line: 1, column: 1)
        assertXMLError("  \n\n", "the file is empty", line: 1, column: 1)
    }

    func testBinaryBytes() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48]
        assertXMLError(png, "Document is empty", line: 1, column: 1)
        assertXMLError([0x00, 0x00, 0xFE, 0xFF, 0x12], "Document is empty", line: 1, column: 1)
    }

    func testUnknownElement() {
        let xml = minimal(replacing: "  <rulebook>", with: "  <bogus/>\n  <rulebook>")
        assertXMLError(
            xml, "evaluationRecord: unknown element 'bogus'", line: 6, column: 3,
            schema: "Element 'bogus': This element is not expected. Expected is ( rulebook )")
    }

    func testUnknownAttribute() {
        let xml = minimal(replacing: #"grade="优""#, with: #"grade="优" colour="red""#)
        assertXMLError(
            xml, "selfAssessment: unknown attribute 'colour'", line: 7, column: 40,
            schema: "attribute 'colour': The attribute 'colour' is not allowed")
    }

    /// The first, position-free pass builds the same tree as the locating pass, positions aside,
    /// so a record that loads without error is the one the locating pass would give.
    func testPassWithoutPositionsBuildsTheSameTree() throws {
        for name in ["rich.xml", "minimal-gb18030.xml", "minimal-utf8.xml"] {
            let bytes = try fixture(name)
            let loader = XMLRecordLoader()
            let (located, unlocated) = try bytes.withUnsafeBytes { buffer in
                (try loader.parse(buffer, locating: true).root!, try loader.parse(buffer, locating: false).root!)
            }
            XCTAssertNotEqual(located.position, .unknown, name)
            XCTAssertEqual(unlocated.position, .unknown, name)
            XCTAssertEqual(withoutPositions(located), unlocated, name)
        }
    }

    private func withoutPositions(_ node: RawNode) -> RawNode {
        var node = node
        node.position = .unknown
        node.attributes = node.attributes.map { RawAttribute(name: $0.name, value: $0.value, position: .unknown) }
        node.children = node.children.map(withoutPositions)
        return node
    }

    /// Text longer than libxml2's character-data chunks (about 300 bytes), in multi-byte
    /// characters and with an entity, arrives in several callbacks and is kept whole.
    func testLongFindingTextIsKeptWhole() throws {
        let long = String(repeating: "项目绩效目标不明确，资金使用效益有待提高。", count: 60) + "&amp;结尾"
        let rich = String(decoding: try fixture("rich.xml"), as: UTF8.self)
        let xml = rich.replacingOccurrences(of: ">工程结算超预算<", with: ">\(long)<")
        XCTAssertNotEqual(xml, rich)
        let expected = long.replacingOccurrences(of: "&amp;", with: "&")
        XCTAssertEqual(try loadXML(xml).get().projects?.first?.findings.first?.text, expected)
    }

    // MARK: Narrative

    /// `minimalXML` with `narrative` (XML text, lines of two-space indentation) as the root's last
    /// child, from line 11 on.
    private func withNarrative(_ narrative: String) -> String {
        minimal(replacing: "</evaluationRecord>", with: narrative + "\n</evaluationRecord>")
    }

    func testNarrativeSectionsLoadInOrderWithTheirTextTrimmed() throws {
        let xml = withNarrative("""
              <narrative>
                <section title="一、单位基本情况">（一）部门职能
            负责全县 &lt;住房&gt; 建设。
              （二）机构设置</section>
                <section title=" 二、绩效目标 ">
                  目标已完成。
                </section>
                <section title="三"><![CDATA[加强 & 改进]]></section>
              </narrative>
            """)
        XCTAssertEqual(try loadXML(xml).get().narrative, [
            NarrativeSection(title: "一、单位基本情况", text: "（一）部门职能\n负责全县 <住房> 建设。\n  （二）机构设置"),
            NarrativeSection(title: " 二、绩效目标 ", text: "目标已完成。"),
            NarrativeSection(title: "三", text: "加强 & 改进"),
        ])
        XCTAssertEqual(try loadXML(withNarrative("  <narrative/>")).get().narrative, [])
        XCTAssertNil(try loadXML(minimalXML).get().narrative)
        let long = String(repeating: "名", count: 256)
        XCTAssertEqual(
            try loadXML(withNarrative("  <narrative><section title=\"\(long)\">x</section></narrative>")).get()
                .narrative?.first?.title, long)
    }

    func testNarrativeErrors() {
        assertXMLError(
            minimal(replacing: "  <finance>", with: "  <narrative/>\n  <finance>"),
            "evaluationRecord: element 'finance' is out of order; it must come before 'narrative'", line: 9, column: 3,
            schema: "Element 'finance': This element is not expected")
        assertXMLError(
            withNarrative("  <narrative/>\n  <findings/>"),
            "evaluationRecord: element 'findings' is out of order; it must come before 'narrative'", line: 12, column: 3)
        assertXMLError(
            withNarrative("  <narrative>\n    <section>甲</section>\n  </narrative>"),
            "section: missing required attribute 'title'", line: 12, column: 5,
            schema: "The attribute 'title' is required but missing")
        assertXMLError(
            withNarrative("  <narrative><section title=\" &#10;\">甲</section></narrative>"),
            "section: 'title' must not be blank", line: 11, column: 23, schema: "attribute 'title': [facet 'pattern']")
        assertXMLError(
            withNarrative("  <narrative><section title=\"\(String(repeating: "名", count: 257))\">甲</section></narrative>"),
            "section: 'title' is longer than 256 characters", line: 11, column: 23)
        assertXMLError(
            withNarrative("  <narrative>\n    <section title=\"一\">  \n  </section>\n  </narrative>"),
            "section: section \"一\" needs its text", line: 12, column: 5, schema: "[facet 'pattern']")
        assertXMLError(
            withNarrative("  <narrative><section title=\"一\" lang=\"zh\">甲</section></narrative>"),
            "section: unknown attribute 'lang'", line: 11, column: 33, schema: "The attribute 'lang' is not allowed")
        assertXMLError(
            withNarrative("  <narrative><section title=\"一\">甲<b>乙</b></section></narrative>"),
            "section: unexpected element 'b'", line: 11, column: 34)
        assertXMLError(
            withNarrative("  <narrative lang=\"zh\"/>"), "narrative: unknown attribute 'lang'", line: 11, column: 14,
            schema: "The attribute 'lang' is not allowed")
        assertXMLError(
            withNarrative("  <narrative>甲</narrative>"), "narrative: unexpected text content", line: 11, column: 3)
        assertXMLError(
            withNarrative("  <narrative>\n    <paragraph/>\n  </narrative>"), "narrative: unknown element 'paragraph'",
            line: 12, column: 5)
        assertXMLError(
            withNarrative("  <narrative/>\n  <narrative/>"), "evaluationRecord: element 'narrative' appears more than once",
            line: 12, column: 3)
    }

    /// Attribute positions come from one pass over the tag, matched to SAX2's attributes by order:
    /// namespace declarations in between are skipped, and a tag may span lines.
    func testAttributePositionsAcrossLinesAndNamespaceDeclarations() {
        let xml = minimal(
            replacing: #"<department mofDivCode="440823" agencyCode="440823-301" name="遂溪县住房和城乡建设局""#,
            with: "<department xmlns:q=\"urn:q\" mofDivCode=\"440823\"\n   agencyCode=\"440823-301\" xmlns:r=\"urn:r\"\n"
                + "      name=\"遂溪县住房和城乡建设局\" q:z=\"1\"")
        assertXMLError(xml, "attribute 'q:z' is not allowed", line: 5, column: 26)
        let decoded = minimal(
            replacing: #"<department mofDivCode="440823""#, with: "<department xmlns:q=\"urn:q\"\n  mofDivCode=\"44082X\"")
        assertXMLError(
            decoded, "department: 'mofDivCode' = \"44082X\" is not a 6-digit division code", line: 4, column: 3,
            schema: "attribute 'mofDivCode': [facet 'pattern']")
    }

    /// One loader reused for many documents (names are cached per parser dictionary) reports the
    /// names of each document, not those of an earlier one.
    func testReusedLoaderReportsEachDocumentsOwnNames() throws {
        let loader = XMLRecordLoader()
        for (index, name) in ["colour", "bogus", "colour2", "z"].enumerated() {
            XCTAssertEqual(try loader.load(Array(minimalXML.utf8)).fiscalYear, 2022)
            let xml = minimal(replacing: #"grade="优""#, with: #"grade="优" \#(name)="\#(index)""#)
            XCTAssertThrowsError(try loader.load(Array(xml.utf8))) { error in
                XCTAssertTrue((error as? LoadError)?.message.contains("attribute '\(name)'") ?? false, "\(error)")
            }
        }
    }

    func testNamespacedAttributeIsRefused() {
        let xml = minimal(
            replacing: #"schemaVersion="1">"#,
            with: #"schemaVersion="1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="x">"#)
        assertXMLError(xml, "attribute 'xsi:type' is not allowed", line: 2, column: 122)
    }

    func testMissingDepartment() {
        let xml = minimalXML.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("department") && !$0.contains("province=") }.joined(separator: "\n")
        assertXMLError(
            xml, "evaluationRecord: missing required element 'department'", line: 2, column: 1,
            schema: "Element 'fiscalYear': This element is not expected. Expected is ( department )", schemaAt: (3, 3))
    }

    func testMissingRequiredAttribute() {
        let xml = minimal(replacing: #" grade="优""#, with: "")
        assertXMLError(
            xml, "selfAssessment: missing required attribute 'grade'", line: 7, column: 3,
            schema: "Element 'selfAssessment': The attribute 'grade' is required but missing")
        let noName = minimal(replacing: #" name="遂溪县住房和城乡建设局""#, with: "")
        assertXMLError(
            noName, "department: missing required attribute 'name'", line: 3, column: 3,
            schema: "The attribute 'name' is required but missing")
    }

    func testMissingRequiredElement() {
        let xml = minimal(replacing: "  <selfAssessment score=\"96\" grade=\"优\"/>\n", with: "")
        assertXMLError(
            xml, "evaluationRecord: missing required element 'selfAssessment'", line: 2, column: 1,
            schema: "Element 'finance': This element is not expected. Expected is ( selfAssessment )", schemaAt: (7, 3))
    }

    func testElementsOutOfOrder() {
        let xml = minimal(replacing: "</finance>", with: "</finance>\n  <findings/>\n  <projects/>")
        assertXMLError(
            xml, "evaluationRecord: element 'projects' is out of order; it must come before 'findings'", line: 12, column: 3,
            schema: "Element 'projects': This element is not expected")
    }

    func testWrongSchemaVersion() {
        let xml = minimal(replacing: #"schemaVersion="1""#, with: #"schemaVersion="2""#)
        assertXMLError(
            xml, "evaluationRecord: schemaVersion \"2\" is not supported", line: 2, column: 50,
            schema: "attribute 'schemaVersion': [facet 'enumeration'] The value '2'")
    }

    func testWrongRoot() {
        assertXMLError(
            "<record/>", "the root element must be 'evaluationRecord' in namespace urn:perfaudit:record:1; found 'record' (no namespace)",
            line: 1, column: 1)
        assertXMLError(
            minimal(replacing: "urn:perfaudit:record:1", with: "urn:perfaudit:record:2"),
            "found 'evaluationRecord' in namespace urn:perfaudit:record:2", line: 2, column: 1)
    }

    func testBadGrade() {
        let xml = minimal(replacing: #"grade="优""#, with: #"grade="A""#)
        assertXMLError(
            xml, "selfAssessment: 'grade' = \"A\" is not one of 优, 良, 中, 差", line: 7, column: 30,
            schema: "attribute 'grade': [facet 'enumeration'] The value 'A' is not an element of the set {'优', '良', '中', '差'}")
    }

    func testThreeDecimalsOnAnAmount() {
        let xml = minimal(replacing: #"final="71073638.07""#, with: #"final="71073638.071""#)
        assertXMLError(
            xml, "income: 'final' = 71073638.071 has more than 2 decimal places", line: 9, column: 32,
            schema: "attribute 'final': [facet 'pattern'] The value '71073638.071' is not accepted")
    }

    func testNumbersThatAreNotPlainDecimals() {
        for bad in ["12abc", "1,234.50", "1e3", "+5", "NaN", " 5", "5 ", "", "-", ".5", "5.", "Infinity", "０"] {
            let xml = minimal(replacing: #"budget="111122500""#, with: "budget=\"\(bad)\"")
            let decoded = bad.isEmpty ? "income: 'budget' is empty" : "income: 'budget' = \"\(bad)\" is not a plain decimal number"
            assertXMLError(
                xml, decoded, line: 9, column: 13,
                schema: "attribute 'budget': [facet 'pattern'] The value '\(bad)' is not accepted by the pattern")
        }
    }

    func testDecimalPrecisionPerKind() throws {
        // Percentages and target values take 4 fractional digits, scores 2.
        let percent = minimal(replacing: "</finance>", with: "  <treasuryStock changeRate=\"-21.3333\"/>\n  </finance>")
        XCTAssertEqual(try loadXML(percent).get().finance?.treasuryStock?.changeRate, Exact(units: -213_333))
        let score = minimal(replacing: #"score="96""#, with: #"score="95.125""#)
        assertXMLError(
            score, "selfAssessment: 'score' = 95.125 has more than 2 decimal places", line: 7, column: 19,
            schema: "attribute 'score': [facet 'pattern'] The value '95.125'")
    }

    func testScoreOutOfRangeIsRefusedByTheDecoder() {
        let xml = minimal(replacing: #"score="96""#, with: #"score="100.01""#)
        assertXMLError(xml, "selfAssessment: 'score' = 100.01 is outside 0…100", line: 7, column: 3)
    }

    func testDuplicateAttribute() {
        let xml = minimal(replacing: #"budget="111122500""#, with: #"budget="1" budget="2""#)
        assertXMLError(xml, "Attribute budget redefined", line: 9, column: 24)
    }

    func testLongValuesAreShortenedInMessages() {
        let name = String(repeating: "名", count: 1000)
        let xml = minimal(replacing: #"name="遂溪县住房和城乡建设局""#, with: "name=\"\(name)\"")
        assertXMLError(
            xml, "department: 'name' is longer than 256 characters", line: 3, column: 59,
            schema: "attribute 'name': [facet 'maxLength'] The value '\(name.prefix(60))… (1000 characters)' has a length of '1000'; this exceeds the allowed maximum length of '256'")
    }

    func testHugeAttributeValue() {
        let name = String(repeating: "名", count: 5 * 1024 * 1024 / 3)
        let xml = minimal(replacing: #"name="遂溪县住房和城乡建设局""#, with: "name=\"\(name)\"")
        let start = Date()
        assertXMLError(xml, "department: 'name' is longer than 256 characters", line: 3, column: 59)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        assertXMLError(Array(xml.utf8), "attribute 'name': [facet 'maxLength'] The value '名名名", line: 3, column: 59, schema: true)
        if case .failure(let error) = loadXML(Array(xml.utf8), schema: true) { XCTAssertLessThan(error.message.count, 300) }
    }

    func testTooManyAttributesAreRefusedBeforeParsing() {
        let attributes = (0..<300).map { "a\($0)=\"\"" }.joined(separator: " ")
        let xml = minimal(replacing: "<selfAssessment ", with: "<selfAssessment \(attributes) ")
        assertXMLError(xml, "an element has more than 256 attributes", line: 7, column: 3)
        let fewer = (0..<100).map { "a\($0)=\"\"" }.joined(separator: " ")
        let many = minimal(replacing: "<selfAssessment ", with: "<selfAssessment \(fewer) ")
        assertXMLError(
            many, "selfAssessment: unknown attribute 'a0'", line: 7, column: 19, schema: "The attribute 'a0' is not allowed")
    }

    /// The pre-scan skips its tag walk when no stretch between two '<' holds more than 256 '='
    /// signs; '=' in text, comments or values must not hide a tag over the limit, nor refuse a
    /// document whose tags are within it.
    func testAttributeLimitWithManyEqualsSignsOutsideTags() {
        let equals = String(repeating: "=", count: 600)
        let commented = minimal(replacing: "  <rulebook>", with: "  <!-- \(equals) -->\n  <rulebook>")
        XCTAssertEqual(try loadXML(commented).get().fiscalYear, 2022)
        let attributes = (0..<257).map { "a\($0)=\"=\"" }.joined(separator: " ")
        let tooMany = minimal(
            replacing: "<selfAssessment ", with: "<!-- \(equals) --><selfAssessment \(attributes) ")
        assertXMLError(tooMany, "an element has more than 256 attributes", line: 7, column: 612)
    }

    func testEqualsSignCountAcrossBlockBoundaries() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 15, 16, 17, 255 * 16 - 1, 255 * 16, 255 * 16 + 17, 10_000] {
            let bytes = (0..<length).map { _ in [UInt8(ascii: "="), UInt8(ascii: "a"), 0xE5][Int.random(in: 0..<3, using: &generator)] }
            let expected = bytes.filter { $0 == UInt8(ascii: "=") }.count
            XCTAssertEqual(bytes.withUnsafeBytes { AttributeLimit.count(UInt8(ascii: "="), in: $0) }, expected, "length \(length)")
        }
    }

    func testFileOverEightMebibytesIsRefusedUnread() {
        let bytes = [UInt8](repeating: 0x20, count: XMLRecordLoader.maxFileSize + 1)
        switch loadXML(bytes) {
        case .success: XCTFail("loaded")
        case .failure(let error): XCTAssertEqual(error.message, "the file is larger than 8 MiB")
        }
    }

    func testFiscalYearOutOfRange() {
        assertXMLError(
            minimal(replacing: ">2022<", with: ">1999<"), "evaluationRecord: 'fiscalYear' = 1999 is outside 2000…2100",
            line: 5, column: 3,
            schema: "Element 'fiscalYear': [facet 'minInclusive'] The value '1999' is less than the minimum value allowed ('2000')")
        assertXMLError(
            minimal(replacing: ">2022<", with: ">2101<"), "'fiscalYear' = 2101 is outside 2000…2100", line: 5, column: 3,
            schema: "[facet 'maxInclusive'] The value '2101'")
        assertXMLError(
            minimal(replacing: ">2022<", with: ">20x2<"), "'fiscalYear' = \"20x2\" is not a whole number", line: 5, column: 3,
            schema: "Element 'fiscalYear': '20x2' is not a valid value")
        assertXMLError(
            minimal(replacing: ">2022<", with: ">02022<"), "'fiscalYear' = \"02022\" is not written as 4 digits",
            line: 5, column: 3, schema: "Element 'fiscalYear': [facet 'pattern'] The value '02022'")
    }

    func testTextWhereNoneIsAllowed() {
        let xml = minimal(replacing: "  <finance>", with: "  <finance>stray text")
        assertXMLError(
            xml, "finance: unexpected text content", line: 8, column: 3,
            schema: "Element 'finance': Character content other than whitespace is not allowed")
    }

    func testUndeclaredEntityReference() {
        let xml = minimal(replacing: "zhanjiang-dept-2021", with: "&xxe;")
        assertXMLError(xml, "Entity 'xxe' not defined", line: 6, column: 18)
    }

    func testPredefinedEntitiesCharacterReferencesAndCDATA() throws {
        let xml = minimal(
            replacing: "</finance>",
            with: "</finance>\n  <findings><finding category=\"A&amp;B\">x &lt; y, &#x4E2D;<![CDATA[ <z> ]]></finding></findings>")
        let record = try loadXML(xml).get()
        XCTAssertEqual(record.findings, [Finding(category: "A&B", text: "x < y, 中 <z>")])
    }

    func testPositionsDeepIntoALargeFile() throws {
        let indicators = (0..<3000).map { "    <indicator id=\"1.\($0)\" score=\"1\"/>" }.joined(separator: "\n")
        let padded = minimal(replacing: #"grade="优"/>"#, with: "grade=\"优\">\n\(indicators)\n  </selfAssessment>")
        let xml = padded.replacingOccurrences(
            of: #"<income budget="111122500" final="71073638.07"/>"#,
            with: "<income final=\"71073638.07\" budget=\"1e3\" \(String(repeating: " ", count: 200))\n      />")
        assertXMLError(xml, "income: 'budget' = \"1e3\" is not a plain decimal number", line: 3010, column: 33)
        assertXMLError(Array(xml.utf8), "attribute 'budget': [facet 'pattern'] The value '1e3'", line: 3010, column: 33, schema: true)
        let gb18030 = xml.replacingOccurrences(of: "UTF-8", with: "GB18030")
        let bytes = Array(gb18030.data(using: String.Encoding(rawValue: 0x8000_0632))!)
        assertXMLError(bytes, "income: 'budget' = \"1e3\" is not a plain decimal number", line: 3010, column: 33)
        assertXMLError(bytes, "attribute 'budget': [facet 'pattern'] The value '1e3'", line: 3010, column: 33, schema: true)
    }

    func testLoaderIsReusableAfterErrors() throws {
        let loader = XMLRecordLoader()
        let bad = Array(minimal(replacing: #"grade="优""#, with: #"grade="A""#).utf8)
        let doctype = Array(minimalXML.replacingOccurrences(of: "?>\n", with: "?>\n<!DOCTYPE x>\n").utf8)
        for _ in 0..<3 {
            XCTAssertThrowsError(try loader.load(bad))
            XCTAssertThrowsError(try loader.load(doctype))
            XCTAssertThrowsError(try loader.load(Array("<evaluationRecord".utf8)))
            XCTAssertEqual(try loader.load(Array(minimalXML.utf8)).fiscalYear, 2022)
        }
    }

    func testLoadersInParallel() throws {
        let xml = try fixture("rich.xml")
        let expected = try loadXML(xml).get()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let loader = XMLRecordLoader()
            for _ in 0..<25 {
                XCTAssertEqual(try? loader.load(xml), expected)
            }
        }
    }
}
