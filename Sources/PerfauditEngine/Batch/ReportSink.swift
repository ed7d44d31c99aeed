#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditCore

/// What a finished run did, for the one-line account and the exit status.
public struct RunSummary: Sendable, Equatable {
    public var found: Int
    public var scored: Int
    public var rejected: Int
    public var issues: Int
    /// Categories by the number of records that have them, most first (ties in register order).
    public var topCategories: [(category: IssueCategory, records: Int)]

    public static func == (lhs: RunSummary, rhs: RunSummary) -> Bool {
        (lhs.found, lhs.scored, lhs.rejected, lhs.issues) == (rhs.found, rhs.scored, rhs.rejected, rhs.issues)
            && lhs.topCategories.map(\.category) == rhs.topCategories.map(\.category)
            && lhs.topCategories.map(\.records) == rhs.topCategories.map(\.records)
    }

    /// The account line printed at the end of a run.
    public var line: String {
        let top = topCategories.prefix(3).map { "\($0.category.rawValue) \($0.records)" }.joined(separator: ", ")
        return "perfaudit: \(found) files found = \(scored) scored + \(rejected) rejected; \(issues) issues"
            + (top.isEmpty ? "" : "; most frequent: \(top)")
    }
}

/// Receives scored records and rejects as workers finish them, streams their rows to a spool
/// file, keeps only sort keys and running totals in memory, and at the end writes every report
/// in report order, atomically.
final class ReportSink {
    private struct Entry {
        var key: RecordKey
        var agency: String
        var rulebook: String
        var sourceFile: String
        var offset: Int64
        var headLength: Int
        var tailLength: Int
        var indicatorLength: Int
        var issueLength: Int
        var issueCount: Int
    }

    private struct Reject {
        var order: Int
        var sourceFile: String
        var error: LoadError
    }

    private let folder: String
    private let spoolPath: String
    private let spool: Int32
    private var spoolSize: Int64 = 0
    private var entries: [Entry] = []
    private var rejects: [Reject] = []
    private var counties: [String: (RecordKey, CountyTotals)] = [:]
    private var categories: [IssueCategory: CategoryTotals] = [:]
    private var issueTotal = 0

    init(folder: String) throws(OutputError) {
        self.folder = folder
        spoolPath = folder + "/.perfaudit-spool-\(getpid())"
        spool = open(spoolPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard spool >= 0 else { throw OutputError.fromErrno(spoolPath) }
        unlink(spoolPath)
    }

    deinit { close(spool) }

    var scoredCount: Int { entries.count }
    var rejectedCount: Int { rejects.count }

    /// Takes a scored record's rows and totals.
    func add(_ scored: ScoredRecord, rows: RecordRows, fileOrder: Int, sourceFile: String) throws(OutputError) {
        let record = scored.record
        let key = RecordKey(record, fileOrder: fileOrder)
        let block = rows.summaryHead + rows.summaryTail + rows.indicatorRows + rows.issueRows
        try append(block)
        entries.append(Entry(
            key: key, agency: record.department.agencyCode, rulebook: record.rulebook, sourceFile: sourceFile,
            offset: spoolSize - Int64(block.count), headLength: rows.summaryHead.count, tailLength: rows.summaryTail.count,
            indicatorLength: rows.indicatorRows.count, issueLength: rows.issueRows.count, issueCount: rows.issues.count))
        let countyID = key.province + "\u{1F}" + key.city + "\u{1F}" + key.county
        counties[countyID, default: (key, CountyTotals())].1.add(scored, issueCount: rows.issues.count)
        issueTotal += rows.issues.count
        let label = "\(record.department.county) \(record.department.name) \(record.fiscalYear)"
        for category in Set(rows.issues.map(\.category)) {
            categories[category, default: CategoryTotals()].add(
                agency: record.department.agencyCode, county: record.department.county, key: key, label: label)
        }
    }

    /// Takes a file that could not be scored.
    func reject(sourceFile: String, fileOrder: Int, error: LoadError) {
        rejects.append(Reject(order: fileOrder, sourceFile: sourceFile, error: error))
    }

    private func append(_ block: [UInt8]) throws(OutputError) {
        var offset = 0
        while offset < block.count {
            let written = block.withUnsafeBytes { pwrite(spool, $0.baseAddress! + offset, $0.count - offset, off_t(spoolSize)) }
            guard written > 0 else {
                if written < 0 && errno == EINTR { continue }
                throw OutputError.fromErrno(folder)
            }
            offset += written
            spoolSize += Int64(written)
        }
    }

    private func read(_ entry: Entry) throws(OutputError) -> [UInt8] {
        let length = entry.headLength + entry.tailLength + entry.indicatorLength + entry.issueLength
        var block = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let count = block.withUnsafeMutableBytes { pread(spool, $0.baseAddress! + done, length - done, off_t(entry.offset) + off_t(done)) }
            guard count > 0 else { throw OutputError.fromErrno(folder) }
            done += count
        }
        return block
    }

    /// Writes every report into the folder and returns the run's account.
    func finish(found: Int, options: ReportOptions) throws(OutputError) -> RunSummary {
        let duplicates = duplicateIssues()
        let files = try ReportFiles(folder: folder, options: options)
        var row = CSVRowBuilder()
        for (index, entry) in entries.enumerated() {
            let block = try read(entry)
            let extra = duplicates[index] ?? []
            var cursor = 0
            func take(_ count: Int) -> ArraySlice<UInt8> {
                defer { cursor += count }
                return block[cursor..<cursor + count]
            }
            let head = take(entry.headLength), tail = take(entry.tailLength)
            try files.summary.write(Array(head) + Array(String(entry.issueCount + extra.count).utf8) + Array(tail))
            try files.indicators.write(Array(take(entry.indicatorLength)))
            try files.issues.write(Array(take(entry.issueLength)))
            if !extra.isEmpty { try files.issues.write(duplicateRows(extra, entry, &row)) }
        }
        try writeRecurring(files.recurring, &row, options.language)
        try writeCounties(files.counties, &row)
        try writeRejects(files.rejects, &row)
        try files.commit()
        return summary(found: found)
    }

    /// DUPLICATE_RECORD issues for every copy of a record filed more than once, by entry index
    /// (computed before sorting, keyed after it).
    private func duplicateIssues() -> [Int: [Issue]] {
        entries.sort { $0.key < $1.key }
        var groups: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            groups["\(entry.agency)\u{1F}\(entry.key.fiscalYear)\u{1F}\(entry.rulebook)", default: []].append(index)
        }
        var result: [Int: [Issue]] = [:]
        for indices in groups.values where indices.count > 1 {
            for index in indices {
                let others = indices.filter { $0 != index }.map { entries[$0].sourceFile }.joined(separator: "；")
                let issue = Issue(
                    .duplicateRecord, .high,
                    evidence: "同一单位、年度、指标体系另有\(indices.count - 1)份记录：\(others)", source: .consistency)
                result[index] = [issue]
                addDuplicateTotals(entries[index])
            }
        }
        return result
    }

    private func addDuplicateTotals(_ entry: Entry) {
        let countyID = entry.key.province + "\u{1F}" + entry.key.city + "\u{1F}" + entry.key.county
        counties[countyID]?.1.issues += 1
        issueTotal += 1
        let label = "\(entry.key.county) \(entry.key.department) \(entry.key.fiscalYear)"
        categories[.duplicateRecord, default: CategoryTotals()].add(
            agency: entry.agency, county: entry.key.county, key: entry.key, label: label)
    }

    private func duplicateRows(_ issues: [Issue], _ entry: Entry, _ row: inout CSVRowBuilder) -> [UInt8] {
        row.reset()
        for issue in issues {
            row.text(issue.fingerprint(agency: entry.agency, fiscalYear: entry.key.fiscalYear))
            row.text(entry.key.county)
            row.text(entry.key.department)
            row.integer(entry.key.fiscalYear)
            row.empty()
            row.text(issue.category.rawValue)
            row.text(issue.category.label)
            row.text(issue.severity.rawValue)
            row.text(issue.evidence)
            row.text(issue.source.rawValue)
            row.text(entry.sourceFile)
            row.endRow()
        }
        return row.bytes
    }

    private func writeRecurring(_ file: AtomicFile, _ row: inout CSVRowBuilder, _ language: HeaderLanguage) throws(OutputError) {
        row.reset()
        for category in IssueCategory.allCases {
            let totals = categories[category] ?? CategoryTotals()
            row.text(category.rawValue)
            row.text(category.label)
            row.integer(totals.records)
            row.integer(totals.departments.count)
            row.integer(totals.counties.count)
            let share = entries.isEmpty ? Exact.zero : Rational(Int128(totals.records * 100), Int128(entries.count)).roundedHalfUp()
            row.number(share)
            row.integer(totals.repeatDepartments)
            row.text(totals.examples.map(\.1).joined(separator: "；"))
            row.endRow()
        }
        try file.write(row.bytes)
    }

    private func writeCounties(_ file: AtomicFile, _ row: inout CSVRowBuilder) throws(OutputError) {
        row.reset()
        func average(_ sum: Exact, _ count: Int) -> Exact? {
            count == 0 ? nil : (sum.rational / Rational(count)).roundedHalfUp()
        }
        for (key, totals) in counties.values.sorted(by: { ($0.0.province, $0.0.city, $0.0.county) < ($1.0.province, $1.0.city, $1.0.county) }) {
            row.text(key.province)
            row.text(key.city)
            row.text(key.county)
            row.integer(totals.records)
            row.integer(totals.verified)
            row.number(average(totals.selfSum, totals.records))
            row.number(average(totals.verifiedSum, totals.verified))
            row.number(average(totals.gapSum, totals.verified))
            row.integer(totals.gradeMismatches)
            row.integer(totals.issues)
            row.endRow()
        }
        try file.write(row.bytes)
    }

    private func writeRejects(_ file: AtomicFile, _ row: inout CSVRowBuilder) throws(OutputError) {
        row.reset()
        for reject in rejects.sorted(by: { $0.order < $1.order }) {
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

    private func summary(found: Int) -> RunSummary {
        let top = categories.map { ($0.key, $0.value.records) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return RunSummary(found: found, scored: entries.count, rejected: rejects.count, issues: issueTotal, topCategories: top)
    }
}
