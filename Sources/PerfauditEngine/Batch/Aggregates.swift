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

    init(_ record: Record, fileOrder: Int) {
        province = record.department.province
        city = record.department.city
        county = record.department.county
        department = record.department.name
        fiscalYear = record.fiscalYear
        self.fileOrder = fileOrder
    }

    public static func < (lhs: RecordKey, rhs: RecordKey) -> Bool {
        for (left, right) in [(lhs.province, rhs.province), (lhs.city, rhs.city), (lhs.county, rhs.county),
                              (lhs.department, rhs.department)] where left != right {
            return left.utf8.lexicographicallyPrecedes(right.utf8)
        }
        return (lhs.fiscalYear, lhs.fileOrder) < (rhs.fiscalYear, rhs.fileOrder)
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

/// Running totals for one issue category (recurring.csv).
struct CategoryTotals {
    var records = 0
    var departments: Set<String> = []
    var counties: Set<String> = []
    /// Fiscal years in which each department (by agency code) had this category.
    var years: [String: Set<Int>] = [:]
    /// The first few records with this category, by report order.
    var examples: [(RecordKey, String)] = []

    static let exampleCount = 3

    mutating func add(agency: String, county: String, key: RecordKey, label: String) {
        records += 1
        departments.insert(agency)
        counties.insert(key.province + "/" + key.city + "/" + county)
        years[agency, default: []].insert(key.fiscalYear)
        let position = examples.firstIndex { key < $0.0 } ?? examples.count
        if position < Self.exampleCount {
            examples.insert((key, label), at: position)
            if examples.count > Self.exampleCount { examples.removeLast() }
        }
    }

    var repeatDepartments: Int { years.values.filter { $0.count >= 2 }.count }
}
