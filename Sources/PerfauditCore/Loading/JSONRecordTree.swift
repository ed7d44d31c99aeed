/// The record layer over the general `JSONReader`: reads a JSON evaluation record straight into
/// the format-neutral tree `RecordDecoder` reads, without building a JSON tree first.
///
/// The mapping: scalar members become attributes, object members child nodes, array members
/// repeated children with the singular name below (the record-level `projects`, `findings` and
/// `narrative` arrays inside a wrapper child, as in XML), and a finding's or a section's `text`
/// member its text. What it
/// knows of the record format (its key names, its arrays) is here, not in the reader.
enum JSONRecordTree {
    /// Every member name of the record format (`Schemas/record.schema.json`), known to the reader
    /// in advance. A name missing here only costs speed.
    static let keyNames: [String] = [
        "accountability", "actual", "adjustments", "agencyCode", "allocated", "amount", "amountUnit",
        "arrears", "balance", "basic", "budget", "budgetApproval", "category", "changeRate", "channels",
        "city", "code", "commendations", "commissionedBy", "completed", "count", "county", "date",
        "department", "direction", "due", "evaluator", "expenditure", "final", "finance", "findings",
        "finishedOn", "fiscalYear", "fixedAssets", "governmentInspection", "grade", "id", "inUse",
        "income", "indicators", "keyTasks", "kind", "mofDivCode", "months", "name", "narrative", "nonPolicy", "note",
        "onTime", "oneOffBudget", "oneOffCount", "oneOffHighBalanceCount", "opening", "over20Percent",
        "partyInspection", "personnel", "petitions", "plan", "planned", "plannedEnd", "previousYearEnd",
        "procurement", "project", "projectSummary", "projects", "province", "publicFunds", "publicUse",
        "recurringBudget", "recurringCount", "recurringHighBalanceCount", "reportedGrade", "reportedScore",
        "rulebook", "schemaVersion", "score", "selfAssessment", "selfGrade", "selfScore", "settlement",
        "sources", "spent", "status", "submitted", "targets", "text", "threePublic", "title", "total", "transfers",
        "treasuryStock", "unit", "variance50Percent", "verification", "verifiedGrade", "verifiedScore",
        "yearEnd",
    ]

    /// The reader's table of `keyNames`, built on first use.
    static let keys = JSONKeyTable(names: keyNames)

    /// Array keys and the element name each of their entries becomes.
    static let singular: [String: String] = [
        "indicators": "indicator", "adjustments": "adjustment", "sources": "source",
        "projects": "project", "targets": "target", "findings": "finding", "narrative": "section",
    ]

    /// The root's arrays that stand inside a wrapper child of their own name, as in XML.
    static let wrappedAtRoot: Set<String> = ["projects", "findings", "narrative"]

    /// The nodes whose `text` member is their text (XML: their content).
    static let textNodes: Set<String> = ["finding", "section"]

    /// Parses the JSON record that fills `bytes` into the tree.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(LoadError) -> RawTree {
        try JSONReader.document(bytes, knownKeys: keys) { reader throws(LoadError) in
            // About one node per 40 bytes and one scalar per 12 in the records this tool reads.
            var builder = JSONReader.RecordTreeBuilder(tree: RawTree(nodes: bytes.count / 40, attributes: bytes.count / 12))
            try reader.parseTreeNode(name: "evaluationRecord", isRoot: true, into: &builder)
            return builder.tree
        }
    }
}

extension JSONReader {
    /// The tree `JSONRecordTree.parse` is building, and the scalars of its open nodes, innermost
    /// last: a node's scalars are added to the tree when it closes, so that they stand together.
    fileprivate struct RecordTreeBuilder {
        var tree: RawTree
        let attributes = MemberStack<RawAttribute>()
    }

    /// One JSON object as a node: scalars become attributes, objects children, arrays repeated
    /// children with the singular name (the record's `projects`, `findings` and `narrative` arrays
    /// in a wrapper child, as in XML), and a finding's or a section's `text` its text. One of those
    /// three root keys whose value is an object is refused (it would read as an empty wrapper).
    fileprivate mutating func parseTreeNode(
        name: String, isRoot: Bool, into builder: inout RecordTreeBuilder
    ) throws(LoadError) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            throw LoadError("\(name): expected a JSON object", at: position)
        }
        let node = builder.tree.open(name, at: position)
        let firstAttribute = builder.attributes.count
        var text: String?
        var cursor = try openObject()
        while let (key, keyPosition) = try nextKey(&cursor) {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                // Only the root's wrapped arrays: `adjustments` is an array in `verification`, an object in `finance`.
                if isRoot && JSONRecordTree.wrappedAtRoot.contains(key) {
                    throw LoadError("\(name): \"\(key)\" must be an array", at: keyPosition)
                }
                try parseTreeNode(name: key, isRoot: false, into: &builder)
            case UInt8(ascii: "["):
                guard let element = JSONRecordTree.singular[key] else {
                    throw LoadError("\(name): unknown key \"\(key)\"", at: keyPosition)
                }
                let wrapped = isRoot && JSONRecordTree.wrappedAtRoot.contains(key)
                let wrapper = wrapped ? builder.tree.open(key, at: keyPosition) : nil
                var array = try openArray()
                while try nextElement(&array) { try parseTreeNode(name: element, isRoot: false, into: &builder) }
                if let wrapper { builder.tree.close(wrapper, text: nil) }
            case UInt8(ascii: "\""):
                let value = try parseString()
                if key == "text" && JSONRecordTree.textNodes.contains(name) {
                    text = value
                } else {
                    builder.attributes.push(RawAttribute(name: key, value: .text(value), position: keyPosition))
                }
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                let flag = bytes[index] == UInt8(ascii: "t")
                try expectWord(flag ? "true" : "false")
                builder.attributes.push(RawAttribute(name: key, value: .bool(flag), position: keyPosition))
            case UInt8(ascii: "n"):
                try expectWord("null")
                throw LoadError("\(name): \"\(key)\" is null; omit a figure that is not reported", at: keyPosition)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                builder.attributes.push(RawAttribute(name: key, value: .number(try parseNumber()), position: keyPosition))
            default:
                throw failure("unexpected character \(describeByte(bytes[index])); expected a JSON value")
            }
        }
        builder.attributes.moveAll(above: firstAttribute) { builder.tree.addAttribute($0, to: node) }
        builder.tree.close(node, text: text)
    }
}
