import PerfauditCore

/// One problem as an earlier register (a baseline's issues.csv) or this run states it.
struct ProblemSighting: Sendable {
    var problemKey: String
    var agency: String
    var county: String
    var department: String
    var fiscalYear: Int
    var category: String
    var categoryLabel: String
    var project: String
    var indicator: String
    var evidence: String
    var amount: String
}

/// An agency and a fiscal year it has a record for.
struct AgencyYear: Hashable, Sendable {
    var agency: String
    var fiscalYear: Int
}

/// The earlier registers a run is compared with (`--baseline`, repeatable): every problem they
/// state, and which agencies had a record in which year (from a folder's summary.csv; from the
/// register's own rows when only an issues.csv is given).
public struct Baseline: Sendable {
    var sightings: [ProblemSighting] = []
    var records: Set<AgencyYear> = []
    /// The verified records of the baselines' summary.csv, with self − verified where stated
    /// (the sampling's past gaps and last verification).
    var verifications: [AgencyYear: Exact?] = [:]
    /// The paths given, in order.
    public private(set) var sources: [String] = []

    public init() {}

    /// Adds an earlier run's output folder, or one issues.csv file. With `settings`, a register
    /// whose run cannot be shown to have used them (its folder's manifest.json) is refused.
    public mutating func add(_ path: String, requireSettings settings: BaselineSettings? = nil) throws(BaselineError) {
        try settings?.check(path)
        let isFolder = FileSystem.isFolder(path)
        let issuesPath = isFolder ? Self.join(path, "issues.csv") : path
        let issues = try Self.table(issuesPath)
        let before = sightings.count
        try readSightings(issues, from: issuesPath)
        if isFolder, FileSystem.exists(Self.join(path, "summary.csv")) {
            try readRecords(try Self.table(Self.join(path, "summary.csv")), from: Self.join(path, "summary.csv"))
        } else {
            for sighting in sightings[before...] { records.insert(AgencyYear(agency: sighting.agency, fiscalYear: sighting.fiscalYear)) }
        }
        sources.append(path)
    }

    private mutating func readSightings(_ table: CSVTable, from path: String) throws(BaselineError) {
        let columns: SightingColumns
        do throws(SightingColumns.Missing) {
            columns = try SightingColumns(header: table.header)
        } catch {
            throw BaselineError(
                path: path, message: "has no \(error.key) column; it is not an issues.csv written by this version of perfaudit")
        }
        for (number, row) in table.rows.enumerated() {
            guard let sighting = columns.sighting(row) else {
                throw BaselineError(path: path, message: "row \(number + 2) is not an issues.csv row")
            }
            sightings.append(sighting)
        }
    }

    private mutating func readRecords(_ table: CSVTable, from path: String) throws(BaselineError) {
        let columns = ReportColumns.summary
        guard let agency = columns.first(where: { $0.en == "agency_code" }).flatMap(table.index(of:)),
            let year = columns.first(where: { $0.en == "fiscal_year" }).flatMap(table.index(of:))
        else { throw BaselineError(path: path, message: "has no agency_code or fiscal_year column; not a summary.csv") }
        let status = columns.first(where: { $0.en == "status" }).flatMap(table.index(of:))
        let gap = columns.first(where: { $0.en == "self_minus_verified" }).flatMap(table.index(of:))
        for row in table.rows where row.count > max(agency, year) {
            guard let fiscalYear = Int(row[year]) else { continue }
            let record = AgencyYear(agency: row[agency], fiscalYear: fiscalYear)
            records.insert(record)
            guard let status, row.count > status, ReportValues.saysVerified(row[status]) else { continue }
            let stated = gap.flatMap { row.count > $0 ? try? Exact.parse(row[$0], maxFractionDigits: 4).get() : nil }
            verifications[record] = .some(stated)
        }
    }

    private static func table(_ path: String) throws(BaselineError) -> CSVTable {
        var buffer: [UInt8] = []
        do throws(FileSystem.ReadFailure) {
            let length = try FileSystem.readRegularFile(path, limit: 1 << 30, into: &buffer)
            buffer.removeSubrange(length...)
        } catch {
            throw BaselineError(path: path, message: "cannot be read: \(error)")
        }
        do throws(LoadError) {
            return try CSVTable(buffer, file: path)
        } catch {
            throw BaselineError(path: path, message: error.description)
        }
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}

/// Where the cells of a problem stand in an issues.csv row: found by the header's keys or
/// labels in a baseline, or the writer's own order for this run's rows.
struct SightingColumns {
    struct Missing: Error {
        var key: String
    }

    private let indices: [Int]
    static let keys = [
        "problem_key", "agency_code", "county", "department", "fiscal_year", "category", "category_label", "project",
        "indicator_id", "evidence", "amount_at_stake",
    ]

    /// The columns of a register with this header (English keys or Chinese labels).
    init(header: [String]) throws(Missing) {
        var indices: [Int] = []
        for key in Self.keys {
            guard let column = ReportColumns.issues.first(where: { $0.en == key }),
                let index = header.firstIndex(where: { $0 == column.en || $0 == column.zh })
            else { throw Missing(key: key) }
            indices.append(index)
        }
        self.indices = indices
    }

    /// The columns as perfaudit writes issues.csv.
    init() {
        indices = Self.keys.map { key in ReportColumns.issues.firstIndex { $0.en == key }! }
    }

    /// The problem a row states; `nil` for a row too short or without a year.
    func sighting(_ row: [String]) -> ProblemSighting? {
        guard row.count > indices.max()!, let year = Int(row[indices[4]]) else { return nil }
        let cell = { (position: Int) in row[indices[position]] }
        return ProblemSighting(
            problemKey: cell(0), agency: cell(1), county: cell(2), department: cell(3), fiscalYear: year,
            category: cell(5), categoryLabel: cell(6), project: cell(7), indicator: cell(8), evidence: cell(9),
            amount: cell(10))
    }
}

extension ProblemSighting {
    /// The problems of issues.csv rows as perfaudit writes them (this run's, from the spool).
    static func fromIssueRows(_ bytes: [UInt8]) -> [ProblemSighting] {
        let columns = SightingColumns()
        return CSVTable.rows(bytes).compactMap(columns.sighting)
    }
}
