import Dispatch
import PerfauditCore
import Synchronization

/// Receives scored records and rejects as workers finish them, streams their rows to a spool
/// file, keeps only sort keys and running totals in memory, and at the end has every report of
/// `RunReports.all` written in report order, atomically.
final class ReportSink {
    private let folder: String
    private let files: PathList
    private var names = Interner()
    /// Where the rows wait; shared with the workers, who write their blocks into it.
    let spool: Spool
    private var spoolSize: Int64 = 0
    private var entries: [ReportEntry] = []
    private var rulebooks: [Int32: Rulebook] = [:]
    private var rejects: [RejectEntry] = []
    private var aggregates = RunAggregates()
    /// Once finished: each report's name and SHA-256, and the file orders of duplicate filings.
    private(set) var products: [(name: String, sha256: [UInt8])] = []
    private(set) var duplicateFileOrders: [Int] = []
    /// Template detection's settings, `nil` when it is off (`--no-template-check`).
    private let templateCheck: TemplateCheck?
    private let thresholds: IssueThresholds
    /// Once finished: the seed the sample's random part was drawn with.
    private(set) var sampleSeed: UInt64 = 0

    /// A sink writing into `folder`; `files` are the run's inputs, by file order.
    init(
        folder: String, files: PathList, templateCheck: TemplateCheck? = nil, thresholds: IssueThresholds = IssueThresholds()
    ) throws(OutputError) {
        self.folder = folder
        self.files = files
        self.templateCheck = templateCheck
        self.thresholds = thresholds
        entries.reserveCapacity(files.count)
        spool = try Spool(folder: folder)
    }

    /// Takes a scored record's totals and reserves its rows' place in the spool; returns the
    /// offset where the caller must write `rows.bytes` with `spool.write`, followed by the
    /// record's prose block of `comparison.proseLength` bytes.
    func add(_ scored: ScoredRecord, rows: RecordRows, comparison: RecordComparison, fileOrder: Int) -> Int64 {
        // The record's fields are read where they are: binding the record itself would copy it.
        let department = scored.record.department
        let fiscalYear = scored.record.fiscalYear
        let offset = spoolSize
        spoolSize += Int64(rows.bytes.count + comparison.proseLength)
        let county = CountyID(
            province: names.id(department.province, field: .province), city: names.id(department.city, field: .city),
            county: names.id(department.county, field: .county))
        let agency = names.id(department.agencyCode, field: .agency)
        let rulebook = names.id(scored.record.rulebook, field: .rulebook)
        if rulebooks[rulebook] == nil { rulebooks[rulebook] = scored.rulebook }
        entries.append(ReportEntry(
            province: county.province, city: county.city, county: county.county,
            department: names.id(department.name, field: .department), agency: agency,
            mofDivCode: names.id(department.mofDivCode, field: .mofDivCode), rulebook: rulebook,
            fiscalYear: Int32(fiscalYear), fileOrder: Int32(fileOrder),
            headLength: Int32(rows.summaryHeadLength), tailLength: Int32(rows.summaryTailLength),
            indicatorLength: Int32(rows.indicatorCellsLength), issueLength: Int32(rows.issueRowsLength),
            issueCount: Int32(rows.issues.count), proseLength: Int32(comparison.proseLength), risk: comparison.risk,
            offset: offset, scoresFingerprint: comparison.scoresFingerprint))
        let key = RecordKey(department, fiscalYear: fiscalYear, fileOrder: fileOrder)
        aggregates.add(scored, issues: rows.issues, county: county, agency: agency, key: key)
        return offset
    }

    /// Takes a file that could not be scored.
    func reject(sourceFile: String, fileOrder: Int, error: LoadError) {
        rejects.append(RejectEntry(order: fileOrder, sourceFile: sourceFile, error: error))
    }

    /// Every reject as `file:line:col: message`, in input order.
    func rejectLines() -> [String] {
        rejects.sorted { $0.order < $1.order }.map { Validation.line($0.sourceFile, $0.error) }
    }

    /// Writes every report into the folder and returns the run's account.
    func finish(found: Int, options: ReportOptions, baseline: Baseline? = nil) throws(OutputError) -> RunSummary {
        sortEntries()
        let records = RecordsInRun(
            entries: entries, spool: spool, names: names, rulebooks: rulebooks, files: files,
            rejects: rejects.sorted { $0.order < $1.order }, options: options)
        let reports = try ReportSet(folder: folder, options: options)
        let writing = ReportWriting(reports)
        // The reports of the rows alone are written while the batch's comparisons run.
        writing.start(RowsReportsOnly(records))
        let run: FinishedRun
        do throws(OutputError) {
            run = try finishedRun(records, baseline: baseline)
        } catch {
            writing.wait()
            throw error
        }
        writing.start(run)
        try writing.finish()
        try reports.commit()
        products = reports.products
        duplicateFileOrders = run.batchIssues.compactMap { index, issues in
            issues.contains { $0.category == .duplicateRecord } ? Int(run.entries[index].fileOrder) : nil
        }
        sampleSeed = run.sample.seed
        return RunSummary(
            found: found, scored: entries.count, rejected: rejects.count, issues: run.aggregates.issueTotal,
            topCategories: run.aggregates.topCategories)
    }

    /// The run as the reports see it, with the issues found once every record is in.
    private func finishedRun(_ records: RecordsInRun, baseline: Baseline?) throws(OutputError) -> FinishedRun {
        let options = records.options
        let batchIssues = try self.batchIssues()
        for index in batchIssues.keys.sorted() {
            let entry = entries[index]
            let key = RecordKey(entry, names: names)
            for issue in batchIssues[index]! {
                aggregates.addLate(issue, county: entry.countyID, agency: entry.agency, key: key)
            }
        }
        let ledger = try baseline.map { baseline throws(OutputError) in
            RectificationLedger(
                baseline: baseline, current: try currentSightings(batchIssues, options),
                records: Set(entries.map { AgencyYear(agency: names[$0.agency], fiscalYear: Int($0.fiscalYear)) }))
        }
        let history = SampleHistory(
            entries: entries, names: names, rulebooks: rulebooks, batchIssues: batchIssues, ledger: ledger,
            baselineVerifications: baseline?.verifications ?? [:], weights: options.sampling.weights)
        return FinishedRun(
            records: records, aggregates: aggregates, batchIssues: batchIssues, rectification: ledger,
            sample: SampleDraw(history, options: options.sampling))
    }

    /// DUPLICATE_RECORD, then (unless template detection is off) TEMPLATE_COPY and
    /// SCORES_IDENTICAL, by entry index.
    private func batchIssues() throws(OutputError) -> [Int: [Issue]] {
        var issues = DuplicateRecords.issues(entries.map(\.filing)) { files[Int(entries[$0].fileOrder)] }
        guard let templateCheck else { return issues }
        let describe = { (index: Int) in self.describe(self.entries[index]) }
        // Built in place, at its final size: one of these is held for every comparable record.
        var comparable: [TemplateCopies.Candidate] = []
        comparable.reserveCapacity(entries.lazy.filter { $0.proseLength > 0 }.count)
        for (index, entry) in entries.enumerated() where entry.proseLength > 0 {
            comparable.append(TemplateCopies.Candidate(entry: index, agency: entry.agency, offset: entry.proseOffset))
        }
        // Each entry's file by its order in the packed list: a path is made only when a report is read again.
        let (inputs, fileOrders) = (files, entries.map(\.fileOrder))
        let copies = TemplateCopies(
            records: comparable, spool: spool, threshold: thresholds.templateThreshold, high: thresholds.templateHigh,
            layout: templateCheck.layout, template: templateCheck.template,
            reload: {
                let loader = RecordFileLoader()
                return { index in try? loader.load(path: inputs[Int(fileOrders[index])]) }
            })
        let scores = IdenticalScores.issues(
            fingerprints: entries.map(\.scoresFingerprint), agencies: entries.map(\.agency), describe: describe)
        for found in [try copies.issues(describe: describe), scores] {
            issues.merge(found) { $0 + $1 }
        }
        return issues
    }

    /// A record as the evidence of a batch issue names it: `部门（agency，2022年，file）`.
    private func describe(_ entry: ReportEntry) -> String {
        "\(names[entry.department])（\(names[entry.agency])，\(entry.fiscalYear)年，\(files[Int(entry.fileOrder)])）"
    }

    /// Every problem this run found, read back from the issue rows in the spool and the
    /// rows of the issues found at the end, as the ledger compares them with the baseline's.
    private func currentSightings(_ batchIssues: [Int: [Issue]], _ options: ReportOptions) throws(OutputError) -> [ProblemSighting] {
        var sightings: [ProblemSighting] = []
        var block: [UInt8] = []
        var row = CSVRowBuilder()
        let values = ReportValues(options.language)
        for (index, entry) in entries.enumerated() {
            let length = Int(entry.issueLength)
            if length > 0 {
                try spool.read(length, at: entry.offset + Int64(entry.headLength) + Int64(entry.tailLength), into: &block)
                sightings += ProblemSighting.fromIssueRows(Array(block[..<length]))
            }
            if let extra = batchIssues[index] {
                let filing = IssueFiling(
                    agency: names[entry.agency], mofDivCode: names[entry.mofDivCode], county: names[entry.county],
                    department: names[entry.department], fiscalYear: Int(entry.fiscalYear), sourceFile: files[Int(entry.fileOrder)])
                sightings += ProblemSighting.fromIssueRows(RecordRows.issueRows(extra, filing: filing, values, &row))
            }
        }
        return sightings
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
}

/// The reports of a run being written, each on its own thread, in two waves: the `RowsReport`s
/// as soon as every record is in, then the rest once the run is finished. The first failing
/// report in `RunReports.all` order is the one thrown, whichever failed first in time.
private final class ReportWriting: @unchecked Sendable {
    /// Unchecked: each thread writes only its own file.
    private let files: [AtomicFile?]
    private let failures = Mutex<[OutputError?]>(Array(repeating: nil, count: RunReports.all.count))
    private let group = DispatchGroup()

    init(_ reports: ReportSet) { files = reports.files }

    /// Starts writing, each on its own thread, the reports `source` can write.
    func start(_ source: some ReportSource) {
        for (index, report) in RunReports.all.enumerated() where files[index] != nil && source.writes(report) {
            DispatchQueue.global().async(group: group) {
                let file = self.files[index]!
                do throws(OutputError) {
                    try source.write(RunReports.all[index], to: file)
                    try file.sync()
                } catch {
                    self.failures.withLock { $0[index] = error }
                }
            }
        }
    }

    /// Waits for every report started.
    func wait() { group.wait() }

    /// Waits for every report started and throws the first failure in `RunReports.all` order.
    func finish() throws(OutputError) {
        wait()
        if let failure = failures.withLock({ $0.compactMap { $0 }.first }) { throw failure }
    }
}

/// What a wave of `ReportWriting` writes its reports from.
private protocol ReportSource: Sendable {
    func writes(_ report: any RunReport.Type) -> Bool
    func write(_ report: any RunReport.Type, to file: AtomicFile) throws(OutputError)
}

/// The first wave: the reports of the rows alone.
private struct RowsReportsOnly: ReportSource {
    let records: RecordsInRun
    init(_ records: RecordsInRun) { self.records = records }
    func writes(_ report: any RunReport.Type) -> Bool { report is any RowsReport.Type }
    func write(_ report: any RunReport.Type, to file: AtomicFile) throws(OutputError) {
        try (report as! any RowsReport.Type).write(rows: records, to: file)
    }
}

/// The second wave: every other report, from the finished run.
extension FinishedRun: ReportSource {
    fileprivate func writes(_ report: any RunReport.Type) -> Bool { !(report is any RowsReport.Type) }
    fileprivate func write(_ report: any RunReport.Type, to file: AtomicFile) throws(OutputError) { try report.write(self, to: file) }
}
