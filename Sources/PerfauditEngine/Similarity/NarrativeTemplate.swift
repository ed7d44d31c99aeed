import PerfauditCore

/// The headings and stock sentences every department's report shares by design (the bureau's
/// report template, `Templates/*.json`), which template detection strips before comparing two
/// reports. Versioned like a rulebook: its id and version are recorded in the manifest.
public struct NarrativeTemplate: Sendable {
    public let id: String
    public let version: Int
    /// Section titles of the template (基本情况, 存在问题 …).
    public let headings: [String]
    /// Sentences and phrases the template puts in every report.
    public let phrases: [String]
    /// The template's text as shingles (`ProseShingles`), dropped from every report's shingles.
    let shingles: ShingleTable
    /// The template's sentences (its letters between two breaks, of a shingle's width or more):
    /// a report's sentence equal to one of them has only the template's shingles.
    let sentences: TemplateSentences

    /// Parses a template file's bytes; `file` names it in every message.
    public static func parse(_ bytes: [UInt8], file: String) throws(RulebookError) -> NarrativeTemplate {
        let document: JSONNode
        do throws(LoadError) { document = try JSONReader.parse(bytes) } catch {
            throw RulebookError(file: file, message: error.message, position: error.position)
        }
        do throws(RulebookError) {
            var root = try JSONObject(document, context: "template")
            let id = try root.string("id")
            let version = try root.decimal("version")
            _ = try root.string("title")
            _ = try root.optionalString("source")
            let headings = try strings(root.array("headings"), key: "headings", root)
            let phrases = try strings(root.array("phrases"), key: "phrases", root)
            try root.finish()
            guard version.units % Exact.scale == 0, version >= Exact(1) else { throw root.error("\"version\" must be a whole number ≥ 1") }
            return NarrativeTemplate(id: id, version: Int(version.units / Exact.scale), headings: headings, phrases: phrases)
        } catch {
            var located = error
            located.file = file
            throw located
        }
    }

    init(id: String, version: Int, headings: [String], phrases: [String]) {
        self.id = id
        self.version = version
        self.headings = headings
        self.phrases = phrases
        var shingles: Set<UInt64> = []
        var sentences: [[UInt32]] = []
        for text in headings + phrases {
            let letters = NormalizedProse([text], names: []).letters
            ProseShingles.forEach(in: letters) { shingles.insert($0) }
            sentences += letters.split(separator: NormalizedProse.sentenceBreak).map(Array.init)
        }
        self.shingles = ShingleTable(shingles)
        self.sentences = TemplateSentences(sentences.filter { $0.count >= ProseShingles.width })
    }

    private static func strings(_ nodes: [JSONNode], key: String, _ root: JSONObject) throws(RulebookError) -> [String] {
        var result: [String] = []
        for node in nodes {
            guard case .string(let text) = node.value, !text.isEmpty else {
                throw root.error("\"\(key)\" must list non-empty strings", node.position)
            }
            result.append(text)
        }
        return result
    }

    /// The template shipped in `Templates/` (`ShippedTemplates`).
    public static let shipped: NarrativeTemplate = {
        let file = ShippedTemplates.files[0]
        do { return try parse(Array(file.text.utf8), file: "Templates/" + file.name) } catch {
            fatalError("the shipped template does not parse: \(error)")
        }
    }()

    /// The shipped template file's name and SHA-256, for the manifest.
    public static var shippedFile: (name: String, text: String) { ShippedTemplates.files[0] }
}

/// The template's sentences by a hash of their letters (`hash`, taken as a report's letters are
/// read), each checked letter by letter when the hash is found: an open-addressing table of the
/// hashes (a report's sentence is looked up once) beside the sentences themselves.
struct TemplateSentences: Sendable {
    /// Slot → index into `sentences` + 1 (0: empty), by the hash's low bits.
    private let slots: [Int32]
    private let hashes: [UInt64]
    private let sentences: [[UInt32]]
    private let mask: Int

    init(_ sentences: [[UInt32]]) {
        var unique: [[UInt32]] = []
        var seen: Set<[UInt32]> = []
        for sentence in sentences where seen.insert(sentence).inserted { unique.append(sentence) }
        let hashes = unique.map { $0.reduce(Self.seed) { Self.hash($0, $1) } }
        var capacity = 16
        while capacity < 2 * unique.count { capacity *= 2 }
        var slots = [Int32](repeating: 0, count: capacity)
        for (index, hash) in hashes.enumerated() {
            var slot = Self.slot(hash, capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(index + 1)
        }
        self.slots = slots
        self.hashes = hashes
        self.sentences = unique
        mask = capacity - 1
    }

    static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    /// FNV-1a over letters: the hash of a sentence so far and its next letter.
    @inline(__always)
    static func hash(_ hash: UInt64, _ letter: UInt32) -> UInt64 { (hash ^ UInt64(letter)) &* 0x100_0000_01B3 }

    /// FNV-1a's low bits are its weakest: the slot takes the high ones folded in.
    @inline(__always)
    private static func slot(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: hash ^ hash >> 32) & mask }

    /// Whether `letters`, whose hash is `hash`, is one of the template's sentences.
    func contains(_ letters: UnsafeBufferPointer<UInt32>, hash: UInt64) -> Bool {
        var slot = Self.slot(hash, mask)
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if hashes[index] == hash && sentences[index].elementsEqual(letters) { return true }
            slot = (slot + 1) & mask
        }
        return false
    }
}
