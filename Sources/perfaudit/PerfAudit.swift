import ArgumentParser
import PerfauditEngine

#if canImport(Glibc)
import Glibc
#endif

/// The `perfaudit` command: parses options and hands off to the engine. The exit status is
/// decided here, once: 0 all scored, 2 some inputs rejected, 1 usage error or nothing done.
@main
struct PerfAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perfaudit",
        abstract: "Audit budget-performance evaluation records (预算绩效评价) in batch.",
        version: BuildInfo.description,
        subcommands: [
            RunCommand.self, ValidateCommand.self, ExplainCommand.self, RulesCommand.self, GenerateCommand.self,
            VerifyCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )

    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            printError(failure.message)
            Glibc.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(fullMessage(for: error))
                Glibc.exit(1)
            }
            exit(withError: error)
        }
    }

    static func printError(_ text: String) { writeToStandardError(text + "\n") }
}

/// A run that could not do its work: its message and exit status (1 unless said otherwise).
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32 = 1

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
}
