#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How reports are written: header language and file encoding.
public struct ReportOptions: Sendable, Equatable {
    public var language: HeaderLanguage
    public var encoding: CSVEncoding
    /// Whether the run compares with a baseline (and so writes the rectification ledger).
    public var rectification = false
    /// Where the report files count the characters they write outside GBK (set per run).
    var outsideGBK: CharacterTally?
    /// Also write perfaudit.xlsx and dashboard.html (Deliverables), derived from the CSVs.
    public var workbook: Bool
    public var dashboard: Bool
    /// Which indicator rows the workbook's 指标 sheet lists (`--workbook-indicators`).
    public var workbookIndicators = WorkbookIndicators.auto
    /// How sample.csv is drawn (`--sample-*`).
    public var sampling = SamplingOptions()

    public init(language: HeaderLanguage = .zh, encoding: CSVEncoding = .utf8Bom, workbook: Bool = true, dashboard: Bool = true) {
        self.language = language
        self.encoding = encoding
        self.workbook = workbook
        self.dashboard = dashboard
    }

    public static func == (lhs: ReportOptions, rhs: ReportOptions) -> Bool {
        (lhs.language, lhs.encoding, lhs.rectification, lhs.workbook, lhs.dashboard, lhs.workbookIndicators)
            == (rhs.language, rhs.encoding, rhs.rectification, rhs.workbook, rhs.dashboard, rhs.workbookIndicators)
            && lhs.sampling == rhs.sampling
    }
}

/// The report files of a run, one per `RunReports.all`, each opened as a temporary file with its
/// header written, renamed into place together at the end.
final class ReportSet {
    static var names: [String] { RunReports.fileNames }

    /// The open files, in `RunReports.all` order; `nil` for a report this run does not write.
    let files: [AtomicFile?]
    private let folder: String

    init(folder: String, options: ReportOptions) throws(OutputError) {
        self.folder = folder
        var files: [AtomicFile?] = []
        for report in RunReports.all {
            guard report.isWritten(options) else {
                files.append(nil)
                continue
            }
            let file = try AtomicFile(
                path: folder + "/" + report.fileName, encoding: options.encoding, outsideGBK: options.outsideGBK)
            if let columns = report.columns {
                var row = CSVRowBuilder()
                row.row(ReportColumns.header(columns + report.extraColumns(options), options.language))
                try file.write(row.bytes)
            }
            files.append(file)
        }
        self.files = files
    }

    /// Each written report's file name and SHA-256, in `RunReports.all` order, once they are synced.
    var products: [(name: String, sha256: [UInt8])] {
        zip(RunReports.all, files).compactMap { report, file in file.map { (report.fileName, $0.sha256) } }
    }

    /// The open file of the report with this name.
    func file(named name: String) -> AtomicFile? {
        RunReports.all.firstIndex { $0.fileName == name }.flatMap { files[$0] }
    }

    /// Syncs every report to disk first and only then renames them all into place, so that the
    /// moment in which a kill leaves some reports new and others previous is the few
    /// microseconds of six renames, not the time it takes to sync them; then syncs the folder so
    /// that the renames themselves are on disk.
    func commit() throws(OutputError) {
        for file in files { try file?.sync() }
        for file in files { try file?.publish() }
        syncFolder()
    }

    /// Deletes what runs killed earlier left in `folder`: `<report>.partial-<pid>` temporary
    /// reports and `.perfaudit-spool-<pid>` spools whose process no longer exists. Files of a
    /// live process (another run writing here now) and every other name are left alone.
    static func removeLeftovers(in folder: String) {
        guard case .success(let entries) = FileSystem.entries(in: folder, includingHidden: true) else { return }
        for (name, kind) in entries where kind == .regularFile {
            guard let process = leftoverProcess(name), kill(process, 0) != 0, errno == ESRCH else { continue }
            unlink(folder + "/" + name)
        }
    }

    /// The names of temporary files before their process id.
    private static let leftoverPrefixes = (names + Deliverables.fileNames).map { $0 + ".partial-" } + [Spool.namePrefix]

    /// The process that named a temporary file `<report>.partial-<pid>` or `.perfaudit-spool-<pid>`.
    static func leftoverProcess(_ name: String) -> pid_t? {
        guard let prefix = leftoverPrefixes.first(where: name.hasPrefix) else { return nil }
        let digits = name.utf8.dropFirst(prefix.utf8.count)
        guard (1...9).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return pid_t(String(decoding: digits, as: UTF8.self))
    }

    /// Best effort: a folder that cannot be opened or synced leaves the renames to the system.
    private func syncFolder() {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
