import PerfauditCore

/// counties.csv: per county, by province, city and county name.
enum CountiesReport: RunReport {
    static let fileName = "counties.csv"
    static let columns: [ReportColumns.Column]? = ReportColumns.counties

    static func extraColumns(_ options: ReportOptions) -> [ReportColumns.Column] {
        options.rectification ? [ReportColumns.rectificationRate] : []
    }

    static func write(_ run: FinishedRun, to file: AtomicFile) throws(OutputError) {
        var row = CSVRowBuilder()
        // With a baseline: each county's agencies, for its rectification rate.
        var agencies: [CountyID: Set<String>] = [:]
        if run.rectification != nil {
            for entry in run.entries { agencies[entry.countyID, default: []].insert(run.names[entry.agency]) }
        }
        let counties = run.aggregates.counties.sorted {
            ($0.value.0.province, $0.value.0.city, $0.value.0.county) < ($1.value.0.province, $1.value.0.city, $1.value.0.county)
        }.map { ($0.key, $0.value) }
        for (county, (key, totals)) in counties {
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
            if let ledger = run.rectification { row.number(ledger.rate(agencies: agencies[county] ?? [])) }
            row.endRow()
        }
        try file.write(row.bytes)
    }

    private static func average(_ sum: Exact, _ count: Int) -> Exact? {
        count == 0 ? nil : (sum.rational / Rational(count)).roundedHalfUp()
    }
}
