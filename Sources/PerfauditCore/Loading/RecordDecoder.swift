/// Turns a format-neutral `RawTree` into a `Record`, enforcing `docs/record-format.md`:
/// required fields, enumerations, ranges, precision, and no unknown element or attribute.
///
/// XML and JSON share this one decoder, so the same record loads to the same model either way.
public struct RecordDecoder: Sendable {
    public let format: RecordFormat

    public init(format: RecordFormat) { self.format = format }

    /// Decodes a tree whose first node is the root (`evaluationRecord`, or the JSON top-level object).
    public func decode(_ tree: RawTree) throws(LoadError) -> Record {
        guard !tree.nodes.isEmpty else { throw LoadError("the document has no root") }
        do {
            return try TreeDecoding(tree: tree, format: format).decodeRoot(0)
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError("\(error)", at: tree.nodes[0].position)
        }
    }
}

/// One decoding: the tree, read by node index.
private struct TreeDecoding {
    let tree: RawTree
    let format: RecordFormat

    private func name(_ node: Int) -> String { tree.nodes[node].name }
    private func position(_ node: Int) -> SourcePosition { tree.nodes[node].position }
    private func firstChild(_ node: Int) -> Int? { tree.hasChildren(node) ? node + 1 : nil }

    func decodeRoot(_ root: Int) throws -> Record {
        var probe = ElementReader(tree, root, format: format, unit: .yuan)
        // XML states the version as the text "1" exactly (no leading zeros, as the XSD has it).
        if format == .xml, let text = try probe.text("schemaVersion"), text != "1" {
            throw probe.error(
                "schemaVersion \"\(text)\" is not supported; this tool reads version 1", probe.index(of: "schemaVersion"))
        }
        let version = try probe.requiredInteger("schemaVersion", in: Int.min...Int.max)
        guard version == 1 else {
            throw probe.error("schemaVersion \(version) is not supported; this tool reads version 1")
        }
        let unit = try probe.enumeration("amountUnit", AmountUnit.self) ?? .yuan
        var reader = ElementReader(tree, root, format: format, unit: unit)
        _ = try reader.integer("schemaVersion", in: 1...1)
        _ = try reader.enumeration("amountUnit", AmountUnit.self)
        var children = ChildIndex(tree, root, format)

        let department = try decodeDepartment(children.required("department"), unit)
        let fiscalYear = try rootInteger(&reader, &children, "fiscalYear", in: 2000...2100, digits: 4...4)
        let rulebook = try rootText(&reader, &children, "rulebook")
        let selfAssessment = try decodeSelfAssessment(children.required("selfAssessment"), unit)
        var record = Record(
            department: department, fiscalYear: fiscalYear, rulebook: rulebook, selfAssessment: selfAssessment)
        record.amountUnit = unit
        record.verification = try children.optional("verification").map { try decodeVerification($0, unit) }
        record.finance = try children.optional("finance").map { try decodeFinance($0, unit) }
        record.keyTasks = try children.optional("keyTasks").map { try decodeKeyTasks($0, unit) }
        record.petitions = try children.optional("petitions").map { try decodePetitions($0, unit) }
        record.commendations = try children.optional("commendations").map { try decodeCount($0, unit) }
        record.accountability = try children.optional("accountability").map { try decodeCount($0, unit) }
        record.projects = try children.optional("projects").map {
            try decodeList($0, unit, of: "project") { try decodeProject($0, unit) }
        }
        record.projectSummary = try children.optional("projectSummary").map { try decodeProjectSummary($0, unit) }
        record.findings = try children.optional("findings").map {
            try decodeList($0, unit, of: "finding") { try decodeFinding($0, unit, project: nil) }
        }
        record.narrative = try children.optional("narrative").map {
            try decodeList($0, unit, of: "section") { try decodeSection($0, unit) }
        }
        try children.finish()
        try reader.finish()
        try rejectText(root)
        return record
    }

    /// A root scalar: a JSON member, or an XML child element holding text (never an attribute).
    private func rootText(_ reader: inout ElementReader, _ children: inout ChildIndex, _ key: String) throws -> String {
        if let child = try rootChild(&children, key) {
            var leafReader = try leafElementReader(child, key, text: tree.nodes[child].text ?? "", of: reader)
            return try leafReader.requiredText(key, maxLength: 64)
        }
        return try reader.requiredText(key, maxLength: 64)
    }

    private func rootInteger(
        _ reader: inout ElementReader, _ children: inout ChildIndex, _ key: String, in range: ClosedRange<Int>,
        digits: ClosedRange<Int>
    ) throws -> Int {
        if let child = try rootChild(&children, key) {
            let text = (tree.nodes[child].text ?? "").trimmingXMLSpace
            var leafReader = try leafElementReader(child, key, text: text, of: reader)
            return try leafReader.requiredInteger(key, in: range, digits: digits)
        }
        return try reader.requiredInteger(key, in: range)
    }

    /// The XML element standing for a root scalar (required there), or, in JSON, `nil`.
    private func rootChild(_ children: inout ChildIndex, _ key: String) throws -> Int? {
        format == .xml ? try children.required(key) : try children.optional(key)
    }

    /// A reader of the XML element `child` (a leaf) whose `text` stands for the root's scalar `key`,
    /// so that it is checked, and its errors are worded, as that scalar's.
    private func leafElementReader(
        _ child: Int, _ key: String, text: String, of reader: borrowing ElementReader
    ) throws -> ElementReader {
        try expectLeaf(child)
        let value = RawAttribute(name: key, value: .text(text), position: position(child))
        return ElementReader([value][...], name: reader.name, position: position(child), format: .xml, unit: reader.unit)
    }

    private func expectLeaf(_ node: Int) throws {
        if let child = firstChild(node) {
            throw LoadError("\(name(node)): unexpected element '\(name(child))'", at: position(child))
        }
        if let attribute = tree.attributes(of: node).first {
            throw LoadError("\(name(node)): unknown attribute '\(attribute.name)'", at: attribute.position)
        }
    }

    /// Elements other than `finding` and `section` carry no text (XML whitespace aside).
    private func rejectText(_ node: Int) throws {
        guard let text = tree.nodes[node].text, !text.trimmingXMLSpace.isEmpty else { return }
        throw LoadError("\(name(node)): unexpected text content", at: position(node))
    }

    private func reader(_ node: Int, _ unit: AmountUnit) throws -> ElementReader {
        try rejectText(node)
        return ElementReader(tree, node, format: format, unit: unit)
    }

    /// A reader of a node with scalars only. In XML such an element is empty: not even white
    /// space may stand inside it (as the XSD's empty content has it).
    private func leafReader(_ node: Int, _ unit: AmountUnit) throws -> ElementReader {
        if let child = firstChild(node) {
            throw LoadError("\(name(node)): unexpected \(format.childWord) '\(name(child))'", at: position(child))
        }
        if format == .xml, let text = tree.nodes[node].text, !text.isEmpty {
            throw LoadError("\(name(node)): unexpected text content (the element must be empty)", at: position(node))
        }
        return try reader(node, unit)
    }

    private func decodeDepartment(_ node: Int, _ unit: AmountUnit) throws -> Department {
        var r = try leafReader(node, unit)
        let code = try r.requiredText("mofDivCode")
        guard code.utf8.count == 6, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw r.error("'mofDivCode' = \"\(code)\" is not a 6-digit division code", r.index(of: "mofDivCode"))
        }
        let department = Department(
            mofDivCode: code, agencyCode: try r.requiredText("agencyCode", maxLength: 64),
            name: try r.requiredText("name", maxLength: 256), province: try r.requiredText("province", maxLength: 64),
            city: try r.requiredText("city", maxLength: 64), county: try r.requiredText("county", maxLength: 64))
        try r.finish()
        return department
    }

    /// The indicator scores of one list; an id listed twice is an error (which one would count?).
    /// Files list them in id order, mostly: while each id sorts after the one before, all are
    /// distinct without a set of them.
    private func decodeIndicatorScores(_ nodes: [Int], _ unit: AmountUnit, withNote: Bool) throws -> [IndicatorScore] {
        var seen: Set<String>?  // once the ids leave ascending order
        var scores: [IndicatorScore] = []
        scores.reserveCapacity(nodes.count)
        for node in nodes {
            let score = try decodeIndicatorScore(node, unit, withNote: withNote)
            if seen == nil, let last = scores.last, !(last.id < score.id) { seen = Set(scores.map(\.id)) }
            if seen?.insert(score.id).inserted == false {
                throw LoadError("indicator: id '\(score.id)' is listed twice", at: position(node))
            }
            scores.append(score)
        }
        return scores
    }

    private func decodeIndicatorScore(_ node: Int, _ unit: AmountUnit, withNote: Bool) throws -> IndicatorScore {
        var r = try leafReader(node, unit)
        let score = IndicatorScore(
            id: try r.requiredText("id", maxLength: 64), score: try r.requiredDecimal("score", .score),
            note: withNote ? try r.text("note") : nil)
        try r.finish()
        return score
    }

    private func totalScore(_ r: inout ElementReader, _ key: String, required: Bool) throws -> Exact? {
        guard let score = required ? try r.requiredDecimal(key, .score) : try r.decimal(key, .score) else { return nil }
        guard score >= .zero && score <= Exact(100) else {
            throw r.error("'\(key)' = \(score) is outside 0…100")
        }
        return score
    }

    private func decodeSelfAssessment(_ node: Int, _ unit: AmountUnit) throws -> SelfAssessment {
        var r = try reader(node, unit)
        let score = try totalScore(&r, "score", required: true)!
        var result = SelfAssessment(
            score: score, grade: try r.requiredEnumeration("grade", Grade.self), submitted: try r.date("submitted"))
        var children = ChildIndex(tree, node, format)
        result.indicators = try decodeIndicatorScores(try children.repeated("indicator"), unit, withNote: false)
        try children.finish()
        try r.finish()
        return result
    }

    private func decodeVerification(_ node: Int, _ unit: AmountUnit) throws -> Verification {
        var r = try reader(node, unit)
        var result = Verification(evaluator: try r.requiredText("evaluator", maxLength: 256))
        result.commissionedBy = try r.text("commissionedBy", maxLength: 256)
        result.date = try r.date("date")
        result.reportedScore = try totalScore(&r, "reportedScore", required: false)
        result.reportedGrade = try r.enumeration("reportedGrade", Grade.self)
        var children = ChildIndex(tree, node, format)
        result.indicators = try decodeIndicatorScores(try children.repeated("indicator"), unit, withNote: true)
        result.adjustments = try children.repeated("adjustment").map { child in
            var a = try leafReader(child, unit)
            let adjustment = Adjustment(
                kind: try a.requiredEnumeration("kind", Adjustment.Kind.self),
                count: try a.requiredInteger("count"), note: try a.text("note"))
            try a.finish()
            return adjustment
        }
        try children.finish()
        try r.finish()
        return result
    }

    private func decodeFinance(_ node: Int, _ unit: AmountUnit) throws -> Finance {
        let r = try reader(node, unit)
        var children = ChildIndex(tree, node, format)
        var finance = Finance()
        finance.income = try children.optional("income").map { try decodeIncome($0, unit) }
        finance.expenditure = try children.optional("expenditure").map { child in
            var e = try leafReader(child, unit)
            let value = Expenditure(
                budget: try e.decimal("budget", .amount), final: try e.decimal("final", .amount),
                basic: try e.decimal("basic", .amount), personnel: try e.decimal("personnel", .amount),
                publicUse: try e.decimal("publicUse", .amount), project: try e.decimal("project", .amount))
            try e.finish()
            return value
        }
        finance.publicFunds = try children.optional("publicFunds").map { try decodeBudgetFinal($0, unit) }
        finance.threePublic = try children.optional("threePublic").map { try decodeBudgetFinal($0, unit) }
        finance.balance = try children.optional("balance").map { child in
            var b = try leafReader(child, unit)
            let value = Balance(opening: try b.decimal("opening", .amount), yearEnd: try b.decimal("yearEnd", .amount))
            try b.finish()
            return value
        }
        finance.treasuryStock = try children.optional("treasuryStock").map { child in
            var t = try leafReader(child, unit)
            let value = TreasuryStock(
                previousYearEnd: try t.decimal("previousYearEnd", .amount), yearEnd: try t.decimal("yearEnd", .amount),
                changeRate: try t.decimal("changeRate", .percent))
            try t.finish()
            return value
        }
        finance.procurement = try children.optional("procurement").map { child in
            var p = try leafReader(child, unit)
            let value = Procurement(plan: try p.decimal("plan", .amount), actual: try p.decimal("actual", .amount))
            try p.finish()
            return value
        }
        finance.fixedAssets = try children.optional("fixedAssets").map { child in
            var f = try leafReader(child, unit)
            let value = FixedAssets(total: try f.decimal("total", .amount), inUse: try f.decimal("inUse", .amount))
            try f.finish()
            return value
        }
        finance.transfers = try children.optional("transfers").map { child in
            var t = try leafReader(child, unit)
            let value = Transfers(due: try t.decimal("due", .amount), onTime: try t.decimal("onTime", .amount))
            try t.finish()
            return value
        }
        finance.budgetApproval = try children.optional("budgetApproval").map { child in
            var b = try leafReader(child, unit)
            let value = try b.requiredEnumeration("status", BudgetApproval.self)
            try b.finish()
            return value
        }
        finance.adjustments = try children.optional("adjustments").map { child in
            var a = try leafReader(child, unit)
            let value = BudgetAdjustments(
                nonPolicy: try a.integer("nonPolicy"), over20Percent: try a.integer("over20Percent"),
                variance50Percent: try a.integer("variance50Percent"))
            try a.finish()
            return value
        }
        try children.finish()
        try r.finish()
        return finance
    }

    private func decodeIncome(_ node: Int, _ unit: AmountUnit) throws -> Income {
        var r = try reader(node, unit)
        var income = Income(budget: try r.decimal("budget", .amount), final: try r.decimal("final", .amount))
        var children = ChildIndex(tree, node, format)
        income.sources = try children.repeated("source").map { child in
            var s = try leafReader(child, unit)
            let source = IncomeSource(
                kind: try s.requiredEnumeration("kind", IncomeSource.Kind.self),
                budget: try s.decimal("budget", .amount), final: try s.decimal("final", .amount))
            try s.finish()
            return source
        }
        try children.finish()
        try r.finish()
        return income
    }

    private func decodeBudgetFinal(_ node: Int, _ unit: AmountUnit) throws -> BudgetFinal {
        var r = try leafReader(node, unit)
        let value = BudgetFinal(budget: try r.decimal("budget", .amount), final: try r.decimal("final", .amount))
        try r.finish()
        return value
    }

    private func decodeKeyTasks(_ node: Int, _ unit: AmountUnit) throws -> KeyTasks {
        var r = try leafReader(node, unit)
        func percent(_ key: String) throws -> Exact? {
            guard let value = try r.decimal(key, .percent) else { return nil }
            guard value >= .zero && value <= Exact(100) else { throw r.error("'\(key)' = \(value) is outside 0…100") }
            return value
        }
        let value = KeyTasks(
            partyInspection: try percent("partyInspection"), governmentInspection: try percent("governmentInspection"))
        try r.finish()
        return value
    }

    private func decodePetitions(_ node: Int, _ unit: AmountUnit) throws -> Petitions {
        var r = try leafReader(node, unit)
        let value = Petitions(
            channels: try r.bool("channels"), total: try r.integer("total"), onTime: try r.integer("onTime"))
        try r.finish()
        return value
    }

    private func decodeCount(_ node: Int, _ unit: AmountUnit) throws -> Count {
        var r = try leafReader(node, unit)
        let value = Count(count: try r.integer("count"))
        try r.finish()
        return value
    }

    /// A wrapper of repeated children (`projects`, `findings`, `narrative`): no attribute, no
    /// text, only `element`s, each decoded by `decode`; an empty wrapper is an empty list.
    private func decodeList<Element>(
        _ node: Int, _ unit: AmountUnit, of element: String, _ decode: (Int) throws -> Element
    ) throws -> [Element] {
        _ = try reader(node, unit)
        if let attribute = tree.attributes(of: node).first {
            throw LoadError("\(name(node)): unknown attribute '\(attribute.name)'", at: attribute.position)
        }
        var children = ChildIndex(tree, node, format)
        let elements = try children.repeated(element).map(decode)
        try children.finish()
        return elements
    }

    private func decodeProject(_ node: Int, _ unit: AmountUnit) throws -> Project {
        var r = try reader(node, unit)
        var project = Project(
            name: try r.requiredText("name", maxLength: 256),
            kind: try r.requiredEnumeration("kind", ProjectKind.self), budget: try r.decimal("budget", .amount))
        project.code = try r.text("code", maxLength: 64)
        project.allocated = try r.decimal("allocated", .amount)
        project.spent = try r.decimal("spent", .amount)
        project.settlement = try r.decimal("settlement", .amount)
        project.plannedEnd = try r.date("plannedEnd")
        project.finishedOn = try r.date("finishedOn")
        project.completed = try r.bool("completed")
        project.selfScore = try totalScore(&r, "selfScore", required: false)
        project.selfGrade = try r.enumeration("selfGrade", Grade.self)
        project.verifiedScore = try totalScore(&r, "verifiedScore", required: false)
        project.verifiedGrade = try r.enumeration("verifiedGrade", Grade.self)
        var children = ChildIndex(tree, node, format)
        project.targets = try children.repeated("target").map { try decodeTarget($0, unit) }
        project.arrears = try children.optional("arrears").map { child in
            var a = try leafReader(child, unit)
            let value = Arrears(
                amount: try a.decimal("amount", .amount), months: try a.integer("months"), note: try a.text("note"))
            try a.finish()
            return value
        }
        project.findings = try children.repeated("finding").map { try decodeFinding($0, unit, project: project.name) }
        try children.finish()
        try r.finish()
        return project
    }

    private func decodeTarget(_ node: Int, _ unit: AmountUnit) throws -> Target {
        var r = try leafReader(node, unit)
        let target = Target(
            name: try r.requiredText("name", maxLength: 256),
            category: try r.enumeration("category", TargetCategory.self), unit: try r.text("unit", maxLength: 32),
            planned: try r.requiredDecimal("planned", .value), actual: try r.decimal("actual", .value),
            direction: try r.enumeration("direction", TargetDirection.self) ?? .atLeast)
        try r.finish()
        return target
    }

    private func decodeProjectSummary(_ node: Int, _ unit: AmountUnit) throws -> ProjectSummary {
        var r = try leafReader(node, unit)
        var summary = ProjectSummary()
        summary.recurringCount = try r.integer("recurringCount")
        summary.recurringBudget = try r.decimal("recurringBudget", .amount)
        summary.oneOffCount = try r.integer("oneOffCount")
        summary.oneOffBudget = try r.decimal("oneOffBudget", .amount)
        summary.oneOffHighBalanceCount = try r.integer("oneOffHighBalanceCount")
        summary.recurringHighBalanceCount = try r.integer("recurringHighBalanceCount")
        try r.finish()
        return summary
    }

    private func decodeFinding(_ node: Int, _ unit: AmountUnit, project: String?) throws -> Finding {
        if let child = firstChild(node) {
            throw LoadError("finding: unexpected \(format.childWord) '\(name(child))'", at: position(child))
        }
        var r = ElementReader(tree, node, format: format, unit: unit)
        let category = try r.text("category", maxLength: 64)
        let stated = try r.text("project", maxLength: 256)
        if let project, let stated, stated != project {
            throw r.error("'project' = \"\(stated)\" differs from the enclosing project \"\(project)\"")
        }
        try rejectNonStringText(&r)
        let text = (tree.nodes[node].text ?? "").trimmingXMLSpace
        guard !text.isEmpty else { throw r.error("a finding needs its text") }
        try r.finish()
        return Finding(category: category, project: project ?? stated, text: text)
    }

    /// In JSON, a `text` member that is not a string stays a scalar (a string one is the node's
    /// text): refused as such, rather than as an unknown key.
    private func rejectNonStringText(_ r: inout ElementReader) throws {
        if format == .json { _ = try r.text("text") }
    }

    /// One section: its `title` (required, not blank, at most 256 characters) and its text (required,
    /// not blank, trimmed like a finding's; no limit but the file's 8 MiB).
    private func decodeSection(_ node: Int, _ unit: AmountUnit) throws -> NarrativeSection {
        if let child = firstChild(node) {
            throw LoadError("section: unexpected \(format.childWord) '\(name(child))'", at: position(child))
        }
        var r = ElementReader(tree, node, format: format, unit: unit)
        let title = try r.requiredText("title", maxLength: 256)
        guard !title.trimmingXMLSpace.isEmpty else { throw r.error("'title' must not be blank", r.index(of: "title")) }
        try rejectNonStringText(&r)
        let text = (tree.nodes[node].text ?? "").trimmingXMLSpace
        guard !text.isEmpty else { throw r.error("section \"\(title)\" needs its text") }
        try r.finish()
        return NarrativeSection(title: title, text: text)
    }
}

/// The children of one node by name, consumed as the decoder asks for them; anything not asked
/// for is an unknown element, and a singleton that appears twice is an error. Not copyable, like
/// `ElementReader`.
///
/// In XML the decoder asks for the children in the order the format lists them, and they must
/// stand in that order: each name asked for after the last child of the names asked before it.
struct ChildIndex: ~Copyable {
    private let tree: RawTree
    private let node: Int
    private let format: RecordFormat
    private var asked = UsageMarks()
    /// The last child (in document order) of the names asked for so far, if any was found.
    private var frontier: Int?

    init(_ tree: RawTree, _ node: Int, _ format: RecordFormat) {
        self.tree = tree
        self.node = node
        self.format = format
    }

    mutating func optional(_ name: String) throws -> Int? {
        var found: Int?
        for (ordinal, child) in tree.children(of: node).enumerated() where tree.nodes[child].name == name {
            guard found == nil else {
                throw LoadError(
                    "\(tree.nodes[node].name): \(format.childWord) '\(name)' appears more than once",
                    at: tree.nodes[child].position)
            }
            asked.mark(ordinal)
            found = child
        }
        if let found { try follow(found, found) }
        return found
    }

    mutating func required(_ name: String) throws -> Int {
        guard let child = try optional(name) else {
            throw LoadError(
                "\(tree.nodes[node].name): missing required \(format.childWord) '\(name)'", at: tree.nodes[node].position)
        }
        return child
    }

    /// The children named `name`, in order.
    mutating func repeated(_ name: String) throws -> [Int] {
        var found: [Int] = []
        for (ordinal, child) in tree.children(of: node).enumerated() where tree.nodes[child].name == name {
            asked.mark(ordinal)
            found.append(child)
        }
        if let first = found.first, let last = found.last { try follow(first, last) }
        return found
    }

    /// In XML, refuses children (the first `first`, the last `last`) of the name just asked for
    /// that stand before a child of a name the format puts ahead of them.
    private mutating func follow(_ first: Int, _ last: Int) throws {
        guard format == .xml else { return }
        if let frontier, first < frontier {
            let parent = tree.nodes[node].name
            throw LoadError(
                "\(parent): element '\(tree.nodes[frontier].name)' is out of order; it must come before '\(tree.nodes[first].name)'",
                at: tree.nodes[frontier].position)
        }
        frontier = max(frontier ?? last, last)
    }

    func finish() throws {
        for (ordinal, child) in tree.children(of: node).enumerated() where !asked.isMarked(ordinal) {
            throw LoadError(
                "\(tree.nodes[node].name): unknown \(format.childWord) '\(tree.nodes[child].name)'",
                at: tree.nodes[child].position)
        }
    }
}

extension UInt8 {
    /// Whether this byte is XML white space (space, tab, CR, LF).
    @inlinable public var isXMLSpace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}

extension String {
    /// Without leading and trailing XML white space (space, tab, CR, LF).
    public var trimmingXMLSpace: String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !$0.isXMLSpace }) else { return "" }
        let last = utf8.lastIndex(where: { !$0.isXMLSpace })!
        if first == utf8.startIndex && utf8.index(after: last) == utf8.endIndex { return self }
        return String(self[first..<utf8.index(after: last)])
    }
}
