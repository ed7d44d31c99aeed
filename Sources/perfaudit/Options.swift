import ArgumentParser
import PerfauditCore
import PerfauditEngine

/// `--rulebooks DIR`, shared by the commands that score.
struct RulebookOptions: ParsableArguments {
    @Option(name: .customLong("rulebooks"), help: "A folder of extra rulebook files (*.json); repeatable.")
    var folders: [String] = []

    /// The shipped rulebooks plus those in the folders; a broken file is a usage error naming it.
    func library() throws -> RulebookLibrary {
        do throws(RulebookError) {
            var library = try RulebookLibrary.shipped()
            for folder in folders { try library.load(folder: folder) }
            return library
        } catch {
            throw ValidationError("rulebook error: \(error)")
        }
    }
}

extension Exact: ExpressibleByArgument {
    public init?(argument: String) {
        guard case .success(let value) = Exact.parse(argument, maxFractionDigits: 4) else { return nil }
        self = value
    }
}

extension HeaderLanguage: ExpressibleByArgument {}
extension WorkbookIndicators: ExpressibleByArgument {}
extension CSVEncoding: ExpressibleByArgument {}
extension ListingFormat: ExpressibleByArgument {}

/// Writes text to standard output, treating a closed pipe as the end of output, not an error.
func emit(_ text: String) {
    print(text, terminator: text.utf8.last == 0x0A ? "" : "\n")
}
