/// An exact decimal with up to four fractional digits, stored as ten-thousandths in an `Int64`.
///
/// Every amount, score, percentage and target value of a record is an `Exact`; nothing goes
/// through binary floating point. The range (±922 trillion) covers any public budget in 元.
public struct Exact: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Ten-thousandths: `Exact(units: 12345)` is 1.2345.
    public var units: Int64

    /// The number of units in one.
    public static let scale: Int64 = 10_000

    public init(units: Int64) { self.units = units }

    /// A whole number.
    public init(_ integer: Int) { self.units = Int64(integer) * Exact.scale }

    public static let zero = Exact(units: 0)

    public static func < (lhs: Exact, rhs: Exact) -> Bool { lhs.units < rhs.units }
    public static func + (lhs: Exact, rhs: Exact) -> Exact { Exact(units: lhs.units + rhs.units) }
    public static func - (lhs: Exact, rhs: Exact) -> Exact { Exact(units: lhs.units - rhs.units) }
    public static func += (lhs: inout Exact, rhs: Exact) { lhs.units += rhs.units }
    public static prefix func - (value: Exact) -> Exact { Exact(units: -value.units) }

    /// This value times a whole number.
    public func times(_ factor: Int) -> Exact { Exact(units: units * Int64(factor)) }

    /// The absolute value.
    public var magnitude: Exact { Exact(units: units < 0 ? -units : units) }

    /// The exact rational value.
    public var rational: Rational { Rational(Int128(units), Int128(Exact.scale)) }

    /// This value clamped into `[low, high]`.
    public func clamped(_ low: Exact, _ high: Exact) -> Exact { min(max(self, low), high) }

    /// Plain decimal text with exactly `digits` fractional digits (digits ≤ 4, truncating nothing
    /// when the value has no more digits than that).
    public func formatted(digits: Int) -> String {
        withText(digits: digits) { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the plain decimal text with exactly `digits` (≤ 4) fractional digits, as UTF-8,
    /// without building a `String` (the reports' hot path).
    public func append(digits: Int, to bytes: inout [UInt8]) {
        withText(digits: digits) { bytes.append(contentsOf: $0) }
    }

    /// Appends a whole number's decimal digits, as UTF-8.
    public static func appendDigits(of value: UInt, negative: Bool, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textCapacity) { buffer in
            var start = writeDigits(of: value, endingAt: buffer.count, in: buffer)
            if negative { start = writeByte(UInt8(ascii: "-"), before: start, in: buffer) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Room for any text these writers produce: a sign, 39 digits (an `Int128` sum), a point and
    /// 4 decimals.
    private static let textCapacity = 48

    /// Calls `body` with the plain decimal text (exactly `digits` ≤ 4 fractional digits, truncated),
    /// written on the stack.
    private func withText<Result>(digits: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        Exact.withText(units: units.magnitude, negative: units < 0, digits: digits, body)
    }

    /// `withText` for a number of ten-thousandths given as its magnitude and sign, in any width.
    private static func withText<Magnitude: UnsignedInteger & FixedWidthInteger, Result>(
        units magnitude: Magnitude, negative: Bool, digits: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        precondition((0...4).contains(digits))
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textCapacity) { buffer in
            var start = buffer.count
            if digits > 0 {
                var fraction = magnitude % Magnitude(scale)
                for _ in digits..<4 { fraction /= 10 }
                for _ in 0..<digits {
                    start = writeByte(UInt8(ascii: "0") + UInt8(fraction % 10), before: start, in: buffer)
                    fraction /= 10
                }
                start = writeByte(UInt8(ascii: "."), before: start, in: buffer)
            }
            start = writeDigits(of: magnitude / Magnitude(scale), endingAt: start, in: buffer)
            if negative { start = writeByte(UInt8(ascii: "-"), before: start, in: buffer) }
            return body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Writes `value`'s decimal digits to end just before `end`; returns where they start.
    private static func writeDigits<Word: UnsignedInteger & FixedWidthInteger>(
        of value: Word, endingAt end: Int, in buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var value = value
        var start = end
        repeat {
            start = writeByte(UInt8(ascii: "0") + UInt8(value % 10), before: start, in: buffer)
            value /= 10
        } while value > 0
        return start
    }

    @inline(__always)
    private static func writeByte(_ byte: UInt8, before end: Int, in buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        buffer[end - 1] = byte
        return end - 1
    }

    /// Plain decimal text with as few fractional digits as the value needs (at least `minimum`).
    public func formatted(minimum: Int = 0) -> String {
        var digits = 4
        var units = self.units.magnitude
        while digits > minimum && units % 10 == 0 {
            units /= 10
            digits -= 1
        }
        return formatted(digits: digits)
    }

    public var description: String { formatted() }
}

extension Exact {
    /// Why a text is not a plain decimal of the allowed precision.
    public enum ParseFailure: Error, Equatable, Sendable {
        case empty
        case notPlainDecimal
        case tooManyFractionDigits(allowed: Int)
        case outOfRange
    }

    /// Parses plain decimal notation: an optional `-`, digits, optionally `.` and at least one
    /// fractional digit. No exponent, separator, `+`, space, `NaN` or `Infinity`.
    public static func parse(_ text: String, maxFractionDigits: Int) -> Result<Exact, ParseFailure> {
        var text = text
        return text.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0), maxFractionDigits: maxFractionDigits) }
    }

    /// Parses plain decimal notation straight from bytes (see `parse(_:maxFractionDigits:)`).
    public static func parse(bytes: UnsafeRawBufferPointer, maxFractionDigits: Int) -> Result<Exact, ParseFailure> {
        guard !bytes.isEmpty else { return .failure(.empty) }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var whole: Int64 = 0
        var wholeDigits = 0
        while index < bytes.count, let digit = decimalDigit(bytes[index]) {
            guard wholeDigits < 15 else { return .failure(.outOfRange) }
            whole = whole * 10 + digit
            wholeDigits += 1
            index += 1
        }
        guard wholeDigits > 0 else { return .failure(.notPlainDecimal) }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, let digit = decimalDigit(bytes[index]) {
                fractionDigits += 1
                if fractionDigits <= 4 { fraction = fraction * 10 + digit }
                index += 1
            }
            guard fractionDigits > 0 else { return .failure(.notPlainDecimal) }
        }
        guard index == bytes.count else { return .failure(.notPlainDecimal) }
        guard fractionDigits <= maxFractionDigits else {
            return .failure(.tooManyFractionDigits(allowed: maxFractionDigits))
        }
        for _ in fractionDigits..<4 { fraction *= 10 }
        guard whole < Exact.bound.units / Exact.scale else { return .failure(.outOfRange) }
        let units = whole * Exact.scale + fraction
        return .success(Exact(units: negative ? -units : units))
    }

    /// Every figure a file may state lies strictly within ±10¹⁴ (a hundred trillion 元, far above
    /// any public budget), so that sums and differences of a few figures, and the products exact
    /// rates are made of, never overflow.
    public static let bound = Exact(units: 100_000_000_000_000 * 10_000)

    /// Whether this value lies strictly within `±bound`.
    public var isWithinBound: Bool { units.magnitude < Exact.bound.units.magnitude }

    @inline(__always)
    private static func decimalDigit(_ byte: UInt8) -> Int64? {
        byte >= 0x30 && byte <= 0x39 ? Int64(byte - 0x30) : nil
    }
}

extension Exact {
    /// A decimal written in code (examples, tests); traps on text that is not a plain decimal.
    public static func parsed(_ text: String) -> Exact {
        guard case .success(let value) = parse(text, maxFractionDigits: 4) else {
            preconditionFailure("not a plain decimal: \(text)")
        }
        return value
    }
}

extension Exact {
    /// The exact sum of values, in ten-thousandths held in an `Int128`: no list a file can hold
    /// overflows it, where summing `Exact`s could. Inlinable, so that it is specialized where it
    /// is called rather than run through the generic sequence protocols.
    @inlinable
    public static func sum<Values: Sequence>(_ values: Values) -> Int128 where Values.Element == Exact {
        values.reduce(Int128(0)) { $0 + Int128($1.units) }
    }

    /// Plain decimal text of a number of ten-thousandths held in an `Int128` (a `sum`), with
    /// exactly `digits` (≤ 4) fractional digits, truncated like `formatted(digits:)`.
    public static func text(units: Int128, digits: Int = 2) -> String {
        withText(units: units.magnitude, negative: units < 0, digits: digits) { String(decoding: $0, as: UTF8.self) }
    }
}
