/// The reviewer's words for the names rulebooks use: a rule's text as `explain`, `rules` and the
/// dashboard show it, with every metric and named outcome (`incomeVarianceRate`, `bothZero`) in
/// Chinese. The CSV reports keep the rulebook's own names (their text is byte-stable).
public enum ReviewerWords {
    /// Each metric of `MetricCatalog` by name (kept in step with it by a test).
    static let metrics: [String: String] = [
        "incomeVarianceRate": "收入预决算差异率", "nonPolicyAdjustments": "非政策原因调剂事项数",
        "over20PercentAdjustments": "调整比例≥20%的项目数", "variance50PercentAdjustments": "预算差异率≥50%的项目数",
        "expenditureCompletionRate": "支出完成率", "balanceRate": "结转结余率", "treasuryStockChangeRate": "存量资金变动率",
        "transfersOnTimeShare": "转移支付按时下达比例", "budgetApprovalStatus": "批复下属单位预算",
        "procurementExecution": "政府采购执行率", "fixedAssetUseRate": "固定资产利用率",
        "threePublicWithinBudget": "“三公”经费控制", "publicFundsWithinBudget": "公用经费控制",
        "keyTasksAverage": "重点工作完成效率", "projectsOnTimeShare": "项目完成及时率", "petitionChannels": "群众意见反映渠道",
        "petitionsOnTimeShare": "信访按时办结比例",
    ]

    /// Each named outcome a metric may yield.
    static let outcomes: [String: String] = [
        "bothZero": "两年均为0", "newStock": "新增存量", "noneDue": "无应下达", "onTime": "按时", "late": "逾期",
        "none": "无", "noPlan": "未编制采购计划", "overPlan": "超计划采购", "within": "未超预算", "over": "超预算",
        "yes": "有", "no": "无",
    ]

    /// `text` with every metric and outcome name (a run of ASCII letters and digits starting with
    /// a letter) replaced by its words; other text as it is.
    public static func translate(_ text: String) -> String {
        var result = ""
        var word = ""
        func flush() {
            result += metrics[word] ?? outcomes[word] ?? word
            word = ""
        }
        for scalar in text.unicodeScalars {
            let isLetter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
            let isDigit = scalar >= "0" && scalar <= "9"
            if isLetter || (isDigit && !word.isEmpty) {
                word.unicodeScalars.append(scalar)
            } else {
                flush()
                result.unicodeScalars.append(scalar)
            }
        }
        flush()
        return result
    }
}
