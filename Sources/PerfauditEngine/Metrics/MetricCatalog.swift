import PerfauditCore

/// Every metric a rulebook file may name, in one explicit list (documented in docs/rulebooks.md).
public enum MetricCatalog {
    public static let all: [Metric] = [
        incomeVarianceRate, nonPolicyAdjustments, over20PercentAdjustments, variance50PercentAdjustments,
        expenditureCompletionRate, balanceRate, treasuryStockChangeRate, transfersOnTimeShare,
        budgetApprovalStatus, procurementExecution, fixedAssetUseRate, threePublicWithinBudget,
        publicFundsWithinBudget, keyTasksAverage, projectsOnTimeShare, petitionChannels, petitionsOnTimeShare,
    ]

    private static let byName: [String: Metric] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The metric with this name, if any.
    public static func metric(named name: String) -> Metric? { byName[name] }

    static func percent(_ numerator: Exact, _ denominator: Exact) -> Rational {
        numerator.rational / denominator.rational * .hundred
    }

    static func yuan(_ value: Exact) -> String { value.formatted(digits: 2) }

    static let incomeVarianceRate = Metric(
        "incomeVarianceRate", .percent, "财政拨款收入预决算差异率 |income.final − income.budget| / income.budget × 100"
    ) { record in
        guard let rate = incomeVariancePercent(record), let budget = record.finance?.income?.budget,
            let final = record.finance?.income?.final
        else { return .missing("收入预算数或决算数") }
        return MetricReading(.number(rate), "差异率=\(rate.percentText())（预算\(yuan(budget))，决算\(yuan(final))）")
    }

    /// `incomeVarianceRate`'s value alone (no evidence text), `nil` when its facts are missing.
    static func incomeVariancePercent(_ record: Record) -> Rational? {
        guard let income = record.finance?.income, let budget = income.budget, let final = income.final, budget > .zero
        else { return nil }
        return percent((final - budget).magnitude, budget)
    }

    static func adjustmentCount(_ name: String, _ label: String, _ keyPath: KeyPath<BudgetAdjustments, Int?> & Sendable) -> Metric {
        Metric(name, .count, "\(label)（finance.adjustments）") { record in
            guard let count = record.finance?.adjustments?[keyPath: keyPath] else { return .missing(label) }
            return MetricReading(.number(Rational(count)), "\(label)=\(count)")
        }
    }

    static let nonPolicyAdjustments = adjustmentCount("nonPolicyAdjustments", "非政策原因调剂事项数", \.nonPolicy)
    static let over20PercentAdjustments = adjustmentCount("over20PercentAdjustments", "调整比例≥20%的项目数", \.over20Percent)
    static let variance50PercentAdjustments = adjustmentCount(
        "variance50PercentAdjustments", "预算差异率≥50%的项目数", \.variance50Percent)

    static let expenditureCompletionRate = Metric(
        "expenditureCompletionRate", .percent, "支出完成率 expenditure.final / income.final × 100"
    ) { record in
        guard let spent = record.finance?.expenditure?.final, let income = record.finance?.income?.final, income > .zero
        else { return .missing("决算支出或收入决算数") }
        let rate = percent(spent, income)
        return MetricReading(.number(rate), "支出完成率=\(rate.percentText())（支出\(yuan(spent))/收入\(yuan(income))）")
    }

    static let balanceRate = Metric(
        "balanceRate", .percent, "结转结余率 balance.yearEnd / (balance.opening + income.final) × 100，未报告的年初数按0计"
    ) { record in
        guard record.finance?.balance?.yearEnd != nil, record.finance?.income?.final != nil else {
            return .missing("年末结转结余或收入决算数")
        }
        guard let rate = balancePercent(record) else { return .missing("结转结余率分母") }
        return MetricReading(.number(rate), "结转结余率=\(rate.percentText())")
    }

    /// `balanceRate`'s value alone (no evidence text), `nil` when its facts are missing or its
    /// denominator is not positive.
    static func balancePercent(_ record: Record) -> Rational? {
        guard let yearEnd = record.finance?.balance?.yearEnd, let income = record.finance?.income?.final else { return nil }
        let base = (record.finance?.balance?.opening ?? .zero) + income
        guard base > .zero else { return nil }
        return percent(yearEnd, base)
    }

    static let treasuryStockChangeRate = Metric(
        "treasuryStockChangeRate", .percent,
        "国库集中支付结转结余存量资金变动率 (yearEnd / previousYearEnd − 1) × 100，或所报 changeRate；两年均为0 → bothZero，上年为0本年>0 → newStock",
        names: ["bothZero", "newStock"]
    ) { record in
        guard let stock = record.finance?.treasuryStock else { return .missing("存量资金") }
        if let previous = stock.previousYearEnd, let current = stock.yearEnd {
            if previous == .zero && current == .zero { return MetricReading(.named("bothZero"), "存量资金上年末与本年末均为0") }
            if previous == .zero { return MetricReading(.named("newStock"), "存量资金上年末为0，本年末\(yuan(current))") }
            let rate = current.rational / previous.rational * .hundred - .hundred
            return MetricReading(.number(rate), "存量资金变动率=\(rate.percentText())")
        }
        guard let stated = stock.changeRate else { return .missing("存量资金变动率") }
        return MetricReading(.number(stated.rational), "存量资金变动率=\(stated.formatted(minimum: 2))%（报告所列）")
    }

    static let transfersOnTimeShare = Metric(
        "transfersOnTimeShare", .ratio, "转移支付按时下达比例 transfers.onTime / transfers.due；应下达为0 → noneDue",
        names: ["noneDue"]
    ) { record in
        guard let due = record.finance?.transfers?.due else { return .missing("转移支付应下达数") }
        guard due != .zero else { return MetricReading(.named("noneDue"), "无应下达转移支付") }
        guard let onTime = record.finance?.transfers?.onTime else { return .missing("转移支付按时下达数") }
        let share = onTime.rational / due.rational
        return MetricReading(.number(share), "按时下达\(yuan(onTime))/应下达\(yuan(due))")
    }

    static let budgetApprovalStatus = Metric(
        "budgetApprovalStatus", .category, "批复下属单位预算 finance.budgetApproval：onTime、late、none",
        names: BudgetApproval.allCases.map(\.rawValue)
    ) { record in
        guard let status = record.finance?.budgetApproval else { return .missing("批复下属单位预算情况") }
        return MetricReading(.named(status.rawValue), "批复下属单位预算=\(status.rawValue)")
    }

    static let procurementExecution = Metric(
        "procurementExecution", .ratio,
        "政府采购执行率 procurement.actual / procurement.plan；计划为0 → noPlan，实际大于计划 → overPlan",
        names: ["noPlan", "overPlan"]
    ) { record in
        guard let plan = record.finance?.procurement?.plan else { return .missing("政府采购预算") }
        if plan == .zero { return MetricReading(.named("noPlan"), "未编制政府采购预算") }
        guard let actual = record.finance?.procurement?.actual else { return .missing("实际采购金额") }
        if actual > plan { return MetricReading(.named("overPlan"), "实际采购\(yuan(actual))大于计划\(yuan(plan))") }
        let share = actual.rational / plan.rational
        return MetricReading(.number(share), "政府采购执行率=\((share * .hundred).percentText())")
    }

    static let fixedAssetUseRate = Metric(
        "fixedAssetUseRate", .percent, "固定资产利用率 fixedAssets.inUse / fixedAssets.total × 100（total > 0）"
    ) { record in
        guard let total = record.finance?.fixedAssets?.total, let inUse = record.finance?.fixedAssets?.inUse, total > .zero
        else { return .missing("固定资产总额或在用数") }
        let rate = percent(inUse, total)
        return MetricReading(.number(rate), "固定资产利用率=\(rate.percentText())")
    }

    static func withinBudget(_ name: String, _ label: String, _ pick: @escaping @Sendable (Finance) -> BudgetFinal?) -> Metric {
        Metric(name, .category, "\(label)决算数不超过预算数 → within，否则 over", names: ["within", "over"]) { record in
            guard let pair = record.finance.flatMap(pick), let budget = pair.budget, let final = pair.final else {
                return .missing(label)
            }
            let within = final <= budget
            return MetricReading(.named(within ? "within" : "over"), "\(label)决算\(yuan(final))\(within ? "≤" : ">")预算\(yuan(budget))")
        }
    }

    static let threePublicWithinBudget = withinBudget("threePublicWithinBudget", "“三公”经费", { $0.threePublic })
    static let publicFundsWithinBudget = withinBudget("publicFundsWithinBudget", "公用经费", { $0.publicFunds })

    static let keyTasksAverage = Metric(
        "keyTasksAverage", .ratio, "重点工作完成效率 (partyInspection + governmentInspection) / 2 / 100"
    ) { record in
        guard let party = record.keyTasks?.partyInspection, let government = record.keyTasks?.governmentInspection else {
            return .missing("督查得分")
        }
        let share = (party.rational + government.rational) / Rational(200)
        return MetricReading(.number(share), "市委督查\(party.formatted())、政府督查\(government.formatted())")
    }

    static let projectsOnTimeShare = Metric(
        "projectsOnTimeShare", .ratio, "项目完成及时率：有计划完成日期的项目中 completed 且 finishedOn ≤ plannedEnd 的比例"
    ) { record in
        let planned = (record.projects ?? []).filter { $0.plannedEnd != nil }
        guard !planned.isEmpty else { return .missing("项目计划完成日期") }
        let onTime = planned.filter { project in
            guard project.completed == true, let finished = project.finishedOn, let end = project.plannedEnd else { return false }
            return finished <= end
        }.count
        return MetricReading(.number(Rational(Int128(onTime), Int128(planned.count))), "按期完成\(onTime)/\(planned.count)个项目")
    }

    static let petitionChannels = Metric(
        "petitionChannels", .category, "群众意见反映渠道 petitions.channels：yes、no", names: ["yes", "no"]
    ) { record in
        guard let channels = record.petitions?.channels else { return .missing("信访渠道") }
        return MetricReading(.named(channels ? "yes" : "no"), channels ? "设置了信访渠道" : "未设置信访渠道")
    }

    static let petitionsOnTimeShare = Metric(
        "petitionsOnTimeShare", .ratio, "信访按时办结比例 petitions.onTime / petitions.total；total为0 → none",
        names: ["none"]
    ) { record in
        guard let total = record.petitions?.total else { return .missing("信访件数") }
        guard total > 0 else { return MetricReading(.named("none"), "无信访件") }
        guard let onTime = record.petitions?.onTime else { return .missing("按时办结信访件数") }
        return MetricReading(.number(Rational(Int128(onTime), Int128(total))), "按时办结\(onTime)/\(total)件")
    }
}
