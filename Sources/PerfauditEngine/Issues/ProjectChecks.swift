import PerfauditCore

extension IssueFinder {
    /// Per project: budget, allocation, execution, targets, schedule, arrears; then all findings.
    func projectIssues(_ scored: ScoredRecord) -> [Issue] {
        let record = scored.record
        var issues: [Issue] = []
        let asOf = Self.referenceDate(record)
        for project in record.projects ?? [] {
            issues += budgetIssues(project)
            issues += project.targets.compactMap { targetIssue($0, project: project.name) }
            if let issue = lateIssue(project, asOf: asOf) { issues.append(issue) }
            if let amount = project.arrears?.amount, amount > .zero {
                let months = project.arrears?.months.map { "，\($0)个月" } ?? ""
                issues.append(Issue(
                    .arrears, .medium, evidence: "欠付\(Self.text(amount))元\(months)", source: .rule, project: project.name,
                    amountAtStake: amount))
            }
        }
        let findings = (record.findings ?? []) + (record.projects ?? []).flatMap(\.findings)
        let stated = statedOverBudget(findings, projects: record.projects ?? [], alreadyRaised: issues)
        issues += stated
        for (index, finding) in findings.enumerated() {
            let category = finding.category.map { "[\($0)] " } ?? ""
            let subject = "\(index + 1)"
            // The finding that raised an OVER_BUDGET of its own is related to it.
            let raisedOverBudget = stated.contains { $0.subject == subject }
            issues.append(Issue(
                .evaluatorFinding, .medium, evidence: category + finding.text, source: .evaluator,
                project: finding.project, subject: subject, relatedCategory: raisedOverBudget ? .overBudget : nil,
                problemSubject: finding.category ?? finding.text))
        }
        return issues
    }

    /// The finding category by which an evaluator states a project went over budget.
    static let overBudgetFinding = "超预算"

    /// OVER_BUDGET from the evaluator's word (a finding of category 超预算 about one of the
    /// record's projects) where the figures do not show it already: reports often state the
    /// overrun without the settlement amount.
    private func statedOverBudget(_ findings: [Finding], projects: [Project], alreadyRaised: [Issue]) -> [Issue] {
        var raised = alreadyRaised.compactMap { $0.category == .overBudget ? $0.project : nil }
        var issues: [Issue] = []
        for (index, finding) in findings.enumerated() where finding.category == Self.overBudgetFinding {
            guard let project = finding.project, projects.contains(where: { $0.name == project }), !raised.contains(project)
            else { continue }
            raised.append(project)
            // The finding's place is its subject, as for its EVALUATOR_FINDING: the two are related.
            issues.append(Issue(
                .overBudget, .high, evidence: "评价发现：\(finding.text)", source: .evaluator,
                project: finding.project, subject: "\(index + 1)", relatedCategory: .evaluatorFinding,
                problemSubject: .some(nil)))
        }
        return issues
    }

    /// The date a project's schedule is judged at: the verification date, else the date the
    /// self-assessment was submitted, else the last day of the fiscal year.
    static func referenceDate(_ record: Record) -> String {
        record.verification?.date ?? record.selfAssessment.submitted ?? "\(record.fiscalYear)-12-31"
    }

    private func budgetIssues(_ project: Project) -> [Issue] {
        guard let budget = project.budget, budget > .zero else { return [] }
        var issues: [Issue] = []
        var over: [String] = []
        if let spent = project.spent, spent > budget { over.append("支出\(Self.text(spent))") }
        if let settlement = project.settlement, settlement > budget { over.append("结算\(Self.text(settlement))") }
        if !over.isEmpty {
            let largest = max(project.spent ?? .zero, project.settlement ?? .zero)
            issues.append(Issue(
                .overBudget, .high, evidence: over.joined(separator: "、") + " > 预算\(Self.text(budget))",
                source: .rule, project: project.name, amountAtStake: largest - budget))
        }
        if let allocated = project.allocated {
            let share = MetricCatalog.percent(allocated, budget)
            if share < thresholds.underAllocatedPercent.rational {
                issues.append(Issue(
                    .underAllocated, .medium,
                    evidence: "到位\(Self.text(allocated))/预算\(Self.text(budget)) = \(share.percentText())",
                    source: .rule, project: project.name, amountAtStake: budget - allocated))
            }
        }
        if let spent = project.spent {
            let share = MetricCatalog.percent(spent, budget)
            if share < thresholds.lowExecutionPercent.rational {
                let severity: Severity = share < thresholds.lowExecutionHighPercent.rational ? .high : .medium
                issues.append(Issue(
                    .lowExecution, severity,
                    evidence: "支出\(Self.text(spent))/预算\(Self.text(budget)) = \(share.percentText())",
                    source: .rule, project: project.name, amountAtStake: budget - spent))
            }
        }
        return issues
    }

    private func targetIssue(_ target: Target, project: String) -> Issue? {
        guard let actual = target.actual else { return nil }
        let planned = target.planned
        let unmet: Bool
        let completion: Rational?
        switch target.direction {
        case .atLeast:
            unmet = actual < planned
            completion = planned > .zero ? actual.rational / planned.rational : nil
        case .atMost:
            unmet = actual > planned
            completion = actual > .zero ? planned.rational / actual.rational : nil
        case .exactly:
            unmet = actual != planned
            let (low, high) = (min(actual, planned), max(actual, planned))
            completion = high > .zero && low >= .zero ? low.rational / high.rational : nil
        }
        guard unmet else { return nil }
        let high = completion.map { $0 * .hundred < thresholds.targetUnmetHighPercent.rational } ?? false
        let symbol = switch target.direction {
        case .atLeast: "≥"
        case .atMost: "≤"
        case .exactly: "="
        }
        let unit = target.unit ?? ""
        let rate = completion.map { "，完成率\(($0 * .hundred).percentText())" } ?? ""
        return Issue(
            .targetUnmet, high ? .high : .medium,
            evidence: "\(target.name)：实际\(actual.formatted())\(unit)，目标\(symbol)\(planned.formatted())\(unit)\(rate)",
            source: .rule, project: project, subject: target.name)
    }

    private func lateIssue(_ project: Project, asOf: String) -> Issue? {
        guard let plannedEnd = project.plannedEnd else { return nil }
        if let finished = project.finishedOn, finished > plannedEnd {
            return Issue(
                .lateProject, .medium, evidence: "计划\(plannedEnd)完成，实际\(finished)完成", source: .rule,
                project: project.name)
        }
        if project.completed == false && plannedEnd < asOf {
            return Issue(
                .lateProject, .medium, evidence: "计划\(plannedEnd)完成，截至\(asOf)未完成", source: .rule,
                project: project.name)
        }
        return nil
    }
}
