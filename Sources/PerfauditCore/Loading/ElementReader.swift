/// The source format of a `RawTree`, which decides how strictly scalars are typed.
public enum RecordFormat: String, Sendable {
    case xml, json
}

extension RecordFormat {
    /// What messages call a scalar member: an XML attribute, a JSON key.
    var scalarWord: String { self == .xml ? "attribute" : "key" }
    /// What messages call a child node: an XML element, a JSON key.
    var childWord: String { self == .xml ? "element" : "key" }
}

/// The kinds of decimal a record holds, each with its precision.
enum DecimalKind {
    /// Money, at most 2 fractional digits, scaled by the record's `amountUnit`.
    case amount
    /// A percentage, at most 4 fractional digits.
    case percent
    /// A score, at most 2 fractional digits.
    case score
    /// A target value (any unit), at most 4 fractional digits.
    case value

    var maxFractionDigits: Int {
        switch self {
        case .amount, .score: 2
        case .percent, .value: 4
        }
    }
}

/// Reads one node's scalars strictly, remembering which were read so that any other one is an
/// "unknown attribute" error.
///
/// Not copyable: a reader is used where it was made, and every copy would retain its fields.
struct ElementReader: ~Copyable {
    /// The node's scalars, name and position: all a reader needs of it.
    private let attributes: ArraySlice<RawAttribute>
    /// The element's own name as messages show it.
    let name: String
    private let position: SourcePosition
    let format: RecordFormat
    let unit: AmountUnit
    private var read = UsageMarks()
    /// Where the next lookup starts: just after the member found last.
    private var next = 0

    init(
        _ attributes: ArraySlice<RawAttribute>, name: String, position: SourcePosition, format: RecordFormat,
        unit: AmountUnit
    ) {
        self.attributes = attributes
        self.name = name
        self.position = position
        self.format = format
        self.unit = unit
        next = attributes.startIndex
    }

    init(_ tree: RawTree, _ node: Int, format: RecordFormat, unit: AmountUnit) {
        self.init(
            tree.attributes(of: node), name: tree.nodes[node].name, position: tree.nodes[node].position, format: format,
            unit: unit)
    }

    /// The index in `attributes` of the member named `key`. A node's member names are pairwise
    /// distinct (the XML schema admits only its declared names, and the JSON reader refuses
    /// duplicate keys), and readers ask mostly in document order, so the member after the last one
    /// found is tried first.
    private mutating func scalar(_ key: String) -> Int? {
        let index: Int
        if next < attributes.endIndex && attributes[next].name == key {
            index = next
        } else {
            guard let found = attributes.firstIndex(where: { $0.name == key }) else { return nil }
            index = found
        }
        read.mark(index - attributes.startIndex)
        next = index + 1
        return index
    }

    /// The index of the member named `key`, to locate an error at it.
    func index(of key: String) -> Int? { attributes.firstIndex { $0.name == key } }

    /// An error about this node, located at its member at `index` if given.
    func error(_ message: String, _ index: Int? = nil) -> LoadError {
        LoadError("\(name): \(message)", at: index.map { attributes[$0].position } ?? position)
    }

    private func requireValue<T>(_ value: T?, _ key: String) throws -> T {
        guard let value else { throw error("missing required \(format.scalarWord) '\(key)'") }
        return value
    }

    /// A text scalar, optionally required, non-empty and of bounded length.
    mutating func text(_ key: String, maxLength: Int = 4096) throws -> String? {
        guard let attribute = scalar(key) else { return nil }
        guard case .text(let value) = attributes[attribute].value else {
            throw error("'\(key)' must be a string, not a \(attributes[attribute].value.kindName)", attribute)
        }
        guard !value.isEmpty else { throw error("'\(key)' must not be empty", attribute) }
        guard Self.fits(value, maxLength) else {
            throw error("'\(key)' is longer than \(maxLength) characters", attribute)
        }
        return value
    }

    /// Whether `value` has at most `maxLength` characters. Every character takes at least one
    /// UTF-8 byte, so a value within the limit in bytes is within it in characters too; only a
    /// longer one (Chinese text: 3 bytes a character) pays for counting characters. Characters are Unicode scalars (code points), as XML Schema and JSON Schema count length.
    /// A value of more than four bytes a character is too long without counting.
    static func fits(_ value: String, _ maxLength: Int) -> Bool {
        let bytes = value.utf8.count
        return bytes <= maxLength || (bytes <= 4 * maxLength && value.unicodeScalars.count <= maxLength)
    }

    mutating func requiredText(_ key: String, maxLength: Int = 4096) throws -> String {
        try requireValue(text(key, maxLength: maxLength), key)
    }

    /// A decimal of the given kind; amounts are converted to 元.
    mutating func decimal(_ key: String, _ kind: DecimalKind) throws -> Exact? {
        guard let attribute = scalar(key) else { return nil }
        let lexeme: String
        switch attributes[attribute].value {
        case .text(let value), .number(let value): lexeme = value
        default: throw error("'\(key)' must be a decimal number, not a \(attributes[attribute].value.kindName)", attribute)
        }
        switch Exact.parse(lexeme, maxFractionDigits: kind.maxFractionDigits) {
        case .failure(let failure):
            throw error("'\(key)' \(Self.describe(failure, lexeme))", attribute)
        case .success(let value):
            guard kind == .amount, unit.yuanFactor != 1 else { return value }
            let (scaled, overflow) = value.units.multipliedReportingOverflow(by: Int64(unit.yuanFactor))
            guard !overflow, Exact(units: scaled).isWithinBound else {
                throw error("'\(key)' = \(lexeme) \(unit.rawValue) is out of range", attribute)
            }
            return Exact(units: scaled)
        }
    }

    mutating func requiredDecimal(_ key: String, _ kind: DecimalKind) throws -> Exact {
        try requireValue(decimal(key, kind), key)
    }

    static func describe(_ failure: Exact.ParseFailure, _ lexeme: String) -> String {
        switch failure {
        case .empty: "is empty; expected a plain decimal number"
        case .notPlainDecimal: "= \"\(lexeme)\" is not a plain decimal number (digits, optional '-' and '.')"
        case .tooManyFractionDigits(let allowed): "= \(lexeme) has more than \(allowed) decimal places"
        case .outOfRange: "= \(lexeme) is out of range (figures lie within ±10^14)"
        }
    }

    /// A whole number within `range`: XML text of `digits` decimal digits (no sign), or a JSON
    /// number without fraction.
    mutating func integer(
        _ key: String, in range: ClosedRange<Int> = 0...1_000_000_000, digits: ClosedRange<Int> = 1...10
    ) throws -> Int? {
        guard let attribute = scalar(key) else { return nil }
        let lexeme: String
        switch (format, attributes[attribute].value) {
        case (.xml, .text(let value)), (.json, .number(let value)): lexeme = value
        default: throw error("'\(key)' must be a whole number, not a \(attributes[attribute].value.kindName)", attribute)
        }
        guard let value = Self.wholeNumber(lexeme) else {
            throw error("'\(key)' = \"\(lexeme)\" is not a whole number", attribute)
        }
        if format == .xml, !Self.isDigits(lexeme, digits) {
            let count = digits.lowerBound == digits.upperBound ? "\(digits.lowerBound)" : "1 to \(digits.upperBound)"
            throw error("'\(key)' = \"\(lexeme)\" is not written as \(count) digits", attribute)
        }
        guard range.contains(value) else {
            throw error("'\(key)' = \(value) is outside \(range.lowerBound)…\(range.upperBound)", attribute)
        }
        return value
    }

    mutating func requiredInteger(
        _ key: String, in range: ClosedRange<Int> = 0...1_000_000_000, digits: ClosedRange<Int> = 1...10
    ) throws -> Int {
        try requireValue(integer(key, in: range, digits: digits), key)
    }

    /// Whether `lexeme` is only decimal digits, as many as `digits` allows.
    static func isDigits(_ lexeme: String, _ digits: ClosedRange<Int>) -> Bool {
        digits.contains(lexeme.utf8.count) && lexeme.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    static func wholeNumber(_ lexeme: String) -> Int? {
        let digits = lexeme.hasPrefix("-") ? lexeme.dropFirst() : Substring(lexeme)
        guard !digits.isEmpty, digits.count <= 12, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return Int(lexeme)
    }

    /// `true` or `false`: XML text, or a JSON boolean.
    mutating func bool(_ key: String) throws -> Bool? {
        guard let attribute = scalar(key) else { return nil }
        switch (format, attributes[attribute].value) {
        case (.json, .bool(let value)): return value
        case (.xml, .text("true")): return true
        case (.xml, .text("false")): return false
        default: throw error("'\(key)' must be true or false", attribute)
        }
    }

    /// One of an enumeration's raw values.
    mutating func enumeration<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws -> T?
    where T.RawValue == String {
        guard let raw = try text(key) else { return nil }
        guard let value = T(rawValue: raw) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("'\(key)' = \"\(raw)\" is not one of \(allowed)", scalar(key))
        }
        return value
    }

    mutating func requiredEnumeration<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T
    where T.RawValue == String {
        try requireValue(enumeration(key, type), key)
    }

    /// A calendar date `YYYY-MM-DD`.
    mutating func date(_ key: String) throws -> String? {
        guard let value = try text(key) else { return nil }
        guard Self.isCalendarDate(value) else {
            throw error("'\(key)' = \"\(value)\" is not a date YYYY-MM-DD", scalar(key))
        }
        return value
    }

    static func isCalendarDate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isCalendarDate)
    }

    private static func isCalendarDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let length = switch month {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
        return day <= length
    }

    /// Fails on any scalar that no reader asked for.
    func finish() throws {
        if let index = read.firstUnmarked(below: attributes.count) {
            let unknown = attributes.startIndex + index
            throw error("unknown \(format.scalarWord) '\(attributes[unknown].name)'", unknown)
        }
    }
}

/// Which of a node's members were read, by index: a bitmask for the first 64 (every element of
/// the format), an array beyond that. Cheaper than a set of names on the loader's hot path.
struct UsageMarks {
    private var low: UInt64 = 0
    private var high: [Bool] = []

    mutating func mark(_ index: Int) {
        if index < 64 {
            low |= 1 << UInt64(index)
        } else {
            if high.count <= index - 64 { high += [Bool](repeating: false, count: index - 64 - high.count + 1) }
            high[index - 64] = true
        }
    }

    func isMarked(_ index: Int) -> Bool {
        index < 64 ? low & (1 << UInt64(index)) != 0 : (index - 64 < high.count && high[index - 64])
    }

    /// The first index below `count` that was not marked.
    func firstUnmarked(below count: Int) -> Int? {
        (0..<count).first { !isMarked($0) }
    }
}
