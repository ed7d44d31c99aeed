#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditCore
import PerfauditXML
import Synchronization

/// Everything a batch run needs, as the `run` command parsed it.
public struct RunOptions: Sendable {
    public var inputs: [String]
    public var outputFolder: String
    public var jobs: Int
    public var thresholds: IssueThresholds
    public var reports: ReportOptions
    /// Show a live progress line on stderr (only when stderr is a terminal).
    public var progress: Bool
    /// The command line, as the manifest records it.
    public var commandLine: [String] = CommandLine.arguments
    /// The language of the reasons in rejects.csv.
    public var messages: HeaderLanguage
    /// The earlier registers to compare with (`--baseline`); `nil` without one.
    public var baseline: Baseline?
    /// Whether to look for copied reports and identical self scores (`--no-template-check`
    /// turns it off); the threshold is `thresholds.templateThreshold`.
    public var templateCheck = true

    public init(
        inputs: [String], outputFolder: String, jobs: Int = BatchRunner.defaultJobs,
        thresholds: IssueThresholds = IssueThresholds(), reports: ReportOptions = ReportOptions(), progress: Bool = false,
        messages: HeaderLanguage = .en
    ) {
        self.inputs = inputs
        self.outputFolder = outputFolder
        self.jobs = jobs
        self.thresholds = thresholds
        self.reports = reports
        self.progress = progress
        self.messages = messages
    }
}

/// Runs the batch: finds the inputs, loads and scores them on `jobs` workers (each with its own
/// parser), streams rows to the report sink and writes the reports.
public enum BatchRunner {
    /// All cores.
    public static var defaultJobs: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Runs a batch and returns its account; throws only when the reports cannot be written.
    /// The reports and the manifest are published all at once, and only when a record was
    /// scored: a run that finds nothing, or scores nothing, leaves the output folder as it was.
    public static func run(_ options: RunOptions, rulebooks: RulebookLibrary) async throws(OutputError) -> RunSummary {
        try await account(options, rulebooks: rulebooks).summary
    }

    /// Runs a batch and returns its account (the summary and what the final line adds to it).
    public static func account(_ options: RunOptions, rulebooks: RulebookLibrary) async throws(OutputError) -> RunAccount {
        let outsideGBK = CharacterTally()
        var reports = options.reports
        reports.outsideGBK = outsideGBK
        reports.rectification = options.baseline != nil
        let summary = try await run(options, reports: reports, rulebooks: rulebooks)
        return RunAccount(summary: summary, outputFolder: options.outputFolder, outsideGBK: outsideGBK.count)
    }

    private static func run(
        _ options: RunOptions, reports: ReportOptions, rulebooks: RulebookLibrary
    ) async throws(OutputError) -> RunSummary {
        let started = UTCTime.now()
        // The discovered names are packed and the walk's own list dropped before work starts.
        let (files, problems) = {
            let discovery = InputDiscovery(inputs: options.inputs, excluding: options.outputFolder)
            return (PathList(discovery.files), discovery.problems)
        }()
        // The walk's names and folder listings are gone: their pages go back before work starts.
        Allocator.releaseFreePages()
        guard files.count + problems.count > 0 else {
            return RunSummary(found: 0, scored: 0, rejected: 0, issues: 0, topCategories: [], published: false)
        }
        try prepareFolder(options.outputFolder)
        ReportSet.removeLeftovers(in: options.outputFolder)
        let folder = try ReportFolder(output: options.outputFolder, started: started)
        let ledger = InputLedger(count: files.count)
        let templateCheck = options.templateCheck ? TemplateCheck(threshold: options.thresholds.templateThreshold) : nil
        let sink = try ReportSink(folder: folder.staging, files: files, templateCheck: templateCheck, thresholds: options.thresholds)
        let shared = SharedBatch(sink: sink, files: files)
        LibXML.initialize()
        let progress = options.progress && isatty(2) == 1 ? ProgressLine(total: files.count) : nil
        let finder = IssueFinder(thresholds: options.thresholds)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, options.jobs) {
                group.addTask {
                    let worker = Worker(
                        rulebooks: rulebooks, finder: finder, ledger: ledger, messages: options.messages,
                        values: ReportValues(reports.language), templateCheck: templateCheck)
                    while let index = shared.nextFile() {
                        do throws(OutputError) {
                            try worker.process(shared.files[index], order: index, into: shared.sink)
                        } catch {
                            shared.fail(error)
                        }
                        progress?.tick()
                    }
                }
            }
        }
        progress?.finish()
        // The workers' parsers and buffers are gone: their pages go back before the reports.
        Allocator.releaseFreePages()
        if let error = shared.failure.withLock({ $0 }) { throw error }
        var summary = try shared.sink.withLock { sink throws(OutputError) in
            for problem in problems {
                let error = LoadError(problem.message).translated(to: options.messages)
                sink.reject(sourceFile: problem.path, fileOrder: Int.max, error: error)
            }
            return try sink.finish(found: files.count + problems.count, options: reports, baseline: options.baseline)
        }
        guard summary.scored > 0 else {
            summary.published = false
            summary.rejectLines = shared.sink.withLock { $0.rejectLines() }
            return summary
        }
        // Issue 15: the workbook and the dashboard, derived from the CSV reports of the run folder.
        try Deliverables.write(folder: folder.staging, options: reports, rulebooks: rulebooks)
        TestPause.at("written")
        var (products, duplicates) = shared.sink.withLock { ($0.products, $0.duplicateFileOrders) }
        let sampleSeed = shared.sink.withLock { $0.sampleSeed }
        products += try Deliverables.products(in: folder.staging, options: reports)
        for order in duplicates { ledger.markDuplicate(order) }
        // Every product is in the run folder before the manifest that lists them is written.
        var manifest = RunManifest(
            options: options, rulebooks: rulebooks, files: files, problems: problems, ledger: ledger, products: products,
            summary: summary, duplicates: duplicates.count, started: started, finished: UTCTime.now())
        manifest.sampleSeed = sampleSeed
        let file = try AtomicFile(path: folder.staging + "/" + RunManifest.fileName)
        try manifest.write(to: file)
        try file.commit()
        TestPause.at("manifest")
        try folder.publish()
        return summary
    }

    /// Creates the output folder if its parent exists, and checks it can be written.
    static func prepareFolder(_ folder: String) throws(OutputError) {
        if mkdir(folder, 0o755) != 0 && errno != EEXIST { throw OutputError.fromErrno(folder) }
        var info = stat()
        guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw OutputError(path: folder, reason: "not a folder")
        }
        guard access(folder, W_OK) == 0 else { throw OutputError.fromErrno(folder) }
    }
}

/// What the workers of one run share: the file list, the next file to take, the sink, and the
/// first error that stops the run.
final class SharedBatch: Sendable {
    let files: PathList
    let sink: Mutex<ReportSink>
    let failure = Mutex<OutputError?>(nil)
    private let next = Atomic<Int>(0)

    init(sink: sending ReportSink, files: PathList) {
        self.sink = Mutex(sink)
        self.files = files
    }

    /// The index of the next file to process, or `nil` when all are taken or the run failed.
    func nextFile() -> Int? {
        guard failure.withLock({ $0 == nil }) else { return nil }
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < files.count ? index : nil
    }

    func fail(_ error: OutputError) { failure.withLock { $0 = $0 ?? error } }
}

/// One worker: owns a file loader (and so its XML parser), scores records and hands rows over.
final class Worker {
    private let loader: RecordFileLoader
    private let rulebooks: RulebookLibrary
    private let finder: IssueFinder
    private let ledger: InputLedger
    private let messages: HeaderLanguage
    private let values: ReportValues
    private let templateCheck: TemplateCheck?
    private var builder = CSVRowBuilder()
    private var names = NormalizedProse.NamePatternCache()

    init(
        rulebooks: RulebookLibrary, finder: IssueFinder, ledger: InputLedger, messages: HeaderLanguage, values: ReportValues,
        templateCheck: TemplateCheck?
    ) {
        self.templateCheck = templateCheck
        loader = RecordFileLoader()
        self.rulebooks = rulebooks
        self.finder = finder
        self.ledger = ledger
        self.messages = messages
        self.values = values
    }

    /// Enters the file's size, SHA-256 (from the bytes just read) and outcome in the ledger.
    private func note(_ order: Int, _ outcome: InputLedger.Outcome) {
        loader.withLastFileBytes { ledger.record(order, bytes: $0, outcome: outcome) }
    }

    func process(_ path: String, order: Int, into sink: borrowing Mutex<ReportSink>) throws(OutputError) {
        let record: Record
        do throws(LoadError) {
            record = try loader.load(path: path)
        } catch {
            note(order, .rejected)
            sink.withLock { $0.reject(sourceFile: path, fileOrder: order, error: error.translated(to: messages)) }
            return
        }
        guard let rulebook = rulebooks.rulebook(record.rulebook) else {
            let known = rulebooks.all.map(\.id).joined(separator: ", ")
            let error = LoadError("rulebook \"\(record.rulebook)\" does not exist (known: \(known))").translated(to: messages)
            note(order, .rejected)
            sink.withLock { $0.reject(sourceFile: path, fileOrder: order, error: error) }
            return
        }
        note(order, .scored)
        let scored = RecordScorer.score(record, with: rulebook)
        let rows = RecordRows.format(
            scored, issues: finder.issues(of: scored), sourceFile: path, values: values, builder: &builder)
        let (comparison, prose) = RecordComparison.of(scored, issues: rows.issues, templateCheck, names: &names)
        let (spool, offset) = sink.withLock { sink in
            (sink.spool, sink.add(scored, rows: rows, comparison: comparison, fileOrder: order))
        }
        try spool.write(rows.bytes, then: prose, at: offset)
    }
}
