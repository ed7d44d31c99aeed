import PerfauditCore

/// The text of `perfaudit explain` and `perfaudit rules`.
public enum Explanation {
    /// One record, indicator by indicator, then totals, grades and the attainable maximum.
    public static func render(
        _ scored: ScoredRecord, issues: [Issue], sourceFile: String, width: Int = Terminal.fallbackWidth
    ) -> String {
        let record = scored.record
        let title = "\(record.department.county) \(record.department.name) \(record.fiscalYear) · "
            + "\(scored.rulebook.id)（\(scored.rulebook.title)）"
        var text = "\(sourceFile)\n" + TextTable.wrapped(title, width).joined(separator: "\n") + "\n\n"
        var table = TextTable(
            header: ["指标", "名称", "权重", "自评", "核查", "区间", "复算", "", "依据 / 规则"], rightAligned: [2, 3, 4, 6])
        func number(_ value: Exact?) -> String { value?.formatted(digits: 2) ?? "—" }
        for result in scored.indicators {
            let interval = result.lo == result.hi ? number(result.lo) : "[\(number(result.lo)), \(number(result.hi))]"
            let basis = result.evidence.isEmpty ? ReviewerWords.translate(result.indicator.ruleText) : result.evidence
            table.add([
                result.indicator.id, result.indicator.name, result.indicator.weight.formatted(), number(result.selfScore),
                number(result.verifiedScore), interval, number(result.recomputed), result.deviation ? "✗ 偏离" : "", basis,
            ])
        }
        text += table.render(width: width, wrap: 8, capped: [1: 16]) + "\n"
        text += totals(scored, number)
        if !issues.isEmpty {
            text += "\n问题（\(issues.count)）：\n"
            for issue in issues {
                let project = issue.project.map { "〔\($0)〕" } ?? ""
                let line = "[\(issue.severity.rawValue)] \(issue.category.rawValue) \(issue.category.label)\(project)：\(issue.evidence)"
                text += TextTable.wrapped(line, width - 4).enumerated().map { ($0.offset == 0 ? "  " : "    ") + $0.element }
                    .joined(separator: "\n") + "\n"
            }
        }
        return text
    }

    private static func totals(_ scored: ScoredRecord, _ number: (Exact?) -> String) -> String {
        let record = scored.record
        var lines = [
            "自评总分  \(number(record.selfAssessment.score))（\(scored.selfGrade.rawValue)；所报等级 \(record.selfAssessment.grade.rawValue)）"
        ]
        if let verification = record.verification {
            lines.append("核查得分  \(number(scored.verifiedScore))（\(scored.verifiedGrade?.rawValue ?? "—")）· 评价机构 \(verification.evaluator)")
            if let reported = verification.reportedScore { lines.append("报告总分  \(number(reported))") }
        }
        lines.append("加减分    +\(number(scored.bonus)) / −\(number(scored.penalty))")
        lines.append("复算得分  \(number(scored.recomputedTotal))（\(scored.recomputedGrade?.rawValue ?? "—")）")
        lines.append("可得最高分 \(number(scored.attainableMax))")
        if let gap = scored.selfMinusVerified {
            lines.append("自评减核查 \(number(gap))；等级\(scored.gradeMismatch == true ? "不一致" : "一致")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A rulebook's indicator system as a table.
    public static func render(_ rulebook: Rulebook, width: Int = Terminal.fallbackWidth) -> String {
        var text = "\(rulebook.id)：\(rulebook.title)\n等级：\(rulebook.grades.words)\n"
        let caps = rulebook.adjustments
        text += "加减分：表彰每次+\(caps.bonusPerCount)，最多+\(caps.bonusCap)；问责每次−\(caps.penaltyPerCount)，最多−\(caps.penaltyCap)\n\n"
        var table = TextTable(header: ["指标", "一级指标", "二级指标", "三级指标", "权重", "规则"], rightAligned: [4])
        for indicator in rulebook.indicators {
            table.add([
                indicator.id, indicator.level1, indicator.level2, indicator.name, indicator.weight.formatted(),
                ReviewerWords.translate(indicator.ruleText),
            ])
        }
        return text + table.render(width: width, wrap: 5, capped: [3: 18])
    }
}
