import ArgumentParser
import PerfauditCore
import PerfauditEngine
import PerfauditXML

/// `perfaudit explain`: one record, indicator by indicator.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Show how one record scores, indicator by indicator.")

    @Argument(help: "A record file (*.xml or *.json).") var file: String
    @OptionGroup var rulebooks: RulebookOptions
    @OptionGroup var thresholds: ThresholdOptions
    @Option(help: "Output: text (a table the terminal's width), csv or json.") var format: ListingFormat = .text

    func run() throws {
        let library = try rulebooks.library()
        LibXML.initialize()
        let record: Record
        do throws(LoadError) {
            record = try RecordFileLoader().load(path: file)
        } catch {
            throw CommandFailure(Validation.line(file, error), exitCode: 2)
        }
        guard let rulebook = library.rulebook(record.rulebook) else {
            throw CommandFailure("\(file): rulebook \"\(record.rulebook)\" does not exist", exitCode: 2)
        }
        let scored = RecordScorer.score(record, with: rulebook)
        let issues = IssueFinder(thresholds: thresholds.values).issues(of: scored)
        emit(Explanation.render(scored, issues: issues, sourceFile: file, format: format, width: Terminal.width()))
    }
}
