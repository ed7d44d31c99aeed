/// indicators.csv: one row per record × indicator of its rulebook, expanded from the end of each
/// record's spool block.
enum IndicatorsReport: RowsReport {
    static let fileName = "indicators.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.indicators

    static func write(rows run: RecordsInRun, to file: AtomicFile) throws(OutputError) {
        var block: [UInt8] = []
        for entry in run.entries {
            try run.spool.read(Int(entry.indicatorLength), at: entry.offset + Int64(entry.rowsLength), into: &block)
            try file.write(RecordRows.expandIndicatorRows(
                block[..<Int(entry.indicatorLength)], of: run.rulebooks[entry.rulebook]!, lead: run.leadCells(entry)))
        }
    }
}
