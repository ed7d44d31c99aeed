import PerfauditCore

/// Where a record sorts in every report: province, city, county, department, fiscal year, then
/// the file's place in the input order.
public struct RecordKey: Comparable, Sendable {
    public var province: String
    public var city: String
    public var county: String
    public var department: String
    public var fiscalYear: Int
    public var fileOrder: Int

    init(province: String, city: String, county: String, department: String, fiscalYear: Int, fileOrder: Int) {
        self.province = province
        self.city = city
        self.county = county
        self.department = department
        self.fiscalYear = fiscalYear
        self.fileOrder = fileOrder
    }

    init(_ department: Department, fiscalYear: Int, fileOrder: Int) {
        province = department.province
        city = department.city
        county = department.county
        self.department = department.name
        self.fiscalYear = fiscalYear
        self.fileOrder = fileOrder
    }

    /// The key of an entry the sink keeps, with its interned names.
    init(_ entry: ReportEntry, names: Interner) {
        self.init(
            province: names[entry.province], city: names[entry.city], county: names[entry.county],
            department: names[entry.department], fiscalYear: Int(entry.fiscalYear), fileOrder: Int(entry.fileOrder))
    }

    public static func < (lhs: RecordKey, rhs: RecordKey) -> Bool {
        if lhs.province != rhs.province { return precedes(lhs.province, rhs.province) }
        if lhs.city != rhs.city { return precedes(lhs.city, rhs.city) }
        if lhs.county != rhs.county { return precedes(lhs.county, rhs.county) }
        if lhs.department != rhs.department { return precedes(lhs.department, rhs.department) }
        return (lhs.fiscalYear, lhs.fileOrder) < (rhs.fiscalYear, rhs.fileOrder)
    }

    /// Byte order of the names' UTF-8.
    private static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}

/// Running totals for one county (counties.csv).
struct CountyTotals {
    var records = 0
    var verified = 0
    var selfSum = Exact.zero
    var verifiedSum = Exact.zero
    var gapSum = Exact.zero
    var gradeMismatches = 0
    var issues = 0

    mutating func add(_ scored: ScoredRecord, issueCount: Int) {
        records += 1
        selfSum += scored.record.selfAssessment.score
        issues += issueCount
        guard let verifiedScore = scored.verifiedScore else { return }
        verified += 1
        verifiedSum += verifiedScore
        gapSum += scored.record.selfAssessment.score - verifiedScore
        if scored.gradeMismatch == true { gradeMismatches += 1 }
    }
}

/// Running totals for one issue category (recurring.csv), by interned agency and county ids.
struct CategoryTotals {
    var records = 0
    var counties: Set<CountyID> = []
    /// Per department (agency id): the fiscal year it first had this category, or
    /// `repeatedMark` once it has had it in a second year. Its count is the departments column.
    var years: [Int32: Int16] = [:]
    /// The first few records with this category, by report order.
    var examples: [(RecordKey, String)] = []

    static let exampleCount = 3
    static let repeatedMark: Int16 = -1

    /// Counts a record with this category; `label` is only read when it becomes an example.
    mutating func add(agency: Int32, county: CountyID, key: RecordKey, label: @autoclosure () -> String) {
        records += 1
        counties.insert(county)
        let year = Int16(clamping: key.fiscalYear)
        if let seen = years[agency] {
            if seen != year { years[agency] = Self.repeatedMark }
        } else {
            years[agency] = year
        }
        // Records mostly arrive in about report order: with the examples full, one comparison
        // with the last of them usually settles it.
        if examples.count == Self.exampleCount, let last = examples.last, !(key < last.0) { return }
        let position = examples.firstIndex { key < $0.0 } ?? examples.count
        if position < Self.exampleCount {
            examples.insert((key, label()), at: position)
            if examples.count > Self.exampleCount { examples.removeLast() }
        }
    }

    var departments: Int { years.count }
    var repeatDepartments: Int { years.values.filter { $0 == Self.repeatedMark }.count }
}

/// A county by its interned names.
struct CountyID: Hashable, Sendable {
    var province: Int32
    var city: Int32
    var county: Int32
}

/// The running totals of a run, per county and per issue category, kept as records arrive.
struct RunAggregates: Sendable {
    /// Per county: the first record's key (for the county's names) and its totals.
    private(set) var counties: [CountyID: (RecordKey, CountyTotals)] = [:]
    private(set) var categories: [IssueCategory: CategoryTotals] = [:]
    private(set) var issueTotal = 0
    /// Per category, its rows in issues.csv.
    private(set) var issueRows: [IssueCategory: Int] = [:]

    /// Counts a scored record and its issues (each category once per record).
    mutating func add(
        _ scored: ScoredRecord, issues: [Issue], county: CountyID, agency: Int32, key: RecordKey
    ) {
        counties[county, default: (key, CountyTotals())].1.add(scored, issueCount: issues.count)
        issueTotal += issues.count
        guard !issues.isEmpty else { return }
        var counted: [IssueCategory] = []
        for issue in issues {
            issueRows[issue.category, default: 0] += 1
            guard !counted.contains(issue.category) else { continue }
            counted.append(issue.category)
            categories[issue.category, default: CategoryTotals()].add(
                agency: agency, county: county, key: key, label: Self.label(key))
        }
    }

    /// Counts one issue added once every record is in (a duplicate filing's).
    mutating func addLate(_ issue: Issue, county: CountyID, agency: Int32, key: RecordKey) {
        counties[county]?.1.issues += 1
        issueTotal += 1
        issueRows[issue.category, default: 0] += 1
        categories[issue.category, default: CategoryTotals()].add(
            agency: agency, county: county, key: key, label: Self.label(key))
    }

    /// How a record is named among a category's examples.
    private static func label(_ key: RecordKey) -> String { "\(key.county) \(key.department) \(key.fiscalYear)" }

    /// Categories by the number of records that have them, most first (ties in register order),
    /// with their rows.
    var topCategories: [(category: IssueCategory, records: Int, issues: Int)] {
        categories.map { ($0.key, $0.value.records, issueRows[$0.key] ?? 0) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}
