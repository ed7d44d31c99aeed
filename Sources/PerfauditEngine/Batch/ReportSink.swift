#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import PerfauditCore
import Synchronization

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
    /// One scored record: where its rows are in the spool, and its sort key as interned ids, so
    /// that memory per record stays a few dozen bytes however large the batch.
    fileprivate struct Entry {
        var province: Int32
        var city: Int32
        var county: Int32
        var department: Int32
        var agency: Int32
        var rulebook: Int32
        var fiscalYear: Int32
        var fileOrder: Int32
        var offset: Int64
        var headLength: Int32
        var tailLength: Int32
        var indicatorLength: Int32
        var issueLength: Int32
        var issueCount: Int32

        /// The block starts with the summary head and tail and the issue rows; the indicator
        /// cells follow.
        var rowsLength: Int { Int(headLength) + Int(tailLength) + Int(issueLength) }
    }

    private struct Reject {
        var order: Int
        var sourceFile: String
        var error: LoadError
    }

    private let folder: String
    private let files: PathList
    private var names = Interner()
    /// Where the rows wait; shared with the workers, who write their blocks into it.
    let spool: Spool
    private var spoolSize: Int64 = 0
    private var entries: [Entry] = []
    /// Each rulebook by its interned id: the cells its indicator rows share come from it.
    private var rulebooks: [Int32: Rulebook] = [:]
    private var rejects: [Reject] = []
    private var counties: [CountyID: (RecordKey, CountyTotals)] = [:]
    private var categories: [IssueCategory: CategoryTotals] = [:]
    private var issueTotal = 0

    /// A sink writing into `folder`; `files` are the run's inputs, by file order.
    init(folder: String, files: PathList) throws(OutputError) {
        self.folder = folder
        self.files = files
        entries.reserveCapacity(files.count)
        spool = try Spool(folder: folder)
    }

    /// Takes a scored record's totals and reserves its rows' place in the spool; returns the
    /// offset where the caller must write `rows.bytes` with `spool.write`.
    func add(_ scored: ScoredRecord, rows: RecordRows, fileOrder: Int) -> Int64 {
        // The record's fields are read where they are: binding the record itself would copy it.
        let department = scored.record.department
        let fiscalYear = scored.record.fiscalYear
        let key = RecordKey(department, fiscalYear: fiscalYear, fileOrder: fileOrder)
        let offset = spoolSize
        spoolSize += Int64(rows.bytes.count)
        let county = CountyID(
            province: names.id(department.province, field: 0), city: names.id(department.city, field: 1),
            county: names.id(department.county, field: 2))
        let agency = names.id(department.agencyCode, field: 3)
        let rulebook = names.id(scored.record.rulebook, field: 4)
        if rulebooks[rulebook] == nil { rulebooks[rulebook] = scored.rulebook }
        entries.append(Entry(
            province: county.province, city: county.city, county: county.county, department: names.id(department.name, field: 5),
            agency: agency, rulebook: rulebook, fiscalYear: Int32(fiscalYear),
            fileOrder: Int32(fileOrder), offset: offset,
            headLength: Int32(rows.summaryHeadLength), tailLength: Int32(rows.summaryTailLength),
            indicatorLength: Int32(rows.indicatorCellsLength), issueLength: Int32(rows.issueRowsLength),
            issueCount: Int32(rows.issues.count)))
        counties[county, default: (key, CountyTotals())].1.add(scored, issueCount: rows.issues.count)
        issueTotal += rows.issues.count
        guard !rows.issues.isEmpty else { return offset }
        var counted: [IssueCategory] = []
        for issue in rows.issues where !counted.contains(issue.category) {
            counted.append(issue.category)
            categories[issue.category, default: CategoryTotals()].add(
                agency: agency, county: county, key: key, label: "\(department.county) \(department.name) \(fiscalYear)")
        }
        return offset
    }

    /// Takes a file that could not be scored.
    func reject(sourceFile: String, fileOrder: Int, error: LoadError) {
        rejects.append(Reject(order: fileOrder, sourceFile: sourceFile, error: error))
    }

    /// Writes every report into the folder and returns the run's account.
    func finish(found: Int, options: ReportOptions) throws(OutputError) -> RunSummary {
        let duplicates = duplicateIssues()
        let reports = try ReportFiles(folder: folder, options: options)
        // indicators.csv (most of the bytes) is written beside summary.csv and issues.csv, each
        // from its own part of the spool blocks. Both sides only read the sink's state, and each
        // writes its own files.
        let failures = Mutex<[OutputError?]>([nil, nil])
        let sides = FinishSides(sink: self, reports: reports, duplicates: duplicates)
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            do throws(OutputError) {
                if side == 0 {
                    try sides.sink.writeIndicatorRows(sides.reports.indicators)
                } else {
                    try sides.sink.writeSummaryAndIssueRows(sides.reports, sides.duplicates)
                }
            } catch {
                failures.withLock { $0[side] = error }
            }
        }
        // The indicators side's failure first, whichever side failed first in time.
        if let failure = failures.withLock({ $0.compactMap { $0 }.first }) { throw failure }
        var row = CSVRowBuilder()
        try writeRecurring(reports.recurring, &row, options.language)
        try writeCounties(reports.counties, &row)
        try writeRejects(reports.rejects, &row)
        try reports.commit()
        return summary(found: found)
    }

    /// Every entry's indicators.csv rows, expanded from the end of its spool block.
    fileprivate func writeIndicatorRows(_ file: AtomicFile) throws(OutputError) {
        var block: [UInt8] = []
        for entry in entries {
            try spool.read(Int(entry.indicatorLength), at: entry.offset + Int64(entry.rowsLength), into: &block)
            try file.write(RecordRows.expandIndicatorRows(
                block[..<Int(entry.indicatorLength)], of: rulebooks[entry.rulebook]!, lead: leadCells(entry)))
        }
        try file.sync()
    }

    /// Every entry's summary.csv row and issues.csv rows (its duplicates' issues included), from
    /// the start of its spool block.
    fileprivate func writeSummaryAndIssueRows(_ reports: ReportFiles, _ duplicates: [Int: [Issue]]) throws(OutputError) {
        var row = CSVRowBuilder()
        var block: [UInt8] = []
        var count: [UInt8] = []
        for (index, entry) in entries.enumerated() {
            try spool.read(entry.rowsLength, at: entry.offset, into: &block)
            let extra = duplicates[index] ?? []
            let head = Int(entry.headLength), tail = head + Int(entry.tailLength)
            // The summary row is its head, the issue count (duplicates included) and its tail.
            count.removeAll(keepingCapacity: true)
            Exact.appendDigits(of: UInt(entry.issueCount) + UInt(extra.count), negative: false, to: &count)
            try reports.summary.write(block[..<head])
            try reports.summary.write(count[...])
            try reports.summary.write(block[head..<tail])
            try reports.issues.write(block[tail..<entry.rowsLength])
            if !extra.isEmpty { try reports.issues.write(duplicateRows(extra, entry, &row)) }
        }
        try reports.summary.sync()
        try reports.issues.sync()
    }

    /// Sorts the entries into report order: province, city, county, department (byte order of
    /// the names), fiscal year, file order.
    private func sortEntries() {
        let rank = names.ranks()
        entries.sort { lhs, rhs in
            let left = (rank[Int(lhs.province)], rank[Int(lhs.city)], rank[Int(lhs.county)], rank[Int(lhs.department)])
            let right = (rank[Int(rhs.province)], rank[Int(rhs.city)], rank[Int(rhs.county)], rank[Int(rhs.department)])
            if left != right { return left < right }
            return (lhs.fiscalYear, lhs.fileOrder) < (rhs.fiscalYear, rhs.fileOrder)
        }
    }

    /// DUPLICATE_RECORD issues for every copy of a record filed more than once, by entry index
    /// in report order.
    private func duplicateIssues() -> [Int: [Issue]] {
        sortEntries()
        // Entry indices ordered by (agency, year, rulebook), then report order: copies of one
        // filing stand next to each other.
        let order = entries.indices.sorted { lhs, rhs in
            let left = entries[lhs], right = entries[rhs]
            return (left.agency, left.fiscalYear, left.rulebook, lhs) < (right.agency, right.fiscalYear, right.rulebook, rhs)
        }
        var result: [Int: [Issue]] = [:]
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && DuplicateKey(entries[order[end]]) == DuplicateKey(entries[order[start]]) { end += 1 }
            let indices = Array(order[start..<end])
            start = end
            guard indices.count > 1 else { continue }
            for index in indices {
                let others = indices.filter { $0 != index }.map { sourceFile(entries[$0]) }.joined(separator: "；")
                let issue = Issue(
                    .duplicateRecord, .high,
                    evidence: "同一单位、年度、指标体系另有\(indices.count - 1)份记录：\(others)", source: .consistency)
                result[index] = [issue]
                addDuplicateTotals(entries[index])
            }
        }
        return result
    }

    private func sourceFile(_ entry: Entry) -> String { files[Int(entry.fileOrder)] }

    /// The county, department and fiscal year cells of an entry's rows.
    private func leadCells(_ entry: Entry) -> [UInt8] {
        RecordRows.leadCells(
            county: names.strings[Int(entry.county)], department: names.strings[Int(entry.department)],
            fiscalYear: Int(entry.fiscalYear))
    }

    private func addDuplicateTotals(_ entry: Entry) {
        let county = CountyID(province: entry.province, city: entry.city, county: entry.county)
        counties[county]?.1.issues += 1
        issueTotal += 1
        let key = RecordKey(
            province: names.strings[Int(entry.province)], city: names.strings[Int(entry.city)],
            county: names.strings[Int(entry.county)], department: names.strings[Int(entry.department)],
            fiscalYear: Int(entry.fiscalYear), fileOrder: Int(entry.fileOrder))
        let label = "\(key.county) \(key.department) \(key.fiscalYear)"
        categories[.duplicateRecord, default: CategoryTotals()].add(agency: entry.agency, county: county, key: key, label: label)
    }

    private func duplicateRows(_ issues: [Issue], _ entry: Entry, _ row: inout CSVRowBuilder) -> [UInt8] {
        RecordRows.issueRows(
            issues, agency: names.strings[Int(entry.agency)], county: names.strings[Int(entry.county)],
            department: names.strings[Int(entry.department)], fiscalYear: Int(entry.fiscalYear),
            sourceFile: sourceFile(entry), &row)
    }

    private func writeRecurring(_ file: AtomicFile, _ row: inout CSVRowBuilder, _ language: HeaderLanguage) throws(OutputError) {
        row.reset()
        for category in IssueCategory.allCases {
            let totals = categories[category] ?? CategoryTotals()
            row.text(category.rawValue)
            row.text(category.label)
            row.integer(totals.records)
            row.integer(totals.departments)
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

/// What the two sides of `ReportSink.finish` share while they run at once. Unchecked: both only
/// read the sink (which nothing changes meanwhile), and each writes its own report files.
private struct FinishSides: @unchecked Sendable {
    let sink: ReportSink
    let reports: ReportFiles
    let duplicates: [Int: [Issue]]
}

/// A county by its interned names.
struct CountyID: Hashable {
    var province: Int32
    var city: Int32
    var county: Int32
}

/// What makes two records the same filing: agency, fiscal year, rulebook.
private struct DuplicateKey: Equatable {
    var agency: Int32
    var fiscalYear: Int32
    var rulebook: Int32

    init(_ entry: ReportSink.Entry) {
        agency = entry.agency
        fiscalYear = entry.fiscalYear
        rulebook = entry.rulebook
    }
}

/// Gives each distinct string a small id, so that per-record state holds ids, not strings.
struct Interner {
    private(set) var strings: [String] = []
    private var ids: [String: Int32] = [:]

    mutating func id(_ string: String) -> Int32 {
        if let id = ids[string] { return id }
        let id = Int32(strings.count)
        strings.append(string)
        ids[string] = id
        return id
    }

    /// The last string interned for each of a few fields, with its id.
    private var recent = [(String, Int32)](repeating: ("", -1), count: 8)

    /// `id(string)` for a string that is often the same as the last one given for the same
    /// `field` (0–7): records come in about folder order, so a county, a department, a province
    /// repeat from one record to the next, and one comparison saves hashing the string.
    mutating func id(_ string: String, field: Int) -> Int32 {
        if recent[field].1 >= 0 && recent[field].0 == string { return recent[field].1 }
        let id = id(string)
        recent[field] = (string, id)
        return id
    }

    /// Each id's rank when the strings are sorted by their UTF-8 bytes.
    func ranks() -> [Int32] {
        var rank = [Int32](repeating: 0, count: strings.count)
        let order = strings.indices.sorted { strings[$0].utf8.lexicographicallyPrecedes(strings[$1].utf8) }
        for (position, id) in order.enumerated() { rank[id] = Int32(position) }
        return rank
    }
}
