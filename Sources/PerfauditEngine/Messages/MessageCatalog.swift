import PerfauditCore

/// Translates perfaudit's English messages (rejects reasons, command-line errors) into Chinese
/// when they are shown. Messages are made in English where they arise; the catalog matches each
/// against English templates with holes and fills the hole values into the Chinese form.
///
/// Holes: `{}` a value shown as it is (a name, a number, a path); `{w}` a word of the word table
/// (attribute, string, a file kind…); `{e}` a system reason (translated when the table knows it);
/// `{t}` a name without spaces; `{m}` a message of its own, translated in turn. In the Chinese
/// form `{1}`, `{2}`… are the holes in order.
public enum MessageCatalog {
    /// `message` in `language`: unchanged in English; in Chinese its catalog form, line by line,
    /// a line no template matches left as it is.
    public static func render(_ message: String, in language: HeaderLanguage) -> String {
        guard language == .zh else { return message }
        return message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { chinese(String($0)) ?? String($0) }.joined(separator: "\n")
    }

    /// The Chinese form of a one-line message, or `nil` when no template matches it.
    public static func chinese(_ message: String) -> String? {
        for template in templates {
            if let values = template.match(message[...]) { return template.fill(values) }
        }
        return nil
    }

    /// A Chinese word of the word table, or `nil`.
    static func word(_ english: Substring) -> String? {
        if english.hasPrefix("byte 0x") { return "字节 " + english.dropFirst(5) }
        if english.count == 3 && english.first == "'" && english.last == "'" { return String(english) }
        return words[String(english)]
    }

    static let templates: [Template] = englishAndChinese.map { Template($0.0, $0.1) }
}

extension LoadError {
    /// The message in `language` (rejects.csv, `validate`, `explain`).
    public func message(in language: HeaderLanguage) -> String { MessageCatalog.render(message, in: language) }

    /// The same error with its message in `language`.
    public func translated(to language: HeaderLanguage) -> LoadError {
        language == .en ? self : LoadError(message(in: language), at: position)
    }
}

/// One English template and its Chinese form.
struct Template {
    enum Hole: Character {
        case verbatim = "}", word = "w", system = "e", token = "t", message = "m"
    }

    enum Part {
        case literal(String)
        case hole(Hole)
    }

    let parts: [Part]
    let chinese: String

    init(_ english: String, _ chinese: String) {
        var parts: [Part] = []
        var literal = ""
        var characters = english[...]
        while let first = characters.first {
            if first == "{", let hole = Self.hole(at: characters) {
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                parts.append(.hole(hole))
                characters = characters.dropFirst(hole == .verbatim ? 2 : 3)
            } else {
                literal.append(first)
                characters = characters.dropFirst()
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
        self.chinese = chinese
    }

    private static func hole(at text: Substring) -> Hole? {
        let next = text.dropFirst().prefix(2)
        if next.first == "}" { return .verbatim }
        guard next.count == 2, next.last == "}", let hole = Hole(rawValue: next.first!), hole != .verbatim else { return nil }
        return hole
    }

    /// The translated hole values when `text` matches, else `nil`.
    func match(_ text: Substring) -> [String]? { match(parts[...], text, []) }

    private func match(_ parts: ArraySlice<Part>, _ text: Substring, _ values: [String]) -> [String]? {
        guard let first = parts.first else { return text.isEmpty ? values : nil }
        switch first {
        case .literal(let literal):
            guard text.hasPrefix(literal) else { return nil }
            return match(parts.dropFirst(), text.dropFirst(literal.count), values)
        case .hole(let hole):
            let rest = parts.dropFirst()
            guard case .literal(let next)? = rest.first else {
                return Self.value(hole, text).map { values + [$0] }
            }
            // The shortest value first, then longer ones, up to each place `next` occurs.
            var end = text.startIndex
            while end < text.endIndex {
                if text[end...].hasPrefix(next), let value = Self.value(hole, text[..<end]),
                    let result = match(rest, text[end...], values + [value])
                {
                    return result
                }
                end = text.index(after: end)
            }
            return nil
        }
    }

    /// A hole's value as the Chinese form shows it, or `nil` when it cannot stand in this hole.
    private static func value(_ hole: Hole, _ text: Substring) -> String? {
        switch hole {
        case .verbatim: String(text)
        case .word: MessageCatalog.word(text)
        case .system: MessageCatalog.words[String(text)] ?? String(text)
        case .token: !text.isEmpty && !text.contains(" ") && text.allSatisfy(\.isASCII) ? String(text) : nil
        case .message: MessageCatalog.chinese(String(text))
        }
    }

    /// The Chinese form with `{1}`, `{2}`… replaced by the values, in one pass.
    func fill(_ values: [String]) -> String {
        var result = ""
        var rest = chinese[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let digits = rest[rest.index(after: open)...].prefix { $0.isASCII && $0.isNumber }
            let close = digits.endIndex
            if let number = Int(digits), close < rest.endIndex, rest[close] == "}", (1...values.count).contains(number) {
                result += values[number - 1]
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        return result + rest
    }
}
