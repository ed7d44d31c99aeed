import ArgumentParser
import PerfauditEngine

/// `perfaudit validate`: load and check only; `--schema` adds libxml2's XSD validation.
struct ValidateCommand: ParsableCommand, StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check records against the format; one line per problem.",
        discussion: ExitStatus.documentation)

    @Argument(help: "Files or folders of records.") var inputs: [String]
    @Flag(help: "Also validate XML files against Schemas/record.xsd with libxml2 (its own messages).")
    var schema = false
    @OptionGroup var language: LanguageOption
    @OptionGroup var rulebooks: RulebookOptions

    func execute(in language: HeaderLanguage) throws -> ExitStatus {
        let (checked, problems) = Validation.problems(
            inputs: inputs, rulebooks: try rulebooks.library(), schema: schema, language: language)
        for problem in problems { emit(problem) }
        emit(MessageCatalog.render("perfaudit: \(checked) files checked, \(problems.count) with problems", in: language))
        if checked == 0 { throw CommandFailure("perfaudit: no *.xml or *.json files found") }
        return problems.isEmpty ? .success : .someRejected
    }
}
