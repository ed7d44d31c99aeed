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
