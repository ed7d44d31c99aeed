import Foundation
import PerfauditCore
import XCTest

/// Bad JSON records: each refused with its message and position.
final class JSONLoaderTests: XCTestCase {
    /// A valid record; tests replace parts of it.
    private let valid = """
        {
          "schemaVersion": 1,
          "department": {"mofDivCode": "440823", "agencyCode": "440823-301", "name": "遂溪县住房和城乡建设局",
                         "province": "广东省", "city": "湛江市", "county": "遂溪县"},
          "fiscalYear": 2022,
          "rulebook": "zhanjiang-dept-2021",
          "selfAssessment": {"score": 96, "grade": "优"},
          "finance": {"income": {"budget": "111122500", "final": 71073638.07}},
          "commendations": {"count": 2}
        }
        """

    private func load(_ bytes: [UInt8]) -> Result<Record, LoadError> {
        bytes.withUnsafeBytes { buffer in
            do throws(LoadError) { return .success(try JSONRecordLoader.load(buffer)) } catch { return .failure(error) }
        }
    }

    private func load(_ text: String) -> Result<Record, LoadError> { load(Array(text.utf8)) }

    private func changed(_ target: String, _ replacement: String, line: UInt = #line) -> String {
        XCTAssertTrue(valid.contains(target), "fixture lacks \(target)", line: line)
        return valid.replacingOccurrences(of: target, with: replacement)
    }

    private func assertError(
        _ input: [UInt8], _ message: String, _ line: Int, _ column: Int, testLine: UInt = #line
    ) {
        switch load(input) {
        case .success: XCTFail("expected \"\(message)\", but the record loaded", line: testLine)
        case .failure(let error):
            XCTAssertEqual(error.message, message, line: testLine)
            XCTAssertEqual(error.position, SourcePosition(line: line, column: column), error.message, line: testLine)
        }
    }

    private func assertError(_ input: String, _ message: String, _ line: Int, _ column: Int, testLine: UInt = #line) {
        assertError(Array(input.utf8), message, line, column, testLine: testLine)
    }

    func testValidRecordLoads() throws {
        let record = try load(valid).get()
        XCTAssertEqual(record.finance?.income?.final, Exact(units: 710_736_380_700))
        XCTAssertEqual(record.commendations?.count, 2)
    }

    /// Records are read in one pass, so a deep nest is refused at the first level the record
    /// format cannot have, or at 64 levels of objects, whichever comes first; quickly either way.
    func testDeepNestingIsRefusedQuickly() {
        let depth = 100_000
        let start = Date()
        let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        assertError(objects, "nesting deeper than 64 levels", 1, 321)
        let arrays = "{\"a\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        assertError(arrays, "evaluationRecord: unknown key \"a\"", 1, 2)
        let projects = "{\"projects\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        assertError(projects, "project: expected a JSON object", 1, 14)
        assertError(String(repeating: "[", count: depth), "evaluationRecord: expected a JSON object", 1, 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
        // The generic reader (rulebooks) refuses the nest itself.
        XCTAssertThrowsError(try JSONReader.parse(Array(String(repeating: "[", count: depth).utf8))) { error in
            XCTAssertEqual((error as? LoadError)?.message, "nesting deeper than 64 levels")
            XCTAssertEqual((error as? LoadError)?.position, SourcePosition(line: 1, column: 65))
        }
    }

    /// An indicator id listed twice is refused at its second listing, whether the ids before it
    /// ascend (no set is kept then) or not, and before any later error.
    func testIndicatorIdListedTwice() {
        func indicators(_ ids: [String], then tail: String = "") -> String {
            let list = ids.map { #"{"id": "\#($0)", "score": 1}"# }.joined(separator: ",\n")
            return changed(#""grade": "优"}"#, #""grade": "优", "indicators": ["# + "\n" + list + tail + "]}")
        }
        XCTAssertNoThrow(try load(indicators(["1.1", "1.2", "2.1"])).get())
        XCTAssertNoThrow(try load(indicators(["2.1", "1.2", "1.1", "3"])).get())
        assertError(indicators(["1.1", "1.1"]), "indicator: id '1.1' is listed twice", 9, 1)
        assertError(indicators(["1.1", "1.2", "2.1", "1.2"]), "indicator: id '1.2' is listed twice", 11, 1)
        assertError(indicators(["2.1", "1.2", "3", "2.1"]), "indicator: id '2.1' is listed twice", 11, 1)
        assertError(indicators(["1.1", "1.0", "1.1"], then: #", {"id": "x"}"#), "indicator: id '1.1' is listed twice", 10, 1)
    }

    func testTrailingCommas() {
        assertError(changed(#""county": "遂溪县"}"#, #""county": "遂溪县",}"#), "trailing comma before '}'", 4, 68)
        assertError(changed(#""count": 2}"#, #""count": 2},"#), "trailing comma before '}'", 10, 1)
        assertError(#"{"findings": [{"text": "x"},]}"#, "trailing comma before ']'", 1, 29)
    }

    func testDuplicateKeys() {
        assertError(changed(#""fiscalYear": 2022,"#, #""fiscalYear": 2022, "fiscalYear": 2023,"#),
            "duplicate key \"fiscalYear\"", 5, 23)
    }

    /// Keys are compared as strings, so an escaped spelling or a canonically equivalent one is the
    /// same key; found at the second one, in small objects and in large ones alike.
    func testDuplicateKeysAreFoundWhereverAndHoweverWritten() {
        assertError(changed(#""county": "遂溪县"}"#, #""county": "遂溪县", "city": "x"}"#), "duplicate key \"city\"", 4, 69)
        let keys = (0..<40).map { ", \"k\($0)\": 1" }.joined()
        assertError(changed(#""count": 2}"#, #""count": 2"# + keys + #", "k7": 2}"#), "duplicate key \"k7\"", 9, 423)
        assertError(changed(#""count": 2}"#, #""count": 2"# + keys + #", "count": 3}"#), "duplicate key \"count\"", 9, 423)
        assertError(changed(#""fiscalYear": 2022,"#, #""fiscalYear": 2022, "fiscal\u0059ear": 2023,"#),
            "duplicate key \"fiscalYear\"", 5, 23)
        assertError(changed(#""city": "湛江市""#, "\"city\": \"湛江市\", \"K\": \"a\", \"\u{212A}\": \"b\""),
            "duplicate key \"\u{212A}\"", 4, 62)
    }

    /// Each object has its own keys: a nested or a sibling object may repeat its parent's.
    func testKeysOfNestedAndSiblingObjectsAreTheirOwn() throws {
        let text = #"{"a": {"a": 1, "b": {"a": 2, "b": 3}}, "b": [{"a": 1}, {"a": 2}], "c": {}, "d": 4}"#
        guard case .object(let members) = try JSONReader.parse(Array(text.utf8)).value else { return XCTFail("not an object") }
        XCTAssertEqual(members.map(\.key), ["a", "b", "c", "d"])
        XCTAssertThrowsError(try JSONReader.parse(Array(#"{"a": {"b": 1}, "b": 2, "a": 3}"#.utf8))) { error in
            XCTAssertEqual(error as? LoadError, LoadError("duplicate key \"a\"", at: SourcePosition(line: 1, column: 25)))
        }
    }

    /// A hostile object with many keys is read in linear time, its duplicate found at the end.
    func testDuplicateKeyInAVeryLargeObject() {
        let start = Date()
        let keys = (0..<100_000).map { "\"键\($0)\": 1, " }.joined()
        assertError("{" + keys + #""键99999": 2}"#, "duplicate key \"键99999\"", 1, 1_288_892)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    /// Columns count characters: after Chinese text on the line, every kind of error stands where
    /// it did.
    func testColumnsAfterMultiByteText() {
        assertError(changed(#""county": "遂溪县"}"#, #""county": "遂溪县", "bogus": 1}"#), "department: unknown key 'bogus'", 4, 69)
        assertError(changed(#""county": "遂溪县"}"#, "\"county\": \"遂溪县\t\"}"), "control character in a string", 4, 66)
        assertError(changed(#""county": "遂溪县"}"#, #""county": "遂溪县", "count": 01}"#),
            "invalid number; leading zeros are not allowed", 4, 78)
        assertError(changed(#""county": "遂溪县"}"#, #""county": "遂溪县",, }"#), "expected a key string", 4, 68)
        assertError(changed(#""grade": "优"}"#, #""grade": "优"} "x""#), "expected ',' or '}'", 7, 49)
    }

    /// Dates are calendar dates: month lengths, leap years by the Gregorian rule, two digits each.
    func testDatesAreCalendarDates() throws {
        for (date, valid) in [
            ("2024-02-29", true), ("2023-02-29", false), ("2000-02-29", true), ("1900-02-29", false),
            ("2023-02-28", true), ("2021-04-30", true), ("2021-04-31", false), ("2021-06-31", false),
            ("2021-09-31", false), ("2021-11-31", false), ("2021-12-31", true), ("2021-07-31", true),
            ("2021-13-01", false), ("2021-00-10", false), ("2021-01-00", false), ("2021-1-01", false),
            ("2021/01/01", false), ("２０２１-01-01", false),
        ] {
            let input = changed(#""grade": "优"}"#, "\"grade\": \"优\", \"submitted\": \"\(date)\"}")
            if valid {
                XCTAssertEqual(try load(input).get().selfAssessment.submitted, date)
            } else {
                assertError(input, "selfAssessment: 'submitted' = \"\(date)\" is not a date YYYY-MM-DD", 7, 49)
            }
        }
    }

    /// The length limit counts characters (Unicode code points, as XML Schema and JSON Schema do),
    /// not bytes, right at the limit: `e` with a combining accent is two.
    func testLengthLimitCountsCharacters() throws {
        for (city, fits) in [
            (String(repeating: "湛", count: 64), true), (String(repeating: "湛", count: 65), false),
            (String(repeating: "湛", count: 22), true), (String(repeating: "e\u{301}", count: 32), true),
            (String(repeating: "e\u{301}", count: 33), false), (String(repeating: "a", count: 64), true),
            (String(repeating: "a", count: 65), false),
        ] {
            let input = changed(#""city": "湛江市""#, "\"city\": \"\(city)\"")
            if fits {
                XCTAssertEqual(try load(input).get().department.city, city)
            } else {
                assertError(input, "department: 'city' is longer than 64 characters", 4, 37)
            }
        }
    }

    func testNaNAndInfinityAreNotJSON() {
        assertError(changed("71073638.07", "NaN"), "unexpected character 'N'; expected a JSON value", 8, 58)
        assertError(changed("71073638.07", "Infinity"), "unexpected character 'I'; expected a JSON value", 8, 58)
        assertError(changed("71073638.07", "-Infinity"), "invalid number; expected digits", 8, 59)
    }

    func testNumbersAsStringsAndAsNumbersReadIdentically() throws {
        let numbers = try load(changed(#""budget": "111122500", "final": 71073638.07"#, #""budget": 111122500, "final": 71073638.07"#)).get()
        let strings = try load(changed(#""budget": "111122500", "final": 71073638.07"#, #""budget": "111122500", "final": "71073638.07""#)).get()
        XCTAssertEqual(numbers, strings)
        XCTAssertEqual(numbers.finance?.income?.final, Exact(units: 710_736_380_700))
        let score = try load(changed(#""score": 96"#, #""score": "95.50""#)).get()
        XCTAssertEqual(score.selfAssessment.score, Exact(units: 955_000))
    }

    func testExponentIsRefused() {
        assertError(changed("71073638.07", "1e3"),
            "income: 'final' = \"1e3\" is not a plain decimal number (digits, optional '-' and '.')", 8, 49)
        assertError(changed("\"111122500\"", "\"1e3\""),
            "income: 'budget' = \"1e3\" is not a plain decimal number (digits, optional '-' and '.')", 8, 26)
    }

    func testOtherNonPlainDecimalStrings() {
        for bad in ["12abc", "1,234.50", "+5", "NaN", " 5", "5 ", ""] {
            let message = bad.isEmpty
                ? "income: 'budget' is empty; expected a plain decimal number"
                : "income: 'budget' = \"\(bad)\" is not a plain decimal number (digits, optional '-' and '.')"
            assertError(changed("\"111122500\"", "\"\(bad)\""), message, 8, 26)
        }
        assertError(changed("71073638.07", "71073638.071"), "income: 'final' = 71073638.071 has more than 2 decimal places", 8, 49)
    }

    func testLeadingZerosAreRefused() {
        assertError(changed("71073638.07", "0071073638.07"), "invalid number; leading zeros are not allowed", 8, 58)
        assertError(changed(#""count": 2"#, #""count": 02"#), "invalid number; leading zeros are not allowed", 9, 30)
    }

    func testInvalidUTF8() {
        var bytes = Array(valid.utf8)
        bytes[bytes.firstIndex(of: 0xE9)!] = 0xFF  // the first byte of 遂
        assertError(bytes, "invalid UTF-8 in a string", 3, 79)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        XCTAssertEqual(try load(bom + Array(valid.utf8)).get(), try load(valid).get())
    }

    func testCountWrittenAsStringIsRefused() {
        assertError(changed(#""count": 2"#, #""count": "2""#), "commendations: 'count' must be a whole number, not a string", 9, 21)
        assertError(changed(#""fiscalYear": 2022"#, #""fiscalYear": "2022""#),
            "evaluationRecord: 'fiscalYear' must be a whole number, not a string", 5, 3)
        assertError(changed(#""count": 2"#, #""count": 2.0"#), "commendations: 'count' = \"2.0\" is not a whole number", 9, 21)
    }

    func testNullIsRefused() {
        assertError(changed(#""count": 2"#, #""count": null"#),
            "commendations: \"count\" is null; omit a figure that is not reported", 9, 21)
        assertError(changed(#""finance": {"#, #""verification": null, "finance": {"#),
            "evaluationRecord: \"verification\" is null; omit a figure that is not reported", 8, 3)
    }

    func testUnknownKeyIsRefused() {
        assertError(changed(#""count": 2"#, #""count": 2, "cuont": 3"#), "commendations: unknown key 'cuont'", 9, 33)
        assertError(changed(#""commendations""#, #""commendation""#), "evaluationRecord: unknown key 'commendation'", 9, 19)
    }

    func testNarrativeLoadsAndItsErrorsAreLocated() throws {
        let prose = #""commendations": {"count": 2}, "narrative": [{"title": "一、基本情况", "text": "  甲\n  乙 "}, {"text": "丙", "title": "二"}]"#
        XCTAssertEqual(try load(changed(#""commendations": {"count": 2}"#, prose)).get().narrative, [
            NarrativeSection(title: "一、基本情况", text: "甲\n  乙"), NarrativeSection(title: "二", text: "丙"),
        ])
        XCTAssertEqual(try load(changed(#""commendations": {"count": 2}"#, #""narrative": []"#)).get().narrative, [])
        XCTAssertNil(try load(valid).get().narrative)
        func narrative(_ json: String) -> String { changed(#""commendations": {"count": 2}"#, #""narrative": "# + json) }
        assertError(narrative("{}"), #"evaluationRecord: "narrative" must be an array"#, 9, 3)
        assertError(narrative(#"[{"title": "一"}]"#), #"section: section "一" needs its text"#, 9, 17)
        assertError(narrative(#"[{"title": "一", "text": " \n "}]"#), #"section: section "一" needs its text"#, 9, 17)
        assertError(narrative(#"[{"title": "一", "text": 7}]"#), "section: 'text' must be a string, not a number", 9, 32)
        assertError(narrative(#"[{"text": "甲"}]"#), "section: missing required key 'title'", 9, 17)
        assertError(narrative(#"[{"title": " \t", "text": "甲"}]"#), "section: 'title' must not be blank", 9, 18)
        assertError(narrative(#"[{"title": 1, "text": "甲"}]"#), "section: 'title' must be a string, not a number", 9, 18)
        assertError(narrative(#"[{"title": "一", "text": "甲", "lang": "zh"}]"#), "section: unknown key 'lang'", 9, 45)
        assertError(narrative(#"[{"title": "一", "text": "甲", "notes": []}]"#), #"section: unknown key "notes""#, 9, 45)
        // The other wrapped arrays of the root are refused as objects too (they read as empty before).
        assertError(changed(#""commendations": {"count": 2}"#, #""findings": {}"#), #"evaluationRecord: "findings" must be an array"#, 9, 3)
    }

    func testMalformedUTF8IsLocatedAtTheBadByte() {
        let prefix = Array(#"{"rulebook": "ab"#.utf8)
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE9, 0x81], [0x80]] {
            assertError(prefix + bad + Array(#"c", "x\n": 1}"#.utf8), "invalid UTF-8 in a string", 1, 17)
        }
    }

    func testMissingAndMisplacedKeys() {
        assertError(changed(#""rulebook": "zhanjiang-dept-2021","#, ""), "evaluationRecord: missing required key 'rulebook'", 1, 1)
        assertError(changed(#""grade": "优""#, #""grade": "优", "score2": {}"#),
            "selfAssessment: unknown key 'score2'", 7, 59)
        assertError(changed(#""name": "遂溪县住房和城乡建设局","#, ""), "department: missing required key 'name'", 3, 17)
    }

    func testTruncatedAndEmptyDocuments() {
        assertError(String(valid.prefix(60)), "unexpected end of file inside a string", 3, 37)
        assertError("", "empty document; expected a JSON object", 1, 1)
        assertError("[]", "evaluationRecord: expected a JSON object", 1, 1)
    }
}
