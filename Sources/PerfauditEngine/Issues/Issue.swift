import PerfauditCore

/// The categories of the issues register (outputs.md), in the register's documented order.
public enum IssueCategory: String, CaseIterable, Sendable, Comparable {
    case gradeInflation = "GRADE_INFLATION"
    case scoreGap = "SCORE_GAP"
    case selfAboveAttainable = "SELF_ABOVE_ATTAINABLE"
    case reportedTotalMismatch = "REPORTED_TOTAL_MISMATCH"
    case ruleDeviation = "RULE_DEVIATION"
    case scoreOutOfRange = "SCORE_OUT_OF_RANGE"
    case gradeScoreMismatch = "GRADE_SCORE_MISMATCH"
    case overBudget = "OVER_BUDGET"
    case underAllocated = "UNDER_ALLOCATED"
    case lowExecution = "LOW_EXECUTION"
    case targetUnmet = "TARGET_UNMET"
    case lateProject = "LATE_PROJECT"
    case highBalance = "HIGH_BALANCE"
    case budgetVariance = "BUDGET_VARIANCE"
    case publicFundsOverspent = "PUBLIC_FUNDS_OVERSPENT"
    case noProcurementPlan = "NO_PROCUREMENT_PLAN"
    case arrears = "ARREARS"
    case dataInconsistent = "DATA_INCONSISTENT"
    case evaluatorFinding = "EVALUATOR_FINDING"
    case duplicateRecord = "DUPLICATE_RECORD"
    case templateCopy = "TEMPLATE_COPY"
    case scoresIdentical = "SCORES_IDENTICAL"

    /// The Chinese label reviewers read.
    public var label: String {
        switch self {
        case .gradeInflation: "自评等级高于核查等级"
        case .scoreGap: "自评与核查分差过大"
        case .selfAboveAttainable: "自评分超过可得最高分"
        case .reportedTotalMismatch: "报告总分与指标合计不符"
        case .ruleDeviation: "得分不符合评分规则"
        case .scoreOutOfRange: "指标得分超出权重范围"
        case .gradeScoreMismatch: "等级与分数不符"
        case .overBudget: "项目超预算"
        case .underAllocated: "资金拨付不到位"
        case .lowExecution: "预算执行率低"
        case .targetUnmet: "绩效目标未完成"
        case .lateProject: "项目未按期完成"
        case .highBalance: "结转结余率偏高"
        case .budgetVariance: "预决算差异率大"
        case .publicFundsOverspent: "公用经费或三公经费超预算"
        case .noProcurementPlan: "未编制政府采购预算"
        case .arrears: "欠付款项"
        case .dataInconsistent: "数据前后不一致"
        case .evaluatorFinding: "评价发现问题"
        case .duplicateRecord: "重复报送"
        case .templateCopy: "报告内容雷同"
        case .scoresIdentical: "自评打分雷同"
        }
    }

    var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: IssueCategory, rhs: IssueCategory) -> Bool { lhs.order < rhs.order }
}

public enum Severity: String, Sendable {
    case high, medium, low

    /// 1 high … 3 low, so that a register sorts by it.
    public var rank: Int {
        switch self {
        case .high: 1
        case .medium: 2
        case .low: 3
        }
    }
}

/// Where an issue comes from: the figures, a contradiction in the record, the evaluator, or a
/// comparison with the other records of the batch (template detection).
public enum IssueSource: String, Sendable {
    case rule, consistency, evaluator, comparison
}

/// One problem found in one record.
public struct Issue: Sendable, Equatable {
    public var category: IssueCategory
    public var severity: Severity
    public var project: String?
    public var indicator: String?
    /// What within the record or project it is about (a target, an item), so that two issues
    /// of one category in one project keep distinct fingerprints.
    public var subject: String?
    public var evidence: String
    public var source: IssueSource
    /// The money the problem puts at stake, in 元: the overrun, the arrears, the unspent or
    /// unallocated amount; `nil` where none applies.
    public var amountAtStake: Exact?
    /// The category of the other issue of the same record raised by the same fact (same project
    /// and subject): an evaluator's 超预算 finding raises both OVER_BUDGET and EVALUATOR_FINDING.
    public var relatedCategory: IssueCategory?
    /// What the problem is about across years, for `problem_key`: the subject, except where the
    /// subject is only a place in this year's record (a finding's number), which names nothing
    /// next year; a finding's problem is its category (or text) in its project.
    public var problemSubject: String?

    public init(
        _ category: IssueCategory, _ severity: Severity, evidence: String, source: IssueSource,
        project: String? = nil, indicator: String? = nil, subject: String? = nil, amountAtStake: Exact? = nil,
        relatedCategory: IssueCategory? = nil, problemSubject: String?? = .none
    ) {
        self.category = category
        self.severity = severity
        self.evidence = evidence
        self.source = source
        self.project = project
        self.indicator = indicator
        self.subject = subject
        self.amountAtStake = amountAtStake
        self.relatedCategory = relatedCategory
        self.problemSubject = problemSubject ?? subject
    }

    /// `issue_id`: a fingerprint of (agency, fiscal year, category, project, indicator, subject,
    /// source file), FNV-1a 64 over their UTF-8 bytes, unique within a register (two copies of a
    /// duplicate filing differ by their file) and the same on every run of the same files.
    public func rowHash(agency: String, fiscalYear: Int, sourceFile: String) -> UInt64 {
        var hash = hasher(agency: agency, subject: subject)
        hash.append(String(fiscalYear))
        hash.append(sourceFile)
        return hash.value
    }

    /// `problem_key`: a fingerprint of (agency, category, project, indicator, subject) without
    /// the year or the file, so that the same problem has the same key in every year's register.
    public func problemKeyHash(agency: String) -> UInt64 { hasher(agency: agency, subject: problemSubject).value }

    private func hasher(agency: String, subject: String?) -> FingerprintHash {
        var hash = FingerprintHash(agency)
        hash.append(category.rawValue)
        hash.append(project ?? "")
        hash.append(indicator ?? "")
        hash.append(subject ?? "")
        return hash
    }

    /// The prefixes of the two ids, so that no spreadsheet reads them as numbers.
    public static let issueIDPrefix: StaticString = "PA-"
    public static let problemKeyPrefix: StaticString = "PK-"

    /// An id as written: its prefix and 16 lowercase hex digits.
    public static func idText(_ prefix: StaticString, _ hash: UInt64) -> String {
        let hex = String(hash, radix: 16)
        return prefix.description + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
