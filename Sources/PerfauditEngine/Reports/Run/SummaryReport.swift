import PerfauditCore

/// summary.csv: one row per record, from the start of its spool block; the issue count is
/// written here, since it includes the issues found only at the end (`FinishedRun.batchIssues`).
enum SummaryReport: RunReport {
    static let fileName = "summary.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.summary

    static func extraColumns(_ options: ReportOptions) -> [ReportColumns.Column] {
        options.rectification ? [ReportColumns.rectificationRate] : []
    }

    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError) {
        var block: [UInt8] = []
        var count: [UInt8] = []
        var rate = CSVRowBuilder()
        for (index, entry) in run.entries.enumerated() {
            let head = Int(entry.headLength)
            try run.spool.read(head + Int(entry.tailLength), at: entry.offset, into: &block)
            count.removeAll(keepingCapacity: true)
            let duplicates = run.batchIssues[index]?.count ?? 0
            Exact.appendDigits(of: UInt(entry.issueCount) + UInt(duplicates), negative: false, to: &count)
            try file.write(block[..<head])
            try file.write(count[...])
            let tail = block[head..<(head + Int(entry.tailLength))]
            guard let ledger = run.rectification else {
                try file.write(tail)
                continue
            }
            // The rate goes last, before the row's CRLF.
            rate.reset()
            rate.empty()  // the separator after source_file
            rate.number(ledger.rate(agency: run.names[entry.agency]))
            rate.endRow()
            try file.write(tail.dropLast(2))
            try file.write(rate.bytes[...])
        }
    }
}
