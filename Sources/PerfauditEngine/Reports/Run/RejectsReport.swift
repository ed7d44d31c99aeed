/// rejects.csv: every input that could not be scored, in input order, with line and column
/// where the error has them.
enum RejectsReport: RowsReport {
    static let fileName = "rejects.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.rejects

    static func write(rows run: RecordsInRun, to file: AtomicFile) throws(OutputError) {
        var row = CSVRowBuilder()
        for reject in run.rejects {
            row.text(reject.sourceFile)
            let position = reject.error.position
            if position == .unknown {
                row.empty()
                row.empty()
            } else {
                row.integer(position.line)
                row.integer(position.column)
            }
            row.text(reject.error.message)
            row.endRow()
        }
        try file.write(row.bytes)
    }
}
