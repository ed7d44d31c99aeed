import ArgumentParser
import PerfauditEngine

/// `--lang zh|en`, the language of perfaudit's messages; every command takes it.
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: "Message language: zh or en (default: as --header-lang, else zh).")
    var language: HeaderLanguage?
}

enum MessageLanguage {
    /// The messages' language from the command line as given: `--lang`, else `--header-lang`,
    /// else Chinese. Read from the arguments themselves so that a command line that does not
    /// parse is answered in it too.
    static func of(_ arguments: [String]) -> HeaderLanguage {
        value(of: "--lang", in: arguments) ?? value(of: "--header-lang", in: arguments) ?? .zh
    }

    private static func value(of option: String, in arguments: [String]) -> HeaderLanguage? {
        var found: HeaderLanguage?
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == option, index + 1 < arguments.count {
                found = HeaderLanguage(rawValue: arguments[index + 1]) ?? found
            } else if argument.hasPrefix(option + "=") {
                found = HeaderLanguage(rawValue: String(argument.dropFirst(option.count + 1))) ?? found
            }
        }
        return found
    }
}
