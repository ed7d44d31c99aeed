import ArgumentParser
import PerfauditEngine

/// `perfaudit rules`: the indicator systems as tables.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Show an indicator system (rulebook) as a table.")

    @Option(help: "The rulebook id (default: every rulebook).") var rulebook: String?
    @OptionGroup var language: LanguageOption
    @OptionGroup var rulebooks: RulebookOptions
    @Option(help: "Output: text (a table the terminal's width), csv or json.") var format: ListingFormat = .text

    func run() throws {
        let library = try rulebooks.library()
        if let rulebook {
            guard let found = library.rulebook(rulebook) else {
                let known = library.all.map(\.id).joined(separator: ", ")
                throw ValidationError("no rulebook \"\(rulebook)\" (known: \(known))")
            }
            emit(Explanation.render([found], format: format, width: Terminal.width()))
        } else {
            emit(Explanation.render(library.all, format: format, width: Terminal.width()))
        }
    }
}
