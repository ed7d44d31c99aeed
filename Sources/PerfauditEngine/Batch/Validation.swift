import PerfauditCore
import PerfauditXML

/// `perfaudit validate`: loads files as the batch does, without scoring; with `schema`, XML files
/// are also validated by libxml2 against the record XSD, with libxml2's own messages.
public enum Validation {
    /// One problem line per file that fails: `file:line:col: message` (or `file: message`), the
    /// messages in `language`; with `schema`, XML files are also validated against the XSD.
    public static func problems(
        inputs: [String], rulebooks: RulebookLibrary, schema: Bool = false, language: HeaderLanguage = .en
    ) -> (checked: Int, problems: [String]) {
        let discovery = InputDiscovery(inputs: inputs)
        LibXML.initialize()
        let loader = RecordFileLoader(schema: schema ? RecordSchema.shared : nil)
        var problems = discovery.problems.map { line($0.path, LoadError($0.message), in: language) }
        for path in discovery.files {
            do throws(LoadError) {
                let record = try loader.load(path: path)
                if rulebooks.rulebook(record.rulebook) == nil {
                    problems.append(line(path, LoadError("rulebook \"\(record.rulebook)\" does not exist"), in: language))
                }
            } catch {
                problems.append(line(path, error, in: language))
            }
        }
        return (discovery.files.count + discovery.problems.count, problems)
    }

    /// `file:line:col: message`, or `file: message` when the error has no position.
    public static func line(_ path: String, _ error: LoadError, in language: HeaderLanguage = .en) -> String {
        let message = error.message(in: language)
        return error.position == .unknown
            ? "\(path): \(message)" : "\(path):\(error.position.line):\(error.position.column): \(message)"
    }
}
