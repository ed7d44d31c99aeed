import PerfauditCore

/// Writes a `Record` as a JSON evaluation record (`docs/record-format.md`): the documented keys,
/// plural arrays, `"schemaVersion": 1`, amounts in the record's `amountUnit`, exact decimals.
///
/// Objects holding only scalars are written on one line, everything else one member per line
/// with two-space indentation. Keys come in the documented order. The output is deterministic.
public struct RecordJSONWriter: Sendable {
    /// How decimal values (amounts, scores, percentages, target values) are written; the format
    /// reads both exactly. Counts and years are always JSON numbers.
    public enum DecimalStyle: Sendable {
        /// `71073638.07`
        case number
        /// `"71073638.07"`
        case string
    }

    public var decimalStyle: DecimalStyle

    public init(decimalStyle: DecimalStyle = .number) { self.decimalStyle = decimalStyle }

    /// The record as UTF-8 bytes.
    public func write(_ record: Record) throws(RecordWriteError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        try write(record, into: &bytes)
        return bytes
    }

    /// Appends the record to `bytes`; on error, `bytes` is left as it was.
    public func write(_ record: Record, into bytes: inout [UInt8]) throws(RecordWriteError) {
        let start = bytes.count
        var out = JSONEmitter(
            bytes: bytes, format: DecimalFormatter(unit: record.amountUnit), quoteDecimals: decimalStyle == .string)
        bytes = []
        var failed = true
        defer {
            bytes = out.bytes
            if failed { bytes.removeSubrange(start...) }
        }
        try out.record(record)
        failed = false
    }
}

struct JSONEmitter {
    var bytes: [UInt8]
    let format: DecimalFormatter
    let quoteDecimals: Bool

    private struct Level {
        var inline: Bool
        var first = true
    }

    private var levels: [Level] = []

    init(bytes: [UInt8], format: DecimalFormatter, quoteDecimals: Bool) {
        self.bytes = bytes
        self.format = format
        self.quoteDecimals = quoteDecimals
        levels.reserveCapacity(8)
    }

    // MARK: Record structure

    mutating func record(_ r: Record) throws(RecordWriteError) {
        begin(inline: false)
        member("schemaVersion", r.schemaVersion)
        try member("amountUnit", r.amountUnit.rawValue)
        let d = r.department
        key("department")
        begin(inline: true)
        try member("mofDivCode", d.mofDivCode)
        try member("agencyCode", d.agencyCode)
        try member("name", d.name)
        try member("province", d.province)
        try member("city", d.city)
        try member("county", d.county)
        end()
        member("fiscalYear", r.fiscalYear)
        try member("rulebook", r.rulebook)

        let s = r.selfAssessment
        key("selfAssessment")
        begin(inline: s.indicators.isEmpty)
        try member("score", s.score, .score)
        try member("grade", s.grade.rawValue)
        try member("submitted", s.submitted)
        if !s.indicators.isEmpty {
            key("indicators")
            beginArray()
            for indicator in s.indicators {
                if indicator.note != nil {
                    throw RecordWriteError("a self-assessed indicator has no note (indicator \(indicator.id))")
                }
                try self.indicator(indicator)
            }
            endArray()
        }
        end()

        if let v = r.verification {
            key("verification")
            let inline = v.indicators.isEmpty && v.adjustments.isEmpty
            begin(inline: inline)
            try member("evaluator", v.evaluator)
            try member("commissionedBy", v.commissionedBy)
            try member("date", v.date)
            try member("reportedScore", v.reportedScore, .score)
            try member("reportedGrade", v.reportedGrade?.rawValue)
            if !v.indicators.isEmpty {
                key("indicators")
                beginArray()
                for indicator in v.indicators { try self.indicator(indicator) }
                endArray()
            }
            if !v.adjustments.isEmpty {
                key("adjustments")
                beginArray()
                for adjustment in v.adjustments {
                    element()
                    begin(inline: true)
                    try member("kind", adjustment.kind.rawValue)
                    member("count", adjustment.count)
                    try member("note", adjustment.note)
                    end()
                }
                endArray()
            }
            end()
        }
        if let f = r.finance { try finance(f) }
        if let k = r.keyTasks {
            key("keyTasks")
            begin(inline: true)
            try member("partyInspection", k.partyInspection, .fine)
            try member("governmentInspection", k.governmentInspection, .fine)
            end()
        }
        if let p = r.petitions {
            key("petitions")
            begin(inline: true)
            member("channels", p.channels)
            member("total", p.total)
            member("onTime", p.onTime)
            end()
        }
        if let c = r.commendations {
            key("commendations")
            begin(inline: true)
            member("count", c.count)
            end()
        }
        if let c = r.accountability {
            key("accountability")
            begin(inline: true)
            member("count", c.count)
            end()
        }
        if let projects = r.projects {
            key("projects")
            beginArray()
            for p in projects { try project(p) }
            endArray()
        }
        if let summary = r.projectSummary {
            key("projectSummary")
            begin(inline: true)
            member("recurringCount", summary.recurringCount)
            try member("recurringBudget", summary.recurringBudget, .amount)
            member("oneOffCount", summary.oneOffCount)
            try member("oneOffBudget", summary.oneOffBudget, .amount)
            member("oneOffHighBalanceCount", summary.oneOffHighBalanceCount)
            member("recurringHighBalanceCount", summary.recurringHighBalanceCount)
            end()
        }
        if let findings = r.findings {
            key("findings")
            beginArray()
            for f in findings { try finding(f, insideProject: false) }
            endArray()
        }
        if let narrative = r.narrative {
            key("narrative")
            beginArray()
            for section in narrative {
                element()
                begin(inline: true)
                try member("title", section.title)
                try member("text", section.text)
                end()
            }
            endArray()
        }
        end()
        bytes.append(0x0A)
    }

    mutating func indicator(_ indicator: IndicatorScore) throws(RecordWriteError) {
        element()
        begin(inline: true)
        try member("id", indicator.id)
        try member("score", indicator.score, .score)
        try member("note", indicator.note)
        end()
    }

    mutating func finance(_ f: Finance) throws(RecordWriteError) {
        key("finance")
        begin(inline: false)
        if let income = f.income {
            key("income")
            begin(inline: income.sources.isEmpty)
            try member("budget", income.budget, .amount)
            try member("final", income.final, .amount)
            if !income.sources.isEmpty {
                key("sources")
                beginArray()
                for source in income.sources {
                    element()
                    begin(inline: true)
                    try member("kind", source.kind.rawValue)
                    try member("budget", source.budget, .amount)
                    try member("final", source.final, .amount)
                    end()
                }
                endArray()
            }
            end()
        }
        if let e = f.expenditure {
            key("expenditure")
            begin(inline: true)
            try member("budget", e.budget, .amount)
            try member("final", e.final, .amount)
            try member("basic", e.basic, .amount)
            try member("personnel", e.personnel, .amount)
            try member("publicUse", e.publicUse, .amount)
            try member("project", e.project, .amount)
            end()
        }
        if let p = f.publicFunds { try budgetFinal("publicFunds", p) }
        if let t = f.threePublic { try budgetFinal("threePublic", t) }
        if let b = f.balance {
            key("balance")
            begin(inline: true)
            try member("opening", b.opening, .amount)
            try member("yearEnd", b.yearEnd, .amount)
            end()
        }
        if let t = f.treasuryStock {
            key("treasuryStock")
            begin(inline: true)
            try member("previousYearEnd", t.previousYearEnd, .amount)
            try member("yearEnd", t.yearEnd, .amount)
            try member("changeRate", t.changeRate, .fine)
            end()
        }
        if let p = f.procurement {
            key("procurement")
            begin(inline: true)
            try member("plan", p.plan, .amount)
            try member("actual", p.actual, .amount)
            end()
        }
        if let a = f.fixedAssets {
            key("fixedAssets")
            begin(inline: true)
            try member("total", a.total, .amount)
            try member("inUse", a.inUse, .amount)
            end()
        }
        if let t = f.transfers {
            key("transfers")
            begin(inline: true)
            try member("due", t.due, .amount)
            try member("onTime", t.onTime, .amount)
            end()
        }
        if let status = f.budgetApproval {
            key("budgetApproval")
            begin(inline: true)
            try member("status", status.rawValue)
            end()
        }
        if let a = f.adjustments {
            key("adjustments")
            begin(inline: true)
            member("nonPolicy", a.nonPolicy)
            member("over20Percent", a.over20Percent)
            member("variance50Percent", a.variance50Percent)
            end()
        }
        end()
    }

    mutating func budgetFinal(_ name: StaticString, _ value: BudgetFinal) throws(RecordWriteError) {
        key(name)
        begin(inline: true)
        try member("budget", value.budget, .amount)
        try member("final", value.final, .amount)
        end()
    }

    mutating func project(_ p: Project) throws(RecordWriteError) {
        element()
        begin(inline: p.targets.isEmpty && p.arrears == nil && p.findings.isEmpty)
        try member("code", p.code)
        try member("name", p.name)
        try member("kind", p.kind.rawValue)
        try member("budget", p.budget, .amount)
        try member("allocated", p.allocated, .amount)
        try member("spent", p.spent, .amount)
        try member("settlement", p.settlement, .amount)
        try member("plannedEnd", p.plannedEnd)
        try member("finishedOn", p.finishedOn)
        member("completed", p.completed)
        try member("selfScore", p.selfScore, .score)
        try member("selfGrade", p.selfGrade?.rawValue)
        try member("verifiedScore", p.verifiedScore, .score)
        try member("verifiedGrade", p.verifiedGrade?.rawValue)
        if !p.targets.isEmpty {
            key("targets")
            beginArray()
            for t in p.targets {
                element()
                begin(inline: true)
                try member("name", t.name)
                try member("category", t.category?.rawValue)
                try member("unit", t.unit)
                try member("planned", t.planned, .fine)
                try member("actual", t.actual, .fine)
                if t.direction != .atLeast { try member("direction", t.direction.rawValue) }
                end()
            }
            endArray()
        }
        if let a = p.arrears {
            key("arrears")
            begin(inline: true)
            try member("amount", a.amount, .amount)
            member("months", a.months)
            try member("note", a.note)
            end()
        }
        if !p.findings.isEmpty {
            key("findings")
            beginArray()
            for f in p.findings {
                if let stated = f.project, stated != p.name {
                    throw RecordWriteError("a finding of project \"\(p.name)\" names another project \"\(stated)\"")
                }
                try finding(f, insideProject: true)
            }
            endArray()
        }
        end()
    }

    mutating func finding(_ f: Finding, insideProject: Bool) throws(RecordWriteError) {
        element()
        begin(inline: true)
        try member("category", f.category)
        if !insideProject { try member("project", f.project) }
        try member("text", f.text)
        end()
    }

    // MARK: Primitives

    private mutating func newline(_ depth: Int) {
        bytes.append(0x0A)
        bytes.appendSpaces(depth * 2)
    }

    /// Separator and indentation before a member or array element of the innermost level.
    private mutating func separate() {
        let depth = levels.count
        var level = levels[depth - 1]
        if !level.first { bytes.append(0x2C) }
        if level.inline {
            if !level.first { bytes.append(0x20) }
        } else {
            newline(depth)
        }
        level.first = false
        levels[depth - 1] = level
    }

    mutating func begin(inline: Bool) {
        bytes.append(0x7B)
        levels.append(Level(inline: inline))
    }

    mutating func end() {
        let level = levels.removeLast()
        if !level.inline && !level.first { newline(levels.count) }
        bytes.append(0x7D)
    }

    mutating func beginArray() {
        bytes.append(0x5B)
        levels.append(Level(inline: false))
    }

    mutating func endArray() {
        let level = levels.removeLast()
        if !level.first { newline(levels.count) }
        bytes.append(0x5D)
    }

    mutating func element() { separate() }

    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(0x22)
        bytes.append(ascii: name)
        bytes.append(ascii: "\": ")
    }

    mutating func member(_ name: StaticString, _ value: String?) throws(RecordWriteError) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func member(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        bytes.appendInteger(value)
    }

    mutating func member(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bytes.append(ascii: value ? "true" : "false")
    }

    mutating func member(_ name: StaticString, _ value: Exact?, _ kind: WrittenDecimal) throws(RecordWriteError) {
        guard let value else { return }
        let text = try format.text(value, kind, "\(name)")
        key(name)
        if quoteDecimals { bytes.append(0x22) }
        bytes.appendUTF8(text)
        if quoteDecimals { bytes.append(0x22) }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00XX`;
    /// everything else (Chinese text included) as raw UTF-8.
    mutating func string(_ text: String) {
        bytes.append(0x22)
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch byte {
                case 0x22: bytes.append(ascii: "\\\"")
                case 0x5C: bytes.append(ascii: "\\\\")
                case 0x0A: bytes.append(ascii: "\\n")
                case 0x0D: bytes.append(ascii: "\\r")
                case 0x09: bytes.append(ascii: "\\t")
                default:
                    bytes.append(ascii: "\\u00")
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                }
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(0x22)
    }
}
