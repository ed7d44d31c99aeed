import ArgumentParser
import PerfauditEngine

/// `perfaudit verify DIR`: re-hashes the inputs and reports a run's manifest lists.
struct VerifyCommand: ParsableCommand, StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a run's inputs and reports against its manifest.json; one line per difference.",
        discussion: "Exit status: 0 unchanged, 2 something changed, 1 cannot check.")

    @Argument(help: "The output folder of a run (holding manifest.json).") var folder: String = "Outputs"
    @OptionGroup var language: LanguageOption

    func execute(in language: HeaderLanguage) throws -> ExitStatus {
        let result = ManifestVerification.verify(folder: folder)
        if result.failure != nil { throw CommandFailure(result.line) }
        for line in result.differences { emit(line) }
        emit(result.line)
        switch result.status {
        case 0: return .success
        case 2: return .someRejected
        default: return .failure
        }
    }
}
