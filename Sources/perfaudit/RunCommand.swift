import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import PerfauditCore
import PerfauditEngine

/// `perfaudit run`: the batch.
struct RunCommand: AsyncParsableCommand, StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Score every record under the inputs and write the reports.",
        discussion: ExitStatus.documentation)

    @Argument(help: "Files or folders of records (*.xml, *.json); folders are walked recursively.")
    var inputs: [String] = ["Inputs"]

    @Option(name: .customLong("out"), help: "The folder the reports are written to.")
    var outputFolder = "Outputs"

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = BatchRunner.defaultJobs

    @Option(name: .customLong("header-lang"), help: "Report header language: zh or en.")
    var headerLanguage: HeaderLanguage = .zh

    @Option(help: "Report encoding: utf8-bom, utf8 or gb18030.")
    var encoding: CSVEncoding = .utf8Bom

    @Flag(inversion: .prefixedNo, help: "Show a progress line when stderr is a terminal.")
    var progress = true

    @Option(
        name: .customLong("baseline"),
        help: "An earlier run's output folder, or its issues.csv, to compare with (rectification.csv); repeatable.")
    var baselines: [String] = []

    @Flag(name: .customLong("baseline-any"), help: "Use a baseline even when its thresholds or rulebooks are not this run's.")
    var baselineAny = false

    @Flag(name: .customLong("no-xlsx"), help: "Do not write perfaudit.xlsx.")
    var noWorkbook = false

    @Flag(name: .customLong("no-dashboard"), help: "Do not write dashboard.html.")
    var noDashboard = false

    @Option(
        name: .customLong("workbook-indicators"),
        help: """
            The workbook's 指标 sheet: auto (every indicator up to \(WorkbookIndicators.rowBudget) rows, beyond them only \
            the deviating ones), all, or deviating.
            """)
    var workbookIndicators: WorkbookIndicators = .auto

    @Flag(
        name: .customLong("no-template-check"),
        help: "Do not compare the records' prose and self scores with each other (TEMPLATE_COPY, SCORES_IDENTICAL).")
    var noTemplateCheck = false

    @OptionGroup var language: LanguageOption
    @OptionGroup var rulebooks: RulebookOptions
    @OptionGroup var thresholds: ThresholdOptions
    @OptionGroup var sampling: SamplingOptionGroup

    func validate() throws {
        guard jobs >= 1 && jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
        let (low, high) = (thresholds.templateThreshold, thresholds.templateHigh)
        guard low >= TemplateCheck.lowestThreshold && low <= Exact(1) else {
            throw ValidationError("--template-threshold must be between \(TemplateCheck.lowestThreshold) and 1")
        }
        guard high >= low && high <= Exact(1) else {
            throw ValidationError("--template-high must be between --template-threshold and 1")
        }
    }

    /// Inputs are looked at only once the whole command line has parsed, so that a mistyped
    /// option is reported as such rather than as a missing input.
    private func checkInputs() throws(CommandFailure) {
        for input in inputs where access(input, F_OK) != 0 && !isSymbolicLink(input) {
            throw CommandFailure("perfaudit: input not found: \(input)")
        }
    }

    /// A link is an input even when it dangles: the batch lists it in rejects.csv.
    private func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    func execute(in language: HeaderLanguage) async throws -> ExitStatus {
        try checkInputs()
        let library = try rulebooks.library()
        var options = RunOptions(
            inputs: inputs, outputFolder: outputFolder, jobs: jobs, thresholds: thresholds.values,
            reports: ReportOptions(
                language: headerLanguage, encoding: encoding, workbook: !noWorkbook, dashboard: !noDashboard),
            progress: progress, messages: language)
        options.baseline = try baseline(library)
        options.templateCheck = !noTemplateCheck
        options.reports.workbookIndicators = workbookIndicators
        options.reports.sampling = try sampling.options()
        let account: RunAccount
        do throws(OutputError) {
            account = try await BatchRunner.account(options, rulebooks: library)
        } catch {
            throw CommandFailure("perfaudit: \(error)")
        }
        emit(account.line(in: language))
        if account.summary.found == 0 {
            throw CommandFailure("perfaudit: no *.xml or *.json files found in \(inputs.joined(separator: ", "))")
        }
        if !account.summary.published {
            for line in account.summary.rejectLines { PerfAudit.printError(line) }
            throw CommandFailure(
                "perfaudit: nothing was scored; the reports in \(outputFolder) are left as they were", status: .someRejected)
        }
        return account.summary.rejected > 0 ? .someRejected : .success
    }
}

extension RunCommand {
    /// The registers of `--baseline`, read before any input; one that cannot be used is a usage
    /// error naming it.
    private func baseline(_ library: RulebookLibrary) throws(CommandFailure) -> Baseline? {
        guard !baselines.isEmpty else { return nil }
        var baseline = Baseline()
        let settings = baselineAny ? nil : BaselineSettings(thresholds: thresholds.values, rulebooks: library)
        do throws(BaselineError) {
            for path in baselines { try baseline.add(path, requireSettings: settings) }
        } catch {
            throw CommandFailure("perfaudit: \(error)")
        }
        return baseline
    }
}

/// The issues register's thresholds as options (defaults from outputs.md).
struct ThresholdOptions: ParsableArguments {
    @Option(help: "SCORE_GAP when self − verified reaches this many points.") var scoreGap = IssueThresholds().scoreGap
    @Option(help: "SCORE_GAP is high from this gap on.") var scoreGapHigh = IssueThresholds().scoreGapHigh
    @Option(help: "REPORTED_TOTAL_MISMATCH beyond this difference.") var reportedTolerance = IssueThresholds().reportedTolerance
    @Option(help: "UNDER_ALLOCATED below this allocated/budget percentage.") var underAllocated = IssueThresholds().underAllocatedPercent
    @Option(help: "LOW_EXECUTION below this spent/budget percentage.") var lowExecution = IssueThresholds().lowExecutionPercent
    @Option(help: "LOW_EXECUTION is high below this percentage.") var lowExecutionHigh = IssueThresholds().lowExecutionHighPercent
    @Option(help: "TARGET_UNMET is high below this completion percentage.") var targetUnmetHigh = IssueThresholds().targetUnmetHighPercent
    @Option(help: "HIGH_BALANCE above this balance-rate percentage.") var highBalance = IssueThresholds().highBalancePercent
    @Option(help: "BUDGET_VARIANCE from this income-variance percentage.") var budgetVariance = IssueThresholds().budgetVariancePercent
    @Option(help: "BUDGET_VARIANCE is high from this percentage.") var budgetVarianceHigh = IssueThresholds().budgetVarianceHighPercent
    @Option(help: "DATA_INCONSISTENT when parts and total differ by more than this (元).") var sumTolerance = IssueThresholds().sumTolerance
    @Option(help: "DATA_INCONSISTENT when a stated rate differs by more than this (points).") var rateTolerance = IssueThresholds().rateTolerance
    @Option(help: "TEMPLATE_COPY when two agencies' reports are at least this alike (0.3–1).") var templateThreshold = IssueThresholds().templateThreshold
    @Option(help: "TEMPLATE_COPY is high from this similarity on.") var templateHigh = IssueThresholds().templateHigh

    var values: IssueThresholds {
        var values = IssueThresholds()
        values.scoreGap = scoreGap
        values.scoreGapHigh = scoreGapHigh
        values.reportedTolerance = reportedTolerance
        values.underAllocatedPercent = underAllocated
        values.lowExecutionPercent = lowExecution
        values.lowExecutionHighPercent = lowExecutionHigh
        values.targetUnmetHighPercent = targetUnmetHigh
        values.highBalancePercent = highBalance
        values.budgetVariancePercent = budgetVariance
        values.budgetVarianceHighPercent = budgetVarianceHigh
        values.sumTolerance = sumTolerance
        values.rateTolerance = rateTolerance
        values.templateThreshold = templateThreshold
        values.templateHigh = templateHigh
        return values
    }
}
