#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditCore
import PerfauditXLSX

/// Writes `perfaudit.xlsx` from the report rows as they are read back: one sheet per report
/// (the indicators in numbered sheets when they pass Excel's row limit), an overview sheet with
/// native charts first. Numbers are numbers with formats, everything else text.
final class WorkbookBuilder {
    static let fileName = "perfaudit.xlsx"
    /// Column widths are measured on the first rows of a sheet.
    private static let measuredRows = 300
    /// The created time of every workbook (2000-01-01T00:00:00Z): equal reports, equal bytes.
    static let createdTime = 946_684_800

    private let workbook: XLSXWorkbook
    private let language: HeaderLanguage
    private let limits: WorkbookLimits
    private let overview: XLSXSheet
    private let formats: Formats
    private var sheet: XLSXSheet?
    private var table = ReportTable.summary
    private var kinds: [CellKind] = []
    /// The current report's columns, as its header row names them.
    private var columns: [ReportColumns.Column] = []
    private var row = 0
    private var sheetNumber = 1
    private var widths: [Int] = []
    private var cell: [CChar] = []
    /// What the overview says about the workbook itself: split sheets, filtered rows, cut cells.
    private(set) var notes: [String] = []
    private var excerpts = 0
    private var onlyDeviating = false

    private let indicators: WorkbookIndicators

    init(
        path: String, temporaryFolder: String, language: HeaderLanguage, indicators: WorkbookIndicators = .auto,
        limits: WorkbookLimits = .excel
    ) throws(XLSXError) {
        workbook = try XLSXWorkbook(path: path, temporaryFolder: temporaryFolder, created: Self.createdTime)
        self.language = language
        self.indicators = indicators
        self.limits = limits
        formats = Formats(workbook)
        overview = try workbook.addSheet(language == .zh ? "概览" : "Overview")
    }

    /// Starts the sheet of a report; `rows` is the number of data rows it will have, when known.
    func begin(_ table: ReportTable, columns: [ReportColumns.Column], rows: Int) throws(XLSXError) {
        self.table = table
        self.columns = columns
        kinds = ReportTable.kinds(columns)
        sheetNumber = 1
        excerpts = 0
        onlyDeviating = false
        if table == .indicators, let note = indicatorsNote(rows: rows) {
            onlyDeviating = true
            notes.append(note)
        }
        try openSheet()
    }

    /// Why the 指标 sheet lists only the deviating indicators of `rows`, if it does: beyond the
    /// sheets allowed, beyond the rows a reviewer's workbook holds (`auto`), or as asked.
    private func indicatorsNote(rows: Int) -> String? {
        let zh = language == .zh
        if rows > limits.rowsPerSheet * limits.indicatorSheets {
            return zh
                ? "指标表共 \(rows) 行，超过 \(limits.indicatorSheets) 个工作表的容量，只列出偏离规则的指标；全部指标见 indicators.csv。"
                : "The indicators (\(rows) rows) exceed \(limits.indicatorSheets) sheets: only deviating indicators are listed; indicators.csv has them all."
        }
        switch indicators {
        case .all:
            return nil
        case .auto where rows <= limits.indicatorRowBudget:
            return nil
        case .auto:
            return zh
                ? "指标表共 \(rows) 行，超过工作簿逐行列示的上限 \(limits.indicatorRowBudget) 行，只列出偏离规则的指标；全部指标见 indicators.csv（--workbook-indicators all 可全部列出）。"
                : "The indicators (\(rows) rows) exceed the \(limits.indicatorRowBudget) rows the workbook lists one by one: only deviating indicators are listed; indicators.csv has them all (--workbook-indicators all lists them all)."
        case .deviating:
            return zh
                ? "按 --workbook-indicators deviating，指标表只列出偏离规则的指标；全部 \(rows) 行见 indicators.csv。"
                : "As --workbook-indicators deviating asks, only deviating indicators are listed; indicators.csv has all \(rows) rows."
        }
    }

    private func openSheet() throws(XLSXError) {
        let base = table.sheetName(language)
        let name = sheetNumber == 1 ? base : base + (language == .zh ? "\(sheetNumber)" : " \(sheetNumber)")
        let sheet = try workbook.addSheet(name)
        self.sheet = sheet
        row = 0
        let header = ReportColumns.header(columns, language)
        widths = header.map { TextTable.displayWidth($0) + 3 }
        for (column, title) in header.enumerated() { try sheet.write(0, column, text: title, formats.header) }
        sheet.freeze(rows: 1)
    }

    /// Adds one data row of the current report.
    func add(_ fields: CSVFields) throws(XLSXError) {
        if onlyDeviating && !ReportValues.saysYes(fields.string(ReportTable.indicators.index("deviation"))) { return }
        if row == limits.rowsPerSheet {
            try endSheet()
            sheetNumber += 1
            try openSheet()
        }
        row += 1
        guard let sheet else { return }
        for column in 0..<min(fields.count, kinds.count) where fields.length(column) > 0 {
            if row <= Self.measuredRows { measure(fields, column) }
            switch kinds[column] {
            case .text: try writeText(fields, column, sheet)
            case .integer: try writeNumber(fields, column, sheet, scale: 1, formats.integer)
            case .score: try writeNumber(fields, column, sheet, scale: 1, formats.score)
            case .percentPoints: try writeNumber(fields, column, sheet, scale: 0.01, formats.percent)
            case .amount: try writeNumber(fields, column, sheet, scale: 1, formats.amount)
            }
        }
    }

    /// Ends the current report's sheet.
    func end() throws(XLSXError) {
        try endSheet()
        if excerpts > 0 {
            notes.append(language == .zh
                ? "\(table.sheetName(language))：\(excerpts) 个单元格超过 Excel 的 32,767 字符上限，只保留前 \(limits.cellExcerpt) 字符并注明；全文见 \(table.file)。"
                : "\(table.sheetName(language)): \(excerpts) cells exceed Excel's 32,767 characters and keep their first \(limits.cellExcerpt) with a note; \(table.file) has them whole.")
        }
        if sheetNumber > 1 {
            notes.append(language == .zh
                ? "\(table.sheetName(language))：超过每表 \(limits.rowsPerSheet) 行的上限，分为 \(sheetNumber) 个工作表。"
                : "\(table.sheetName(language)): more than \(limits.rowsPerSheet) rows, split into \(sheetNumber) sheets.")
        }
    }

    private func endSheet() throws(XLSXError) {
        guard let sheet else { return }
        for (column, width) in widths.enumerated() { sheet.setWidth(column, Double(min(width, 60))) }
        try sheet.autofilter(lastRow: row, lastColumn: kinds.count - 1)
        if row > 0 { try highlight(sheet) }
    }

    /// The conditional formats of the current report's sheet, over its data rows.
    private func highlight(_ sheet: XLSXSheet) throws(XLSXError) {
        let rows = 1...row
        func letter(_ key: String) -> String { Self.columnLetter(table.index(key)) }
        func columns(_ first: String, _ last: String) -> ClosedRange<Int> { table.index(first)...table.index(last) }
        let values = ReportValues(language)
        let yes = "\"\(values.yes)\"", high = "\"\(values.severity(.high))\""
        switch table {
        case .summary:
            try sheet.highlight(rows: rows, columns: columns("self_score", "verified_grade"),
                                when: "$\(letter("grade_mismatch"))2=\(yes)", formats.warning)
            try sheet.highlight(rows: rows, columns: columns("grade_mismatch", "grade_mismatch"),
                                when: "$\(letter("grade_mismatch"))2=\(yes)", formats.warning)
            let (selfScore, attainable) = (letter("self_score"), letter("attainable_max"))
            try sheet.highlight(rows: rows, columns: columns("attainable_max", "attainable_max"),
                                when: "AND(ISNUMBER($\(attainable)2),$\(selfScore)2>$\(attainable)2)", formats.alarm)
        case .issues:
            try sheet.highlight(rows: rows, columns: 0...kinds.count - 1, when: "$\(letter("severity"))2=\(high)", formats.alarm)
        case .indicators:
            try sheet.highlight(rows: rows, columns: columns("self_score", "recomputed_score"),
                                when: "$\(letter("deviation"))2=\(yes)", formats.warning)
            try sheet.highlight(rows: rows, columns: columns("deviation", "deviation"),
                                when: "$\(letter("deviation"))2=\(yes)", formats.alarm)
        case .counties:
            try sheet.highlight(rows: rows, columns: columns("grade_mismatches", "grade_mismatches"),
                                when: "$\(letter("grade_mismatches"))2>0", formats.warning)
        case .rectification:
            // Problems not rectified: persisting, and back again after rectification.
            let status = letter("status")
            try sheet.highlight(rows: rows, columns: 0...kinds.count - 1,
                                when: "OR($\(status)2=\"persisting\",$\(status)2=\"reopened\")", formats.warning)
        case .recurring, .rejects, .sample:
            break
        }
    }

    /// Excel's name of a column: A … Z, AA …
    static func columnLetter(_ index: Int) -> String {
        var index = index
        var letters: [UInt8] = []
        repeat {
            letters.insert(UInt8(ascii: "A") + UInt8(index % 26), at: 0)
            index = index / 26 - 1
        } while index >= 0
        return String(decoding: letters, as: UTF8.self)
    }

    private func measure(_ fields: CSVFields, _ column: Int) {
        // CJK characters are three UTF-8 bytes and two columns wide; ASCII one and one.
        let width = fields.field(column).reduce(0) { $0 + ($1 < 0x80 ? 3 : ($1 >= 0xC0 ? 2 : 0)) } / 3 + 2
        widths[column] = max(widths[column], width)
    }

    private func writeNumber(
        _ fields: CSVFields, _ column: Int, _ sheet: XLSXSheet, scale: Double, _ format: XLSXFormat
    ) throws(XLSXError) {
        var end: UnsafeMutablePointer<CChar>?
        let value = fields.withCString(column) { start in
            let value = strtod(start, &end)
            return end == UnsafeMutablePointer(mutating: start) + fields.length(column) ? value : nil
        }
        if let value {
            try sheet.write(row, column, number: value * scale, format)
        } else {
            try writeText(fields, column, sheet)
        }
    }

    /// A text cell: the CSV's formula guard (a leading `'` before `=`, `+`, `-`, `@`, tab, CR) is
    /// taken off, since a workbook's text cell is never a formula; a cell beyond Excel's limit is
    /// cut with a note.
    private func writeText(_ fields: CSVFields, _ column: Int, _ sheet: XLSXSheet) throws(XLSXError) {
        let bytes = fields.field(column)
        let guarded = fields.isGuarded(column)
        // Excel counts UTF-16 units: a 4-byte UTF-8 character is two.
        if bytes.count > limits.cellLimit, Self.utf16Count(bytes) > limits.cellLimit {
            excerpts += 1
            try sheet.write(row, column, text: excerpt(bytes.dropFirst(guarded ? 1 : 0)))
            return
        }
        try fields.withCString(column) { start throws(XLSXError) in
            try sheet.write(row, column, text: guarded ? start + 1 : start)
        }
    }

    private static func utf16Count(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 >= 0xF0 ? 2 : ($1 & 0xC0) == 0x80 ? 0 : 1) }
    }

    /// The first `cellExcerpt` UTF-16 units of a long cell, on a character boundary, and a note.
    private func excerpt(_ bytes: ArraySlice<UInt8>) -> String {
        var units = 0
        var end = bytes.startIndex
        while end < bytes.endIndex {
            let byte = bytes[end]
            let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            let weight = length == 4 ? 2 : 1
            if units + weight > limits.cellExcerpt { break }
            units += weight
            end += length
        }
        let note = language == .zh ? "……（超过 Excel 单元格上限，已截断；全文见 \(table.file)）" : "… (cut at Excel's cell limit; \(table.file) has it whole)"
        return String(decoding: bytes[..<end], as: UTF8.self) + note
    }

    /// Writes the overview, closes the workbook (libxlsxwriter writes the file then).
    func finish(_ figures: RunFigures) throws(XLSXError) {
        try OverviewSheet(sheet: overview, workbook: workbook, formats: formats, language: language)
            .write(figures, notes: notes)
        try workbook.close()
    }
}

/// Where the workbook gives way to Excel's limits (smaller in tests).
struct WorkbookLimits {
    /// Data rows per sheet: Excel's 1,048,576 rows less the header.
    var rowsPerSheet = XLSXWorkbook.maxRows - 1
    /// At most this many indicator sheets; beyond, only deviating indicators are written.
    var indicatorSheets = 8
    /// Excel's limit of a cell, in UTF-16 units.
    var cellLimit = XLSXWorkbook.maxCellCharacters
    /// How much of a longer cell is kept (a note follows it).
    var cellExcerpt = 32_000
    /// With `--workbook-indicators auto`, more indicator rows than this and the 指标 sheet lists
    /// only the deviating ones: a city's batch (some 7,000 records of 29 indicators) is listed
    /// whole; a province's 580,000 rows at 20,000 records are a data dump that Excel opens in
    /// minutes and that cost the workbook nine tenths of its time (indicators.csv has them all).
    var indicatorRowBudget = WorkbookIndicators.rowBudget

    static let excel = WorkbookLimits()
}

/// Which indicator rows the workbook's 指标 sheet lists: `auto` every row up to
/// `WorkbookLimits.indicatorRowBudget`, beyond it the deviating ones; `all` every row (in
/// numbered sheets when they pass Excel's row limit); `deviating` only the rows whose recorded
/// score deviates from the rules (偏离规则 是). indicators.csv always has every row.
public enum WorkbookIndicators: String, Sendable, CaseIterable {
    case auto, all, deviating

    /// `auto`'s limit (`WorkbookLimits.indicatorRowBudget`).
    public static let rowBudget = 200_000
}

/// The workbook's cell formats.
struct Formats {
    let header: XLSXFormat
    let title: XLSXFormat
    let integer: XLSXFormat
    let score: XLSXFormat
    let percent: XLSXFormat
    let amount: XLSXFormat
    /// Grade mismatch, deviation: amber.
    let warning: XLSXFormat
    /// Self above attainable, high severity: red.
    let alarm: XLSXFormat

    init(_ workbook: XLSXWorkbook) {
        header = workbook.addFormat(XLSXStyle(bold: true, fill: 0xD9E1F2))
        title = workbook.addFormat(XLSXStyle(bold: true))
        integer = workbook.addFormat(XLSXStyle(numberFormat: "0"))
        score = workbook.addFormat(XLSXStyle(numberFormat: "0.00"))
        percent = workbook.addFormat(XLSXStyle(numberFormat: "0.00%"))
        amount = workbook.addFormat(XLSXStyle(numberFormat: "#,##0.00"))
        warning = workbook.addFormat(XLSXStyle(fill: 0xFFEB9C, fontColor: 0x9C5700))
        alarm = workbook.addFormat(XLSXStyle(fill: 0xFFC7CE, fontColor: 0x9C0006))
    }
}
