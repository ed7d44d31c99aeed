import Dispatch
import PerfauditCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditXLSX

/// What reviewers open: the workbook and the dashboard, derived from the run's CSV reports once
/// they are in place, by streaming them back (they are the canonical, byte-stable data). Each is
/// written on its own thread, reading the reports for itself, to a temporary file then renamed.
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

    /// Writes the workbook and the dashboard (as `options` asks) from the reports in `folder`,
    /// each on its own thread reading the reports for itself; the first failure, workbook first,
    /// is thrown once both are done.
    static func write(
        folder: String, options: ReportOptions, rulebooks: RulebookLibrary, limits: WorkbookLimits = .excel
    ) throws(OutputError) {
        guard options.workbook || options.dashboard else { return }
        let failures = Mutex<[OutputError?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            do throws(OutputError) {
                if part == 0 && options.workbook { try writeWorkbook(folder: folder, options: options, rulebooks: rulebooks, limits: limits) }
                if part == 1 && options.dashboard { try writeDashboard(folder: folder, options: options, rulebooks: rulebooks) }
            } catch {
                failures.withLock { $0[part] = error }
            }
        }
        if let failure = failures.withLock({ $0.compactMap { $0 }.first }) { throw failure }
    }

    /// perfaudit.xlsx, written to a temporary file and renamed.
    private static func writeWorkbook(
        folder: String, options: ReportOptions, rulebooks: RulebookLibrary, limits: WorkbookLimits
    ) throws(OutputError) {
        let workbookPath = folder + "/" + WorkbookBuilder.fileName
        let temporary = workbookPath + ".partial-\(getpid())"
        let workbook: WorkbookBuilder
        do {
            workbook = try WorkbookBuilder(
                path: temporary, temporaryFolder: folder, language: options.language,
                indicators: options.workbookIndicators, limits: limits)
        } catch {
            throw OutputError(path: workbookPath, reason: error.description)
        }
        var figures = RunFigures()
        do {
            try eachReport(folder, options.encoding) { table, columns in
                try workbook.begin(table, columns: columns, rows: table == .indicators ? figures.indicatorRows : 0)
            } row: { table, row in
                figures.add(table, row, rulebooks: rulebooks)
                try workbook.add(row)
            } end: { _ in
                try workbook.end()
            }
            try workbook.finish(figures)
        } catch {
            unlink(temporary)
            if let error = error as? OutputError { throw error }
            throw OutputError(path: workbookPath, reason: "\(error)")
        }
        try publish(temporary, as: workbookPath)
    }

    /// dashboard.html, from the aggregates of the reports.
    private static func writeDashboard(folder: String, options: ReportOptions, rulebooks: RulebookLibrary) throws(OutputError) {
        var figures = RunFigures()
        var data = DashboardData()
        do {
            try eachReport(folder, options.encoding) { table, _ in
                if table == .indicators { data.chooseTrails(rulebooks: rulebooks) }
            } row: { table, row in
                figures.add(table, row, rulebooks: rulebooks)
                data.add(table, row, rulebooks: rulebooks)
            } end: { table in
                if table == .indicators { data.finishIndicators() }
            }
        } catch {
            if let error = error as? OutputError { throw error }
            throw OutputError(path: folder + "/" + DashboardPage.fileName, reason: "\(error)")
        }
        let bands = figures.mainRulebook.flatMap { rulebooks.rulebook($0) }?.grades.bands
            .compactMap { Double($0.atLeast.formatted(digits: 2)) } ?? []
        let page = DashboardPage(data: data, figures: figures, bands: bands, words: Words(language: options.language))
        let file = try AtomicFile(path: folder + "/" + DashboardPage.fileName, encoding: .utf8)
        try file.write(page.render())
        try file.commit()
    }

    /// Reads the reports of `folder` in `ReportTable` order (an optional one only when present):
    /// `begin` with each one's columns, `row` with each of its rows, `end` after its last.
    private static func eachReport(
        _ folder: String, _ encoding: CSVEncoding, begin: (ReportTable, [ReportColumns.Column]) throws -> Void,
        row: (ReportTable, CSVFields) throws -> Void, end: (ReportTable) throws -> Void
    ) throws {
        var fields = CSVFields()
        for table in ReportTable.allCases {
            if table.isOptional && access(folder + "/" + table.file, F_OK) != 0 { continue }
            let reader = try openReport(folder, table, encoding)
            _ = try reader.next(into: &fields)
            try begin(table, table.columns(header: fields))
            while try reader.next(into: &fields) { try row(table, fields) }
            try end(table)
        }
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
