import PerfauditCore

/// rectification.csv (整改台账), written when the run is given a baseline: one row per problem
/// key seen in the baseline or now, with what became of it.
enum RectificationReport: RunReport {
    static let fileName = "rectification.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.rectification

    static func isWritten(_ options: ReportOptions) -> Bool { options.rectification }

    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError) {
        guard let ledger = run.rectification else { return }
        var row = CSVRowBuilder()
        for entry in ledger.rows {
            let problem = entry.latest
            row.text(problem.problemKey)
            row.text(problem.county)
            row.text(problem.agency)
            row.text(problem.department)
            row.text(problem.category)
            row.text(problem.categoryLabel)
            row.text(problem.project)
            row.text(problem.indicator)
            row.text(entry.baselineYears.map(String.init).joined(separator: ";"))
            row.text(entry.status.rawValue)
            row.text(entry.status.label)
            row.integer(entry.firstSeen)
            row.integer(entry.lastSeen)
            row.text(entry.baselineEvidence)
            row.text(entry.currentEvidence)
            row.number(try? Exact.parse(entry.amount, maxFractionDigits: 2).get())
            row.endRow()
            if row.bytes.count >= 1 << 16 {
                try file.write(row.bytes)
                row.reset()
            }
        }
        try file.write(row.bytes)
    }
}
