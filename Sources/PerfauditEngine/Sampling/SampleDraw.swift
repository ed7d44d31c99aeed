import PerfauditCore

/// The 复核 sampling list of a run (sample.csv, docs/sampling.md): records ranked by risk
/// first, then a seeded random draw from the rest of the self-only records.
///
/// The population is the run's self-only records, N of them; the sample size is
/// n = ⌈share × N⌉, of which r = ⌈random share × n⌉ are drawn at random. Every record whose
/// self score exceeds its attainable maximum is drawn by risk, verified or not, even beyond n.
/// The other risk places (up to n − r in all) go to the self-only records of highest risk
/// score above 0, ties in report order. The random part draws m = min(R, max(r, n − risk
/// drawn)) of the R self-only records not drawn by risk, without replacement (a partial
/// Fisher–Yates shuffle over them in report order, by `SplitMix64` from the seed), so each of
/// them is drawn with probability m ÷ R.
struct SampleDraw: Sendable {
    enum DrawnBy: Sendable { case risk, random }

    struct Pick: Sendable {
        /// The entry's index in report order.
        var entry: Int
        var drawnBy: DrawnBy
        var score: Exact
        var factors: RiskFactors
        /// In percent, 2 decimals: 100 for a risk draw, 100 × m ÷ R for a random one.
        var probability: Exact
    }

    /// In rank order: the risk draws by score, then the random draws in the order drawn.
    let picks: [Pick]
    let seed: UInt64
    /// N, n, r, R and m as above.
    let population: Int
    let size: Int
    let randomTarget: Int
    let remaining: Int
    let randomDrawn: Int

    init(_ history: SampleHistory, options: SamplingOptions) {
        let entries = history.entries
        let weights = options.weights
        seed = options.seed ?? UInt64(clamping: entries.map { Int($0.fiscalYear) }.max() ?? 0)
        let selfOnly = entries.indices.filter { !entries[$0].risk.isVerified }
        population = selfOnly.count
        size = SamplingOptions.roundedUp(options.share, of: population)
        randomTarget = SamplingOptions.roundedUp(options.randomShare, of: size)
        // Risk: every record above its attainable maximum, then the riskiest self-only records.
        let ranked = { (indices: [Int]) -> [(Int, Exact)] in
            indices.map { ($0, history.factors(of: $0).score(weights)) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        }
        var risk = ranked(entries.indices.filter { entries[$0].risk.aboveAttainable })
        let chosen = Set(risk.map(\.0))
        for candidate in ranked(selfOnly.filter { !chosen.contains($0) }) where risk.count < size - randomTarget {
            guard candidate.1 > .zero else { break }
            risk.append(candidate)
        }
        // Random: m of the R self-only records not drawn by risk.
        let drawn = Set(risk.map(\.0))
        var pool = selfOnly.filter { !drawn.contains($0) }
        remaining = pool.count
        randomDrawn = min(remaining, max(randomTarget, size - risk.count))
        var generator = SplitMix64(seed: seed)
        for position in 0..<randomDrawn {
            let other = position + Int(generator.below(UInt64(pool.count - position)))
            pool.swapAt(position, other)
        }
        let probability = remaining == 0 ? Exact.zero : Rational(Int128(randomDrawn * 100), Int128(remaining)).roundedHalfUp()
        picks = risk.map { Pick(entry: $0.0, drawnBy: .risk, score: $0.1, factors: history.factors(of: $0.0), probability: Exact(100)) }
            + pool[..<randomDrawn].map { index in
                let factors = history.factors(of: index)
                return Pick(entry: index, drawnBy: .random, score: factors.score(weights), factors: factors, probability: probability)
            }
    }
}

/// What the risk factors are computed from, once every record is in: the entries, the grade
/// bands of their rulebooks, each agency's verified years with their gaps (this run's records and
/// a baseline's summary.csv), the rectification ledger's open problems per agency.
struct SampleHistory {
    let entries: [ReportEntry]
    let rulebooks: [Int32: Rulebook]
    let batchIssues: [Int: [Issue]]
    let weights: SamplingWeights
    /// Per agency id: (fiscal year, self − verified when known) of each verified record.
    private var verified: [Int32: [(year: Int, gap: Exact?)]] = [:]
    /// Per agency id: its persisting and reopened problems.
    private var openProblems: [Int32: Int] = [:]

    init(
        entries: [ReportEntry], names: Interner, rulebooks: [Int32: Rulebook], batchIssues: [Int: [Issue]],
        ledger: RectificationLedger?, baselineVerifications: [AgencyYear: Exact?], weights: SamplingWeights
    ) {
        self.entries = entries
        self.rulebooks = rulebooks
        self.batchIssues = batchIssues
        self.weights = weights
        for entry in entries where entry.risk.isVerified {
            verified[entry.agency, default: []].append((Int(entry.fiscalYear), entry.risk.gap))
        }
        for (record, gap) in baselineVerifications {
            guard let agency = names.existingID(record.agency) else { continue }
            verified[agency, default: []].append((record.fiscalYear, gap))
        }
        for row in ledger?.rows ?? [] where row.status == .persisting || row.status == .reopened {
            guard let agency = names.existingID(row.latest.agency) else { continue }
            openProblems[agency, default: 0] += 1
        }
    }

    func factors(of index: Int) -> RiskFactors {
        let entry = entries[index]
        let facts = entry.risk
        let year = Int(entry.fiscalYear)
        var factors = RiskFactors()
        factors.aboveAttainable = facts.aboveAttainable
        factors.verified = facts.isVerified
        let score = facts.selfScoreExact
        if let bands = rulebooks[entry.rulebook]?.grades.bands {
            factors.boundary = bands.first { $0.atLeast > .zero && score >= $0.atLeast && score < $0.atLeast + weights.boundaryMargin }
        }
        let earlier = (verified[entry.agency] ?? []).filter { $0.year < year }
        for past in earlier {
            guard let gap = past.gap, gap > .zero else { continue }
            if factors.pastGap.map({ gap > $0.gap || (gap == $0.gap && past.year > $0.year) }) ?? true { factors.pastGap = (gap, past.year) }
        }
        factors.rectificationProblems = openProblems[entry.agency] ?? 0
        factors.amountAtStake = Exact(units: facts.amountAtStake)
        factors.amountDecades = RiskFactors.decades(factors.amountAtStake, unit: weights.amountUnit)
        if !facts.isVerified {
            let window = (year - weights.noRecentVerificationYears)..<year
            factors.noRecentVerification = !earlier.contains { window.contains($0.year) }
        }
        factors.issues = Int(entry.issueCount) + (batchIssues[index]?.count ?? 0)
        return factors
    }
}
