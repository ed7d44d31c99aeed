/// A report's prose as template detection compares it: the texts joined, the department's and
/// places' names cut out, and only letters kept (CJK ideographs and Latin letters, lowercased):
/// digits, Chinese numerals, punctuation and white space go, so that changing a figure, a comma or
/// the name on the cover does not make a copy look original. Sentence ends are kept as a break.
///
/// `letters[i]` stands at `origin[i]` in `original`, the joined text, so that a passage found in
/// the letters can be shown as the report wrote it.
struct NormalizedProse {
    /// The joined texts, one line each, as Unicode scalar values.
    let original: [UInt32]
    /// The kept letters.
    let letters: [UInt32]
    /// Where each kept letter stands in `original`.
    let origin: [Int32]

    /// `texts` joined by line breaks; every occurrence of a name in `names` (of two letters or
    /// more, longest first) is cut out before the letters are kept, at most `limit` of them.
    init(_ texts: [String], names: [String], limit: Int = .max) {
        var original: [UInt32] = []
        for (index, text) in texts.enumerated() {
            if index > 0 { original.append(0x0A) }
            original.append(contentsOf: text.unicodeScalars.lazy.map(\.value))
        }
        var cut = [Bool](repeating: false, count: original.count)
        let patterns = names.map { Array($0.unicodeScalars.lazy.map(\.value)) }.filter { $0.count >= 2 }
        for pattern in patterns.sorted(by: { $0.count > $1.count }) { Self.mark(pattern, in: original, &cut) }
        var letters: [UInt32] = []
        var origin: [Int32] = []
        letters.reserveCapacity(original.count)
        origin.reserveCapacity(original.count)
        for (index, value) in original.enumerated() where !cut[index] {
            if letters.count == limit { break }
            if Self.endsSentence(value) {
                // One break between two sentences, none at the start.
                if let last = letters.last, last != Self.sentenceBreak {
                    letters.append(Self.sentenceBreak)
                    origin.append(Int32(index))
                }
                continue
            }
            guard let letter = Self.kept(value) else { continue }
            letters.append(letter)
            origin.append(Int32(index))
        }
        self.original = original
        self.letters = letters
        self.origin = origin
    }

    /// Marks every occurrence of `pattern` in `text` (naive search: names are short).
    private static func mark(_ pattern: [UInt32], in text: [UInt32], _ cut: inout [Bool]) {
        guard pattern.count <= text.count, let first = pattern.first else { return }
        var start = 0
        while start <= text.count - pattern.count {
            if text[start] == first && !cut[start] && text[start..<start + pattern.count].elementsEqual(pattern) {
                for index in start..<start + pattern.count { cut[index] = true }
                start += pattern.count
            } else {
                start += 1
            }
        }
    }

    /// Stands in `letters` where a sentence or line ends: no shingle spans it, so that two
    /// sentences the template writes one after the other are still the template's.
    static let sentenceBreak: UInt32 = 0

    /// 。！？；, their ASCII forms, and the line break.
    @inline(__always)
    static func endsSentence(_ value: UInt32) -> Bool {
        switch value {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x21, 0x3F, 0x3B, 0x0A: true
        default: false
        }
    }

    /// The letter a scalar is compared as, or `nil` for one that is dropped.
    static func kept(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x41...0x5A: return value + 0x20  // A–Z as a–z
        case 0x61...0x7A: return value
        case 0xFF21...0xFF3A: return value - 0xFF21 + 0x61  // full-width Ａ–Ｚ
        case 0xFF41...0xFF5A: return value - 0xFF41 + 0x61  // full-width ａ–ｚ
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F:
            return isChineseNumeral(value) ? nil : value
        default: return nil
        }
    }

    /// 〇零一二三四五六七八九十百千万亿两: numbers, written as ideographs.
    @inline(__always)
    static func isChineseNumeral(_ value: UInt32) -> Bool {
        switch value {
        case 0x3007, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E,
            0x5343, 0x4E07, 0x4EBF, 0x4E24:
            true
        default: false
        }
    }

    /// The text of `original` from the letter at `start` through the letter at `end - 1`, as the
    /// report wrote it (with the figures and punctuation between).
    func passage(letters range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        let scalars = original[Int(origin[range.lowerBound])...Int(origin[range.upperBound - 1])]
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars.lazy.compactMap(Unicode.Scalar.init))
        return text
    }
}
