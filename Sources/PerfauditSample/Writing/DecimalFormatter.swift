import PerfauditCore

/// The kinds of decimal a record holds, as the writers format them.
enum WrittenDecimal {
    /// Money: in the record's `amountUnit`, at most 2 fractional digits there.
    case amount
    /// A score: at most 2 fractional digits.
    case score
    /// A percentage or target value: at most 4 fractional digits (all an `Exact` has).
    case fine
}

/// Formatting shared by both writers: exact decimal text of a value in the record's unit.
struct DecimalFormatter {
    let unit: AmountUnit

    /// The plain decimal text of `value`, converted to the record's unit for amounts; throws
    /// when the value cannot be written with the precision the format allows.
    func text(_ value: Exact, _ kind: WrittenDecimal, _ key: String) throws(RecordWriteError) -> String {
        switch kind {
        case .amount:
            if unit == .yuan {
                guard value.units % 100 == 0 else {
                    throw RecordWriteError("'\(key)' = \(value) has more than 2 decimal places")
                }
                return value.formatted()
            }
            let factor = Int64(unit.yuanFactor)
            // In 万元 the value may keep at most 2 decimals: a whole multiple of 100 元.
            guard value.units % (100 * factor) == 0 else {
                throw RecordWriteError(
                    "'\(key)' = \(value) 元 is not a whole number of 0.01 \(unit.rawValue); write the record in 元")
            }
            return Exact(units: value.units / factor).formatted()
        case .score:
            guard value.units % 100 == 0 else {
                throw RecordWriteError("'\(key)' = \(value) has more than 2 decimal places")
            }
            return value.formatted()
        case .fine:
            return value.formatted()
        }
    }
}
