import PerfauditCore

/// The run's headline figures, gathered while the reports are read back: what the workbook's
/// overview sheet and the dashboard's header both show.
struct RunFigures {
    var scored = 0
    var rejected = 0
    var issues = 0
    var verified = 0
    var gradeMismatches = 0
    /// Records by self grade and by verified grade (优, 良, 中, 差).
    var selfGrades = [Int](repeating: 0, count: Grade.allCases.count)
    var verifiedGrades = [Int](repeating: 0, count: Grade.allCases.count)
    /// recurring.csv's rows: category, label, records.
    var categories: [(category: String, label: String, records: Int)] = []
    /// Records by rulebook id, and the indicators.csv rows they make.
    var rulebookRecords: [String: Int] = [:]
    var indicatorRows = 0

    private static let summary = (
        selfGrade: ReportTable.summary.index("self_grade"), verifiedGrade: ReportTable.summary.index("verified_grade"),
        mismatch: ReportTable.summary.index("grade_mismatch"), status: ReportTable.summary.index("status"),
        rulebook: ReportTable.summary.index("rulebook")
    )
    private static let recurring = (
        category: ReportTable.recurring.index("category"), label: ReportTable.recurring.index("category_label"),
        records: ReportTable.recurring.index("records")
    )

    /// Counts one data row of a report; `rulebooks` tells how many indicator rows a record makes.
    mutating func add(_ table: ReportTable, _ row: CSVFields, rulebooks: RulebookLibrary) {
        switch table {
        case .summary:
            scored += 1
            if let grade = Grade(rawValue: row.string(Self.summary.selfGrade)) { selfGrades[grade.position] += 1 }
            if let grade = Grade(rawValue: row.string(Self.summary.verifiedGrade)) { verifiedGrades[grade.position] += 1 }
            if ReportValues.saysVerified(row.string(Self.summary.status)) { verified += 1 }
            if ReportValues.saysYes(row.string(Self.summary.mismatch)) { gradeMismatches += 1 }
            let rulebook = row.string(Self.summary.rulebook)
            rulebookRecords[rulebook, default: 0] += 1
            indicatorRows += rulebooks.rulebook(rulebook)?.indicators.count ?? 0
        case .issues:
            issues += 1
        case .recurring:
            let records = Int(row.string(Self.recurring.records)) ?? 0
            categories.append((row.string(Self.recurring.category), row.string(Self.recurring.label), records))
        case .rejects:
            rejected += 1
        case .counties, .indicators, .rectification, .sample:
            break
        }
    }

    /// Categories that some record has, most records first (ties in register order).
    var topCategories: [(category: String, label: String, records: Int)] {
        categories.enumerated().filter { $0.element.records > 0 }
            .sorted { $0.element.records != $1.element.records ? $0.element.records > $1.element.records : $0.offset < $1.offset }
            .map(\.element)
    }

    /// The rulebook most records of the run use (its grade bands draw the dashboard's lines).
    var mainRulebook: String? {
        rulebookRecords.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}

extension Grade {
    /// 0 for 优 … 3 for 差: the order of the grade tables.
    var position: Int { Grade.allCases.firstIndex(of: self)! }
}
