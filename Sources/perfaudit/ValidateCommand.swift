import ArgumentParser
import PerfauditEngine

/// `perfaudit validate`: load and schema-check only.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check records against the format; one line per problem.")

    @Argument(help: "Files or folders of records.") var inputs: [String]
    @OptionGroup var rulebooks: RulebookOptions

    func run() throws {
        let (checked, problems) = Validation.problems(inputs: inputs, rulebooks: try rulebooks.library())
        for problem in problems { emit(problem) }
        emit("perfaudit: \(checked) files checked, \(problems.count) with problems")
        if checked == 0 { throw CommandFailure("perfaudit: no *.xml or *.json files found") }
        throw ExitCode(problems.isEmpty ? 0 : 2)
    }
}
