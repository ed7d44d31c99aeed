import PerfauditCore
import PerfauditEngine

/// Generates the sample city: evaluation records for 湛江市's nine county-level divisions,
/// their departments, fiscal years 2021–2023, rulebook `zhanjiang-dept-2021`.
///
/// Everything is a pure function of `seed`, `options` and the record's index: `record(at:)` is
/// O(1) random access (no state shared between indices), so a corpus of any size can be made
/// in parallel or in pieces. Index `i` is department `i / 3` in fiscal year `2021 + i % 3`, so
/// consecutive triples are one department over three years, and `(agency, year)` is unique
/// across all indices unless `Options.duplicateEvery` asks for duplicates.
///
/// The figures are realistic but invented; planted anomalies make the default sample exercise
/// every issue category of the issues register (docs/sample-data.md lists what is planted where).
public struct SampleCityGenerator: Sendable {
    public struct Options: Sendable, Equatable {
        /// Share of records (percent) that carry a verification (核查), spread evenly.
        public var verifiedPercent: Int = 40
        /// Share of records (percent) written with `amountUnit="万元"`.
        public var wanYuanPercent: Int = 15
        /// Plant the anomalies (over budget, unmet targets, inflated self grades, …). When off,
        /// records are clean: consistent figures, scores by the rules, no planted issue.
        public var plantAnomalies: Bool = true
        /// When set to n ≥ 2, every n-th index (n−1, 2n−1, …) repeats the agency and fiscal year
        /// of the index before it (a resubmitted file): DUPLICATE_RECORD on purpose. Off by default.
        public var duplicateEvery: Int? = nil
        /// Give every record a `narrative` (its own prose, `SampleNarrativeWriter`). Drawn from a
        /// stream of its own: the figures are the same either way.
        public var narrative: Bool = true
        /// Plant the copies of `SampleCopyKind` (with `plantAnomalies`): copied prose for
        /// TEMPLATE_COPY, copied self scores for SCORES_IDENTICAL, template-only pairs.
        public var plantCopies: Bool = true

        public init(
            verifiedPercent: Int = 40, wanYuanPercent: Int = 15, plantAnomalies: Bool = true,
            duplicateEvery: Int? = nil, narrative: Bool = true, plantCopies: Bool = true
        ) {
            self.verifiedPercent = verifiedPercent
            self.wanYuanPercent = wanYuanPercent
            self.plantAnomalies = plantAnomalies
            self.duplicateEvery = duplicateEvery
            self.narrative = narrative
            self.plantCopies = plantCopies
        }
    }

    public let seed: UInt64
    public let options: Options

    public init(seed: UInt64, options: Options = Options()) {
        self.seed = seed
        self.options = options
    }

    /// Who a record is about, without generating its figures.
    public struct Identity: Sendable, Equatable {
        public var mofDivCode: String
        public var county: String
        public var agencyCode: String
        public var departmentName: String
        public var fiscalYear: Int
    }

    /// The division, department and year of index `index`.
    public func identity(at index: Int) -> Identity {
        let slot = SampleCityGenerator.slot(index, options)
        let division = SampleCatalog.divisions[slot.division]
        let template = slot.template
        let code = slot.unit == 0
            ? "\(division.code)-\(template.code)"
            : "\(division.code)-\(template.code)-\(SampleCityGenerator.padded(slot.unit, 3))"
        let name = slot.unit == 0
            ? division.name + template.name : "\(division.name)第\(slot.unit)\(template.unitStem)"
        return Identity(
            mofDivCode: division.code, county: division.name, agencyCode: code, departmentName: name,
            fiscalYear: SampleCatalog.years[slot.year])
    }

    struct Slot {
        var year: Int
        var agency: Int
        var division: Int
        /// 0: the department itself; n ≥ 1: its n-th subordinate unit (large corpora only).
        var unit: Int
        var template: SampleCatalog.DepartmentTemplate
    }

    static func slot(_ index: Int, _ options: Options) -> Slot {
        precondition(index >= 0, "record index must not be negative")
        var source = index
        if let every = options.duplicateEvery, every >= 2, index % every == every - 1 { source = index - 1 }
        let yearCount = SampleCatalog.years.count
        let divisionCount = SampleCatalog.divisions.count
        let departmentCount = SampleCatalog.departments.count
        let agency = source / yearCount
        let division = agency % divisionCount
        let position = agency / divisionCount
        // A rotation per division, so that the first departments differ from county to county.
        let base = (position + 5 * division) % departmentCount
        var template = SampleCatalog.departments[base]
        if SampleCatalog.divisions[division].code == "440823" && template.code == 301 {
            template = SampleCatalog.suixiSubstitute
        }
        return Slot(
            year: source % yearCount, agency: agency, division: division, unit: position / departmentCount,
            template: template)
    }

    /// The record at `index`: its figures, its narrative, and the copy planted there if any
    /// (`copyPlant(at:)`).
    public func record(at index: Int) -> Record {
        let record = baseRecord(at: index)
        if let plant = copyPlant(at: index) { return applying(plant, to: record) }
        guard options.narrative else { return record }
        var withProse = record
        withProse.narrative = ownNarrative(at: index, of: record)
        return withProse
    }

    /// The figures of record `index`, without narrative or copy: from the figures' own stream.
    func baseRecord(at index: Int) -> Record {
        var builder = SampleRecordBuilder(
            seed: seed, index: index, options: options, identity: identity(at: index),
            slot: SampleCityGenerator.slot(index, options))
        return builder.build()
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// The anomaly planted in a record (index mod 16), so that any 16 consecutive records show
/// each one once. Random extras come on top at low rates.
enum SamplePlanted: Int {
    case none = 0, overBudget, underAllocated, targetBelow, targetAbove, targetUnequal, lateProject,
        highBalance, budgetVariance, publicFundsOverspent, selfAboveAttainable, arrears, dataInconsistent,
        gradeScoreMismatch, scoreOutOfRange, clean
}

/// How a verification departs from a consistent one.
enum SampleVerificationVariant: Int {
    case consistent = 0, ruleDeviation, gradeInflation, reportedMismatch, wideGap
}

struct SampleRecordBuilder {
    var rng: SampleRandom
    let index: Int
    let options: Options
    let identity: SampleCityGenerator.Identity
    let slot: SampleCityGenerator.Slot
    let planted: SamplePlanted
    let verified: Bool
    let variant: SampleVerificationVariant
    let unit: AmountUnit
    /// Amounts are multiples of this many fen (1 in 元 records, 10000 = 100 元 in 万元 records).
    let granularity: Int64
    /// Boundary case planted in this record (0 none).
    let boundary: Int

    typealias Options = SampleCityGenerator.Options

    init(
        seed: UInt64, index: Int, options: Options, identity: SampleCityGenerator.Identity,
        slot: SampleCityGenerator.Slot
    ) {
        self.index = index
        self.options = options
        self.identity = identity
        self.slot = slot
        var random = SampleRandom(seed: seed, stream: 0x5EED_C17E, index: UInt64(index))
        planted = options.plantAnomalies ? SamplePlanted(rawValue: index % 16)! : .clean
        let spread = (index &* 37) % 100
        verified = spread < options.verifiedPercent
        variant = options.plantAnomalies ? SampleVerificationVariant(rawValue: spread % 5)! : .consistent
        let wan = random.chance(options.wanYuanPercent)
        unit = wan ? .tenThousandYuan : .yuan
        granularity = wan ? 10_000 : 1
        let boundaryRoll = random.chance(35)
        let boundaryKind = random.int(1...6)
        boundary = options.plantAnomalies && boundaryRoll ? boundaryKind : 0
        rng = random
    }

    // MARK: Amount helpers (all in fen)

    func amount(_ fen: Int64) -> Exact { Exact(units: fen * 100) }

    /// `fen` rounded down to the record's granularity.
    func round(_ fen: Int64) -> Int64 { fen / granularity * granularity }

    /// `fen × permille / 1000`, rounded down to the granularity.
    func scaled(_ fen: Int64, _ permille: Int64) -> Int64 { round(fen * permille / 1000) }

    /// A 万元 range as fen, with a random number of hundreds of 元 on top (budgets are round).
    mutating func budgetFen(wan range: ClosedRange<Int>, divisor: Int = 1) -> Int64 {
        let wan = Int64(max(1, rng.int(range) / divisor))
        return wan * 1_000_000 + Int64(rng.int(0...99)) * 10_000
    }

    /// A figure with fen: `base × permille / 1000` plus up to 99.99 元 of noise.
    mutating func withFen(_ base: Int64, _ permille: ClosedRange<Int>) -> Int64 {
        round(base * Int64(rng.int(permille)) / 1000 + Int64(rng.int(0...9999)))
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> String {
        "\(year)-\(SampleCityGenerator.padded(month, 2))-\(SampleCityGenerator.padded(day, 2))"
    }

    static func lastDay(_ month: Int) -> Int { [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] }

    /// The grade of a score by the rulebook's own bands.
    static func grade(_ score: Exact) -> Grade { SampleRulebook.rulebook.grades.grade(of: score) }

    /// Half points: 0.5 × n.
    static func halves(_ n: Int) -> Exact { Exact(units: Int64(n) * 5_000) }

    // MARK: Record

    mutating func build() -> Record {
        let year = identity.fiscalYear
        let department = Department(
            mofDivCode: identity.mofDivCode, agencyCode: identity.agencyCode, name: identity.departmentName,
            province: SampleCatalog.province, city: SampleCatalog.city, county: identity.county)
        var record = Record(
            department: department, fiscalYear: year, rulebook: SampleCatalog.rulebook,
            selfAssessment: SelfAssessment(score: Exact(90), grade: .excellent))
        record.amountUnit = unit
        let incomeFinal = buildFinance(&record)
        buildCountsAndTasks(&record)
        buildProjects(&record, incomeFinal: incomeFinal)
        buildScores(&record)
        buildFindings(&record)
        return record
    }

    // MARK: Finance

    /// Fills `record.finance`; returns income.final in fen.
    mutating func buildFinance(_ record: inout Record) -> Int64 {
        let template = slot.template
        let divisor = slot.unit == 0 ? 1 : 5
        var finance = Finance()

        // Income: budget, sources that add up, final within a few percent of the budget.
        let budget = budgetFen(wan: template.income, divisor: divisor)
        let fundShare: Int64 = template.governmentFund && rng.chance(80) ? Int64(rng.int(150...750)) : 0
        let generalBudget = round(budget * (1000 - fundShare) / 1000 / 10_000 * 10_000)
        var final: Int64
        if planted == .budgetVariance {
            final = withFen(budget, rng.chance(50) ? 620...780 : 1220...1450)
        } else if boundary == 1 && unit == .yuan {
            final = budget * 105 / 100  // exactly 5 % above: the first deduction step
        } else {
            final = withFen(budget, 960...1060)
        }
        let carryOver: Int64 = rng.chance(15) ? withFen(final, 10...40) : 0
        let rest = final - carryOver
        var sources: [IncomeSource] = []
        if fundShare > 0 {
            let generalFinal = round(rest * (1000 - fundShare + Int64(rng.int(-60...60))) / 1000)
            var fundFinal = rest - generalFinal
            if planted == .dataInconsistent && rng.chance(50) {
                fundFinal += Int64(rng.int(1...500)) * 10_000  // sources no longer add up
            }
            sources.append(IncomeSource(kind: .generalPublic, budget: amount(generalBudget), final: amount(generalFinal)))
            sources.append(
                IncomeSource(kind: .governmentFund, budget: amount(budget - generalBudget), final: amount(fundFinal)))
        } else {
            var generalFinal = rest
            if planted == .dataInconsistent && rng.chance(50) { generalFinal -= Int64(rng.int(1...500)) * 10_000 }
            sources.append(IncomeSource(kind: .generalPublic, budget: amount(budget), final: amount(generalFinal)))
        }
        if carryOver > 0 { sources.append(IncomeSource(kind: .carryOver, final: amount(carryOver))) }
        finance.income = Income(budget: amount(budget), final: amount(final), sources: sources)

        // Expenditure: total and its parts (personnel + publicUse = basic, basic + project = final).
        let spentPermille: Int64
        if planted == .highBalance {
            spentPermille = Int64(rng.int(700...860))
        } else {
            spentPermille = rng.chance(50) ? 1000 : Int64(rng.int(900...995))
        }
        let spent = spentPermille == 1000 ? final : scaled(final, spentPermille)
        let basic = scaled(spent, Int64(rng.int(120...450)))
        let personnel = scaled(basic, Int64(rng.int(620...800)))
        let publicUse = basic - personnel
        var project = spent - basic
        if planted == .dataInconsistent && !sources.isEmpty && rng.chance(50) {
            project += granularity == 1 ? 1 : granularity  // off by 0.01 元 / 0.01 万元, as in the 米易 seed
        }
        finance.expenditure = Expenditure(
            budget: rng.chance(60) ? amount(budget) : nil, final: amount(spent), basic: amount(basic),
            personnel: amount(personnel), publicUse: amount(publicUse), project: amount(project))

        // 公用经费 and 三公经费.
        let overspend = planted == .publicFundsOverspent ? rng.int(1...3) : 0
        let publicBudget = overspend & 1 != 0
            ? round(publicUse * Int64(rng.int(850...970)) / 1000 / 10_000 * 10_000)
            : round(publicUse * Int64(rng.int(1050...1400)) / 1000 / 10_000 * 10_000)
        finance.publicFunds = BudgetFinal(budget: amount(publicBudget), final: amount(publicUse))
        if rng.chance(90) || overspend & 2 != 0 {
            let threeBudget = Int64(rng.int(5...60)) * 1_000_000 / Int64(divisor)
            let threeFinal = overspend & 2 != 0 ? withFen(threeBudget, 1030...1200) : withFen(threeBudget, 550...980)
            finance.threePublic = BudgetFinal(budget: amount(round(threeBudget)), final: amount(threeFinal))
        }

        // 结转结余: what was not spent stays.
        let opening: Int64? = rng.chance(50) ? withFen(final, 0...40) : nil
        if rng.chance(92) || planted == .highBalance {
            finance.balance = Balance(
                opening: opening.map(amount), yearEnd: amount((opening ?? 0) + final - spent))
        }

        // 国库集中支付结转结余存量资金: amounts, a stated rate, or both.
        finance.treasuryStock = buildTreasuryStock(final)

        // 政府采购.
        if planted == .selfAboveAttainable || (options.plantAnomalies && rng.chance(6)) {
            finance.procurement = Procurement(plan: .zero, actual: .zero)
        } else if rng.chance(90) {
            let plan = round(final * Int64(rng.int(10...60)) / 1000 / 10_000 * 10_000)
            let actual: Int64
            switch rng.int(0...19) {
            case 0...5: actual = plan
            case 6 where options.plantAnomalies: actual = withFen(plan, 1010...1080)
            default: actual = withFen(plan, 850...995)
            }
            finance.procurement = Procurement(plan: amount(plan), actual: amount(actual))
        }

        // 固定资产, with the exact band boundaries now and then.
        if boundary == 2 {
            finance.fixedAssets = FixedAssets(total: amount(512_200_000), inUse: amount(486_590_000))  // exactly 95 %
        } else if boundary == 3 {
            let total = Int64(rng.int(300...3000)) * 1_000_000
            finance.fixedAssets = FixedAssets(total: amount(total), inUse: amount(total * 9 / 10))  // exactly 90 %
        } else if rng.chance(80) {
            let total = budgetFen(wan: 200...5000, divisor: divisor) + Int64(rng.int(0...9999))
            let inUse = rng.chance(12) ? withFen(total, 850...899) : withFen(total, 920...1000)
            finance.fixedAssets = FixedAssets(total: amount(round(total)), inUse: amount(min(inUse, round(total))))
        }

        // 转移支付 and 批复下属单位预算.
        if template.transfers && rng.chance(85) {
            if rng.chance(10) {
                finance.transfers = Transfers(due: .zero, onTime: .zero)
            } else {
                let due = withFen(final, 50...300)
                let onTime = rng.chance(70) ? due : withFen(due, 600...980)
                finance.transfers = Transfers(due: amount(due), onTime: amount(onTime))
            }
        }
        if rng.chance(85) {
            let roll = rng.int(0...19)
            finance.budgetApproval = roll < 15 ? .onTime : roll < 19 ? .late : BudgetApproval.none
        }
        if rng.chance(70) {
            finance.adjustments = BudgetAdjustments(
                nonPolicy: rng.pick([0, 0, 0, 1, 1, 2, 3, 4, 5, 6]), over20Percent: rng.pick([0, 0, 0, 0, 1, 1, 2]),
                variance50Percent: rng.pick([0, 0, 0, 0, 0, 1]))
        }
        record.finance = finance
        return final
    }

    mutating func buildTreasuryStock(_ incomeFinal: Int64) -> TreasuryStock? {
        guard rng.chance(90) || planted == .selfAboveAttainable || planted == .dataInconsistent else { return nil }
        if boundary == 4 {
            // −15 % exactly: the top band's boundary.
            return TreasuryStock(previousYearEnd: amount(200_000_000), yearEnd: amount(170_000_000), changeRate: Exact(-15))
        }
        let previous = withFen(incomeFinal, 5...80)
        var change = rng.int(-600...300)
        if planted == .selfAboveAttainable { change = rng.int(50...300) }
        let bothZero = planted != .selfAboveAttainable && rng.chance(8)
        let yearEnd = bothZero ? 0 : withFen(previous, (1000 + change)...(1000 + change))
        let previousAmount = bothZero ? 0 : previous
        // The rate a report would state: rounded half-up to 2 decimals.
        var rate: Exact?
        if previousAmount > 0 {
            rate = ((Rational(Int128(yearEnd), Int128(previousAmount)) - .one) * .hundred).roundedHalfUp(digits: 2)
        }
        var mode = rng.int(0...3)
        if planted == .dataInconsistent && previousAmount > 0 { mode = 4 }
        switch mode {
        case 0:
            return TreasuryStock(previousYearEnd: amount(previousAmount), yearEnd: amount(yearEnd))
        case 1 where rate != nil:
            return TreasuryStock(changeRate: rate)
        case 4:
            // A stated rate that does not match the amounts.
            let off = Exact(units: Int64(rng.int(150...500)) * 100)
            return TreasuryStock(
                previousYearEnd: amount(previousAmount), yearEnd: amount(yearEnd), changeRate: rate! + off)
        default:
            return TreasuryStock(previousYearEnd: amount(previousAmount), yearEnd: amount(yearEnd), changeRate: rate)
        }
    }

    // MARK: Key tasks, petitions, commendations

    mutating func buildCountsAndTasks(_ record: inout Record) {
        if boundary == 5 {
            record.keyTasks = KeyTasks(partyInspection: Exact(95), governmentInspection: Exact(90))  // 4.625 → 4.63
        } else if rng.chance(85) {
            let scores = [100, 100, 100, 98, 96, 95, 94, 92, 90, 88]
            let party = rng.chance(10) ? SampleRecordBuilder.halves(rng.int(176...199)) : Exact(rng.pick(scores))
            record.keyTasks = KeyTasks(partyInspection: party, governmentInspection: Exact(rng.pick(scores)))
        }
        if rng.chance(75) {
            let total = rng.chance(20) ? 0 : rng.int(1...60)
            let onTime = total == 0 || rng.chance(65) ? total : total - rng.int(1...min(3, total))
            record.petitions = Petitions(channels: rng.chance(95), total: total, onTime: onTime)
        }
        if planted == .selfAboveAttainable {
            record.commendations = Count(count: 0)
        } else if rng.chance(50) {
            record.commendations = Count(count: rng.pick([0, 0, 1, 1, 2]))
        }
        if rng.chance(35) {
            record.accountability = Count(count: options.plantAnomalies ? rng.pick([0, 0, 0, 0, 1]) : 0)
        }
    }

    // MARK: Projects

    mutating func buildProjects(_ record: inout Record, incomeFinal: Int64) {
        let templates = slot.template.projects
        let count = min(templates.count, rng.pick([1, 2, 2, 2, 3, 3, 3, 4, 4]))
        let start = rng.below(templates.count)
        let year = identity.fiscalYear
        let divisor = slot.unit == 0 ? 1 : 5
        // A department whose arrears persist from year to year (整改 that did not hold).
        let chronicArrears = options.plantAnomalies && slot.agency % 4 == 1
        var projects: [Project] = []
        for number in 0..<count {
            let template = templates[(start + number) % templates.count]
            let first = number == 0
            var p = Project(name: template.name, kind: template.kind)
            if rng.chance(40) {
                p.code = "\(identity.mofDivCode)\(year)\(SampleCityGenerator.padded(slot.template.code, 3))"
                    + SampleCityGenerator.padded(number + 1, 3)
            }
            let budget = round(budgetFen(wan: template.budget, divisor: divisor))
            p.budget = amount(budget)
            var allocated = rng.chance(60) ? budget : min(budget, withFen(budget, 950...1000))
            var spent = min(allocated, withFen(allocated, 950...1000))
            var settlement: Int64? = template.works && rng.chance(60) ? round(spent + (budget - spent) / 2) : nil

            // Dates and completion.
            var plannedEnd: (month: Int, day: Int)? = nil
            if rng.chance(80) {
                if template.kind == .recurring {
                    plannedEnd = (12, 31)
                } else {
                    let month = rng.pick([6, 8, 9, 10, 11, 12])
                    plannedEnd = (month, SampleRecordBuilder.lastDay(month))
                }
            }
            var completed = true
            var finishedOn: String? = plannedEnd.map { end in
                SampleRecordBuilder.date(year, end.month, template.kind == .recurring ? end.day : rng.int(1...end.day))
            }

            var findings: [Finding] = []
            var targets = buildTargets(template.targets)
            let extra = options.plantAnomalies && !first
            if (first && planted == .overBudget) || (extra && rng.chance(4)) {
                if template.works {
                    settlement = withFen(budget, 1030...1150)
                    allocated = budget
                    spent = rng.chance(50) ? withFen(budget, 1010...1080) : withFen(budget, 960...1000)
                } else {
                    allocated = budget
                    spent = withFen(budget, 1010...1080)
                }
                if verified || rng.chance(50) {
                    findings.append(Finding(category: SampleCatalog.overBudgetFinding.category, project: p.name,
                                            text: SampleCatalog.overBudgetFinding.text))
                }
            } else if (first && planted == .underAllocated) || (extra && rng.chance(6)) {
                allocated = withFen(budget, 300...550)
                spent = withFen(allocated, 900...1000)
                if rng.chance(50) {
                    findings.append(Finding(category: SampleCatalog.slowAllocationFinding.category, project: p.name,
                                            text: SampleCatalog.slowAllocationFinding.text))
                }
                settlement = nil
            } else if first && boundary == 6 && unit == .yuan {
                allocated = budget
                spent = budget * 9 / 10  // exactly 90 %: not yet low execution
                settlement = nil
            } else if first && boundary == 3 && unit == .yuan {
                allocated = budget * 6 / 10  // exactly 60 %: not yet under-allocated
                spent = allocated
                settlement = nil
            }
            if (first && planted == .lateProject) || (extra && template.kind == .oneOff && rng.chance(5)) {
                let month = rng.pick([6, 9, 10, 11])
                plannedEnd = (month, SampleRecordBuilder.lastDay(month))
                if rng.chance(50) {
                    completed = false
                    finishedOn = nil
                } else {
                    finishedOn = SampleRecordBuilder.date(year + 1, rng.int(1...3), rng.int(1...28))
                }
                if rng.chance(50) {
                    findings.append(Finding(category: SampleCatalog.lateFinding.category, project: p.name,
                                            text: SampleCatalog.lateFinding.text))
                }
            }
            if first {
                switch planted {
                case .targetBelow: miss(&targets, .atLeast)
                case .targetAbove: miss(&targets, .atMost)
                case .targetUnequal: miss(&targets, .exactly)
                default: break
                }
            } else if extra && rng.chance(8) {
                miss(&targets, .atLeast)
            }
            if targets.contains(where: { !SampleRecordBuilder.met($0) }) && rng.chance(40) {
                findings.append(Finding(category: SampleCatalog.targetFinding.category, project: p.name,
                                        text: SampleCatalog.targetFinding.text))
            }
            if (first && (planted == .arrears || chronicArrears)) || (extra && rng.chance(6)) {
                let months = rng.int(1...6)
                let owed = withFen(budget, 80...250)
                p.arrears = Arrears(
                    amount: rng.chance(85) || first ? amount(owed) : nil, months: months,
                    note: "尚欠\(months)个月服务费未支付，因财政资金未及时到位")
            }

            p.allocated = amount(allocated)
            p.spent = amount(spent)
            p.settlement = settlement.map(amount)
            p.plannedEnd = plannedEnd.map { SampleRecordBuilder.date(year, $0.month, $0.day) }
            p.finishedOn = completed ? finishedOn : nil
            p.completed = completed
            if rng.chance(85) {
                let score = SampleRecordBuilder.halves(rng.int(160...200))
                p.selfScore = score
                p.selfGrade = SampleRecordBuilder.grade(score)
                if verified && rng.chance(40) {
                    let checked = score - SampleRecordBuilder.halves(rng.int(0...12))
                    p.verifiedScore = checked
                    p.verifiedGrade = SampleRecordBuilder.grade(checked)
                }
            }
            p.targets = targets
            p.findings = findings
            projects.append(p)
        }
        record.projects = projects
    }

    mutating func buildTargets(_ templates: [SampleCatalog.TargetTemplate]) -> [Target] {
        var targets: [Target] = []
        for t in templates {
            let planned = rng.int(t.planned)
            var actual: Int
            switch t.direction {
            case .atLeast:
                actual = planned * rng.int(1000...1080) / 1000
                if t.unit == "%" { actual = min(actual, 100 * SampleRecordBuilder.power(t.scale)) }
                actual = max(actual, planned)
            case .atMost: actual = planned * rng.int(900...1000) / 1000
            case .exactly: actual = planned
            }
            let reported = rng.chance(92)
            targets.append(Target(
                name: t.name, category: t.category, unit: t.unit, planned: SampleRecordBuilder.value(planned, t.scale),
                actual: reported ? SampleRecordBuilder.value(actual, t.scale) : nil, direction: t.direction))
        }
        return targets
    }

    static func power(_ scale: Int) -> Int { scale == 0 ? 1 : scale == 1 ? 10 : 100 }

    static func value(_ scaled: Int, _ scale: Int) -> Exact {
        Exact(units: Int64(scaled) * Exact.scale / Int64(power(scale)))
    }

    static func met(_ t: Target) -> Bool {
        guard let actual = t.actual else { return true }
        switch t.direction {
        case .atLeast: return actual >= t.planned
        case .atMost: return actual <= t.planned
        case .exactly: return actual == t.planned
        }
    }

    /// Makes one target of `direction` miss (adding a typical one when the project has none).
    mutating func miss(_ targets: inout [Target], _ direction: TargetDirection) {
        var position = targets.firstIndex { $0.direction == direction }
        if position == nil {
            switch direction {
            case .atLeast:
                targets.append(Target(name: "项目完成率", category: .quantity, unit: "%", planned: Exact(100)))
            case .atMost:
                targets.append(Target(
                    name: "资金拨付时限", category: .timeliness, unit: "工作日", planned: Exact(30), direction: .atMost))
            case .exactly:
                targets.append(Target(
                    name: "补助标准执行率", category: .cost, unit: "%", planned: Exact(100), direction: .exactly))
            }
            position = targets.count - 1
        }
        var target = targets[position!]
        let units = target.planned.units
        switch direction {
        case .atLeast:
            // Below plan; now and then below 60 % (a high-severity miss).
            let permille = Int64(rng.chance(30) ? rng.int(300...590) : rng.int(650...960))
            target.actual = Exact(units: units * permille / 1000 / 100 * 100)
        case .atMost:
            target.actual = Exact(units: max(units * Int64(rng.int(1050...1400)) / 1000 / 100 * 100, units + Exact.scale))
        case .exactly:
            target.actual = target.planned - Exact(units: Int64(rng.int(1...9)) * 5_000)
        }
        targets[position!] = target
    }

    // MARK: Scores

    mutating func buildScores(_ record: inout Record) {
        let indicators = SampleRulebook.indicators
        // How strict the evaluator (and the department's own practice) is: 0 best … 3 weak.
        let weakness = rng.pick([0, 0, 1, 1, 1, 2, 2, 3])
        let deductionTable: [[Int]] = [[0, 0, 0, 1], [0, 0, 1, 1, 2], [0, 1, 2, 2, 3], [1, 2, 3, 4]]  // halves
        var truth: [Exact] = []
        var highs: [Exact] = []
        var deducted: [Bool] = []
        for indicator in indicators {
            let weight = indicator.weight
            if SampleRulebook.isFormula(indicator) {
                let (lo, hi) = RecordScorer.interval(of: indicator, in: record)
                highs.append(hi)
                var score = hi
                if lo < hi {
                    score = max(lo, hi - SampleRecordBuilder.halves(rng.pick([0, 0, 1])))
                }
                truth.append(score)
                deducted.append(false)
            } else {
                highs.append(weight)
                var halves = rng.pick(deductionTable[weakness])
                if indicator.weight == Exact(1) { halves = min(halves, 1) }
                if indicator.weight >= Exact(10) { halves *= 2 }
                let score = max(.zero, weight - SampleRecordBuilder.halves(halves))
                truth.append(score)
                deducted.append(halves > 0)
            }
        }
        let bonus = min(3, record.commendations?.count ?? 0)
        let penalty = min(6, 2 * (record.accountability?.count ?? 0))
        func total(_ scores: [Exact]) -> Exact {
            let sum = scores.reduce(Exact.zero, +) + Exact(bonus) - Exact(penalty)
            return sum.clamped(.zero, Exact(100))
        }
        let attainable = total(highs)

        var selfScore: Exact
        var selfIndicators: [IndicatorScore] = []
        var hasSelfIndicators = index % 10 == 2 || index % 10 == 5 || index % 10 == 8
        if planted == .selfAboveAttainable || (verified && (variant == .gradeInflation || variant == .wideGap)) {
            hasSelfIndicators = false
        }
        if planted == .scoreOutOfRange && !verified { hasSelfIndicators = true }

        // The verification.
        var verifiedTotal: Exact?
        if verified {
            var scores = truth
            if variant == .ruleDeviation || variant == .wideGap { deviate(&scores, record) }
            if variant == .gradeInflation || variant == .wideGap {
                let ceiling = variant == .wideGap ? rng.int(152...166) : rng.int(164...175)  // halves
                pullDown(&scores, below: SampleRecordBuilder.halves(ceiling), bonus: bonus, penalty: penalty)
            }
            var extraUnknown = false
            if planted == .scoreOutOfRange {
                if rng.chance(60) {
                    let position = indicators.firstIndex { $0.id == "4.3.1" }!
                    scores[position] = Exact(10) + SampleRecordBuilder.halves(rng.int(1...2))
                } else {
                    extraUnknown = true
                }
            }
            var verification = Verification(evaluator: rng.pick(SampleCatalog.evaluators))
            let roll = rng.int(0...9)
            verification.commissionedBy = roll < 6 ? "湛江市财政局" : roll < 9 ? "\(identity.county)财政局" : nil
            verification.date = SampleRecordBuilder.date(identity.fiscalYear + 1, rng.int(8...12), rng.int(1...28))
            for (position, indicator) in indicators.enumerated() {
                var note: String?
                let weight = indicator.weight
                if !SampleRulebook.isFormula(indicator) && scores[position] < weight && rng.chance(50) {
                    note = "酌情扣\((weight - scores[position]).formatted())分"
                } else if indicator.id == "2.2.5" && record.finance?.procurement?.plan == .zero {
                    note = "无采购计划"
                } else if indicator.id == "2.2.3", let rate = record.finance?.treasuryStock?.changeRate, rng.chance(50) {
                    note = "存量资金变动率\(rate.formatted())%"
                }
                verification.indicators.append(IndicatorScore(id: indicator.id, score: scores[position], note: note))
            }
            if extraUnknown {
                verification.indicators.append(IndicatorScore(id: "4.5.1", score: Exact(1), note: "创新加分"))
            }
            let counted = total(scores) + (extraUnknown ? Exact(1) : .zero)
            let checked = counted.clamped(.zero, Exact(100))
            verifiedTotal = checked
            verification.adjustments.append(Adjustment(kind: .bonus, count: record.commendations?.count ?? 0))
            if let count = record.accountability?.count, count > 0 {
                verification.adjustments.append(Adjustment(kind: .penalty, count: count, note: "被问责"))
            }
            if variant == .reportedMismatch {
                let shift = SampleRecordBuilder.halves(rng.pick([3, 4, 5, 6, 10, -3]))
                verification.reportedScore = (checked + shift).clamped(.zero, Exact(100))
            } else if rng.chance(90) {
                verification.reportedScore = checked
            }
            if let reported = verification.reportedScore, rng.chance(50) {
                verification.reportedGrade = SampleRecordBuilder.grade(reported)
            }
            record.verification = verification
        }

        // The self-assessment.
        if hasSelfIndicators {
            for (position, indicator) in indicators.enumerated() {
                var score = truth[position]
                if deducted[position] && rng.chance(50) { score = indicator.weight }
                selfIndicators.append(IndicatorScore(id: indicator.id, score: score))
            }
            if planted == .scoreOutOfRange && !verified {
                let position = rng.below(indicators.count)
                selfIndicators[position].score = indicators[position].weight + Exact(1)
            }
            selfScore = total(selfIndicators.map(\.score))
        } else if let checked = verifiedTotal {
            switch variant {
            case .gradeInflation:
                selfScore = max(checked + SampleRecordBuilder.halves(rng.int(10...18)),
                                SampleRecordBuilder.halves(rng.int(180...188)))
            case .wideGap:
                selfScore = checked + SampleRecordBuilder.halves(rng.int(20...28))
            default:
                selfScore = checked + SampleRecordBuilder.halves(rng.pick([0, 1, 2, 3, 4, 5, 6, 8]))
            }
        } else {
            selfScore = total(truth) + SampleRecordBuilder.halves(rng.int(0...9))
        }
        if planted == .selfAboveAttainable {
            selfScore = max(selfScore, attainable + SampleRecordBuilder.halves(rng.int(1...6)))
        }
        if !hasSelfIndicators {
            selfScore = selfScore.clamped(Exact(75), Exact(98))
            if planted == .selfAboveAttainable && attainable >= Exact(98) { selfScore = Exact(100) }
        }
        selfScore = selfScore.clamped(.zero, Exact(100))
        var grade = SampleRecordBuilder.grade(selfScore)
        if planted == .gradeScoreMismatch {
            if grade != .excellent {
                grade = Grade.allCases.first { $0.rank == grade.rank + 1 }!  // one band better than the score
            } else if var projects = record.projects, !projects.isEmpty {
                projects[0].selfScore = SampleRecordBuilder.halves(rng.int(170...179))
                projects[0].selfGrade = .excellent
                record.projects = projects
            }
        }
        var assessment = SelfAssessment(score: selfScore, grade: grade, indicators: selfIndicators)
        if rng.chance(60) {
            assessment.submitted = SampleRecordBuilder.date(identity.fiscalYear + 1, rng.int(2...4), rng.int(1...28))
        }
        record.selfAssessment = assessment
    }

    /// One formula indicator scored against the rule: full marks where the figures allow less,
    /// or a deduction where they allow full marks (as the 遂溪 seed does for 2.2.3).
    mutating func deviate(_ scores: inout [Exact], _ record: Record) {
        let indicators = SampleRulebook.indicators
        var candidates: [(position: Int, lo: Exact, hi: Exact)] = []
        for (position, indicator) in indicators.enumerated() where SampleRulebook.isFormula(indicator) {
            let (lo, hi) = RecordScorer.interval(of: indicator, in: record)
            candidates.append((position, lo, hi))
        }
        let start = rng.below(candidates.count)
        for offset in 0..<candidates.count {
            let c = candidates[(start + offset) % candidates.count]
            let weight = indicators[c.position].weight
            if c.hi < weight {
                scores[c.position] = weight
                return
            }
            if c.lo == weight && weight >= Exact(1) {
                scores[c.position] = weight - Exact(1)
                return
            }
        }
    }

    /// Deducts from judgment indicators until the verified total is at most `ceiling`.
    mutating func pullDown(_ scores: inout [Exact], below ceiling: Exact, bonus: Int, penalty: Int) {
        let indicators = SampleRulebook.indicators
        let order = ["4.3.1", "2.2.6", "2.3.2", "2.3.1", "4.2.2", "1.2.1", "1.2.2", "2.4.1", "4.4.2", "1.1.2", "3.1.1"]
        let positions = order.map { id in indicators.firstIndex { $0.id == id }! }
        var sum = scores.reduce(Exact.zero, +) + Exact(bonus) - Exact(penalty)
        var round = 0
        while sum > ceiling && round < 40 {
            let position = positions[round % positions.count]
            let floor = Exact(units: indicators[position].weight.units / 2)
            if scores[position] - SampleRecordBuilder.halves(1) >= floor {
                scores[position] = scores[position] - SampleRecordBuilder.halves(1)
                sum = sum - SampleRecordBuilder.halves(1)
            }
            round += 1
        }
    }

    // MARK: Findings

    mutating func buildFindings(_ record: inout Record) {
        let templates = SampleCatalog.recordFindings
        var count = 0
        if verified {
            count = rng.int(1...3)
        } else if rng.chance(40) {
            count = rng.int(1...2)
        }
        var findings: [Finding] = []
        let start = rng.below(templates.count)
        for offset in 0..<count {
            let template = templates[(start + offset * 3) % templates.count]
            findings.append(Finding(category: template.category, text: template.text))
        }
        if record.finance?.procurement?.plan == .zero && rng.chance(50) {
            let template = SampleCatalog.noProcurementFinding
            findings.append(Finding(category: template.category, text: template.text))
        }
        record.findings = findings.isEmpty && rng.chance(70) ? nil : findings
    }
}
