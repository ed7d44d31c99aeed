import PerfauditCore

/// The report rows of one scored record, formatted once in the worker that scored it, in one
/// buffer: the sections one after another, in the order of a spool block.
public struct RecordRows: Sendable {
    /// summary.csv's row up to (not including) `issue_count`, with its trailing comma; then the
    /// rest of it (`,source_file` CRLF); then the issues.csv rows; then indicators.csv's varying
    /// cells in compact form (see `indicatorCells`).
    public var bytes: [UInt8]
    public var summaryHeadLength: Int
    public var summaryTailLength: Int
    public var issueRowsLength: Int
    public var indicatorCellsLength: Int
    public var issues: [Issue]

    /// Formats every row of a record into `builder`'s buffer.
    public static func format(_ scored: ScoredRecord, issues: [Issue], sourceFile: String, builder: inout CSVRowBuilder)
        -> RecordRows
    {
        builder.reset()
        summaryHead(scored, &builder)
        let head = builder.bytes.count
        summaryTail(sourceFile, &builder)
        let tail = builder.bytes.count
        appendIssueRows(issues, of: scored.record, sourceFile: sourceFile, &builder)
        let issueRows = builder.bytes.count
        indicatorCells(scored, &builder)
        return RecordRows(
            bytes: builder.bytes, summaryHeadLength: head, summaryTailLength: tail - head,
            issueRowsLength: issueRows - tail, indicatorCellsLength: builder.bytes.count - issueRows, issues: issues)
    }

    private static func summaryHead(_ scored: ScoredRecord, _ row: inout CSVRowBuilder) {
        row.startSection()
        let record = scored.record
        let department = record.department
        for cell in [department.province, department.city, department.county, department.mofDivCode, department.agencyCode,
                     department.name] {
            row.text(cell)
        }
        row.integer(record.fiscalYear)
        row.text(record.rulebook)
        row.number(record.selfAssessment.score)
        row.text(scored.selfGrade.rawValue)
        row.number(scored.verifiedScore)
        row.text(scored.verifiedGrade?.rawValue)
        row.number(record.verification?.reportedScore)
        row.number(scored.recomputedTotal)
        row.text(scored.recomputedGrade?.rawValue)
        row.number(scored.attainableMax)
        row.number(scored.selfMinusVerified)
        row.flag(scored.gradeMismatch)
        row.text(scored.status)
        row.empty()  // the separator before issue_count
    }

    private static func summaryTail(_ sourceFile: String, _ row: inout CSVRowBuilder) {
        row.startSection()
        row.empty()  // the separator after issue_count
        row.text(sourceFile)
        row.endRow()
    }

    /// indicators.csv's cells that differ between records, compact, as the spool keeps them: for
    /// each of the rulebook's indicators, two length-prefixed pieces, the score cells
    /// (`,self,verified,lo,hi,recomputed`) and the closing cells (`,evidence,deviation` CRLF).
    /// `expandIndicatorRows` puts back the cells that every record of the rulebook shares, which
    /// are three quarters of the bytes.
    private static func indicatorCells(_ scored: ScoredRecord, _ row: inout CSVRowBuilder) {
        // By index, reading fields only: a for-in loop would copy every result (and retain its texts).
        let results = scored.indicators
        for index in results.indices {
            let scores = row.beginPiece()
            row.number(results[index].selfScore)
            row.number(results[index].verifiedScore)
            row.number(results[index].lo)
            row.number(results[index].hi)
            row.number(results[index].recomputed)
            row.endPiece(scores)
            let closing = row.beginPiece()
            row.text(results[index].evidence)
            row.flag(results[index].deviation)
            row.endRow()
            row.endPiece(closing)
        }
    }

    /// The indicators.csv rows of one record: `lead` (its county, department and fiscal year
    /// cells), then per indicator of `rulebook` its fixed cells, its scores, its rule and its
    /// closing cells, from the compact form `indicatorCells` made. Copied into one array of the
    /// size they add up to (the finish does this for every record, on its own thread).
    static func expandIndicatorRows(_ compact: ArraySlice<UInt8>, of rulebook: Rulebook, lead: [UInt8]) -> [UInt8] {
        let indicators = rulebook.indicators
        // The pieces are at most the compact form's length (which adds their length prefixes).
        let bound = indicators.reduce(compact.count) { $0 + lead.count + 1 + $1.fixedCells.count + $1.ruleCell.count }
        return compact.withUnsafeBytes { source in
            [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
                let start = UnsafeMutableRawPointer(buffer.baseAddress!)
                var end = start
                func put(_ bytes: UnsafeRawBufferPointer) {
                    guard let base = bytes.baseAddress else { return }
                    end.copyMemory(from: base, byteCount: bytes.count)
                    end += bytes.count
                }
                var pieces = PieceReader(source)
                for indicator in indicators {
                    lead.withUnsafeBytes(put)
                    end.storeBytes(of: UInt8(ascii: ","), as: UInt8.self)
                    end += 1
                    indicator.fixedCells.withUnsafeBytes(put)
                    put(pieces.next())
                    indicator.ruleCell.withUnsafeBytes(put)
                    put(pieces.next())
                }
                count = end - start
            }
        }
    }

    /// Appends the issues.csv rows of the given issues of a record.
    private static func appendIssueRows(
        _ issues: [Issue], of record: Record, sourceFile: String, _ row: inout CSVRowBuilder
    ) {
        let department = record.department
        appendIssueRows(
            issues, agency: department.agencyCode, county: department.county, department: department.name,
            fiscalYear: record.fiscalYear, sourceFile: sourceFile, &row)
    }

    /// issues.csv rows for issues of the record filed by `agency` for `fiscalYear`.
    static func issueRows(
        _ issues: [Issue], agency: String, county: String, department: String, fiscalYear: Int, sourceFile: String,
        _ row: inout CSVRowBuilder
    ) -> [UInt8] {
        row.reset()
        appendIssueRows(
            issues, agency: agency, county: county, department: department, fiscalYear: fiscalYear,
            sourceFile: sourceFile, &row)
        return row.bytes
    }

    private static func appendIssueRows(
        _ issues: [Issue], agency: String, county: String, department: String, fiscalYear: Int, sourceFile: String,
        _ row: inout CSVRowBuilder
    ) {
        row.startSection()
        guard !issues.isEmpty else { return }
        let lead = leadCells(county: county, department: department, fiscalYear: fiscalYear)
        var source = CSVRowBuilder(capacity: sourceFile.utf8.count + 8)
        source.text(sourceFile)
        for issue in issues {
            row.hex(issue.fingerprintHash(agency: agency, fiscalYear: fiscalYear))
            row.cells(lead)
            row.text(issue.project)
            row.text(issue.category.rawValue)
            row.text(issue.category.label)
            row.text(issue.severity.rawValue)
            row.text(issue.evidence)
            row.text(issue.source.rawValue)
            row.cells(source.bytes)
            row.endRow()
        }
    }

    /// The county, department and fiscal year cells that begin every indicator row and follow
    /// every issue id, formatted once per record.
    static func leadCells(county: String, department: String, fiscalYear: Int) -> [UInt8] {
        var cells = CSVRowBuilder(capacity: county.utf8.count + department.utf8.count + 16)
        cells.text(county)
        cells.text(department)
        cells.integer(fiscalYear)
        return cells.bytes
    }
}
