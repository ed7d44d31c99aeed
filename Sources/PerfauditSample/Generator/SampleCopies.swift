import PerfauditCore
import PerfauditEngine

/// A copy the sample generator plants (issue 16): one record (the copier) takes another
/// agency's prose or scores (the source), for template detection to find, or, for
/// `templateOnly`, shares only what the report template gives every report, for it not to find.
public enum SampleCopyKind: String, Sendable, CaseIterable {
    /// The source's narrative word for word, only its department and county names swapped for the copier's.
    case verbatim
    /// The verbatim copy with a few sentences reworded or dropped, until the similarity is in `window`.
    case lightEdit
    /// The same with more sentences changed, until the similarity is in `window` (below the 0.7 threshold).
    case heavyEdit
    /// The copier's own prose under the source's titles, with the source's stock sentences of the
    /// template in the same places: only the template is shared.
    case templateOnly
    /// The source's per-indicator self scores (same rulebook and year, at least
    /// `SampleCityGenerator.copiedScoresMinimumDeductions` below full marks),
    /// with the copier's self total and grade recomputed from them.
    case scoresIdentical

    /// Where in every block of `SampleCityGenerator.copyBlock` indices the copier stands (all
    /// within the first 72, so that the shipped sample city has one of each).
    var offset: Int {
        switch self {
        case .verbatim: 20
        case .lightEdit: 31
        case .heavyEdit: 43
        case .templateOnly: 56
        case .scoresIdentical: 67
        }
    }

    /// The similarity (`ProseSimilarity`) the generator tunes an edited copy into.
    public var window: ClosedRange<Rational>? {
        switch self {
        case .lightEdit: Rational(72, 100)...Rational(80, 100)
        case .heavyEdit: Rational(60, 100)...Rational(68, 100)
        default: nil
        }
    }

    /// A verbatim copy's source is chosen so that the copy is at least this alike (its findings,
    /// which are the copier's own, keep it below 1), when one of its candidates allows.
    public static let verbatimFloor = Rational(9, 10)

    /// A template-only pair is below this (after the template is stripped).
    public static let templateOnlyCeiling = Rational(3, 10)
}

/// One planted copy: record `copier` copies record `source` (indices of the generator).
public struct SampleCopyPlant: Sendable, Equatable {
    public var kind: SampleCopyKind
    public var copier: Int
    public var source: Int
}

extension SampleCityGenerator {
    /// Copies are planted once per kind in every block of this many indices: 5 in 240, about 2 %.
    public static let copyBlock = 240

    private static let copyPlanStream: UInt64 = 0xC0B1_E5C0_B1E5_0016

    /// The copy record `index` is planted as, if any; the source is always an earlier index of
    /// another agency in the same fiscal year, and never a copier itself. None with
    /// `plantAnomalies` or `plantCopies` off; no prose copy without `narrative`.
    public func copyPlant(at index: Int) -> SampleCopyPlant? {
        guard options.plantAnomalies && options.plantCopies else { return nil }
        let offset = index % Self.copyBlock
        guard let kind = SampleCopyKind.allCases.first(where: { $0.offset == offset }) else { return nil }
        if kind != .scoresIdentical && !options.narrative { return nil }
        let copier = identity(at: index)
        func fits(_ source: Int) -> Bool {
            guard source >= 0, !Self.isCopierOffset(source) else { return false }
            let other = identity(at: source)
            return other.fiscalYear == copier.fiscalYear && other.agencyCode != copier.agencyCode
        }
        if kind == .scoresIdentical {
            // The nearest earlier record of the year with self scores, enough of them below full marks.
            for back in 1...20 where fits(index - 3 * back) {
                let source = index - 3 * back
                if Self.hasScoresToCopy(baseRecord(at: source)) { return SampleCopyPlant(kind: kind, copier: index, source: source) }
            }
            return nil
        }
        // One of the three records of the year before it, at random; a verbatim copy takes the
        // first whose copy is at least `verbatimFloor` alike (the findings, which are not copied,
        // count too), else the first.
        var random = SampleRandom(seed: seed, stream: Self.copyPlanStream, index: UInt64(index))
        let first = random.int(1...3)
        let sources = (0..<3).map { index - 3 * ((first - 1 + $0) % 3 + 1) }.filter(fits)
        guard let fallback = sources.first else { return nil }
        if kind == .verbatim {
            let copier = baseRecord(at: index)
            for source in sources {
                let plant = SampleCopyPlant(kind: kind, copier: index, source: source)
                let (copy, original) = proseCopy(plant, of: copier)
                if let similarity = ProseSimilarity.similarity(copy, original), similarity >= SampleCopyKind.verbatimFloor {
                    return plant
                }
            }
        }
        return SampleCopyPlant(kind: kind, copier: index, source: fallback)
    }

    /// Every copy planted among records `0..<count`, in copier order.
    public func copyPlan(count: Int) -> [SampleCopyPlant] {
        var plan: [SampleCopyPlant] = []
        for block in stride(from: 0, to: count, by: Self.copyBlock) {
            for kind in SampleCopyKind.allCases where block + kind.offset < count {
                if let plant = copyPlant(at: block + kind.offset) { plan.append(plant) }
            }
        }
        return plan
    }

    /// The files of a planted copy, relative to the output folder (`relativePath(at:format:)`).
    public func relativePaths(of plant: SampleCopyPlant, mix: SampleFormatMix = .mixed) -> (copier: String, source: String) {
        (relativePath(at: plant.copier, format: format(at: plant.copier, mix: mix)),
         relativePath(at: plant.source, format: format(at: plant.source, mix: mix)))
    }

    static func isCopierOffset(_ index: Int) -> Bool {
        SampleCopyKind.allCases.contains { $0.offset == index % copyBlock }
    }

    /// A copied list of self scores has at least this many below full marks: SCORES_IDENTICAL
    /// takes fewer alike deductions for chance (`IdenticalScores.minimumDeductions`).
    public static let copiedScoresMinimumDeductions = 3

    static func hasScoresToCopy(_ record: Record) -> Bool {
        let weights = Dictionary(uniqueKeysWithValues: SampleRulebook.indicators.map { ($0.id, $0.weight) })
        let deductions = record.selfAssessment.indicators.count { score in weights[score.id].map { score.score < $0 } ?? false }
        return deductions >= copiedScoresMinimumDeductions
    }

    // MARK: Writing the copies

    /// The narrative record `index` writes of its own.
    func ownNarrative(at index: Int, of record: Record) -> [NarrativeSection] {
        var writer = narrativeWriter(at: index, of: record)
        let layout = writer.layout()
        return writer.sections(layout)
    }

    func narrativeWriter(at index: Int, of record: Record) -> SampleNarrativeWriter {
        SampleNarrativeWriter(
            seed: seed, index: index, record: record, departmentCode: SampleCityGenerator.slot(index, options).template.code)
    }

    /// `record` (the copier's figures) with the plant applied.
    func applying(_ plant: SampleCopyPlant, to record: Record) -> Record {
        var copy = record
        let sourceRecord = baseRecord(at: plant.source)
        switch plant.kind {
        case .scoresIdentical:
            copy.narrative = options.narrative ? ownNarrative(at: plant.copier, of: record) : nil
            copy.selfAssessment = Self.selfAssessment(of: record, scoredAs: sourceRecord)
        case .templateOnly:
            var writer = narrativeWriter(at: plant.copier, of: record)
            _ = writer.layout()
            var sourceWriter = narrativeWriter(at: plant.source, of: sourceRecord)
            copy.narrative = writer.sections(sourceWriter.layout())
        case .verbatim, .lightEdit, .heavyEdit:
            let source: Record
            (copy, source) = proseCopy(plant, of: record)
            if let window = plant.kind.window { tune(&copy, against: source, into: window, plant) }
        }
        return copy
    }

    /// The copier (figures `record`) with the source's narrative, names swapped; and the source.
    private func proseCopy(_ plant: SampleCopyPlant, of record: Record) -> (copy: Record, source: Record) {
        var source = baseRecord(at: plant.source)
        source.narrative = ownNarrative(at: plant.source, of: source)
        var copy = record
        copy.narrative = source.narrative!.map { section in
            NarrativeSection(title: section.title, text: Self.swappingNames(section.text, of: source, for: record))
        }
        return (copy, source)
    }

    /// The copier's self-assessment with the source's indicator scores: the total is their sum
    /// (what the issues register's consistency check expects of a self total), the grade its band.
    static func selfAssessment(of record: Record, scoredAs source: Record) -> SelfAssessment {
        var assessment = record.selfAssessment
        assessment.indicators = source.selfAssessment.indicators
        assessment.score = assessment.indicators.map(\.score).reduce(Exact.zero, +).clamped(.zero, Exact(100))
        assessment.grade = SampleRecordBuilder.grade(assessment.score)
        return assessment
    }

    /// `text` with the source's department and county names replaced by the copier's.
    static func swappingNames(_ text: String, of source: Record, for copier: Record) -> String {
        text.replacing(source.department.name, with: copier.department.name)
            .replacing(source.department.county, with: copier.department.county)
    }

    /// Rewords (a fresh sentence of the copier's own) or drops sentences of the copy, one at a
    /// time in a random order, until its similarity to the source is at most the window's top;
    /// an edit that would take it below the window's bottom is undone and the next one tried.
    private func tune(_ copy: inout Record, against source: Record, into window: ClosedRange<Rational>, _ plant: SampleCopyPlant) {
        var writer = narrativeWriter(at: plant.copier, of: copy)
        _ = writer.layout()
        var random = SampleRandom(seed: seed, stream: Self.copyPlanStream ^ 0xED17, index: UInt64(plant.copier))
        var sections = copy.narrative!.map { SampleSentences($0.text) }
        let stock = Set(SampleNarrativeWriter.stockSentences)
        var candidates: [(section: Int, sentence: Int)] = []
        for (section, sentences) in sections.enumerated() {
            for (position, sentence) in sentences.pieces.enumerated() where !stock.contains(sentence.text) {
                candidates.append((section, position))
            }
        }
        for position in stride(from: candidates.count - 1, to: 0, by: -1) {
            candidates.swapAt(position, random.below(position + 1))
        }
        func similarity() -> Rational {
            ProseSimilarity.similarity(copy, source) ?? .zero
        }
        func apply() {
            copy.narrative = zip(copy.narrative!, sections).map { NarrativeSection(title: $0.title, text: $1.text.trimmingXMLSpace) }
        }
        for candidate in candidates {
            guard similarity() > window.upperBound else { return }
            let before = sections[candidate.section]
            if random.chance(50) && sections[candidate.section].sentenceCount > 1 {
                sections[candidate.section].drop(candidate.sentence)
            } else {
                sections[candidate.section].replace(candidate.sentence, with: writer.sentence(for: candidate.section))
            }
            apply()
            if similarity() < window.lowerBound {
                sections[candidate.section] = before
                apply()
            }
        }
    }
}

/// A section's text as its sentences (each through its 。, with the line breaks before it), to
/// drop or replace one and join them again.
struct SampleSentences {
    struct Piece {
        var lead: String
        var text: String
    }

    private(set) var pieces: [Piece] = []

    init(_ text: String) {
        var current = Piece(lead: "", text: "")
        for character in text {
            if character == "\n" && current.text.isEmpty {
                current.lead.append(character)
                continue
            }
            current.text.append(character)
            if character == "。" {
                pieces.append(current)
                current = Piece(lead: "", text: "")
            }
        }
        if !current.text.isEmpty || !current.lead.isEmpty { pieces.append(current) }
    }

    var text: String { pieces.map { $0.lead + $0.text }.joined() }

    /// How many sentences are left (a dropped one is empty).
    var sentenceCount: Int { pieces.count { !$0.text.isEmpty } }

    mutating func drop(_ position: Int) { pieces[position].text = "" }

    mutating func replace(_ position: Int, with sentence: String) { pieces[position].text = sentence }
}
