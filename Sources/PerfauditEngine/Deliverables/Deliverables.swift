#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditXLSX

/// What reviewers open: the workbook and the dashboard, derived from the run's CSV reports once
/// they are in place, by streaming them back (they are the canonical, byte-stable data). Each
/// report is read once and feeds both; both are written to a temporary file and renamed.
enum Deliverables {
    /// The files this writes, for the leftover cleanup of later runs.
    static let fileNames = [WorkbookBuilder.fileName]

    /// Writes the workbook and the dashboard (as `options` asks) from the reports in `folder`.
    static func write(folder: String, options: ReportOptions, rulebooks: RulebookLibrary) throws(OutputError) {
        guard options.workbook else { return }
        let workbookPath = folder + "/" + WorkbookBuilder.fileName
        let temporary = workbookPath + ".partial-\(getpid())"
        do {
            try writeWorkbook(temporary, folder: folder, options: options, rulebooks: rulebooks)
        } catch {
            unlink(temporary)
            if let error = error as? OutputError { throw error }
            throw OutputError(path: workbookPath, reason: "\(error)")
        }
        try publish(temporary, as: workbookPath)
    }

    private static func writeWorkbook(
        _ path: String, folder: String, options: ReportOptions, rulebooks: RulebookLibrary
    ) throws {
        let workbook = try WorkbookBuilder(path: path, temporaryFolder: folder, language: options.language)
        var figures = RunFigures()
        var row = CSVFields()
        for table in ReportTable.allCases {
            let reader = try openReport(folder, table, options.encoding)
            _ = try reader.next(into: &row)
            try workbook.begin(table, rows: table == .indicators ? figures.indicatorRows : 0)
            while try reader.next(into: &row) {
                figures.add(table, row, rulebooks: rulebooks)
                try workbook.add(row)
            }
            try workbook.end()
        }
        try workbook.finish(figures)
    }

    private static func openReport(_ folder: String, _ table: ReportTable, _ encoding: CSVEncoding) throws(OutputError) -> ReportCSVReader {
        try ReportCSVReader(path: folder + "/" + table.file, encoding: encoding)
    }

    /// Syncs a finished temporary file and renames it over `path`.
    private static func publish(_ temporary: String, as path: String) throws(OutputError) {
        let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputError.fromErrno(path) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let error = OutputError.fromErrno(path)
            unlink(temporary)
            throw error
        }
    }
}
