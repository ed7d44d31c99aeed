import PerfauditCore
import XCTest

final class TextTests: XCTestCase {
    func testTrimmingXMLSpaceKeepsEveryCharacterOfTheText() {
        XCTAssertEqual("  工程结算超预算\n\t".trimmingXMLSpace, "工程结算超预算")
        XCTAssertEqual("\r\n超预算 ".trimmingXMLSpace, "超预算")
        XCTAssertEqual("𠀋字 ".trimmingXMLSpace, "𠀋字")
        XCTAssertEqual("a b".trimmingXMLSpace, "a b")
        XCTAssertEqual(" \n\t\r".trimmingXMLSpace, "")
        XCTAssertEqual("".trimmingXMLSpace, "")
        // Only XML white space is trimmed: an ideographic space (U+3000) is text.
        XCTAssertEqual("\u{3000}说明\u{3000}".trimmingXMLSpace, "\u{3000}说明\u{3000}")
    }
}
