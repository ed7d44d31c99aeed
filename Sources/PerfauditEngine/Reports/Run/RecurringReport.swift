import PerfauditCore

/// recurring.csv: the register rolled up by category, every category of the register in its order.
enum RecurringReport: RunReport {
    static let fileName = "recurring.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.recurring

    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError) {
        var row = CSVRowBuilder()
        let records = run.entries.count
        for category in IssueCategory.allCases {
            let totals = run.aggregates.categories[category] ?? CategoryTotals()
            row.text(category.rawValue)
            row.text(category.label)
            row.integer(totals.records)
            row.integer(totals.departments)
            row.integer(totals.counties.count)
            row.number(records == 0 ? Exact.zero : Rational(Int128(totals.records * 100), Int128(records)).roundedHalfUp())
            row.integer(totals.repeatDepartments)
            row.text(totals.examples.map(\.1).joined(separator: "；"))
            row.endRow()
        }
        try file.write(row.bytes)
    }
}
