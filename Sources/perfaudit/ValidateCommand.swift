import ArgumentParser
import PerfauditEngine

/// `perfaudit validate`: load and check only; `--schema` adds libxml2's XSD validation.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check records against the format; one line per problem.")

    @Argument(help: "Files or folders of records.") var inputs: [String]
    @Flag(help: "Also validate XML files against Schemas/record.xsd with libxml2 (its own messages).")
    var schema = false
    @OptionGroup var rulebooks: RulebookOptions

    func run() throws {
        let (checked, problems) = Validation.problems(
            inputs: inputs, rulebooks: try rulebooks.library(), schema: schema)
        for problem in problems { emit(problem) }
        emit("perfaudit: \(checked) files checked, \(problems.count) with problems")
        if checked == 0 { throw CommandFailure("perfaudit: no *.xml or *.json files found") }
        throw ExitCode(problems.isEmpty ? 0 : 2)
    }
}
