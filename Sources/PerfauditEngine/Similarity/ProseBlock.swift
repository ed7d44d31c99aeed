import PerfauditCore

/// What template detection keeps of one record until every record is in, written by the worker
/// after the record's rows in the spool: the sketch of its prose's MinHash signature, the names
/// cut out of it, and the texts themselves (to measure a candidate pair exactly and to show the
/// passage two reports share). Empty for a record with too little prose to compare (fewer than
/// `ProseSimilarity.minimumShingles` shingles, repeats included; the distinct ones are counted
/// when a pair is measured).
///
/// Layout: the sketch (`Sketch.length` bytes); the names' length (4 bytes, little-endian) and the
/// names, UTF-8, separated by U+001F; then the texts, UTF-8, one per line.
struct ProseBlock {
    let sketch: [UInt8]
    let names: [String]
    let text: String

    /// The block of a record, or no bytes when its prose is too short to compare.
    static func bytes(of record: Record, _ settings: TemplateCheck) -> [UInt8] {
        let texts = ProseSimilarity.texts(of: record)
        guard !texts.isEmpty else { return [] }
        let names = ProseSimilarity.names(of: record)
        let prose = NormalizedProse(texts, names: names, limit: ProseSimilarity.maximumLetters, origin: false)
        let (signature, shingles) = MinHash.signature(of: prose, template: settings.template)
        guard shingles >= ProseSimilarity.minimumShingles else { return [] }
        var bytes = Sketch.of(signature)
        let joinedNames = Array(names.joined(separator: "\u{1F}").utf8)
        withUnsafeBytes(of: UInt32(joinedNames.count).littleEndian) { bytes += $0 }
        bytes += joinedNames
        for (index, text) in texts.enumerated() {
            if index > 0 { bytes.append(0x0A) }
            bytes += text.utf8
        }
        return bytes
    }

    /// A whole block read back.
    init(_ block: ArraySlice<UInt8>) {
        sketch = Array(block.prefix(Sketch.length))
        let namesStart = block.startIndex + Sketch.length + 4
        let namesLength = Int(Self.number(block, at: namesStart - 4, width: 4))
        names = String(decoding: block[namesStart..<namesStart + namesLength], as: UTF8.self)
            .split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        text = String(decoding: block[(namesStart + namesLength)...], as: UTF8.self)
    }

    /// The prose, normalized again as the worker did; `origin` to show a passage of it.
    func prose(origin: Bool) -> NormalizedProse {
        NormalizedProse([text], names: names, limit: ProseSimilarity.maximumLetters, origin: origin)
    }

    private static func number(_ block: ArraySlice<UInt8>, at start: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (start..<start + width).reversed() { value = value << 8 | UInt64(block[index]) }
        return value
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
