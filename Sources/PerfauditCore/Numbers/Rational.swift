/// An exact fraction of two `Int128`s, kept in lowest terms with a positive denominator.
///
/// Rates and formula points are rationals so that thresholds compare the exact value:
/// 486.59 / 512.20 is exactly 95 %, not 94.99999….
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let numerator: Int128
    public let denominator: Int128

    public init(_ numerator: Int128, _ denominator: Int128 = 1) {
        precondition(denominator != 0, "Rational with zero denominator")
        if denominator == 1 {
            self.init(lowestTerms: numerator, 1)
        } else if let small = Rational.reducedInWords(numerator, denominator) {
            self.init(lowestTerms: Int128(small.numerator), Int128(small.denominator))
        } else {
            let sign: Int128 = denominator < 0 ? -1 : 1
            let divisor = Rational.gcd(numerator.magnitude, denominator.magnitude)
            self.init(lowestTerms: sign * numerator / Int128(divisor), sign * denominator / Int128(divisor))
        }
    }

    /// A fraction already in lowest terms with a positive denominator.
    private init(lowestTerms numerator: Int128, _ denominator: Int128) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public init(_ integer: Int) { self.init(Int128(integer)) }

    public static let zero = Rational(0)
    public static let one = Rational(1)
    public static let hundred = Rational(100)

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if lhs.denominator == rhs.denominator { return lhs.numerator < rhs.numerator }
        return lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator == rhs.denominator { return Rational(lhs.numerator + rhs.numerator, lhs.denominator) }
        return Rational(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }
    public static func - (lhs: Rational, rhs: Rational) -> Rational { lhs + (-rhs) }
    public static prefix func - (value: Rational) -> Rational { Rational(lowestTerms: -value.numerator, value.denominator) }
    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }
    /// Division; the divisor must not be zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }

    public var isZero: Bool { numerator == 0 }
    public var magnitude: Rational { Rational(lowestTerms: numerator.magnitude.asInt128, denominator) }

    /// The greatest integer not above this value (⌊x⌋).
    public var floor: Int128 {
        if let numerator = Int64(exactly: numerator), let denominator = Int64(exactly: denominator) {
            return Int128(Rational.floorQuotient(numerator, denominator))
        }
        return Rational.floorQuotient(numerator, denominator)
    }

    /// ⌊numerator / denominator⌋ for a positive denominator.
    private static func floorQuotient<Word: SignedInteger & FixedWidthInteger>(_ numerator: Word, _ denominator: Word) -> Word {
        let quotient = numerator / denominator
        return numerator % denominator != 0 && numerator < 0 ? quotient - 1 : quotient
    }

    /// Rounded half away from zero (四舍五入) to `digits` ≤ 4 decimals.
    public func roundedHalfUp(digits: Int = 2) -> Exact {
        precondition((0...4).contains(digits))
        var power: Int128 = 1
        var unitsPerStep = Exact.scale
        for _ in 0..<digits {
            power *= 10
            unitsPerStep /= 10
        }
        let scaled = numerator.magnitude.asInt128 * power
        var rounded = Rational.halfUpQuotient(scaled, denominator)
        if numerator < 0 { rounded = -rounded }
        return Exact(units: Int64(rounded) * unitsPerStep)
    }

    /// ⌊(2·dividend + divisor) / (2·divisor)⌋ for a non-negative dividend and positive divisor:
    /// the quotient rounded half up, in one machine word when both fit (the usual case).
    private static func halfUpQuotient(_ dividend: Int128, _ divisor: Int128) -> Int128 {
        if dividend <= Int128(UInt64.max >> 2), divisor <= Int128(UInt64.max >> 2) {
            let (dividend, divisor) = (UInt64(dividend), UInt64(divisor))
            return Int128((dividend * 2 + divisor) / (divisor * 2))
        }
        return (dividend * 2 + divisor) / (divisor * 2)
    }

    public var description: String {
        denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)"
    }

    private static func gcd<Word: UnsignedInteger & FixedWidthInteger>(_ first: Word, _ second: Word) -> Word {
        var (a, b) = (first, second)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    /// The fraction in lowest terms with a positive denominator, reduced in 64-bit words
    /// (hardware division) when both parts fit in ±(2⁶³ − 1); `nil` when one does not.
    private static func reducedInWords(_ numerator: Int128, _ denominator: Int128) -> (numerator: Int64, denominator: Int64)? {
        guard let numerator = Int64(exactly: numerator), let denominator = Int64(exactly: denominator),
            numerator != .min, denominator != .min
        else { return nil }
        let divisor = Int64(gcd(numerator.magnitude, denominator.magnitude))
        let sign: Int64 = denominator < 0 ? -1 : 1
        if divisor == 1 { return (sign * numerator, sign * denominator) }
        return (sign * (numerator / divisor), sign * (denominator / divisor))
    }
}

extension UInt128 {
    fileprivate var asInt128: Int128 { Int128(self) }
}

extension Rational {
    /// Percentage text of this ratio-times-100 value, rounded half-up to `digits` decimals.
    public func percentText(digits: Int = 2) -> String {
        roundedHalfUp(digits: digits).formatted(digits: digits) + "%"
    }

    /// Decimal text rounded half-up to `digits`, without trailing zeros beyond what is needed.
    public func decimalText(digits: Int = 2) -> String {
        roundedHalfUp(digits: digits).formatted()
    }
}
