/// issues.csv: each record's issue rows from its spool block, then those found once every
/// record was in (a duplicate filing's, a copied report's, identical self scores').
enum IssuesReport: RunReport {
    static let fileName = "issues.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.issues

    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError) {
        var row = CSVRowBuilder()
        var block: [UInt8] = []
        for (index, entry) in run.entries.enumerated() {
            let length = Int(entry.issueLength)
            if length > 0 {
                let start = entry.offset + Int64(entry.headLength) + Int64(entry.tailLength)
                try run.spool.read(length, at: start, into: &block)
                try file.write(block[..<length])
            }
            guard let extra = run.batchIssues[index] else { continue }
            let names = run.names
            let filing = IssueFiling(
                agency: names[entry.agency], mofDivCode: names[entry.mofDivCode], county: names[entry.county],
                department: names[entry.department], fiscalYear: Int(entry.fiscalYear), sourceFile: run.sourceFile(entry))
            try file.write(RecordRows.issueRows(extra, filing: filing, ReportValues(run.options.language), &row))
        }
    }
}
