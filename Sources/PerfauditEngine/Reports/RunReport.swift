import PerfauditCore

/// One report file of a run.
///
/// Each report lives in its own file under `Reports/Run/`, is listed in `RunReports.all`, and
/// writes its body from the finished run into a temporary file that `ReportSet` opened for it
/// (with the header row already written when it has `columns`). Reports only read the run, so
/// they are written at the same time, each on its own thread; a `RowsReport` starts as soon as
/// every record is in, while the comparisons across the batch still run. A test keeps the list
/// in step with the folder.
protocol RunReport: SendableMetatype {
    /// The file's name in the output folder.
    static var fileName: String { get }
    /// The CSV header's columns (outputs.md); `nil` for a report that is not a CSV table.
    static var columns: [ReportColumns.Column]? { get }
    /// Columns this run adds after `columns` (summary.csv's rectification rate with a baseline).
    static func extraColumns(_ options: ReportOptions) -> [ReportColumns.Column]
    /// Whether this run writes the report at all (rectification.csv only with a baseline).
    static func isWritten(_ options: ReportOptions) -> Bool
    /// Writes the report's body.
    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError)
}

extension RunReport {
    static func extraColumns(_ options: ReportOptions) -> [ReportColumns.Column] { [] }
    static func isWritten(_ options: ReportOptions) -> Bool { true }
}

/// A report written from the records' rows alone (`RecordsInRun`), which needs nothing found
/// once every record is in: it is written while the comparisons across the batch run.
protocol RowsReport: RunReport {
    static func write(rows run: RecordsInRun, to file: AtomicFile) throws(OutputError)
}

extension RowsReport {
    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError) {
        try write(rows: run.records, to: file)
    }
}

/// The one explicit list of the reports every run writes, in the order their failures are told.
enum RunReports {
    static let all: [any RunReport.Type] = [
        IndicatorsReport.self,
        SummaryReport.self,
        IssuesReport.self,
        RecurringReport.self,
        CountiesReport.self,
        RejectsReport.self,
        RectificationReport.self,
        SampleReport.self,
    ]

    /// Every report's file name.
    static var fileNames: [String] { all.map { $0.fileName } }
}

/// One scored record as the sink keeps it: where its rows are in the spool, and its sort key as
/// interned ids, so that memory per record stays a few dozen bytes however large the batch.
struct ReportEntry: Sendable {
    var province: Int32
    var city: Int32
    var county: Int32
    var department: Int32
    var agency: Int32
    var mofDivCode: Int32
    var rulebook: Int32
    var fiscalYear: Int32
    var fileOrder: Int32
    var headLength: Int32
    var tailLength: Int32
    var indicatorLength: Int32
    var issueLength: Int32
    var issueCount: Int32
    /// The length of the record's prose block (`ProseBlock`) after its rows; 0 when it has none.
    var proseLength: Int32
    /// What the 复核 sampling needs of the record (sample.csv).
    var risk: RiskFacts
    // The 8-byte fields last: after the 4-byte ones they leave no gap (96 bytes an entry).
    var offset: Int64
    /// The fingerprint of its self scores (`IdenticalScores`); 0 when there is none.
    var scoresFingerprint: UInt64

    /// The block starts with the summary head and tail and the issue rows; the indicator
    /// cells follow.
    var rowsLength: Int { Int(headLength) + Int(tailLength) + Int(issueLength) }

    /// Where the prose block starts: after the indicator cells.
    var proseOffset: Int64 { offset + Int64(rowsLength) + Int64(indicatorLength) }

    var countyID: CountyID { CountyID(province: province, city: city, county: county) }
    var filing: DuplicateRecords.Filing { .init(agency: agency, fiscalYear: fiscalYear, rulebook: rulebook) }
}

/// A file that could not be scored.
struct RejectEntry: Sendable {
    var order: Int
    var sourceFile: String
    var error: LoadError
}

/// What every record left once they are all in: the entries in report order, the spool holding
/// their rows, the interned names, the rulebooks and the rejects. Nothing changes it while the
/// reports are written.
struct RecordsInRun: Sendable {
    let entries: [ReportEntry]
    let spool: Spool
    let names: Interner
    /// Each rulebook by its interned id: the cells its indicator rows share come from it.
    let rulebooks: [Int32: Rulebook]
    let files: PathList
    /// In input order.
    let rejects: [RejectEntry]
    let options: ReportOptions

    func sourceFile(_ entry: ReportEntry) -> String { files[Int(entry.fileOrder)] }

    /// The county, department and fiscal year cells of an entry's rows.
    func leadCells(_ entry: ReportEntry) -> [UInt8] {
        RecordRows.leadCells(county: names[entry.county], department: names[entry.department], fiscalYear: Int(entry.fiscalYear))
    }
}

/// Everything the reports are written from: the records (whose fields it shows as its own), the
/// totals, the issues found once every record was in, the rectification ledger and the sample.
/// Nothing changes it while the reports are written.
@dynamicMemberLookup
struct FinishedRun: Sendable {
    let records: RecordsInRun
    let aggregates: RunAggregates
    /// The issues found once every record was in (DUPLICATE_RECORD, TEMPLATE_COPY,
    /// SCORES_IDENTICAL) by entry index, in category order.
    let batchIssues: [Int: [Issue]]
    /// The rectification ledger, when the run was given a baseline.
    let rectification: RectificationLedger?
    /// The 复核 sampling list (sample.csv).
    let sample: SampleDraw

    subscript<Value>(dynamicMember path: KeyPath<RecordsInRun, Value>) -> Value { records[keyPath: path] }

    func sourceFile(_ entry: ReportEntry) -> String { records.sourceFile(entry) }

    func leadCells(_ entry: ReportEntry) -> [UInt8] { records.leadCells(entry) }
}
