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
    public static func format(
        _ scored: ScoredRecord, issues: [Issue], sourceFile: String, values: ReportValues, builder: inout CSVRowBuilder
    ) -> RecordRows {
        builder.reset()
        summaryHead(scored, values, &builder)
        let head = builder.bytes.count
        summaryTail(sourceFile, &builder)
        let tail = builder.bytes.count
        appendIssueRows(issues, of: scored.record, sourceFile: sourceFile, values, &builder)
        let issueRows = builder.bytes.count
        indicatorCells(scored, values, &builder)
        return RecordRows(
            bytes: builder.bytes, summaryHeadLength: head, summaryTailLength: tail - head,
            issueRowsLength: issueRows - tail, indicatorCellsLength: builder.bytes.count - issueRows, issues: issues)
    }

    private static func summaryHead(_ scored: ScoredRecord, _ values: ReportValues, _ row: inout CSVRowBuilder) {
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
        row.flag(scored.gradeMismatch, values)
        row.text(values.status(verified: scored.isVerified))
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
    private static func indicatorCells(_ scored: ScoredRecord, _ values: ReportValues, _ row: inout CSVRowBuilder) {
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
            row.flag(results[index].deviation, values)
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
        _ issues: [Issue], of record: Record, sourceFile: String, _ values: ReportValues, _ row: inout CSVRowBuilder
    ) {
        let department = record.department
        appendIssueRows(
            issues, filing: IssueFiling(
                agency: department.agencyCode, mofDivCode: department.mofDivCode, county: department.county,
                department: department.name, fiscalYear: record.fiscalYear, sourceFile: sourceFile),
            values, &row)
    }

    /// issues.csv rows for issues of one filed record.
    static func issueRows(
        _ issues: [Issue], filing: IssueFiling, _ values: ReportValues, _ row: inout CSVRowBuilder
    ) -> [UInt8] {
        row.reset()
        appendIssueRows(issues, filing: filing, values, &row)
        return row.bytes
    }

    private static func appendIssueRows(
        _ issues: [Issue], filing: IssueFiling, _ values: ReportValues, _ row: inout CSVRowBuilder
    ) {
        row.startSection()
        guard !issues.isEmpty else { return }
        let lead = leadCells(county: filing.county, department: filing.department, fiscalYear: filing.fiscalYear)
        var fileCell = CSVRowBuilder(capacity: filing.sourceFile.utf8.count + 8)
        fileCell.text(filing.sourceFile)
        let ids = issues.map { $0.rowHash(agency: filing.agency, fiscalYear: filing.fiscalYear, sourceFile: filing.sourceFile) }
        for (position, issue) in issues.enumerated() {
            row.id(Issue.issueIDPrefix, ids[position])
            row.cells(lead)
            row.text(issue.project)
            row.text(issue.category.rawValue)
            row.text(issue.category.label)
            row.text(values.severity(issue.severity))
            row.text(issue.evidence)
            row.text(values.source(issue.source))
            row.cells(fileCell.bytes)
            row.id(Issue.problemKeyPrefix, issue.problemKeyHash(agency: filing.agency))
            row.text(filing.agency)
            row.text(filing.mofDivCode)
            row.text(issue.indicator)
            row.number(issue.amountAtStake)
            row.integer(issue.severity.rank)
            if let related = relatedPosition(of: position, in: issues) {
                row.id(Issue.issueIDPrefix, ids[related])
            } else {
                row.empty()
            }
            row.endRow()
        }
    }

    /// The other issue raised by the same fact: of the related category, same project and subject.
    private static func relatedPosition(of position: Int, in issues: [Issue]) -> Int? {
        guard let category = issues[position].relatedCategory else { return nil }
        let issue = issues[position]
        return issues.indices.first {
            $0 != position && issues[$0].category == category && issues[$0].project == issue.project
                && issues[$0].subject == issue.subject
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

/// What every issues.csv row of one record repeats: who filed it, for which year, in which file.
struct IssueFiling {
    var agency: String
    var mofDivCode: String
    var county: String
    var department: String
    var fiscalYear: Int
    var sourceFile: String
}
