/// One evaluation record: one department, one fiscal year, its self-assessment and, when it has
/// been re-checked, the verification. Mirrors `docs/record-format.md` element by element.
///
/// Every optional property is "not reported" when `nil`, which is different from zero.
/// All amounts are in 元, converted exactly from 万元 when the file said so.
public struct Record: Equatable, Sendable {
    public var schemaVersion: Int = 1
    /// The unit the file stated its amounts in; amounts in this model are always 元.
    public var amountUnit: AmountUnit = .yuan
    public var department: Department
    public var fiscalYear: Int
    public var rulebook: String
    public var selfAssessment: SelfAssessment
    public var verification: Verification?
    public var finance: Finance?
    public var keyTasks: KeyTasks?
    public var petitions: Petitions?
    public var commendations: Count?
    public var accountability: Count?
    /// `nil` when the record has no `projects` element; an empty list when it has one with none.
    public var projects: [Project]?
    public var projectSummary: ProjectSummary?
    /// The record-level findings (not those that stand inside a project).
    public var findings: [Finding]?
    /// The report's prose, section by section (基本情况, 绩效目标完成情况 …); `nil` when the record
    /// has no `narrative` element.
    public var narrative: [NarrativeSection]?

    public init(
        department: Department, fiscalYear: Int, rulebook: String, selfAssessment: SelfAssessment
    ) {
        self.department = department
        self.fiscalYear = fiscalYear
        self.rulebook = rulebook
        self.selfAssessment = selfAssessment
    }
}

public enum AmountUnit: String, Sendable, CaseIterable {
    case yuan = "元"
    case tenThousandYuan = "万元"

    /// How many 元 one unit is.
    public var yuanFactor: Int { self == .yuan ? 1 : 10_000 }
}

public struct Department: Equatable, Sendable {
    public var mofDivCode: String
    public var agencyCode: String
    public var name: String
    public var province: String
    public var city: String
    public var county: String

    public init(mofDivCode: String, agencyCode: String, name: String, province: String, city: String, county: String) {
        self.mofDivCode = mofDivCode
        self.agencyCode = agencyCode
        self.name = name
        self.province = province
        self.city = city
        self.county = county
    }
}

public enum Grade: String, Sendable, CaseIterable, Comparable {
    case excellent = "优"
    case good = "良"
    case fair = "中"
    case poor = "差"

    /// Rank: 优 is best (3), 差 worst (0).
    public var rank: Int {
        switch self {
        case .excellent: 3
        case .good: 2
        case .fair: 1
        case .poor: 0
        }
    }

    public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.rank < rhs.rank }
}

public struct IndicatorScore: Equatable, Sendable {
    public var id: String
    public var score: Exact
    public var note: String?

    public init(id: String, score: Exact, note: String? = nil) {
        self.id = id
        self.score = score
        self.note = note
    }
}

public struct SelfAssessment: Equatable, Sendable {
    public var score: Exact
    public var grade: Grade
    public var submitted: String?
    public var indicators: [IndicatorScore] = []

    public init(score: Exact, grade: Grade, submitted: String? = nil, indicators: [IndicatorScore] = []) {
        self.score = score
        self.grade = grade
        self.submitted = submitted
        self.indicators = indicators
    }
}

public struct Adjustment: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case bonus, penalty
    }

    public var kind: Kind
    public var count: Int
    public var note: String?

    public init(kind: Kind, count: Int, note: String? = nil) {
        self.kind = kind
        self.count = count
        self.note = note
    }
}

public struct Verification: Equatable, Sendable {
    public var evaluator: String
    public var commissionedBy: String?
    public var date: String?
    public var reportedScore: Exact?
    public var reportedGrade: Grade?
    public var indicators: [IndicatorScore] = []
    public var adjustments: [Adjustment] = []

    public init(evaluator: String) { self.evaluator = evaluator }
}

/// A budget / final pair (预算数 / 决算数); either side may be unreported.
public struct BudgetFinal: Equatable, Sendable {
    public var budget: Exact?
    public var final: Exact?

    public init(budget: Exact? = nil, final: Exact? = nil) {
        self.budget = budget
        self.final = final
    }
}

public struct IncomeSource: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case generalPublic, governmentFund, stateCapital, socialInsurance, carryOver, other
    }

    public var kind: Kind
    public var budget: Exact?
    public var final: Exact?

    public init(kind: Kind, budget: Exact? = nil, final: Exact? = nil) {
        self.kind = kind
        self.budget = budget
        self.final = final
    }
}

public struct Income: Equatable, Sendable {
    public var budget: Exact?
    public var final: Exact?
    public var sources: [IncomeSource] = []

    public init(budget: Exact? = nil, final: Exact? = nil, sources: [IncomeSource] = []) {
        self.budget = budget
        self.final = final
        self.sources = sources
    }
}

public struct Expenditure: Equatable, Sendable {
    public var budget: Exact?
    public var final: Exact?
    public var basic: Exact?
    public var personnel: Exact?
    public var publicUse: Exact?
    public var project: Exact?

    public init(
        budget: Exact? = nil, final: Exact? = nil, basic: Exact? = nil,
        personnel: Exact? = nil, publicUse: Exact? = nil, project: Exact? = nil
    ) {
        self.budget = budget
        self.final = final
        self.basic = basic
        self.personnel = personnel
        self.publicUse = publicUse
        self.project = project
    }
}

public struct Balance: Equatable, Sendable {
    public var opening: Exact?
    public var yearEnd: Exact?

    public init(opening: Exact? = nil, yearEnd: Exact? = nil) {
        self.opening = opening
        self.yearEnd = yearEnd
    }
}

public struct TreasuryStock: Equatable, Sendable {
    public var previousYearEnd: Exact?
    public var yearEnd: Exact?
    /// The percentage the report states.
    public var changeRate: Exact?

    public init(previousYearEnd: Exact? = nil, yearEnd: Exact? = nil, changeRate: Exact? = nil) {
        self.previousYearEnd = previousYearEnd
        self.yearEnd = yearEnd
        self.changeRate = changeRate
    }
}

public struct Procurement: Equatable, Sendable {
    public var plan: Exact?
    public var actual: Exact?

    public init(plan: Exact? = nil, actual: Exact? = nil) {
        self.plan = plan
        self.actual = actual
    }
}

public struct FixedAssets: Equatable, Sendable {
    public var total: Exact?
    public var inUse: Exact?

    public init(total: Exact? = nil, inUse: Exact? = nil) {
        self.total = total
        self.inUse = inUse
    }
}

public struct Transfers: Equatable, Sendable {
    public var due: Exact?
    public var onTime: Exact?

    public init(due: Exact? = nil, onTime: Exact? = nil) {
        self.due = due
        self.onTime = onTime
    }
}

public enum BudgetApproval: String, Sendable, CaseIterable {
    case onTime, late, none
}

public struct BudgetAdjustments: Equatable, Sendable {
    public var nonPolicy: Int?
    public var over20Percent: Int?
    public var variance50Percent: Int?

    public init(nonPolicy: Int? = nil, over20Percent: Int? = nil, variance50Percent: Int? = nil) {
        self.nonPolicy = nonPolicy
        self.over20Percent = over20Percent
        self.variance50Percent = variance50Percent
    }
}

public struct Finance: Equatable, Sendable {
    public var income: Income?
    public var expenditure: Expenditure?
    public var publicFunds: BudgetFinal?
    public var threePublic: BudgetFinal?
    public var balance: Balance?
    public var treasuryStock: TreasuryStock?
    public var procurement: Procurement?
    public var fixedAssets: FixedAssets?
    public var transfers: Transfers?
    public var budgetApproval: BudgetApproval?
    public var adjustments: BudgetAdjustments?

    public init() {}
}

public struct KeyTasks: Equatable, Sendable {
    public var partyInspection: Exact?
    public var governmentInspection: Exact?

    public init(partyInspection: Exact? = nil, governmentInspection: Exact? = nil) {
        self.partyInspection = partyInspection
        self.governmentInspection = governmentInspection
    }
}

public struct Petitions: Equatable, Sendable {
    public var channels: Bool?
    public var total: Int?
    public var onTime: Int?

    public init(channels: Bool? = nil, total: Int? = nil, onTime: Int? = nil) {
        self.channels = channels
        self.total = total
        self.onTime = onTime
    }
}

/// `commendations` / `accountability`: a count that may itself be unreported.
public struct Count: Equatable, Sendable {
    public var count: Int?

    public init(count: Int? = nil) { self.count = count }
}

public enum TargetDirection: String, Sendable, CaseIterable {
    case atLeast, atMost, exactly
}

public enum TargetCategory: String, Sendable, CaseIterable {
    case quantity = "数量"
    case quality = "质量"
    case timeliness = "时效"
    case cost = "成本"
    case economic = "经济效益"
    case social = "社会效益"
    case ecological = "生态效益"
    case sustainable = "可持续影响"
    case satisfaction = "满意度"
}

public struct Target: Equatable, Sendable {
    public var name: String
    public var category: TargetCategory?
    public var unit: String?
    public var planned: Exact
    public var actual: Exact?
    public var direction: TargetDirection = .atLeast

    public init(
        name: String, category: TargetCategory? = nil, unit: String? = nil,
        planned: Exact, actual: Exact? = nil, direction: TargetDirection = .atLeast
    ) {
        self.name = name
        self.category = category
        self.unit = unit
        self.planned = planned
        self.actual = actual
        self.direction = direction
    }
}

public struct Arrears: Equatable, Sendable {
    public var amount: Exact?
    public var months: Int?
    public var note: String?

    public init(amount: Exact? = nil, months: Int? = nil, note: String? = nil) {
        self.amount = amount
        self.months = months
        self.note = note
    }
}

public struct Finding: Equatable, Sendable {
    public var category: String?
    /// The project the finding concerns: set by the `project` attribute, or by standing inside one.
    public var project: String?
    public var text: String

    public init(category: String? = nil, project: String? = nil, text: String) {
        self.category = category
        self.project = project
        self.text = text
    }
}

/// One section of the report's prose: its heading and its text.
public struct NarrativeSection: Equatable, Sendable {
    public var title: String
    public var text: String

    public init(title: String, text: String) {
        self.title = title
        self.text = text
    }
}

public enum ProjectKind: String, Sendable, CaseIterable {
    case recurring, oneOff
}

public struct Project: Equatable, Sendable {
    public var code: String?
    public var name: String
    public var kind: ProjectKind
    /// The project's budget; `nil` when the report names the project without stating it
    /// (see docs/record-format.md, "Deviations from the contract").
    public var budget: Exact?
    public var allocated: Exact?
    public var spent: Exact?
    public var settlement: Exact?
    public var plannedEnd: String?
    public var finishedOn: String?
    public var completed: Bool?
    public var selfScore: Exact?
    public var selfGrade: Grade?
    public var verifiedScore: Exact?
    public var verifiedGrade: Grade?
    public var targets: [Target] = []
    public var arrears: Arrears?
    public var findings: [Finding] = []

    public init(name: String, kind: ProjectKind, budget: Exact? = nil) {
        self.name = name
        self.kind = kind
        self.budget = budget
    }
}

public struct ProjectSummary: Equatable, Sendable {
    public var recurringCount: Int?
    public var recurringBudget: Exact?
    public var oneOffCount: Int?
    public var oneOffBudget: Exact?
    public var oneOffHighBalanceCount: Int?
    public var recurringHighBalanceCount: Int?

    public init() {}
}
