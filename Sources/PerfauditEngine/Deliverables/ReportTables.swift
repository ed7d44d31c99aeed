/// How a report column's cells go into a workbook.
enum CellKind: Equatable {
    /// Text, always: names, codes and ids (`440823`, `1.1.1`) never become numbers or dates.
    case text
    /// A whole number (`0`).
    case integer
    /// A score or an average of scores (`0.00`).
    case score
    /// A percentage the CSV states in points (12.50): a fraction (0.125) shown as `0.00%`.
    case percentPoints
    /// An amount of money in 元 (`#,##0.00`).
    case amount
}

/// The CSV reports, in the order the workbook's sheets and the dashboard read them.
enum ReportTable: CaseIterable {
    case summary, issues, counties, recurring, indicators, rejects, rectification, sample

    var file: String {
        switch self {
        case .summary: "summary.csv"
        case .issues: "issues.csv"
        case .counties: "counties.csv"
        case .recurring: "recurring.csv"
        case .indicators: "indicators.csv"
        case .rejects: "rejects.csv"
        case .rectification: "rectification.csv"
        case .sample: "sample.csv"
        }
    }

    var columns: [ReportColumns.Column] {
        switch self {
        case .summary: ReportColumns.summary
        case .issues: ReportColumns.issues
        case .counties: ReportColumns.counties
        case .recurring: ReportColumns.recurring
        case .indicators: ReportColumns.indicators
        case .rejects: ReportColumns.rejects
        case .rectification: ReportColumns.rectification
        case .sample: ReportColumns.sample
        }
    }

    /// The workbook sheet's name (at most 31 characters, Excel's limit).
    func sheetName(_ language: HeaderLanguage) -> String {
        switch (self, language) {
        case (.summary, .zh): "汇总"
        case (.issues, .zh): "问题清单"
        case (.counties, .zh): "县区"
        case (.recurring, .zh): "问题类别"
        case (.indicators, .zh): "指标"
        case (.rejects, .zh): "拒收"
        case (.rectification, .zh): "整改台账"
        case (.sample, .zh): "复核抽样"
        case (.summary, .en): "Summary"
        case (.issues, .en): "Issues"
        case (.counties, .en): "Counties"
        case (.recurring, .en): "Recurring"
        case (.indicators, .en): "Indicators"
        case (.rejects, .en): "Rejects"
        case (.rectification, .en): "Rectification"
        case (.sample, .en): "Sample"
        }
    }

    /// The position of the column with English key `key`.
    func index(_ key: String) -> Int {
        guard let index = columns.firstIndex(where: { $0.en == key }) else { preconditionFailure("no column \(key) in \(file)") }
        return index
    }

    /// Whether a run may leave the report out (rectification.csv, written only with a baseline).
    var isOptional: Bool { self == .rectification }

    /// The columns a report's header row names: this table's, and those a run adds (the
    /// rectification rate with a baseline), by English key or Chinese label.
    func columns(header: CSVFields) -> [ReportColumns.Column] {
        let known = columns + [ReportColumns.rectificationRate]
        return (0..<header.count).map { index in
            let title = header.string(index)
            return known.first { $0.en == title || $0.zh == title } ?? (title, title)
        }
    }

    /// The kind of each of `columns`.
    static func kinds(_ columns: [ReportColumns.Column]) -> [CellKind] { columns.map { kinds[$0.en] ?? .text } }

    /// Every column that is not text, by English key (the same key means the same kind in every report).
    static let kinds: [String: CellKind] = [
        "fiscal_year": .integer, "issue_count": .integer, "records": .integer, "verified": .integer,
        "departments": .integer, "counties": .integer, "repeat_departments": .integer, "grade_mismatches": .integer,
        "issues": .integer, "line": .integer, "column": .integer,
        "self_score": .score, "verified_score": .score, "reported_score": .score, "recomputed_score": .score,
        "attainable_max": .score, "self_minus_verified": .score, "weight": .score, "interval_lo": .score,
        "interval_hi": .score, "self_avg": .score, "verified_avg": .score, "gap_avg": .score,
        "share_of_records": .percentPoints, "rectification_rate": .percentPoints,
        "severity_rank": .integer, "amount_at_stake": .amount, "first_seen": .integer, "last_seen": .integer,
        "rank": .integer, "risk_score": .score, "inclusion_probability": .percentPoints,
    ]
}
