import PerfauditCore

/// What the dashboard draws, gathered while the reports are read back. Charts get aggregates
/// (score cells, counts per county, averages per indicator), never one mark per row; the
/// department table gets one small row per record, and the explain trail is kept for as many
/// records as `trailBudget` allows, the ones a reviewer opens first (grade mismatches, largest
/// gaps, most issues) before the rest.
struct DashboardData {
    /// One record's line of the department table, its cells as the CSV has them.
    struct Line {
        var county: Int
        var department: String
        var year: String
        var selfScore: String
        var selfGrade: String
        var verifiedScore: String
        var verifiedGrade: String
        var recomputed: String
        var attainable: String
        var gap: String
        var mismatch: Bool
        var issues: String
        var file: String
        var rulebook: String
        var trail: Int?
    }

    /// An indicator of a rulebook, with the points records lose on it.
    struct IndicatorFigures {
        var rulebook: String
        var id: String
        var name: String
        var level1: String
        var weight: String
        var rule: String
        var lostSum = 0.0
        var judged = 0
    }

    /// Bytes of explain trail the page may hold (the dashboard stays well under 10 MB).
    static let trailBudget = 4_000_000
    /// Score cells of the scatter, in points.
    static let cellSize = 0.5

    var counties: [String] = []
    private var countyIndex: [String: Int] = [:]
    var lines: [Line] = []
    /// Verified records by (self, verified) cell.
    var scoreCells: [ScoreCell: Int] = [:]
    /// Records by county and grade (verified grade where verified, else self grade).
    var gradesByCounty: [[Int]] = []
    /// Issues by county and category.
    var issuesByCounty: [[String: Int]] = []
    var categoryLabels: [String: String] = [:]
    /// The rectification ledger's rows by county and status (`statuses` order), when the run
    /// had a baseline; its counties in the ledger's order.
    var rectificationCounties: [String] = []
    var rectificationByCounty: [[Int]] = []
    private var rectificationIndex: [String: Int] = [:]
    /// Each status's label as the ledger words it.
    var statusLabels: [String: String] = [:]
    /// The ledger's statuses, in the order the chart stacks them.
    static let statuses = ["persisting", "reopened", "resolved", "new", "not_rechecked"]
    var indicators: [IndicatorFigures] = []
    /// Per rulebook, the indicator (index into `indicators`) of each row position of a record.
    private var indicatorSlots: [String: [Int?]] = [:]
    private var slotsRulebook = ""
    private var slots: [Int?] = []
    private var rowsPerRecord = 0
    /// Each kept trail: per indicator row, its cells as JSON.
    var trails: [[UInt8]] = []
    private var trailBytes = 0
    /// Records whose trail is wanted, by line number.
    private var wanted: Set<Int> = []
    private var indicatorLine = 0
    private var indicatorRowsLeft = 0
    private var currentTrail: [UInt8] = []

    private static let summary = Columns(.summary, [
        "county", "department", "fiscal_year", "self_score", "self_grade", "verified_score", "verified_grade",
        "recomputed_score", "attainable_max", "self_minus_verified", "grade_mismatch", "issue_count", "source_file",
        "rulebook",
    ])
    private static let ledger = Columns(.rectification, ["county", "status", "status_label"])
    private static let issue = Columns(.issues, ["county", "category", "category_label"])
    private static let indicator = Columns(.indicators, [
        "indicator_id", "indicator", "level1", "weight", "rule", "self_score", "verified_score", "interval_lo",
        "interval_hi", "recomputed_score", "evidence", "deviation",
    ])

    mutating func add(_ table: ReportTable, _ row: CSVFields, rulebooks: RulebookLibrary) {
        switch table {
        case .summary: addRecord(row)
        case .issues:
            let columns = Self.issue
            let county = county(row.string(columns["county"]))
            let category = row.string(columns["category"])
            issuesByCounty[county][category, default: 0] += 1
            categoryLabels[category] = row.string(columns["category_label"])
        case .indicators: addIndicator(row, rulebooks)
        case .rectification: addLedgerRow(row)
        case .counties, .recurring, .rejects, .sample: break
        }
    }

    private mutating func county(_ name: String) -> Int {
        if let index = countyIndex[name] { return index }
        countyIndex[name] = counties.count
        counties.append(name)
        gradesByCounty.append([Int](repeating: 0, count: Grade.allCases.count))
        issuesByCounty.append([:])
        return counties.count - 1
    }

    private mutating func addLedgerRow(_ row: CSVFields) {
        let columns = Self.ledger
        let county = row.string(columns["county"]), status = row.string(columns["status"])
        guard let position = Self.statuses.firstIndex(of: status) else { return }
        statusLabels[status] = row.string(columns["status_label"])
        let index = rectificationIndex[county] ?? {
            rectificationIndex[county] = rectificationCounties.count
            rectificationCounties.append(county)
            rectificationByCounty.append([Int](repeating: 0, count: Self.statuses.count))
            return rectificationCounties.count - 1
        }()
        rectificationByCounty[index][position] += 1
    }

    private mutating func addRecord(_ row: CSVFields) {
        let columns = Self.summary
        func cell(_ key: String) -> String { row.string(columns[key]) }
        let county = county(cell("county"))
        let verifiedGrade = cell("verified_grade")
        if let grade = Grade(rawValue: verifiedGrade.isEmpty ? cell("self_grade") : verifiedGrade) {
            gradesByCounty[county][grade.position] += 1
        }
        if let selfScore = Double(cell("self_score")), let verified = Double(cell("verified_score")) {
            scoreCells[ScoreCell(selfScore: selfScore, verified: verified), default: 0] += 1
        }
        lines.append(Line(
            county: county, department: cell("department"), year: cell("fiscal_year"), selfScore: cell("self_score"),
            selfGrade: cell("self_grade"), verifiedScore: cell("verified_score"), verifiedGrade: verifiedGrade,
            recomputed: cell("recomputed_score"), attainable: cell("attainable_max"), gap: cell("self_minus_verified"),
            mismatch: ReportValues.saysYes(cell("grade_mismatch")), issues: cell("issue_count"), file: cell("source_file"),
            rulebook: cell("rulebook")))
    }

    /// Chooses the records whose explain trail the page holds: first those a reviewer looks at
    /// first, as many as `trailBudget` is likely to hold at `rowBytes` per indicator row.
    mutating func chooseTrails(rulebooks: RulebookLibrary, rowBytes: Int = 45) {
        let order = lines.indices.sorted { lhs, rhs in
            let left = lines[lhs], right = lines[rhs]
            if left.mismatch != right.mismatch { return left.mismatch }
            let (leftGap, rightGap) = (abs(Double(left.gap) ?? 0), abs(Double(right.gap) ?? 0))
            if leftGap != rightGap { return leftGap > rightGap }
            let (leftIssues, rightIssues) = (Int(left.issues) ?? 0, Int(right.issues) ?? 0)
            if leftIssues != rightIssues { return leftIssues > rightIssues }
            return lhs < rhs
        }
        var planned = 0
        for index in order {
            let rows = rulebooks.rulebook(lines[index].rulebook)?.indicators.count ?? 0
            planned += rows * rowBytes
            if planned > Self.trailBudget { break }
            wanted.insert(index)
        }
    }

    /// indicators.csv's rows come in summary.csv's order, each record's rulebook's indicators in
    /// a row: the line they belong to is found by counting.
    private mutating func addIndicator(_ row: CSVFields, _ rulebooks: RulebookLibrary) {
        while indicatorRowsLeft == 0 {
            guard indicatorLine < lines.count else { return }
            if indicatorLine > 0 { endTrail(indicatorLine - 1) }
            let rulebook = lines[indicatorLine].rulebook
            indicatorRowsLeft = rulebooks.rulebook(rulebook)?.indicators.count ?? 0
            rowsPerRecord = indicatorRowsLeft
            if rulebook != slotsRulebook {
                if !slotsRulebook.isEmpty { indicatorSlots[slotsRulebook] = slots }
                slotsRulebook = rulebook
                slots = indicatorSlots[rulebook] ?? [Int?](repeating: nil, count: indicatorRowsLeft)
            }
            indicatorLine += 1
        }
        indicatorRowsLeft -= 1
        let line = indicatorLine - 1
        let position = rowsPerRecord - indicatorRowsLeft - 1
        let columns = Self.indicator
        func cell(_ key: String) -> String { row.string(columns[key]) }
        // A record's indicator rows come in its rulebook's order: the n-th row of any record of
        // the rulebook is the same indicator.
        let index: Int
        if position < slots.count, let known = slots[position] {
            index = known
        } else {
            index = indicators.count
            if position < slots.count { slots[position] = index }
            indicators.append(IndicatorFigures(
                rulebook: lines[line].rulebook, id: cell("indicator_id"), name: cell("indicator"), level1: cell("level1"),
                weight: cell("weight"), rule: ReviewerWords.translate(cell("rule"))))
        }
        if let reference = row.number(columns["verified_score"]) ?? row.number(columns["self_score"]),
           let weight = row.number(columns["weight"]) {
            indicators[index].lostSum += weight - reference
            indicators[index].judged += 1
        }
        guard wanted.contains(line) else { return }
        var json = JSONText()
        json.openArray()
        json.integer(index)
        for key in ["self_score", "verified_score", "interval_lo", "interval_hi", "recomputed_score"] {
            json.number(row.field(columns[key]))
        }
        json.string(cell("evidence"))
        json.integer(ReportValues.saysYes(row.string(columns["deviation"])) ? 1 : 0)
        json.closeArray()
        currentTrail.append(currentTrail.isEmpty ? UInt8(ascii: "[") : UInt8(ascii: ","))
        currentTrail += json.bytes
    }

    /// Closes the trail of `line` (if one was being kept).
    private mutating func endTrail(_ line: Int) {
        guard !currentTrail.isEmpty else { return }
        currentTrail.append(UInt8(ascii: "]"))
        if trailBytes + currentTrail.count <= Self.trailBudget * 3 / 2 {
            lines[line].trail = trails.count
            trails.append(currentTrail)
            trailBytes += currentTrail.count
        }
        currentTrail = []
    }

    /// Ends the reading of indicators.csv.
    mutating func finishIndicators() {
        if indicatorLine > 0 { endTrail(indicatorLine - 1) }
    }
}

/// One cell of the self-vs-verified scatter.
struct ScoreCell: Hashable, Comparable {
    var x: Int
    var y: Int

    init(selfScore: Double, verified: Double) {
        x = Int((selfScore / DashboardData.cellSize).rounded(.down))
        y = Int((verified / DashboardData.cellSize).rounded(.down))
    }

    static func < (lhs: ScoreCell, rhs: ScoreCell) -> Bool { (lhs.x, lhs.y) < (rhs.x, rhs.y) }
}

/// Positions of some columns of a report, by English key.
private struct Columns {
    private let positions: [String: Int]

    init(_ table: ReportTable, _ keys: [String]) {
        positions = Dictionary(uniqueKeysWithValues: keys.map { ($0, table.index($0)) })
    }

    subscript(_ key: String) -> Int { positions[key]! }
}
