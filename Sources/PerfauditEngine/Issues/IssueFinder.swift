import PerfauditCore

/// Finds the issues of one scored record (every category but DUPLICATE_RECORD, which needs the
/// whole batch). The order is fixed: score checks, finance checks, project checks.
public struct IssueFinder: Sendable {
    public var thresholds: IssueThresholds

    public init(thresholds: IssueThresholds = IssueThresholds()) { self.thresholds = thresholds }

    /// All issues of a record, in a stable order.
    public func issues(of scored: ScoredRecord) -> [Issue] {
        scoreIssues(scored) + financeIssues(scored.record) + projectIssues(scored)
    }

    static func text(_ value: Exact) -> String { value.formatted(digits: 2) }

}

// MARK: - Scores and grades

extension IssueFinder {
    func scoreIssues(_ scored: ScoredRecord) -> [Issue] {
        var issues: [Issue] = []
        comparison(scored, into: &issues)
        let record = scored.record
        if record.selfAssessment.score > scored.attainableMax {
            issues.append(Issue(
                .selfAboveAttainable, .high,
                evidence: "自评\(Self.text(record.selfAssessment.score))分 > 按所报数据可得最高分\(Self.text(scored.attainableMax))分",
                source: .rule))
        }
        if let verification = record.verification, !verification.indicators.isEmpty,
            let reported = verification.reportedScore, let verified = scored.verifiedScore,
            (reported - verified).magnitude > thresholds.reportedTolerance
        {
            issues.append(Issue(
                .reportedTotalMismatch, .medium,
                evidence: "报告总分\(Self.text(reported))，指标得分合计\(Self.text(verified))", source: .consistency))
        }
        for result in scored.indicators where result.deviation {
            let id = result.indicator.id
            let evidence = "\(id) \(result.indicator.name) 得分\(Self.text(result.reference!))，按所报数据应在"
                + "[\(Self.text(result.lo)), \(Self.text(result.hi))]" + (result.evidence.isEmpty ? "" : "：\(result.evidence)")
            issues.append(Issue(.ruleDeviation, .medium, evidence: evidence, source: .rule, indicator: id))
        }
        outOfRange(scored, into: &issues)
        gradeMismatches(scored, into: &issues)
        return issues
    }

    private func comparison(_ scored: ScoredRecord, into issues: inout [Issue]) {
        guard let verified = scored.verifiedScore, let verifiedGrade = scored.verifiedGrade else { return }
        let selfScore = scored.record.selfAssessment.score
        if scored.selfGrade > verifiedGrade {
            issues.append(Issue(
                .gradeInflation, .high,
                evidence: "自评\(Self.text(selfScore))分（\(scored.selfGrade.rawValue)），核查\(Self.text(verified))分（\(verifiedGrade.rawValue)）",
                source: .rule))
        }
        let gap = selfScore - verified
        if gap >= thresholds.scoreGap {
            issues.append(Issue(
                .scoreGap, gap >= thresholds.scoreGapHigh ? .high : .medium,
                evidence: "自评\(Self.text(selfScore)) - 核查\(Self.text(verified)) = \(Self.text(gap))分", source: .rule))
        }
    }

    private func outOfRange(_ scored: ScoredRecord, into issues: inout [Issue]) {
        func check(_ score: Exact?, _ source: String, _ indicator: Indicator) {
            guard let score, score < .zero || score > indicator.weight else { return }
            issues.append(Issue(
                .scoreOutOfRange, .high,
                evidence: "\(source) \(indicator.id) \(indicator.name) 得分\(Self.text(score))，权重\(indicator.weight.formatted())",
                source: .consistency, indicator: indicator.id, subject: source))
        }
        // By index, reading fields only: a for-in loop would copy every result (and retain its texts).
        let results = scored.indicators
        for index in results.indices {
            check(results[index].selfScore, "自评", results[index].indicator)
            check(results[index].verifiedScore, "核查", results[index].indicator)
        }
        for unknown in scored.unknownIndicators {
            let source = unknown.source == "self" ? "自评" : "核查"
            issues.append(Issue(
                .scoreOutOfRange, .high,
                evidence: "\(source)指标 \(unknown.id) 不在指标体系 \(scored.rulebook.id) 中（得分\(Self.text(unknown.score))）",
                source: .consistency, indicator: unknown.id, subject: source))
        }
    }

    private func gradeMismatches(_ scored: ScoredRecord, into issues: inout [Issue]) {
        let bands = scored.rulebook.grades
        func check(_ score: Exact?, _ grade: Grade?, _ what: String, project: String? = nil) {
            guard let score, let grade, bands.grade(of: score) != grade else { return }
            issues.append(Issue(
                .gradeScoreMismatch, .medium,
                evidence: "\(what)\(Self.text(score))分应为\(bands.grade(of: score).rawValue)，所报等级\(grade.rawValue)",
                source: .consistency, project: project, subject: what))
        }
        let record = scored.record
        check(record.selfAssessment.score, record.selfAssessment.grade, "自评")
        check(record.verification?.reportedScore, record.verification?.reportedGrade, "核查报告")
        for project in record.projects ?? [] {
            check(project.selfScore, project.selfGrade, "项目自评", project: project.name)
            check(project.verifiedScore, project.verifiedGrade, "项目核查", project: project.name)
        }
    }
}
