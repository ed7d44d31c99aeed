import PerfauditCore

/// What template detection keeps of one record until every record is in, written by the worker
/// after the record's rows in the spool: the LSH band keys of its prose's MinHash signature, the
/// names cut out of it, and the texts themselves (to measure a candidate pair exactly and to show
/// the passage two reports share). Empty for a record with too little prose to compare.
///
/// Layout: band count (1 byte); the keys (8 bytes each, little-endian); the names' length
/// (4 bytes) and the names, UTF-8, separated by U+001F; then the texts, UTF-8, one per line.
struct ProseBlock {
    let bandKeys: [UInt64]
    let names: [String]
    let text: String

    /// The block of a record, or no bytes when its prose is too short to compare.
    static func bytes(of record: Record, _ settings: TemplateCheck) -> [UInt8] {
        let texts = ProseSimilarity.texts(of: record)
        guard !texts.isEmpty else { return [] }
        let names = ProseSimilarity.names(of: record)
        let prose = NormalizedProse(texts, names: names, limit: ProseSimilarity.maximumLetters)
        guard let shingles = ProseSimilarity.shingles(prose, template: settings.template) else { return [] }
        let keys = settings.layout.keys(MinHash.signature(shingles))
        var bytes: [UInt8] = [UInt8(keys.count)]
        for key in keys { withUnsafeBytes(of: key.littleEndian) { bytes += $0 } }
        let joinedNames = Array(names.joined(separator: "\u{1F}").utf8)
        withUnsafeBytes(of: UInt32(joinedNames.count).littleEndian) { bytes += $0 }
        bytes += joinedNames
        for (index, text) in texts.enumerated() {
            if index > 0 { bytes.append(0x0A) }
            bytes += text.utf8
        }
        return bytes
    }

    /// Only the band keys of a block (its first bytes).
    static func bandKeys(_ block: ArraySlice<UInt8>) -> [UInt64] {
        let count = Int(block[block.startIndex])
        return (0..<count).map { number(block, at: block.startIndex + 1 + 8 * $0, width: 8) }
    }

    /// A whole block read back.
    init(_ block: ArraySlice<UInt8>) {
        bandKeys = Self.bandKeys(block)
        let namesStart = block.startIndex + 1 + 8 * bandKeys.count + 4
        let namesLength = Int(Self.number(block, at: namesStart - 4, width: 4))
        names = String(decoding: block[namesStart..<namesStart + namesLength], as: UTF8.self)
            .split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        text = String(decoding: block[(namesStart + namesLength)...], as: UTF8.self)
    }

    /// The prose, normalized again as the worker did.
    var prose: NormalizedProse { NormalizedProse([text], names: names, limit: ProseSimilarity.maximumLetters) }

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

    /// The record's prose block (appended to `bytes`) and self-score fingerprint.
    static func of(_ scored: ScoredRecord, _ settings: TemplateCheck, appendingTo bytes: inout [UInt8]) -> RecordComparison {
        let block = ProseBlock.bytes(of: scored.record, settings)
        bytes += block
        return RecordComparison(proseLength: block.count, scoresFingerprint: IdenticalScores.fingerprint(scored))
    }
}
