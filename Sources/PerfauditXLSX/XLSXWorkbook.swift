import CXlsxWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What libxlsxwriter refused, in its own words.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ code: lxw_error) { description = String(cString: lxw_strerror(code)) }
    init(_ text: String) { description = text }
}

/// An Excel workbook written by libxlsxwriter (the only module that imports it). Worksheets are
/// written row after row (`constantMemory`), so memory stays flat however many rows there are.
public final class XLSXWorkbook {
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var names: [UnsafeMutablePointer<CChar>] = []

    /// Excel's limits.
    public static let maxRows = Int(LXW_ROW_MAX)
    public static let maxSheetName = Int(LXW_SHEETNAME_MAX)
    public static let maxCellCharacters = 32_767

    /// Creates the workbook at `path`; temporary files go to `temporaryFolder`. The document's
    /// created time is `created` (seconds since 1970), so that equal data gives equal bytes.
    public init(path: String, temporaryFolder: String, created: Int) throws(XLSXError) {
        var options = lxw_workbook_options()
        options.constant_memory = 1
        options.use_zip64 = 1
        let folder = strdup(temporaryFolder)
        defer { free(folder) }
        options.tmpdir = folder
        handle = workbook_new_opt(path, &options)
        guard let handle else { throw XLSXError("cannot create \(path)") }
        var properties = lxw_doc_properties()
        properties.created = time_t(created)
        let application = strdup("perfaudit")
        defer { free(application) }
        properties.author = application
        let status = workbook_set_properties(handle, &properties)
        guard status == LXW_NO_ERROR else { throw XLSXError(status) }
    }

    deinit {
        // A workbook never closed (an error on the way) still frees its memory and temporary files.
        if let handle { workbook_close(handle) }
        for name in names { free(name) }
    }

    /// Adds a worksheet; `name` must be at most 31 characters and unique.
    public func addSheet(_ name: String) throws(XLSXError) -> XLSXSheet {
        guard let sheet = workbook_add_worksheet(handle, name) else { throw XLSXError("cannot add sheet \(name)") }
        return XLSXSheet(sheet, name: name)
    }

    /// A cell format.
    public func addFormat(_ style: XLSXStyle) -> XLSXFormat {
        let format = workbook_add_format(handle)!
        if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
        if style.bold { format_set_bold(format) }
        if let fill = style.fill {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, lxw_color_t(fill))
        }
        if let font = style.fontColor { format_set_font_color(format, lxw_color_t(font)) }
        if style.wrap { format_set_text_wrap(format) }
        return XLSXFormat(pointer: format)
    }

    /// A native Excel chart, to be placed with `XLSXSheet.insert(_:row:column:)`.
    public func addChart(_ kind: XLSXChart.Kind, title: String) -> XLSXChart {
        let type: lxw_chart_type = switch kind {
        case .column: LXW_CHART_COLUMN
        case .bar: LXW_CHART_BAR
        }
        let chart = workbook_add_chart(handle, UInt8(type.rawValue))!
        chart_title_set_name(chart, title)
        return XLSXChart(chart, keep: keep)
    }

    /// Writes the file and frees the workbook.
    public func close() throws(XLSXError) {
        guard let handle else { return }
        self.handle = nil
        let status = workbook_close(handle)
        guard status == LXW_NO_ERROR else { throw XLSXError(status) }
    }

    /// libxlsxwriter keeps some string pointers until it closes; they live as long as the workbook.
    private func keep(_ text: String) -> UnsafeMutablePointer<CChar> {
        let copy = strdup(text)!
        names.append(copy)
        return copy
    }
}

/// What a cell format looks like.
public struct XLSXStyle: Sendable {
    public var numberFormat: String?
    public var bold = false
    /// RGB fill, e.g. 0xFFC7CE.
    public var fill: UInt32?
    public var fontColor: UInt32?
    public var wrap = false

    public init(numberFormat: String? = nil, bold: Bool = false, fill: UInt32? = nil, fontColor: UInt32? = nil, wrap: Bool = false) {
        self.numberFormat = numberFormat
        self.bold = bold
        self.fill = fill
        self.fontColor = fontColor
        self.wrap = wrap
    }
}

/// A format added to a workbook; valid while the workbook is open.
public struct XLSXFormat {
    let pointer: UnsafeMutablePointer<lxw_format>
}

/// One worksheet, written row by row.
public final class XLSXSheet {
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    public let name: String

    init(_ sheet: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.sheet = sheet
        self.name = name
    }

    /// A text cell from NUL-terminated UTF-8 (at most 32,767 characters).
    public func write(_ row: Int, _ column: Int, text: UnsafePointer<CChar>, _ format: XLSXFormat? = nil) throws(XLSXError) {
        let status = worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), text, format?.pointer)
        guard status == LXW_NO_ERROR else { throw XLSXError(status) }
    }

    /// A text cell.
    public func write(_ row: Int, _ column: Int, text: String, _ format: XLSXFormat? = nil) throws(XLSXError) {
        let status = text.withCString { worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), $0, format?.pointer) }
        guard status == LXW_NO_ERROR else { throw XLSXError(status) }
    }

    /// A number cell.
    public func write(_ row: Int, _ column: Int, number: Double, _ format: XLSXFormat? = nil) throws(XLSXError) {
        let status = worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), number, format?.pointer)
        guard status == LXW_NO_ERROR else { throw XLSXError(status) }
    }

    /// Keeps the first `rows` rows in view while scrolling.
    public func freeze(rows: Int) { worksheet_freeze_panes(sheet, lxw_row_t(rows), 0) }

    /// An autofilter over the header row and the data below it.
    public func autofilter(lastRow: Int, lastColumn: Int) throws(XLSXError) {
        let status = worksheet_autofilter(sheet, 0, 0, lxw_row_t(lastRow), lxw_col_t(lastColumn))
        guard status == LXW_NO_ERROR else { throw XLSXError(status) }
    }

    /// The width of a column, in characters.
    public func setWidth(_ column: Int, _ width: Double) {
        worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), width, nil)
    }

    /// Formats cells of a range where an Excel formula (written for its top-left cell) is true.
    public func highlight(
        rows: ClosedRange<Int>, columns: ClosedRange<Int>, when formula: String, _ format: XLSXFormat
    ) throws(XLSXError) {
        var condition = lxw_conditional_format()
        condition.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
        let text = strdup(formula)
        defer { free(text) }
        condition.value_string = text
        condition.format = format.pointer
        let status = worksheet_conditional_format_range(
            sheet, lxw_row_t(rows.lowerBound), lxw_col_t(columns.lowerBound), lxw_row_t(rows.upperBound),
            lxw_col_t(columns.upperBound), &condition)
        guard status == LXW_NO_ERROR else { throw XLSXError(status) }
    }

    /// Places a chart with its top-left corner at a cell, scaled from its default 480×288 pixels.
    public func insert(_ chart: XLSXChart, row: Int, column: Int, width: Double = 1, height: Double = 1) throws(XLSXError) {
        var options = lxw_chart_options()
        options.x_scale = width
        options.y_scale = height
        let status = worksheet_insert_chart_opt(sheet, lxw_row_t(row), lxw_col_t(column), chart.chart, &options)
        guard status == LXW_NO_ERROR else { throw XLSXError(status) }
    }

    /// Prints in landscape, the sheet one page wide.
    public func printLandscapeOnePageWide() {
        worksheet_set_landscape(sheet)
        worksheet_fit_to_pages(sheet, 1, 0)
    }
}

/// A native chart whose series are ranges of a worksheet.
public final class XLSXChart {
    public enum Kind: Sendable { case column, bar }

    let chart: UnsafeMutablePointer<lxw_chart>
    private let keep: (String) -> UnsafeMutablePointer<CChar>

    init(_ chart: UnsafeMutablePointer<lxw_chart>, keep: @escaping (String) -> UnsafeMutablePointer<CChar>) {
        self.chart = chart
        self.keep = keep
    }

    /// A series named `name`: categories and values are a column each of `sheet`, rows `rows`.
    public func addSeries(
        name: String, sheet: String, rows: ClosedRange<Int>, categoryColumn: Int, valueColumn: Int
    ) {
        let series = chart_add_series(chart, nil, nil)
        let sheetName = keep(sheet)
        chart_series_set_categories(
            series, sheetName, lxw_row_t(rows.lowerBound), lxw_col_t(categoryColumn), lxw_row_t(rows.upperBound),
            lxw_col_t(categoryColumn))
        chart_series_set_values(
            series, sheetName, lxw_row_t(rows.lowerBound), lxw_col_t(valueColumn), lxw_row_t(rows.upperBound),
            lxw_col_t(valueColumn))
        chart_series_set_name(series, name)
    }

    /// The legend below the plot, or none (a single series needs none).
    public func setLegend(below: Bool) {
        chart_legend_set_position(chart, UInt8((below ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE).rawValue))
    }

    /// Lists a bar chart's categories from the top down (libxlsxwriter's y axis of a bar chart
    /// is its category axis).
    public func reverseBarCategories() { chart_axis_set_reverse(chart.pointee.y_axis) }

    /// Names the value axis.
    public func setValueAxisName(_ name: String) { chart_axis_set_name(chart.pointee.y_axis, name) }
}
