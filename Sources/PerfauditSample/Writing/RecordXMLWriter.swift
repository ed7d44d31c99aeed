import PerfauditCore

/// Writes a `Record` as an XML evaluation record (`docs/record-format.md`): namespace
/// `urn:perfaudit:record:1`, `schemaVersion="1"`, children in the documented order, amounts in
/// the record's `amountUnit`, exact decimals, two-space indentation, one element per line.
///
/// The output is deterministic: the same record always gives the same bytes.
public struct RecordXMLWriter: Sendable {
    /// The encoding the XML declaration names. The writer always produces UTF-8 bytes; a caller
    /// that transcodes them (to GB18030, say) sets this to the name of the target encoding.
    public var encodingName: String

    public init(encodingName: String = "UTF-8") { self.encodingName = encodingName }

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
        var out = XMLEmitter(bytes: bytes, format: DecimalFormatter(unit: record.amountUnit))
        bytes = []
        var failed = true
        defer {
            bytes = out.bytes
            if failed { bytes.removeSubrange(start...) }
        }
        try out.record(record, encodingName: encodingName)
        failed = false
    }
}

struct XMLEmitter {
    var bytes: [UInt8]
    let format: DecimalFormatter

    // MARK: Record structure

    mutating func record(_ r: Record, encodingName: String) throws(RecordWriteError) {
        bytes.append(ascii: "<?xml version=\"1.0\" encoding=\"")
        try escaped(encodingName, attribute: true)
        bytes.append(ascii: "\"?>\n")
        bytes.append(ascii: "<evaluationRecord xmlns=\"urn:perfaudit:record:1\" schemaVersion=\"")
        bytes.appendInteger(r.schemaVersion)
        bytes.append(ascii: "\"")
        try attribute("amountUnit", r.amountUnit.rawValue)
        bytes.append(ascii: ">\n")

        let d = r.department
        start("department", 1)
        try attribute("mofDivCode", d.mofDivCode)
        try attribute("agencyCode", d.agencyCode)
        try attribute("name", d.name)
        try attribute("province", d.province)
        try attribute("city", d.city)
        try attribute("county", d.county)
        endEmpty()
        try textElement("fiscalYear", String(r.fiscalYear), 1)
        try textElement("rulebook", r.rulebook, 1)

        let s = r.selfAssessment
        start("selfAssessment", 1)
        try attribute("score", s.score, .score)
        try attribute("grade", s.grade.rawValue)
        try attribute("submitted", s.submitted)
        if s.indicators.isEmpty {
            endEmpty()
        } else {
            endOpen()
            for indicator in s.indicators {
                start("indicator", 2)
                try attribute("id", indicator.id)
                try attribute("score", indicator.score, .score)
                if indicator.note != nil {
                    throw RecordWriteError("a self-assessed indicator has no note (indicator \(indicator.id))")
                }
                endEmpty()
            }
            close("selfAssessment", 1)
        }

        if let v = r.verification { try verification(v) }
        if let f = r.finance { try finance(f) }
        if let k = r.keyTasks {
            start("keyTasks", 1)
            try attribute("partyInspection", k.partyInspection, .fine)
            try attribute("governmentInspection", k.governmentInspection, .fine)
            endEmpty()
        }
        if let p = r.petitions {
            start("petitions", 1)
            attribute("channels", p.channels)
            attribute("total", p.total)
            attribute("onTime", p.onTime)
            endEmpty()
        }
        if let c = r.commendations {
            start("commendations", 1)
            attribute("count", c.count)
            endEmpty()
        }
        if let c = r.accountability {
            start("accountability", 1)
            attribute("count", c.count)
            endEmpty()
        }
        if let projects = r.projects {
            if projects.isEmpty {
                start("projects", 1)
                endEmpty()
            } else {
                start("projects", 1)
                endOpen()
                for p in projects { try project(p) }
                close("projects", 1)
            }
        }
        if let summary = r.projectSummary {
            start("projectSummary", 1)
            attribute("recurringCount", summary.recurringCount)
            try attribute("recurringBudget", summary.recurringBudget, .amount)
            attribute("oneOffCount", summary.oneOffCount)
            try attribute("oneOffBudget", summary.oneOffBudget, .amount)
            attribute("oneOffHighBalanceCount", summary.oneOffHighBalanceCount)
            attribute("recurringHighBalanceCount", summary.recurringHighBalanceCount)
            endEmpty()
        }
        if let findings = r.findings {
            start("findings", 1)
            if findings.isEmpty {
                endEmpty()
            } else {
                endOpen()
                for f in findings { try finding(f, depth: 2, insideProject: false) }
                close("findings", 1)
            }
        }
        if let narrative = r.narrative { try self.narrative(narrative) }
        bytes.append(ascii: "</evaluationRecord>\n")
    }

    mutating func verification(_ v: Verification) throws(RecordWriteError) {
        start("verification", 1)
        try attribute("evaluator", v.evaluator)
        try attribute("commissionedBy", v.commissionedBy)
        try attribute("date", v.date)
        try attribute("reportedScore", v.reportedScore, .score)
        try attribute("reportedGrade", v.reportedGrade?.rawValue)
        guard !v.indicators.isEmpty || !v.adjustments.isEmpty else { return endEmpty() }
        endOpen()
        for indicator in v.indicators {
            start("indicator", 2)
            try attribute("id", indicator.id)
            try attribute("score", indicator.score, .score)
            try attribute("note", indicator.note)
            endEmpty()
        }
        for adjustment in v.adjustments {
            start("adjustment", 2)
            try attribute("kind", adjustment.kind.rawValue)
            attribute("count", adjustment.count)
            try attribute("note", adjustment.note)
            endEmpty()
        }
        close("verification", 1)
    }

    mutating func finance(_ f: Finance) throws(RecordWriteError) {
        start("finance", 1)
        let empty = f.income == nil && f.expenditure == nil && f.publicFunds == nil && f.threePublic == nil
            && f.balance == nil && f.treasuryStock == nil && f.procurement == nil && f.fixedAssets == nil
            && f.transfers == nil && f.budgetApproval == nil && f.adjustments == nil
        guard !empty else { return endEmpty() }
        endOpen()
        if let income = f.income {
            start("income", 2)
            try attribute("budget", income.budget, .amount)
            try attribute("final", income.final, .amount)
            if income.sources.isEmpty {
                endEmpty()
            } else {
                endOpen()
                for source in income.sources {
                    start("source", 3)
                    try attribute("kind", source.kind.rawValue)
                    try attribute("budget", source.budget, .amount)
                    try attribute("final", source.final, .amount)
                    endEmpty()
                }
                close("income", 2)
            }
        }
        if let e = f.expenditure {
            start("expenditure", 2)
            try attribute("budget", e.budget, .amount)
            try attribute("final", e.final, .amount)
            try attribute("basic", e.basic, .amount)
            try attribute("personnel", e.personnel, .amount)
            try attribute("publicUse", e.publicUse, .amount)
            try attribute("project", e.project, .amount)
            endEmpty()
        }
        if let p = f.publicFunds { try budgetFinal("publicFunds", p) }
        if let t = f.threePublic { try budgetFinal("threePublic", t) }
        if let b = f.balance {
            start("balance", 2)
            try attribute("opening", b.opening, .amount)
            try attribute("yearEnd", b.yearEnd, .amount)
            endEmpty()
        }
        if let t = f.treasuryStock {
            start("treasuryStock", 2)
            try attribute("previousYearEnd", t.previousYearEnd, .amount)
            try attribute("yearEnd", t.yearEnd, .amount)
            try attribute("changeRate", t.changeRate, .fine)
            endEmpty()
        }
        if let p = f.procurement {
            start("procurement", 2)
            try attribute("plan", p.plan, .amount)
            try attribute("actual", p.actual, .amount)
            endEmpty()
        }
        if let a = f.fixedAssets {
            start("fixedAssets", 2)
            try attribute("total", a.total, .amount)
            try attribute("inUse", a.inUse, .amount)
            endEmpty()
        }
        if let t = f.transfers {
            start("transfers", 2)
            try attribute("due", t.due, .amount)
            try attribute("onTime", t.onTime, .amount)
            endEmpty()
        }
        if let status = f.budgetApproval {
            start("budgetApproval", 2)
            try attribute("status", status.rawValue)
            endEmpty()
        }
        if let a = f.adjustments {
            start("adjustments", 2)
            attribute("nonPolicy", a.nonPolicy)
            attribute("over20Percent", a.over20Percent)
            attribute("variance50Percent", a.variance50Percent)
            endEmpty()
        }
        close("finance", 1)
    }

    mutating func budgetFinal(_ name: StaticString, _ value: BudgetFinal) throws(RecordWriteError) {
        start(name, 2)
        try attribute("budget", value.budget, .amount)
        try attribute("final", value.final, .amount)
        endEmpty()
    }

    mutating func project(_ p: Project) throws(RecordWriteError) {
        start("project", 2)
        try attribute("code", p.code)
        try attribute("name", p.name)
        try attribute("kind", p.kind.rawValue)
        try attribute("budget", p.budget, .amount)
        try attribute("allocated", p.allocated, .amount)
        try attribute("spent", p.spent, .amount)
        try attribute("settlement", p.settlement, .amount)
        try attribute("plannedEnd", p.plannedEnd)
        try attribute("finishedOn", p.finishedOn)
        attribute("completed", p.completed)
        try attribute("selfScore", p.selfScore, .score)
        try attribute("selfGrade", p.selfGrade?.rawValue)
        try attribute("verifiedScore", p.verifiedScore, .score)
        try attribute("verifiedGrade", p.verifiedGrade?.rawValue)
        guard !p.targets.isEmpty || p.arrears != nil || !p.findings.isEmpty else { return endEmpty() }
        endOpen()
        for t in p.targets {
            start("target", 3)
            try attribute("name", t.name)
            try attribute("category", t.category?.rawValue)
            try attribute("unit", t.unit)
            try attribute("planned", t.planned, .fine)
            try attribute("actual", t.actual, .fine)
            if t.direction != .atLeast { try attribute("direction", t.direction.rawValue) }
            endEmpty()
        }
        if let a = p.arrears {
            start("arrears", 3)
            try attribute("amount", a.amount, .amount)
            attribute("months", a.months)
            try attribute("note", a.note)
            endEmpty()
        }
        for f in p.findings {
            if let stated = f.project, stated != p.name {
                throw RecordWriteError("a finding of project \"\(p.name)\" names another project \"\(stated)\"")
            }
            try finding(f, depth: 3, insideProject: true)
        }
        close("project", 2)
    }

    mutating func finding(_ f: Finding, depth: Int, insideProject: Bool) throws(RecordWriteError) {
        start("finding", depth)
        try attribute("category", f.category)
        if !insideProject { try attribute("project", f.project) }
        bytes.append(ascii: ">")
        try escaped(f.text, attribute: false)
        bytes.append(ascii: "</finding>\n")
    }

    /// The report's prose, the root's last child: one `section` per heading, its text as content.
    mutating func narrative(_ sections: [NarrativeSection]) throws(RecordWriteError) {
        start("narrative", 1)
        guard !sections.isEmpty else { return endEmpty() }
        endOpen()
        for section in sections {
            start("section", 2)
            try attribute("title", section.title)
            bytes.append(ascii: ">")
            try escaped(section.text, attribute: false)
            bytes.append(ascii: "</section>\n")
        }
        close("narrative", 1)
    }

    // MARK: Primitives

    @inline(__always)
    mutating func start(_ name: StaticString, _ depth: Int) {
        bytes.appendSpaces(depth * 2)
        bytes.append(0x3C)
        bytes.append(ascii: name)
    }

    @inline(__always)
    mutating func endEmpty() { bytes.append(ascii: "/>\n") }

    @inline(__always)
    mutating func endOpen() { bytes.append(ascii: ">\n") }

    @inline(__always)
    mutating func close(_ name: StaticString, _ depth: Int) {
        bytes.appendSpaces(depth * 2)
        bytes.append(ascii: "</")
        bytes.append(ascii: name)
        bytes.append(ascii: ">\n")
    }

    mutating func textElement(_ name: StaticString, _ text: String, _ depth: Int) throws(RecordWriteError) {
        start(name, depth)
        bytes.append(0x3E)
        try escaped(text, attribute: false)
        bytes.append(ascii: "</")
        bytes.append(ascii: name)
        bytes.append(ascii: ">\n")
    }

    mutating func attribute(_ key: StaticString, _ value: String?) throws(RecordWriteError) {
        guard let value else { return }
        bytes.append(0x20)
        bytes.append(ascii: key)
        bytes.append(ascii: "=\"")
        try escaped(value, attribute: true)
        bytes.append(0x22)
    }

    mutating func attribute(_ key: StaticString, _ value: Exact?, _ kind: WrittenDecimal) throws(RecordWriteError) {
        guard let value else { return }
        let text = try format.text(value, kind, "\(key)")
        bytes.append(0x20)
        bytes.append(ascii: key)
        bytes.append(ascii: "=\"")
        bytes.appendUTF8(text)
        bytes.append(0x22)
    }

    mutating func attribute(_ key: StaticString, _ value: Int?) {
        guard let value else { return }
        bytes.append(0x20)
        bytes.append(ascii: key)
        bytes.append(ascii: "=\"")
        bytes.appendInteger(value)
        bytes.append(0x22)
    }

    mutating func attribute(_ key: StaticString, _ value: Bool?) {
        guard let value else { return }
        bytes.append(0x20)
        bytes.append(ascii: key)
        bytes.append(ascii: value ? "=\"true\"" : "=\"false\"")
    }

    /// Appends `text` with `&`, `<`, `>` (and in attributes `"`, tab, LF, CR) escaped, so that
    /// an XML parser gives back exactly `text`. Characters XML 1.0 cannot carry are an error.
    mutating func escaped(_ text: String, attribute: Bool) throws(RecordWriteError) {
        var text = text
        var failure: RecordWriteError?
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                let replacement: StaticString
                switch byte {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22 where attribute: replacement = "&quot;"
                case 0x09 where attribute: replacement = "&#9;"
                case 0x0A where attribute: replacement = "&#10;"
                case 0x0D: replacement = "&#13;"
                case 0x09, 0x0A: continue
                case 0x00..<0x20:
                    failure = RecordWriteError("control character U+\(String(byte, radix: 16)) cannot be written in XML")
                    return
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                bytes.append(ascii: replacement)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        if let failure { throw failure }
    }
}
