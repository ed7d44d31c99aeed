/// An exact fraction of two `Int128`s, kept in lowest terms with a positive denominator.
///
/// Rates and formula points are rationals so that thresholds compare the exact value:
/// 486.59 / 512.20 is exactly 95 %, not 94.99999….
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let numerator: Int128
    public let denominator: Int128

    public init(_ numerator: Int128, _ denominator: Int128 = 1) {
        precondition(denominator != 0, "Rational with zero denominator")
        let sign: Int128 = denominator < 0 ? -1 : 1
        let divisor = Rational.gcd(numerator.magnitude, denominator.magnitude)
        self.numerator = sign * numerator / Int128(divisor)
        self.denominator = sign * denominator / Int128(divisor)
    }

    public init(_ integer: Int) { self.init(Int128(integer)) }

    public static let zero = Rational(0)
    public static let one = Rational(1)
    public static let hundred = Rational(100)

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }
    public static func - (lhs: Rational, rhs: Rational) -> Rational { lhs + (-rhs) }
    public static prefix func - (value: Rational) -> Rational { Rational(-value.numerator, value.denominator) }
    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }
    /// Division; the divisor must not be zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }

    public var isZero: Bool { numerator == 0 }
    public var magnitude: Rational { Rational(numerator.magnitude.asInt128, denominator) }

    /// The greatest integer not above this value (⌊x⌋).
    public var floor: Int128 {
        let quotient = numerator / denominator
        return numerator % denominator != 0 && numerator < 0 ? quotient - 1 : quotient
    }

    /// Rounded half away from zero (四舍五入) to `digits` ≤ 4 decimals.
    public func roundedHalfUp(digits: Int = 2) -> Exact {
        precondition((0...4).contains(digits))
        var power: Int128 = 1
        for _ in 0..<digits { power *= 10 }
        let scaled = numerator.magnitude.asInt128 * power
        var rounded = (scaled * 2 + denominator) / (denominator * 2)
        if numerator < 0 { rounded = -rounded }
        return Exact(units: Int64(rounded * (Int128(Exact.scale) / power)))
    }

    public var description: String {
        denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)"
    }

    private static func gcd(_ first: UInt128, _ second: UInt128) -> UInt128 {
        var (a, b) = (first, second)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
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
