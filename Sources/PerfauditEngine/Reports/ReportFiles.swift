/// How reports are written: header language and file encoding.
public struct ReportOptions: Sendable, Equatable {
    public var language: HeaderLanguage
    public var encoding: CSVEncoding

    public init(language: HeaderLanguage = .zh, encoding: CSVEncoding = .utf8Bom) {
        self.language = language
        self.encoding = encoding
    }
}

/// The six report files of a run, each opened as a temporary file with its header written,
/// renamed into place together at the end.
final class ReportFiles {
    static let names = ["summary.csv", "indicators.csv", "issues.csv", "recurring.csv", "counties.csv", "rejects.csv"]

    let summary: AtomicFile
    let indicators: AtomicFile
    let issues: AtomicFile
    let recurring: AtomicFile
    let counties: AtomicFile
    let rejects: AtomicFile

    init(folder: String, options: ReportOptions) throws(OutputError) {
        func open(_ name: String, _ columns: [ReportColumns.Column]) throws(OutputError) -> AtomicFile {
            let file = try AtomicFile(path: folder + "/" + name, encoding: options.encoding)
            var row = CSVRowBuilder()
            row.row(ReportColumns.header(columns, options.language))
            try file.write(row.bytes)
            return file
        }
        summary = try open("summary.csv", ReportColumns.summary)
        indicators = try open("indicators.csv", ReportColumns.indicators)
        issues = try open("issues.csv", ReportColumns.issues)
        recurring = try open("recurring.csv", ReportColumns.recurring)
        counties = try open("counties.csv", ReportColumns.counties)
        rejects = try open("rejects.csv", ReportColumns.rejects)
    }

    /// Renames every report into place.
    func commit() throws(OutputError) {
        for file in [summary, indicators, issues, recurring, counties, rejects] { try file.commit() }
    }
}
