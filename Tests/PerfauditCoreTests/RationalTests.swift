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

/// A file may state figures up to ±10¹⁴ that make rates far beyond `Exact`'s range (0.01 元 of
/// budget against 10¹⁴ 元 spent), and a rulebook may add fractions too large for 128 bits: text
/// of any rational is exact and never traps, and an exact sum that cannot be held says so.
final class RationalRangeTests: XCTestCase {
    private func power(of ten: Int) -> Int128 { (0..<ten).reduce(Int128(1)) { value, _ in value * 10 } }

    func testTextOfValuesBeyondExactsRange() {
        XCTAssertEqual(Rational(power(of: 20), 3).percentText(), "33333333333333333333.33%")
        XCTAssertEqual(Rational(power(of: 20) * 2 - 1, 2).decimalText(digits: 0), "100000000000000000000")
        XCTAssertEqual(Rational(power(of: 20) * 2 - 1, 2).decimalText(), "99999999999999999999.5")
        XCTAssertEqual(Rational(-(power(of: 20) * 2 - 1), 2).decimalText(digits: 0), "-100000000000000000000")
        XCTAssertEqual(Rational(-(power(of: 20) * 2 - 1), 2).percentText(digits: 1), "-99999999999999999999.5%")
        XCTAssertEqual(Rational(Int128.max).decimalText(), String(Int128.max))
        XCTAssertEqual(Rational(Int128.min, 3).decimalText(digits: 4), "-56713727820156410577229101238628035242.6667")
        XCTAssertEqual(Rational(Int128(922_337_203_685_478)).percentText(), "922337203685478.00%")
        // Just inside the range, the same text as before.
        XCTAssertEqual(Rational(Int128(922_337_203_685_477)).percentText(), "922337203685477.00%")
        XCTAssertEqual(Rational(1, 200).percentText(), "0.01%")
        XCTAssertEqual(Rational(-1, 201).decimalText(), "0")
    }

    func testRateOfAHundredTrillionOverOneFen() {
        let budget = Exact.parsed("0.01"), final = Exact.parsed("99999999999999.99")
        let rate = final.rational / budget.rational * .hundred - .hundred
        XCTAssertEqual(rate.percentText(), "999999999999999800.00%")
    }

    func testAddingIsTheSumWhenItFits() {
        let big = Int128(1) << 70
        let pairs = [
            (Rational(1, 3), Rational(1, 6)), (Rational(137, 100), Rational(-29, 7)), (Rational(big, 3), Rational(big, 5)),
            (Rational(5), Rational(-5)), (Rational(3, 4), Rational(1, 4)),
            (Rational(1, Int128(1) << 60), Rational(1, (Int128(1) << 60) + 1)),
        ]
        for (first, second) in pairs {
            XCTAssertEqual(first.adding(second), first + second, "\(first) + \(second)")
            XCTAssertEqual(second.adding(first), first + second, "\(second) + \(first)")
        }
        XCTAssertEqual(Rational(Int128.max - 1).adding(.one), Rational(Int128.max))
    }

    func testAddingBeyondInt128IsNil() {
        XCTAssertNil(Rational(Int128.max).adding(.one))
        XCTAssertNil(Rational(Int128.min + 1).adding(Rational(-1)))
        // Pairwise coprime denominators near 2⁵⁰: two fit, three need about 150 bits.
        let base = Int128(1) << 50
        let two = Rational(1, base + 1).adding(Rational(1, base + 3))
        XCTAssertNotNil(two)
        XCTAssertNil(two?.adding(Rational(1, base + 5)))
    }
}

extension RationalRangeTests {
    func testAnyTwoValuesCompareWithoutOverflow() {
        let huge = Rational(Int128.max, 3), tiny = Rational(1, Int128.max)
        XCTAssertTrue(tiny < huge)
        XCTAssertFalse(huge < tiny)
        XCTAssertTrue(Rational(Int128.min + 1, 7) < Rational(Int128.min + 1, 11))
        XCTAssertTrue(Rational(-1, Int128.max) < tiny)
        XCTAssertFalse(Rational(Int128.max - 1, Int128.max) < Rational(Int128.max - 2, Int128.max - 1))
        XCTAssertTrue(Rational(Int128.max - 2, Int128.max - 1) < Rational(Int128.max - 1, Int128.max))
        XCTAssertEqual(max(Rational(Int128.max, 5), Rational(3)), Rational(Int128.max, 5))
    }
}
