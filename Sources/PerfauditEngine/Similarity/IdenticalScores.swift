import PerfauditCore

/// SCORES_IDENTICAL (自评打分雷同): records of different agencies whose per-indicator self scores
/// are the same, indicator by indicator, on the same rulebook. Found once every record is in,
/// from a 64-bit fingerprint the worker takes of each record's self scores.
enum IdenticalScores {
    /// Fewer self-scored indicators than this are too few for two equal lists to mean anything.
    static let minimumIndicators = 5
    /// Fewer indicators below their full weight than this, and two lists agree by chance too
    /// often: most departments claim full marks nearly everywhere, so two that each take a point
    /// off the same indicator are not copying; three alike deductions are no longer chance.
    static let minimumDeductions = 3
    /// How many of the others the evidence names; the rest are counted.
    static let namedOthers = 3

    /// The fingerprint of a record's self scores (`FingerprintHash` over the rulebook and each
    /// indicator's id and score, in id order), or 0 when there is nothing to compare: fewer than
    /// `minimumIndicators` scores, or fewer than `minimumDeductions` of them below the
    /// indicator's full weight (a department that claims full marks everywhere has the same list
    /// as every other that does, copied or not). A score is hashed as its exact units, so equal
    /// scores hash alike however they were written.
    static func fingerprint(_ scored: ScoredRecord) -> UInt64 {
        let scores = scored.record.selfAssessment.indicators
        guard scores.count >= minimumIndicators else { return 0 }
        let rulebook = scored.rulebook
        guard scores.lazy.filter({ rulebook.indicator($0.id)?.weight != $0.score }).count >= minimumDeductions else { return 0 }
        var hash = FingerprintHash(scored.record.rulebook)
        for score in scores.sorted(by: { $0.id < $1.id }) {
            hash.append(score.id)
            hash.append(units: score.score.units)
        }
        return hash.value == 0 ? 1 : hash.value
    }

    /// The issue of every record whose fingerprint another agency's record shares, by entry
    /// index; `describe` names an entry as evidence does.
    static func issues(fingerprints: [UInt64], agencies: [Int32], describe: (Int) -> String) -> [Int: [Issue]] {
        let order = fingerprints.indices.filter { fingerprints[$0] != 0 }.sorted { (fingerprints[$0], $0) < (fingerprints[$1], $1) }
        var result: [Int: [Issue]] = [:]
        for group in equalRuns(order, { fingerprints[$0] == fingerprints[$1] }) {
            var perAgency: [Int32: Int] = [:]
            for index in group { perAgency[agencies[index], default: 0] += 1 }
            for index in group {
                let othersCount = group.count - perAgency[agencies[index]]!
                guard othersCount > 0 else { continue }
                let named = group.lazy.filter { agencies[$0] != agencies[index] }.prefix(namedOthers).map(describe)
                var evidence = "各指标自评得分与" + named.joined(separator: "；") + "完全相同"
                if othersCount > namedOthers { evidence += "；等\(othersCount)份其他单位的记录" }
                result[index] = [Issue(.scoresIdentical, .medium, evidence: evidence, source: .comparison)]
            }
        }
        return result
    }
}
