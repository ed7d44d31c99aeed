import PerfauditCore

/// sample.csv (复核抽样清单): the records recommended for verification next, in rank order —
/// the risk draws by risk score, then the seeded random draw (docs/sampling.md).
enum SampleReport: RunReport {
    static let fileName = "sample.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.sample

    /// Where summary.csv's row has the cells this report repeats.
    private static let summaryCells = ["self_score", "self_grade", "attainable_max"].map { key in
        ReportColumns.summary.firstIndex { $0.en == key }!
    }

    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError) {
        var row = CSVRowBuilder()
        var block: [UInt8] = []
        let values = ReportValues(run.options.language)
        let weights = run.options.sampling.weights
        for (rank, pick) in run.sample.picks.enumerated() {
            let entry = run.entries[pick.entry]
            let cells = try summaryCells(entry, run, &block)
            row.integer(rank + 1)
            row.number(pick.score)
            row.text(pick.factors.reasons(weights, run.options.language))
            row.text(values.drawnBy(pick.drawnBy))
            row.number(pick.probability)
            row.text(run.names[entry.county])
            row.text(run.names[entry.department])
            row.text(run.names[entry.agency])
            row.text(run.names[entry.mofDivCode])
            row.integer(Int(entry.fiscalYear))
            for cell in cells { row.text(cell) }
            row.text(values.status(verified: entry.risk.isVerified))
            row.integer(pick.factors.issues)
            row.text(run.sourceFile(entry))
            row.endRow()
        }
        try file.write(row.bytes)
    }

    /// The self score, self grade and attainable maximum as summary.csv has them, read back
    /// from the record's summary row in the spool (numbers and grade codes: no quoting).
    private static func summaryCells(_ entry: ReportEntry, _ run: FinishedRun, _ block: inout [UInt8]) throws(OutputError) -> [String] {
        let head = Int(entry.headLength)
        try run.spool.read(head, at: entry.offset, into: &block)
        let cells = CSVTable.rows(Array(block[..<head]) + Array("0\r\n".utf8)).first ?? []
        return summaryCells.map { $0 < cells.count ? cells[$0] : "" }
    }
}
