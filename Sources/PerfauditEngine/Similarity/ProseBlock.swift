import PerfauditCore

/// What template detection keeps of one record until every record is in, written by the worker
/// after the record's rows in the spool: the sketch of its prose's MinHash signature and a
/// fingerprint of its texts. The texts themselves are read again from the record's file for the
/// few records a pair needs them of (to measure it exactly and to show the passage two reports
/// share), and used only if their fingerprint is still the one the worker took. Empty for a record
/// with too little prose to compare (fewer than `ProseSimilarity.minimumShingles` shingles,
/// repeats included; the distinct ones are counted when a pair is measured).
///
/// Layout: the sketch (`Sketch.length` bytes), then the fingerprint (8 bytes, little-endian).
enum ProseBlock {
    static let length = Sketch.length + 8

    /// The block of a record, or no bytes when its prose is too short to compare.
    static func bytes(of record: Record, _ settings: TemplateCheck) -> [UInt8] {
        let prose = ProseSource(record)
        guard !prose.texts.isEmpty else { return [] }
        let (signature, shingles) = MinHash.signature(of: prose.normalized(origin: false), template: settings.template)
        guard shingles >= ProseSimilarity.minimumShingles else { return [] }
        var bytes = Sketch.of(signature)
        withUnsafeBytes(of: prose.fingerprint.littleEndian) { bytes += $0 }
        return bytes
    }

    /// The fingerprint of a block.
    static func fingerprint(_ block: ArraySlice<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for index in (block.startIndex + Sketch.length..<block.startIndex + length).reversed() {
            value = value << 8 | UInt64(block[index])
        }
        return value
    }
}

/// The texts of a record that template detection compares and the names it cuts out of them.
struct ProseSource {
    let texts: [String]
    let names: [String]

    init(_ record: Record) {
        texts = ProseSimilarity.texts(of: record)
        names = ProseSimilarity.names(of: record)
    }

    /// The prose normalized; `origin` to show a passage of it.
    func normalized(origin: Bool) -> NormalizedProse {
        NormalizedProse(texts, names: names, limit: ProseSimilarity.maximumLetters, origin: origin)
    }

    /// FNV-1a 64 over the texts and the names, each ended by a 0x1F byte.
    var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for text in texts + ["\u{1E}"] + names {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0x1F) &* 0x100_0000_01b3
        }
        return hash
    }
}

/// Template detection's settings for a run: on or off, the threshold, the template and the
/// band layout that follows from the threshold.
public struct TemplateCheck: Sendable {
    public var enabled: Bool
    public let template: NarrativeTemplate
    let layout: BandLayout

    /// The lowest `--template-threshold` accepted (below it the bands would miss too many pairs).
    public static var lowestThreshold: Exact { BandLayout.lowestThreshold }

    public init(enabled: Bool = true, threshold: Exact, template: NarrativeTemplate = .shipped) {
        self.enabled = enabled
        self.template = template
        layout = BandLayout.forThreshold(threshold)
    }
}

/// What a worker hands the sink of one record for the comparisons made at the end.
struct RecordComparison: Sendable {
    /// The length of the prose block at the end of the record's spool bytes.
    var proseLength = 0
    var scoresFingerprint: UInt64 = 0

    static let none = RecordComparison()

    /// The record's prose block (to be written after its rows) and self-score fingerprint.
    static func of(_ scored: ScoredRecord, _ settings: TemplateCheck) -> (RecordComparison, block: [UInt8]) {
        let block = ProseBlock.bytes(of: scored.record, settings)
        return (RecordComparison(proseLength: block.count, scoresFingerprint: IdenticalScores.fingerprint(scored)), block)
    }
}
