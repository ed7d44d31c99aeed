import PerfauditCore

/// A CSV report read back whole (a baseline's issues.csv or summary.csv, this run's issue rows):
/// its header and rows, with the formula guard taken off the cells it was put on. Reads UTF-8
/// with or without BOM, and GB18030 (`--encoding gb18030`) when the bytes are not UTF-8; the rows
/// are read by the same `ReportCSVReader` the workbook uses.
struct CSVTable {
    let header: [String]
    let rows: [[String]]

    /// The table in `bytes`; `file` names it in errors.
    init(_ bytes: [UInt8], file: String) throws(LoadError) {
        var text = bytes
        if !text.starts(with: [0xEF, 0xBB, 0xBF]), String(validating: text, as: UTF8.self) == nil {
            guard let converted = Transcoder(from: "GB18030", to: "UTF-8")?.convert(text) else {
                throw LoadError("\(file): neither UTF-8 nor GB18030 text")
            }
            text = converted
        }
        var rows = Self.rows(text)
        guard !rows.isEmpty else { throw LoadError("\(file): empty; expected a header row") }
        header = rows.removeFirst()
        self.rows = rows
    }

    /// The rows of UTF-8 CSV bytes, each cell without the writer's formula guard.
    static func rows(_ utf8: [UInt8]) -> [[String]] {
        let reader = ReportCSVReader(bytes: utf8)
        var fields = CSVFields()
        var rows: [[String]] = []
        // Reading from memory has no I/O to fail.
        while (try? reader.next(into: &fields)) == true {
            rows.append((0..<fields.count).map(fields.unguardedString))
        }
        return rows
    }

    /// The index of the column whose English key or Chinese label is that of `column`.
    func index(of column: ReportColumns.Column) -> Int? {
        header.firstIndex { $0 == column.en || $0 == column.zh }
    }
}
