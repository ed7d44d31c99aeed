/// DUPLICATE_RECORD: two or more files for the same agency, fiscal year and rulebook. Every copy
/// is scored and flagged, naming the others.
enum DuplicateRecords {
    /// What makes two records the same filing (interned ids).
    struct Filing: Equatable, Comparable {
        var agency: Int32
        var fiscalYear: Int32
        var rulebook: Int32

        static func < (lhs: Filing, rhs: Filing) -> Bool {
            (lhs.agency, lhs.fiscalYear, lhs.rulebook) < (rhs.agency, rhs.fiscalYear, rhs.rulebook)
        }
    }

    /// How many of the other copies a copy's evidence names; the rest are counted only, so that
    /// evidence and memory stay linear in the number of copies (2,000 copies of one filing would
    /// otherwise write 2,000 × 1,999 file names).
    static let namedCopies = 3

    /// The DUPLICATE_RECORD issue of every record filed more than once, by its index in
    /// `filings` (report order); `sourceFile` names a record by index.
    static func issues(_ filings: [Filing], sourceFile: (Int) -> String) -> [Int: [Issue]] {
        // Indices ordered by filing, then report order: copies of one filing stand next to each other.
        let order = filings.indices.sorted { (filings[$0], $0) < (filings[$1], $1) }
        var result: [Int: [Issue]] = [:]
        for copies in equalRuns(order, { filings[$0] == filings[$1] }) where copies.count > 1 {
            for index in copies {
                result[index] = [Issue(
                    .duplicateRecord, .high, evidence: evidence(copy: index, of: copies, sourceFile), source: .consistency)]
            }
        }
        return result
    }

    /// `同一单位、年度、指标体系另有N份记录：a；b；c` naming the first `namedCopies` other copies in
    /// report order, and `等N份` after them when there are more.
    private static func evidence(copy index: Int, of copies: ArraySlice<Int>, _ sourceFile: (Int) -> String) -> String {
        let others = copies.count - 1
        let named = copies.lazy.filter { $0 != index }.prefix(namedCopies).map(sourceFile).joined(separator: "；")
        return "同一单位、年度、指标体系另有\(others)份记录：\(named)" + (others > namedCopies ? "；等\(others)份" : "")
    }
}
