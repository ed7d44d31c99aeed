import PerfauditCore

/// summary.csv: one row per record, from the start of its spool block; the issue count is
/// written here, since it includes the duplicate filing's issue found only at the end.
enum SummaryReport: RunReport {
    static let fileName = "summary.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.summary

    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError) {
        var block: [UInt8] = []
        var count: [UInt8] = []
        for (index, entry) in run.entries.enumerated() {
            let head = Int(entry.headLength)
            try run.spool.read(head + Int(entry.tailLength), at: entry.offset, into: &block)
            count.removeAll(keepingCapacity: true)
            let duplicates = run.duplicates[index]?.count ?? 0
            Exact.appendDigits(of: UInt(entry.issueCount) + UInt(duplicates), negative: false, to: &count)
            try file.write(block[..<head])
            try file.write(count[...])
            try file.write(block[head..<(head + Int(entry.tailLength))])
        }
    }
}
