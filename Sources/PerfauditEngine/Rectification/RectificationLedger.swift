import PerfauditCore

/// What became of a problem between the baseline registers and this run (整改台账).
public enum RectificationStatus: String, CaseIterable, Sendable {
    /// The agency has a record now and the problem is found again.
    case persisting
    /// The agency has a record now and the problem is not found.
    case resolved
    /// The baseline shows it resolved (a later baseline year without it) and it is found again now.
    case reopened
    /// Found now, in no baseline.
    case new
    /// In a baseline, and the agency has no record now.
    case notRechecked = "not_rechecked"

    public var label: String {
        switch self {
        case .persisting: "未整改"
        case .resolved: "已整改"
        case .reopened: "整改后复发"
        case .new: "新增"
        case .notRechecked: "未复查"
        }
    }
}

/// One row of rectification.csv: one problem key seen in the baseline or now.
struct RectificationRow: Sendable {
    var latest: ProblemSighting
    var status: RectificationStatus
    /// The years the baseline found it in, ascending.
    var baselineYears: [Int]
    var firstSeen: Int
    var lastSeen: Int
    var baselineEvidence: String
    var currentEvidence: String
    var amount: String
}

/// The rectification ledger: every problem key of the baseline and of this run with its status,
/// and per agency the share of its known problems that are resolved now.
struct RectificationLedger: Sendable {
    let rows: [RectificationRow]
    /// Per agency with a record now: resolved and judged (resolved + persisting + reopened) keys.
    let counts: [String: (resolved: Int, judged: Int)]

    /// Compares `baseline` with this run's problems (`current`) and records (`records`).
    init(baseline: Baseline, current: [ProblemSighting], records: Set<AgencyYear>) {
        let rechecked = Set(records.map(\.agency))
        var before: [String: [ProblemSighting]] = [:]
        var now: [String: [ProblemSighting]] = [:]
        var order: [String] = []
        for sighting in baseline.sightings {
            if before[sighting.problemKey] == nil && now[sighting.problemKey] == nil { order.append(sighting.problemKey) }
            before[sighting.problemKey, default: []].append(sighting)
        }
        for sighting in current {
            if before[sighting.problemKey] == nil && now[sighting.problemKey] == nil { order.append(sighting.problemKey) }
            now[sighting.problemKey, default: []].append(sighting)
        }
        var baselineYearsByAgency: [String: [Int]] = [:]
        for record in baseline.records { baselineYearsByAgency[record.agency, default: []].append(record.fiscalYear) }
        var rows: [RectificationRow] = []
        var counts: [String: (resolved: Int, judged: Int)] = [:]
        for key in order {
            let earlier = (before[key] ?? []).sorted { $0.fiscalYear < $1.fiscalYear }
            let later = (now[key] ?? []).sorted { $0.fiscalYear < $1.fiscalYear }
            let latest = later.last ?? earlier.last!
            let status = Self.status(
                earlier: earlier, later: later, recordYears: baselineYearsByAgency[latest.agency] ?? [],
                rechecked: rechecked.contains(latest.agency))
            let years = (earlier + later).map(\.fiscalYear)
            rows.append(RectificationRow(
                latest: latest, status: status, baselineYears: Array(Set(earlier.map(\.fiscalYear))).sorted(),
                firstSeen: years.min()!, lastSeen: years.max()!, baselineEvidence: earlier.last?.evidence ?? "",
                currentEvidence: later.last?.evidence ?? "", amount: latest.amount))
            if status != .new && status != .notRechecked {
                var count = counts[latest.agency] ?? (0, 0)
                count.judged += 1
                if status == .resolved { count.resolved += 1 }
                counts[latest.agency] = count
            }
        }
        self.rows = rows.sorted(by: Self.precedes)
        self.counts = counts
    }

    /// The status of one key: found now or not, in the baseline or not, and whether the
    /// baseline itself shows it resolved before it was found again.
    private static func status(
        earlier: [ProblemSighting], later: [ProblemSighting], recordYears: [Int], rechecked: Bool
    ) -> RectificationStatus {
        guard let lastBefore = earlier.last?.fiscalYear else { return .new }
        guard let lastNow = later.last?.fiscalYear else { return rechecked ? .resolved : .notRechecked }
        // Resolved in the baseline: a baseline year after its last sighting there with a record of
        // the agency, and found again now in a year after that one.
        let resolvedIn = recordYears.filter { $0 > lastBefore }.min()
        if let resolvedIn, lastNow > resolvedIn { return .reopened }
        return .persisting
    }

    /// Report order: county, department, agency (byte order), category in register order,
    /// project, problem key.
    private static func precedes(_ lhs: RectificationRow, _ rhs: RectificationRow) -> Bool {
        let left = lhs.latest, right = rhs.latest
        for (a, b) in [(left.county, right.county), (left.department, right.department), (left.agency, right.agency)]
        where a != b {
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        let leftOrder = IssueCategory(rawValue: left.category)?.order ?? Int.max
        let rightOrder = IssueCategory(rawValue: right.category)?.order ?? Int.max
        if leftOrder != rightOrder { return leftOrder < rightOrder }
        if left.project != right.project { return left.project.utf8.lexicographicallyPrecedes(right.project.utf8) }
        return left.problemKey.utf8.lexicographicallyPrecedes(right.problemKey.utf8)
    }

    /// An agency's rectification rate, percent: resolved ÷ judged; `nil` with nothing to judge.
    func rate(agency: String) -> Exact? {
        guard let count = counts[agency], count.judged > 0 else { return nil }
        return Rational(Int128(count.resolved * 100), Int128(count.judged)).roundedHalfUp()
    }

    /// The rate over several agencies (a county's): their resolved ÷ their judged.
    func rate(agencies: some Sequence<String>) -> Exact? {
        var resolved = 0, judged = 0
        for agency in Set(agencies) {
            guard let count = counts[agency] else { continue }
            resolved += count.resolved
            judged += count.judged
        }
        return judged == 0 ? nil : Rational(Int128(resolved * 100), Int128(judged)).roundedHalfUp()
    }
}
