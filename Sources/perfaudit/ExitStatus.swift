import PerfauditEngine

/// Every exit status of perfaudit. Commands return one; `PerfAudit.main` exits with it, the one
/// place that does.
enum ExitStatus: Int32, CaseIterable {
    /// Every input was scored (or checked, or explained).
    case success = 0
    /// A usage error, or nothing could be done: no inputs, an unwritable output folder.
    case failure = 1
    /// Some inputs were rejected (listed in rejects.csv); the reports were still written.
    case someRejected = 2

    /// What the status means, for `--help`.
    var meaning: String {
        switch self {
        case .success: "every input was scored (run), passed (validate) or explained (explain)"
        case .failure: "a usage error, or nothing could be done (no inputs found, output folder not writable)"
        case .someRejected: "some inputs were rejected (run: listed in rejects.csv, the reports are still written; validate, explain: the file has a problem)"
        }
    }

    /// The exit statuses as `--help` lists them.
    static var documentation: String {
        "Exit status:\n" + allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n")
    }
}

/// A command that tells how it went by an exit status, in the language of its messages.
protocol StatusCommand {
    func execute(in language: HeaderLanguage) async throws -> ExitStatus
}

/// A command that could not do its work: its message and exit status.
struct CommandFailure: Error {
    var message: String
    var status: ExitStatus

    init(_ message: String, status: ExitStatus = .failure) {
        self.message = message
        self.status = status
    }
}
