import PerfauditCore

extension IssueFinder {
    /// Record-level figures: balance, variance, public funds, procurement, consistency.
    func financeIssues(_ record: Record) -> [Issue] {
        var issues: [Issue] = []
        if let issue = highBalance(record) { issues.append(issue) }
        if let issue = budgetVariance(record) { issues.append(issue) }
        issues += publicFundsOverspent(record)
        if let plan = record.finance?.procurement?.plan, plan == .zero {
            issues.append(Issue(.noProcurementPlan, .low, evidence: "政府采购预算为0", source: .rule))
        }
        issues += inconsistencies(record)
        return issues
    }

    private func highBalance(_ record: Record) -> Issue? {
        var reasons: [String] = []
        if let reading = MetricCatalog.balancePercent(record), reading > thresholds.highBalancePercent.rational {
            reasons.append("结转结余率\(reading.percentText()) > \(thresholds.highBalancePercent.formatted())%")
        }
        if let summary = record.projectSummary {
            let oneOff = summary.oneOffHighBalanceCount ?? 0
            let recurring = summary.recurringHighBalanceCount ?? 0
            if oneOff > 0 { reasons.append("预算结余率大于10%的一次性项目\(oneOff)个") }
            if recurring > 0 { reasons.append("预算结余率大于10%的常年项目\(recurring)个") }
        }
        guard !reasons.isEmpty else { return nil }
        return Issue(.highBalance, .low, evidence: reasons.joined(separator: "；"), source: .rule)
    }

    private func budgetVariance(_ record: Record) -> Issue? {
        guard let rate = MetricCatalog.incomeVariancePercent(record), rate >= thresholds.budgetVariancePercent.rational
        else { return nil }
        let severity: Severity = rate >= thresholds.budgetVarianceHighPercent.rational ? .high : .medium
        let reading = MetricCatalog.incomeVarianceRate.reading(record)
        return Issue(.budgetVariance, severity, evidence: "收入预决算" + reading.evidence, source: .rule)
    }

    private func publicFundsOverspent(_ record: Record) -> [Issue] {
        let items: [(String, BudgetFinal?)] = [("“三公”经费", record.finance?.threePublic), ("公用经费", record.finance?.publicFunds)]
        return items.compactMap { label, pair in
            guard let budget = pair?.budget, let final = pair?.final, final > budget else { return nil }
            return Issue(
                .publicFundsOverspent, .high, evidence: "\(label)决算\(Self.text(final)) > 预算\(Self.text(budget))",
                source: .rule, subject: label, amountAtStake: final - budget)
        }
    }

    /// Parts that do not add up to their total, and stated rates that differ from the figures.
    private func inconsistencies(_ record: Record) -> [Issue] {
        var issues: [Issue] = []
        // Sums are exact in Int128: a file may list any number of parts. The terms are only
        // spelled out when the sum is off.
        func compare(_ label: String, terms: () -> String, sum: Int128, total: Exact, unit: String) {
            let difference = sum - Int128(total.units)
            guard difference.magnitude > UInt128(thresholds.sumTolerance.units.magnitude) else { return }
            issues.append(Issue(
                .dataInconsistent, .medium,
                evidence: "\(terms()) = \(Exact.text(units: sum)) ≠ \(label)\(Self.text(total))（差\(Exact.text(units: difference))\(unit)）",
                source: .consistency, subject: label))
        }
        func compare(_ label: String, _ values: [Exact?], names: () -> [String], total: Exact?) {
            guard let total, !values.isEmpty else { return }
            var sum: Int128 = 0
            for value in values {
                guard let value else { return }
                sum += Int128(value.units)
            }
            let terms = { zip(names(), values).map { "\($0)\(Self.text($1!))" }.joined(separator: " + ") }
            compare(label, terms: terms, sum: sum, total: total, unit: "元")
        }
        if let income = record.finance?.income, !income.sources.isEmpty {
            let kinds = { income.sources.map(\.kind.rawValue) }
            compare("收入预算数", income.sources.map(\.budget), names: { kinds().map { $0 + "预算" } }, total: income.budget)
            compare("收入决算数", income.sources.map(\.final), names: { kinds().map { $0 + "决算" } }, total: income.final)
        }
        if let spending = record.finance?.expenditure {
            compare("基本支出", [spending.personnel, spending.publicUse], names: { ["人员经费", "公用经费"] }, total: spending.basic)
            compare("决算支出", [spending.basic, spending.project], names: { ["基本支出", "项目支出"] }, total: spending.final)
        }
        let selfScores = record.selfAssessment.indicators
        if !selfScores.isEmpty {
            compare("自评总分", terms: { "自评指标得分合计" }, sum: Exact.sum(selfScores.lazy.map(\.score)),
                    total: record.selfAssessment.score, unit: "分")
        }
        if let issue = stockRateInconsistency(record) { issues.append(issue) }
        issues += exceedances(record)
        return issues
    }

    private func stockRateInconsistency(_ record: Record) -> Issue? {
        guard let stock = record.finance?.treasuryStock, let stated = stock.changeRate,
            let previous = stock.previousYearEnd, let current = stock.yearEnd, previous != .zero
        else { return nil }
        let computed = current.rational / previous.rational * .hundred - .hundred
        guard (computed - stated.rational).magnitude > thresholds.rateTolerance.rational else { return nil }
        return Issue(
            .dataInconsistent, .medium,
            evidence: "所报存量资金变动率\(stated.formatted(minimum: 2))%，按金额计算为\(computed.percentText(digits: 4))",
            source: .consistency, subject: "存量资金变动率")
    }

    /// A part reported larger than the whole it belongs to.
    private func exceedances(_ record: Record) -> [Issue] {
        let pairs: [(String, Exact?, String, Exact?)] = [
            ("按时下达转移支付", record.finance?.transfers?.onTime, "应下达", record.finance?.transfers?.due),
            ("在用固定资产", record.finance?.fixedAssets?.inUse, "固定资产总额", record.finance?.fixedAssets?.total),
            ("按时办结信访件", record.petitions?.onTime.map(Exact.init), "信访件总数", record.petitions?.total.map(Exact.init)),
        ]
        return pairs.compactMap { partLabel, part, wholeLabel, whole in
            guard let part, let whole, part > whole else { return nil }
            return Issue(
                .dataInconsistent, .medium, evidence: "\(partLabel)\(part.formatted()) > \(wholeLabel)\(whole.formatted())",
                source: .consistency, subject: partLabel)
        }
    }
}
