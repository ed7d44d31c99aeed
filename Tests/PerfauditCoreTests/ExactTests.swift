import PerfauditCore
import XCTest

final class ExactTests: XCTestCase {
    func testFormattingTruncatesToTheDigitsAskedFor() {
        XCTAssertEqual(Exact.parsed("71073638.07").formatted(digits: 2), "71073638.07")
        XCTAssertEqual(Exact.parsed("-21.33").formatted(digits: 2), "-21.33")
        XCTAssertEqual(Exact.parsed("-0.5").formatted(digits: 2), "-0.50")
        XCTAssertEqual(Exact.parsed("36.0412").formatted(digits: 2), "36.04")
        XCTAssertEqual(Exact.parsed("0.0005").formatted(digits: 4), "0.0005")
        XCTAssertEqual(Exact.parsed("100").formatted(digits: 0), "100")
        XCTAssertEqual(Exact.zero.formatted(digits: 2), "0.00")
        XCTAssertEqual(Exact.parsed("99999999999999.9999").formatted(digits: 4), "99999999999999.9999")
        XCTAssertEqual(Exact.parsed("87.50").formatted(), "87.5")
        var bytes: [UInt8] = []
        Exact.parsed("-1.2").append(digits: 3, to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "-1.200")
    }

    func testParsingIsStrictPlainDecimal() {
        for text in ["12abc", "1,234.50", "1e3", "NaN", "+5", " 5", ".5", "5.", "-", ""] {
            XCTAssertThrowsError(try Exact.parse(text, maxFractionDigits: 4).get(), text)
        }
        XCTAssertEqual(Exact.parse("12.345", maxFractionDigits: 2), .failure(.tooManyFractionDigits(allowed: 2)))
    }
}

final class ExactBoundTests: XCTestCase {
    func testFiguresBeyondTheBoundAreRefusedNotTrapped() {
        XCTAssertEqual(Exact.parse("999999999999999", maxFractionDigits: 2), .failure(.outOfRange))
        XCTAssertEqual(Exact.parse("-100000000000000", maxFractionDigits: 2), .failure(.outOfRange))
        XCTAssertEqual(Exact.parse("99999999999999.99", maxFractionDigits: 2).map(\.isWithinBound), .success(true))
        XCTAssertEqual(Exact.parse("9999999999999999999999", maxFractionDigits: 2), .failure(.outOfRange))
    }

    func testSumsOfManyLargeFiguresAreExact() {
        let large = Exact.parsed("99999999999999.99")
        let sum = Exact.sum(Array(repeating: large, count: 1000))
        XCTAssertEqual(Exact.text(units: sum), "99999999999999990.00")
        XCTAssertEqual(Exact.text(units: -sum, digits: 4), "-99999999999999990.0000")
        XCTAssertEqual(Exact.text(units: Int128(Exact.parsed("-0.5").units)), "-0.50")
        // The widest sums there are, written by the same digit writer as every Exact.
        XCTAssertEqual(Exact.text(units: .max, digits: 4), "17014118346046923173168730371588410.5727")
        XCTAssertEqual(Exact.text(units: .min, digits: 3), "-17014118346046923173168730371588410.572")
        XCTAssertEqual(Exact.text(units: 7, digits: 0), "0")
    }
}
