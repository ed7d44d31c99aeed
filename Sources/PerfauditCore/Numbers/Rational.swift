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

    /// Compares the cross products at double width, so any two values compare without overflow.
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if lhs.denominator == rhs.denominator { return lhs.numerator < rhs.numerator }
        let left = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let right = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return left.high != right.high ? left.high < right.high : left.low < right.low
    }
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator == rhs.denominator { return Rational(lhs.numerator + rhs.numerator, lhs.denominator) }
        return Rational(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }
    public static func - (lhs: Rational, rhs: Rational) -> Rational { lhs + (-rhs) }
    public static prefix func - (value: Rational) -> Rational { Rational(lowestTerms: -value.numerator, value.denominator) }
    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        guard let product = lhs.multiplied(by: rhs) else { preconditionFailure("\(lhs) × \(rhs) does not fit in Int128") }
        return product
    }
    /// Division; the divisor must not be zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }

    /// The exact sum, or `nil` when it does not fit in `Int128`: only sums of several fractions
    /// with large, unrelated denominators come near that (a rulebook's parts on huge figures).
    public func adding(_ other: Rational) -> Rational? {
        if denominator == other.denominator {
            let (sum, overflow) = numerator.addingReportingOverflow(other.numerator)
            return overflow || sum == .min ? nil : Rational(sum, denominator)
        }
        let common = Rational.gcd(denominator.magnitude, other.denominator.magnitude)
        let (toOther, toSelf) = (Int128(other.denominator.magnitude / common), Int128(denominator.magnitude / common))
        let (first, firstOverflow) = numerator.multipliedReportingOverflow(by: toOther)
        let (second, secondOverflow) = other.numerator.multipliedReportingOverflow(by: toSelf)
        let (sum, sumOverflow) = first.addingReportingOverflow(second)
        let (common128, denominatorOverflow) = denominator.multipliedReportingOverflow(by: toOther)
        guard !(firstOverflow || secondOverflow || sumOverflow || denominatorOverflow), sum != .min else { return nil }
        return Rational(sum, common128)
    }

    /// The exact product, or `nil` when it does not fit in `Int128`.
    public func multiplied(by other: Rational) -> Rational? {
        let (numerator, numeratorOverflow) = numerator.multipliedReportingOverflow(by: other.numerator)
        let (denominator, denominatorOverflow) = denominator.multipliedReportingOverflow(by: other.denominator)
        guard !numeratorOverflow, !denominatorOverflow, numerator != .min else { return nil }
        return Rational(numerator, denominator)
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

    /// Rounded half away from zero (四舍五入) to `digits` ≤ 4 decimals. The value must lie within
    /// `Exact`'s range, as every score does; text of any value comes from `decimalText` and
    /// `percentText`.
    public func roundedHalfUp(digits: Int = 2) -> Exact {
        guard let rounded = roundedHalfUpIfExact(digits: digits) else {
            preconditionFailure("\(self) rounded to \(digits) decimals is outside Exact's range")
        }
        return rounded
    }

    /// `roundedHalfUp`, or `nil` when the rounded value is outside `Exact`'s range.
    func roundedHalfUpIfExact(digits: Int) -> Exact? {
        precondition((0...4).contains(digits))
        let (power, unitsPerStep) = (Rational.powersOfTen[digits], Rational.powersOfTen[4 - digits])
        let magnitude = numerator.magnitude
        let rounded: UInt128
        if magnitude <= UInt128(UInt64.max >> 2) / UInt128(power), denominator <= Int128(UInt64.max >> 2) {
            let (dividend, divisor) = (UInt64(magnitude) * UInt64(power), UInt64(denominator))
            rounded = UInt128((dividend * 2 + divisor) / (divisor * 2))
        } else {
            let parts = roundedParts(digits: digits)
            guard parts.whole <= UInt128(Int64.max) / UInt128(power) else { return nil }
            rounded = parts.whole * UInt128(power) + parts.fraction
        }
        guard rounded <= UInt128(Int64.max / unitsPerStep) else { return nil }
        let units = Int64(rounded) * unitsPerStep
        return Exact(units: numerator < 0 ? -units : units)
    }

    /// The magnitude rounded half up to `digits` decimals, as its whole part and its fraction in
    /// steps of 10⁻ᵈⁱᵍⁱᵗˢ. Exact for every value: the remainder is scaled in a double-width product.
    private func roundedParts(digits: Int) -> (whole: UInt128, fraction: UInt128) {
        let power = UInt128(Rational.powersOfTen[digits])
        let divisor = denominator.magnitude
        var (whole, remainder) = numerator.magnitude.quotientAndRemainder(dividingBy: divisor)
        var (fraction, left) = divisor.dividingFullWidth(remainder.multipliedFullWidth(by: power))
        if left >= divisor - left { fraction += 1 }
        if fraction == power { (whole, fraction) = (whole + 1, 0) }
        return (whole, fraction)
    }

    /// 10⁰ … 10⁴.
    private static let powersOfTen: [Int64] = [1, 10, 100, 1_000, 10_000]

    /// Plain decimal text rounded half up to `digits` decimals, exactly `digits` of them, or
    /// with trailing zeros dropped when `trimmed`; for any value, however large.
    private func text(digits: Int, trimmed: Bool) -> String {
        if let exact = roundedHalfUpIfExact(digits: digits) {
            return trimmed ? exact.formatted() : exact.formatted(digits: digits)
        }
        let parts = roundedParts(digits: digits)
        var fraction = digits == 0 ? "" : String(parts.fraction)
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        if trimmed { while fraction.last == "0" { fraction.removeLast() } }
        return (numerator < 0 ? "-" : "") + String(parts.whole) + (fraction.isEmpty ? "" : "." + fraction)
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
        text(digits: digits, trimmed: false) + "%"
    }

    /// Decimal text rounded half-up to `digits`, without trailing zeros beyond what is needed.
    public func decimalText(digits: Int = 2) -> String {
        text(digits: digits, trimmed: true)
    }
}
