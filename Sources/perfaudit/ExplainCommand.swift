import ArgumentParser
import PerfauditCore
import PerfauditEngine
import PerfauditXML

/// `perfaudit explain`: one record, indicator by indicator.
struct ExplainCommand: ParsableCommand, StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Show how one record scores, indicator by indicator.",
        discussion: ExitStatus.documentation)

    @Argument(help: "A record file (*.xml or *.json).") var file: String
    @OptionGroup var language: LanguageOption
    @OptionGroup var rulebooks: RulebookOptions
    @OptionGroup var thresholds: ThresholdOptions
    @Option(help: "Output: text (a table the terminal's width), csv or json.") var format: ListingFormat = .text

    func execute(in language: HeaderLanguage) throws -> ExitStatus {
        let library = try rulebooks.library()
        LibXML.initialize()
        let record: Record
        do throws(LoadError) {
            record = try RecordFileLoader().load(path: file)
        } catch {
            throw CommandFailure(Validation.line(file, error, in: language), status: .someRejected)
        }
        guard let rulebook = library.rulebook(record.rulebook) else {
            throw CommandFailure(
                Validation.line(file, LoadError("rulebook \"\(record.rulebook)\" does not exist"), in: language),
                status: .someRejected)
        }
        let scored = RecordScorer.score(record, with: rulebook)
        let issues = IssueFinder(thresholds: thresholds.values).issues(of: scored)
        emit(Explanation.render(scored, issues: issues, sourceFile: file, format: format, width: Terminal.width()))
        return .success
    }
}
