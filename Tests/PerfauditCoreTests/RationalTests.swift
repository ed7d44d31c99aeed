import PerfauditCore
import XCTest

/// Rational's 64-bit fast paths (reduction, equal denominators, half-up rounding) must give what
/// the general Int128 arithmetic gives, on both sides of the 64-bit limits.
final class RationalTests: XCTestCase {
    private let big = Int128(1) << 70
    private let limit = Int128(Int64.max)

    /// Lowest terms with a positive denominator, by plain Int128 arithmetic.
    private func reference(_ numerator: Int128, _ denominator: Int128) -> (Int128, Int128) {
        var (a, b) = (numerator.magnitude, denominator.magnitude)
        while b != 0 { (a, b) = (b, a % b) }
        let divisor = Int128(a == 0 ? 1 : a)
        let sign: Int128 = denominator < 0 ? -1 : 1
        return (sign * numerator / divisor, sign * denominator / divisor)
    }

    private var pairs: [(Int128, Int128)] {
        [
            (0, 1), (0, -7), (6, 4), (-6, 4), (6, -4), (-6, -4), (5, 1), (-5, 1), (7, 13), (10_000, 10_000),
            (limit, 1), (-limit, limit), (limit - 1, limit), (Int128(Int64.min), 2), (2, Int128(Int64.min)),
            (limit + 1, 2), (big, 3 * big), (-big * 6, 4), (big + 1, -big), (37, big),
        ]
    }

    func testReductionAgreesWithTheGeneralPathBeyondInt64Too() {
        for (numerator, denominator) in pairs {
            let value = Rational(numerator, denominator)
            let (expectedNumerator, expectedDenominator) = reference(numerator, denominator)
            XCTAssertEqual(value.numerator, expectedNumerator, "\(numerator)/\(denominator)")
            XCTAssertEqual(value.denominator, expectedDenominator, "\(numerator)/\(denominator)")
        }
    }

    func testSumsAndComparisonsWithEqualDenominators() {
        XCTAssertEqual(Rational(1, 4) + Rational(1, 4), Rational(1, 2))
        XCTAssertEqual(Rational(3, 4) + Rational(1, 4), .one)
        XCTAssertEqual(Rational(-3, 10) + Rational(3, 10), .zero)
        XCTAssertEqual(Rational(1, 3) - Rational(2, 3), Rational(-1, 3))
        XCTAssertEqual(Rational(big, 7) + Rational(big, 7), Rational(2 * big, 7))
        XCTAssertTrue(Rational(-5, 7) < Rational(-4, 7))
        XCTAssertFalse(Rational(4, 7) < Rational(4, 7))
        XCTAssertTrue(Rational(big, 3) < Rational(big + 1, 3))
        XCTAssertTrue(Rational(1, 3) < Rational(1, 2))
        XCTAssertEqual(-Rational(2, 6), Rational(-1, 3))
        XCTAssertEqual(Rational(-big, 3).magnitude, Rational(big, 3))
    }

    func testFloorOnBothSidesOfInt64() {
        XCTAssertEqual(Rational(7, 2).floor, 3)
        XCTAssertEqual(Rational(-7, 2).floor, -4)
        XCTAssertEqual(Rational(-6, 2).floor, -3)
        XCTAssertEqual(Rational.zero.floor, 0)
        XCTAssertEqual(Rational(Int128(Int64.min), 3).floor, -3_074_457_345_618_258_603)
        XCTAssertEqual(Rational(big + 1, 2).floor, big / 2)
        XCTAssertEqual(Rational(-big - 1, 2).floor, -big / 2 - 1)
    }

    func testRoundingHalfUpAgreesWithTheGeneralPath() {
        func reference(_ value: Rational, _ digits: Int) -> Int64 {
            var power: Int128 = 1
            for _ in 0..<digits { power *= 10 }
            let scaled = value.numerator.magnitude * UInt128(power)
            var rounded = Int128((scaled * 2 + UInt128(value.denominator)) / (UInt128(value.denominator) * 2))
            if value.numerator < 0 { rounded = -rounded }
            return Int64(rounded * (10_000 / power))
        }
        let values = [
            Rational(1, 3), Rational(2, 3), Rational(-2, 3), Rational(1, 200), Rational(-1, 200), Rational(5, 1_000),
            Rational(4625, 1000), .zero, Rational(limit, limit - 1), Rational(3 * (Int128(1) << 61) + 1, Int128(1) << 61),
            Rational(-(Int128(1) << 62) - 1, Int128(1) << 60), Rational(big + 1, big / 2),
        ]
        for value in values {
            for digits in 0...4 {
                XCTAssertEqual(value.roundedHalfUp(digits: digits).units, reference(value, digits), "\(value) \(digits)")
            }
        }
        XCTAssertEqual(Rational(1, 200).roundedHalfUp(), Exact.parsed("0.01"))
        XCTAssertEqual(Rational(-1, 200).roundedHalfUp(), Exact.parsed("-0.01"))
        XCTAssertEqual(Rational(1, 201).roundedHalfUp(), .zero)
    }
}
