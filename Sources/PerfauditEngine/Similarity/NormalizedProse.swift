import PerfauditCore

/// A report's prose as template detection compares it: the texts joined, only letters kept (CJK
/// ideographs and Latin letters, lowercased) — digits, Chinese numerals, punctuation and white
/// space go, so that changing a figure, a comma or the name on the cover does not make a copy look
/// original — and then the department's and places' names cut out. Sentence ends are kept as a
/// break.
///
/// With `origin`, `letters[i]` stands at `origin[i]` in `original`, the joined text, so that a
/// passage found in the letters can be shown as the report wrote it; the workers, who only need
/// the letters, skip both.
struct NormalizedProse {
    /// The joined texts, one line each, as Unicode scalar values (empty without `origin`).
    private(set) var original: [UInt32] = []
    /// The kept letters.
    private(set) var letters: [UInt32] = []
    /// Where each kept letter stands in `original` (empty without `origin`).
    private(set) var origin: [Int32] = []

    /// `texts` joined by line breaks and reduced to their letters; then every occurrence of a name
    /// in `names` (of two letters or more, longest first, each reduced the same way) is cut out;
    /// at most `limit` letters are kept.
    init(_ texts: [String], names: [String], limit: Int = .max, origin keepOrigin: Bool = true) {
        let bytes = texts.reduce(texts.count) { $0 + $1.utf8.count }
        if keepOrigin {
            self.init(withOrigin: texts, bytes: bytes)
        } else {
            self.init(lettersOnly: Self.uncutLetters(texts, bytes: bytes))
        }
        cutNames(names)
        if letters.count > limit {
            letters.removeLast(letters.count - limit)
            if keepOrigin { origin.removeLast(origin.count - limit) }
        }
    }

    /// The letters alone, names not yet cut, written straight into their array (the workers'
    /// path, once per record: the same letters as `init(withOrigin:)`, a test holds them equal).
    static func uncutLetters(_ texts: [String]) -> [UInt32] {
        uncutLetters(texts, bytes: texts.reduce(texts.count) { $0 + $1.utf8.count })
    }

    private static func uncutLetters(_ texts: [String], bytes: Int) -> [UInt32] {
        // No more letters than bytes, and a break between texts.
        [UInt32](unsafeUninitializedCapacity: bytes + 1) { buffer, count in
            var written = 0
            var afterBreak = true  // no break at the start
            numeralBits.withUnsafeBufferPointer { numerals in
                for (index, text) in texts.enumerated() {
                    // The line break between two texts ends a sentence.
                    if index > 0 && !afterBreak {
                        buffer[written] = sentenceBreak
                        written += 1
                        afterBreak = true
                    }
                    var text = text
                    text.withUTF8 { utf8 in
                        appendLetters(utf8, to: buffer.baseAddress!, written: &written, afterBreak: &afterBreak, numerals: numerals.baseAddress!)
                    }
                }
            }
            count = written
        }
    }

    /// Appends the letters and sentence breaks of one text at `output[written]`: the workers'
    /// loop, over locals so that they stay in registers.
    @inline(__always)
    private static func appendLetters(
        _ utf8: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<UInt32>, written: inout Int,
        afterBreak: inout Bool, numerals: UnsafePointer<UInt64>
    ) {
        var count = written
        var broken = afterBreak
        var at = 0
        while at < utf8.count {
            let value: UInt32
            // Most of a report: U+4E00–U+9FFF, three bytes led by E4–E9, a letter unless a
            // numeral (what `kept` says, without its chain of ranges).
            let lead = utf8[at]
            if lead &- 0xE4 < 6 {
                let ideograph = UInt32(lead & 0x0F) << 12 | UInt32(utf8[at + 1] & 0x3F) << 6 | UInt32(utf8[at + 2] & 0x3F)
                at += 3
                if ideograph >= 0x4E00 {
                    let offset = Int(ideograph - 0x4E00)
                    if numerals[offset >> 6] & (1 << (offset & 63)) == 0 {
                        output[count] = ideograph
                        count += 1
                        broken = false
                    }
                    continue
                }
                value = ideograph
            } else {
                value = scalar(utf8, &at)
            }
            if endsSentence(value) {
                if !broken {
                    output[count] = sentenceBreak
                    count += 1
                    broken = true
                }
            } else if let letter = kept(value) {
                output[count] = letter
                count += 1
                broken = false
            }
        }
        written = count
        afterBreak = broken
    }

    private init(lettersOnly: [UInt32]) { letters = lettersOnly }

    /// The letters with where each stands in the joined text (to show a passage).
    private init(withOrigin texts: [String], bytes: Int) {
        // A CJK character is three bytes of UTF-8: a third of the bytes is about the letters.
        letters.reserveCapacity(bytes / 3 + 16)
        original.reserveCapacity(bytes / 2 + 16)
        origin.reserveCapacity(bytes / 3 + 16)
        var scalarIndex = 0
        for (index, text) in texts.enumerated() {
            if index > 0 { take(0x0A, at: &scalarIndex) }
            var text = text
            text.withUTF8 { bytes in Self.decode(bytes) { take($0, at: &scalarIndex) } }
        }
    }

    /// Takes one scalar of the joined text: a letter, a sentence break, or nothing.
    @inline(__always)
    private mutating func take(_ value: UInt32, at index: inout Int) {
        original.append(value)
        defer { index += 1 }
        if Self.endsSentence(value) {
            // One break between two sentences, none at the start.
            guard let last = letters.last, last != Self.sentenceBreak else { return }
            letters.append(Self.sentenceBreak)
        } else if let letter = Self.kept(value) {
            letters.append(letter)
        } else {
            return
        }
        origin.append(Int32(index))
    }

    /// The scalars of valid UTF-8 (a Swift string's bytes), decoded without checks.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt32) -> Void) {
        var index = 0
        while index < bytes.count { body(scalar(bytes, &index)) }
    }

    /// The scalar at `index` of valid UTF-8, and `index` moved past it.
    @inline(__always)
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt32 {
        let lead = UInt32(bytes[index])
        switch lead {
        case 0..<0x80:
            index += 1
            return lead
        case 0xC0..<0xE0:
            defer { index += 2 }
            return (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        case 0xE0..<0xF0:
            defer { index += 3 }
            return (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        default:
            defer { index += 4 }
            return (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F)
        }
    }

    /// Cuts every occurrence of each name's letters out of `letters` (and `origin`), in one pass:
    /// at each letter that starts a name, the longest name that stands there is cut.
    private mutating func cutNames(_ names: [String]) {
        let patterns = NamePatterns(names)
        guard !patterns.isEmpty, letters.count >= 2 else { return }
        let count = letters.count
        var kept = 0
        letters.withUnsafeMutableBufferPointer { letters in
            origin.withUnsafeMutableBufferPointer { origin in
                var index = 0
                while index < count {
                    if let length = patterns.length(at: index, in: UnsafeBufferPointer(letters)) {
                        index += length
                        continue
                    }
                    if kept != index {
                        letters[kept] = letters[index]
                        if !origin.isEmpty { origin[kept] = origin[index] }
                    }
                    kept += 1
                    index += 1
                }
            }
        }
        letters.removeLast(count - kept)
        if !origin.isEmpty { origin.removeLast(count - kept) }
    }

    /// The names cut out of a report's letters: each reduced to its letters, those of two letters
    /// or more, longest first.
    struct NamePatterns {
        private let patterns: [[UInt32]]
        /// A bit per name's first letter (its low six bits): most letters start no name, and this
        /// register says so without a load.
        private let firstLetters: UInt64
        /// A bit per name's first two letters (hashed to 12 bits), for the letters that pass.
        private let starts: [UInt64]

        init(_ names: [String]) { self.init(letters: names.map(Self.letters)) }

        /// A name's letters as the workers' decoder reads them (a name ends no sentence).
        static func letters(_ name: String) -> [UInt32] {
            NormalizedProse.uncutLetters([name]).filter { $0 != NormalizedProse.sentenceBreak }
        }

        /// The patterns of names already reduced to their letters (`letters(_:)`).
        init(letters: [[UInt32]]) {
            patterns = letters.filter { $0.count >= 2 }.sorted { $0.count > $1.count }
            var starts = [UInt64](repeating: 0, count: 64)
            var firstLetters: UInt64 = 0
            for pattern in patterns {
                let key = Self.key(pattern[0], pattern[1])
                starts[key >> 6] |= 1 << (key & 63)
                firstLetters |= 1 << (pattern[0] & 63)
            }
            self.starts = starts
            self.firstLetters = firstLetters
        }

        var isEmpty: Bool { patterns.isEmpty }

        @inline(__always)
        private static func key(_ first: UInt32, _ second: UInt32) -> Int { Int((first &* 0x9E37 ^ second) & 0xFFF) }

        /// The length of the longest name that stands at `start` of `text`, if any.
        @inline(__always)
        func length(at start: Int, in text: UnsafeBufferPointer<UInt32>) -> Int? {
            guard firstLetters & (1 << (text[start] & 63)) != 0, start + 1 < text.count else { return nil }
            let key = Self.key(text[start], text[start + 1])
            guard starts[key >> 6] & (1 << (key & 63)) != 0 else { return nil }
            return patterns.first { pattern in
                start + pattern.count <= text.count && text[start..<start + pattern.count].elementsEqual(pattern)
            }?.count
        }
    }

    /// The name patterns of one record after another, as a worker meets them: the places' names
    /// (`ProseSimilarity.placeNames`) are reduced to letters once for each run of records of the
    /// same county, city and province, and only the department's own
    /// (`ProseSimilarity.departmentNames`) per record. The patterns are those of
    /// `NamePatterns(ProseSimilarity.names(of:))`.
    struct NamePatternCache {
        private var places: (county: String, city: String, province: String)?
        private var placeLetters: [[UInt32]] = []

        mutating func patterns(of record: Record) -> NamePatterns {
            let department = record.department
            if places?.county != department.county || places?.city != department.city || places?.province != department.province {
                places = (department.county, department.city, department.province)
                placeLetters = ProseSimilarity.placeNames(of: department).map(NamePatterns.letters)
            }
            return NamePatterns(letters: ProseSimilarity.departmentNames(of: department).map(NamePatterns.letters) + placeLetters)
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
    @inline(__always)
    static func kept(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x4E00...0x9FFF: return isCommonNumeral(value) ? nil : value
        case 0x41...0x5A: return value + 0x20  // A–Z as a–z
        case 0x61...0x7A: return value
        case 0xFF21...0xFF3A: return value - 0xFF21 + 0x61  // full-width Ａ–Ｚ
        case 0xFF41...0xFF5A: return value - 0xFF41 + 0x61  // full-width ａ–ｚ
        case 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3134F: return value
        default: return nil
        }
    }

    /// The numerals of `isChineseNumeral` within 0x4E00…0x9FFF, as one bit each of a 64-bit word
    /// per 64 code points: one load where a switch took a chain of comparisons for every Chinese
    /// character.
    private static let numeralBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (0x9FFF - 0x4E00) / 64 + 1)
        for value in 0x4E00...0x9FFF where isChineseNumeral(UInt32(value)) { bits[(value - 0x4E00) >> 6] |= 1 << ((value - 0x4E00) & 63) }
        return bits
    }()

    @inline(__always)
    private static func isCommonNumeral(_ value: UInt32) -> Bool {
        let offset = Int(value - 0x4E00)
        return numeralBits.withUnsafeBufferPointer { $0[offset >> 6] } & (1 << (offset & 63)) != 0
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
    /// report wrote it (with the figures and punctuation between), at most `maximum` characters.
    func passage(letters range: Range<Int>, maximum: Int = .max) -> String {
        guard !range.isEmpty, !origin.isEmpty else { return "" }
        let start = Int(origin[range.lowerBound])
        let end = min(Int(origin[range.upperBound - 1]) + 1, start + min(maximum, original.count - start))
        var text = ""
        text.unicodeScalars.append(contentsOf: original[start..<end].lazy.compactMap(Unicode.Scalar.init))
        return text
    }
}
