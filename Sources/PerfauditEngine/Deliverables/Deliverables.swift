import PerfauditCore
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
    static let fileNames = [WorkbookBuilder.fileName, DashboardPage.fileName]

    /// The workbook and dashboard this run wrote into `folder`, with the SHA-256 of each, for the
    /// run manifest's products.
    static func products(in folder: String, options: ReportOptions) throws(OutputError) -> [(name: String, sha256: [UInt8])] {
        let names = [(options.workbook, WorkbookBuilder.fileName), (options.dashboard, DashboardPage.fileName)]
        var products: [(name: String, sha256: [UInt8])] = []
        var buffer: [UInt8] = []
        for (wanted, name) in names where wanted {
            do throws(FileSystem.ReadFailure) {
                let length = try FileSystem.readRegularFile(folder + "/" + name, limit: 1 << 31, into: &buffer)
                products.append((name, SHA256.hash(buffer[..<length])))
            } catch {
                throw OutputError(path: folder + "/" + name, reason: "\(error)")
            }
        }
        return products
    }

    /// Writes the workbook and the dashboard (as `options` asks) from the reports in `folder`:
    /// each report is read once and feeds both.
    static func write(
        folder: String, options: ReportOptions, rulebooks: RulebookLibrary, limits: WorkbookLimits = .excel
    ) throws(OutputError) {
        guard options.workbook || options.dashboard else { return }
        let workbookPath = folder + "/" + WorkbookBuilder.fileName
        let temporary = workbookPath + ".partial-\(getpid())"
        let workbook: WorkbookBuilder?
        do {
            workbook = options.workbook
                ? try WorkbookBuilder(path: temporary, temporaryFolder: folder, language: options.language, limits: limits)
                : nil
        } catch {
            throw OutputError(path: workbookPath, reason: error.description)
        }
        var figures = RunFigures()
        var dashboard = options.dashboard ? DashboardData() : nil
        do {
            var row = CSVFields()
            for table in ReportTable.allCases {
                if table.isOptional && access(folder + "/" + table.file, F_OK) != 0 { continue }
                let reader = try openReport(folder, table, options.encoding)
                _ = try reader.next(into: &row)
                let columns = table.columns(header: row)
                if table == .indicators { dashboard?.chooseTrails(rulebooks: rulebooks) }
                try workbook?.begin(table, columns: columns, rows: table == .indicators ? figures.indicatorRows : 0)
                while try reader.next(into: &row) {
                    figures.add(table, row, rulebooks: rulebooks)
                    dashboard?.add(table, row, rulebooks: rulebooks)
                    try workbook?.add(row)
                }
                if table == .indicators { dashboard?.finishIndicators() }
                try workbook?.end()
            }
            try workbook?.finish(figures)
        } catch {
            unlink(temporary)
            if let error = error as? OutputError { throw error }
            throw OutputError(path: workbookPath, reason: "\(error)")
        }
        if workbook != nil { try publish(temporary, as: workbookPath) }
        if let dashboard { try writeDashboard(dashboard, figures, folder: folder, options: options, rulebooks: rulebooks) }
    }

    private static func writeDashboard(
        _ data: DashboardData, _ figures: RunFigures, folder: String, options: ReportOptions, rulebooks: RulebookLibrary
    ) throws(OutputError) {
        let bands = figures.mainRulebook.flatMap { rulebooks.rulebook($0) }?.grades.bands
            .compactMap { Double($0.atLeast.formatted(digits: 2)) } ?? []
        let page = DashboardPage(data: data, figures: figures, bands: bands, words: Words(language: options.language))
        let file = try AtomicFile(path: folder + "/" + DashboardPage.fileName, encoding: .utf8)
        try file.write(page.render())
        try file.commit()
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
