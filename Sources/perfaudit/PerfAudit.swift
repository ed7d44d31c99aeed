import ArgumentParser
import PerfauditEngine

#if canImport(Glibc)
import Glibc
#endif

/// The `perfaudit` command: parses options and hands off to the engine. The exit status is
/// decided here, once (`ExitStatus`), and every message is shown in the language of `--lang`.
@main
struct PerfAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perfaudit",
        abstract: "Audit budget-performance evaluation records (预算绩效评价) in batch.",
        discussion: ExitStatus.documentation,
        version: BuildInfo.description,
        subcommands: [
            RunCommand.self, ValidateCommand.self, ExplainCommand.self, RulesCommand.self, GenerateCommand.self,
            VerifyCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )

    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        let language = MessageLanguage.of(arguments)
        let status = await status(of: arguments, in: language)
        Glibc.exit(status.rawValue)
    }

    /// Parses and runs the command line; every outcome, failures included, ends as a status.
    private static func status(of arguments: [String], in language: HeaderLanguage) async -> ExitStatus {
        let commands = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        if let mistyped = Spelling.mistypedCommand(arguments, commands: commands) {
            printError(MessageCatalog.render("Error: " + mistyped, in: language))
            return .failure
        }
        let command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            return report(error, in: language)
        }
        do {
            return try await execute(command, in: language)
        } catch {
            return report(error, in: language)
        }
    }

    /// Prints an error in `language` and gives its status. Help is printed to stdout and is a
    /// success; a `CommandFailure` has its own status; every other error is a usage error.
    private static func report(_ error: any Error, in language: HeaderLanguage) -> ExitStatus {
        if let failure = error as? CommandFailure {
            printError(MessageCatalog.render(failure.message, in: language))
            return failure.status
        }
        if exitCode(for: error) == .success {
            print(fullMessage(for: error))
            return .success
        }
        printError(MessageCatalog.render(fullMessage(for: error), in: language))
        return .failure
    }

    /// Runs a parsed command: its own status, or success when it returns.
    private static func execute(_ command: ParsableCommand, in language: HeaderLanguage) async throws -> ExitStatus {
        if let reporting = command as? StatusCommand { return try await reporting.execute(in: language) }
        var command = command
        try command.run()
        return .success
    }

    static func printError(_ text: String) { writeToStandardError(text + "\n") }
}
