import PerfauditCore

/// What template detection keeps of one record until every record is in, written by the worker
/// after the record's rows in the spool: the sketch of its prose's MinHash signature and a
/// fingerprint of what was compared (the count and wrapping sum of its shingles' hashes). The
/// texts themselves are read again from the record's file for the few records a pair needs them
/// of (to measure it exactly and to show the passage two reports share), and used only if their
/// fingerprint is still the one the worker took. Empty for a record
/// with too little prose to compare (fewer than `ProseSimilarity.minimumShingles` shingles,
/// repeats included; the distinct ones are counted when a pair is measured).
///
/// Layout: the sketch (`Sketch.length` bytes), then the fingerprint (8 bytes, little-endian).
enum ProseBlock {
    static let length = Sketch.length + 8

    /// The block of a record, or no bytes when its prose is too short to compare; `names` is the
    /// worker's, kept from record to record.
    static func bytes(of record: Record, _ settings: TemplateCheck, names: inout NormalizedProse.NamePatternCache) -> [UInt8] {
        let texts = ProseSimilarity.texts(of: record)
        guard !texts.isEmpty else { return [] }
        let (signature, shingles, sum) = MinHash.signature(
            of: NormalizedProse.uncutLetters(texts), cutting: names.patterns(of: record),
            limit: ProseSimilarity.maximumLetters, template: settings.template)
        guard shingles >= ProseSimilarity.minimumShingles else { return [] }
        var bytes = Sketch.of(signature)
        withUnsafeBytes(of: ProseSource.fingerprint(count: shingles, sum: sum).littleEndian) { bytes += $0 }
        return bytes
    }

    /// The block of a record on its own (no names kept from an earlier record).
    static func bytes(of record: Record, _ settings: TemplateCheck) -> [UInt8] {
        var names = NormalizedProse.NamePatternCache()
        return bytes(of: record, settings, names: &names)
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
struct ProseSource: Sendable {
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

    /// The fingerprint of prose whose shingles (repeats included) were `count` and summed to `sum`.
    static func fingerprint(count: Int, sum: UInt64) -> UInt64 { ProseShingles.mix(sum ^ UInt64(count) &* 0x9E37_79B9_7F4A_7C15) }
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

/// What a worker hands the sink of one record for the comparisons and the sampling made at the end.
struct RecordComparison: Sendable {
    /// The length of the prose block at the end of the record's spool bytes.
    var proseLength = 0
    var scoresFingerprint: UInt64 = 0
    /// What the sampling needs of the record, taken by the worker (outside the sink's lock).
    var risk: RiskFacts

    init(proseLength: Int = 0, scoresFingerprint: UInt64 = 0, risk: RiskFacts) {
        self.proseLength = proseLength
        self.scoresFingerprint = scoresFingerprint
        self.risk = risk
    }

    /// The record's prose block (to be written after its rows; none without `settings`), its
    /// self-score fingerprint and its risk facts; `names` is the worker's.
    static func of(
        _ scored: ScoredRecord, issues: [Issue], _ settings: TemplateCheck?, names: inout NormalizedProse.NamePatternCache
    ) -> (RecordComparison, block: [UInt8]) {
        let risk = RiskFacts(scored, issues: issues)
        guard let settings else { return (RecordComparison(risk: risk), []) }
        let block = ProseBlock.bytes(of: scored.record, settings, names: &names)
        return (RecordComparison(proseLength: block.count, scoresFingerprint: IdenticalScores.fingerprint(scored), risk: risk), block)
    }
}
