import PerfauditCore

/// counties.csv: per county, by province, city and county name.
enum CountiesReport: RunReport {
    static let fileName = "counties.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.counties

    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError) {
        var row = CSVRowBuilder()
        let counties = run.aggregates.counties.values.sorted {
            ($0.0.province, $0.0.city, $0.0.county) < ($1.0.province, $1.0.city, $1.0.county)
        }
        for (key, totals) in counties {
            row.text(key.province)
            row.text(key.city)
            row.text(key.county)
            row.integer(totals.records)
            row.integer(totals.verified)
            row.number(average(totals.selfSum, totals.records))
            row.number(average(totals.verifiedSum, totals.verified))
            row.number(average(totals.gapSum, totals.verified))
            row.integer(totals.gradeMismatches)
            row.integer(totals.issues)
            row.endRow()
        }
        try file.write(row.bytes)
    }

    private static func average(_ sum: Exact, _ count: Int) -> Exact? {
        count == 0 ? nil : (sum.rational / Rational(count)).roundedHalfUp()
    }
}
