import PerfauditCore
import PerfauditXLSX

/// The workbook's first sheet: the run's counts, the grade distribution self vs verified and the
/// most frequent problem categories, each table with a native Excel chart beside it, then notes
/// on what the workbook leaves out.
struct OverviewSheet {
    let sheet: XLSXSheet
    let workbook: XLSXWorkbook
    let formats: Formats
    let language: HeaderLanguage

    /// How many categories the chart shows.
    static let topCategories = 10

    private func words(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    func write(_ figures: RunFigures, notes: [String]) throws(XLSXError) {
        try sheet.write(0, 0, text: words("预算绩效评价审核概览", "Budget-performance audit overview"), formats.title)
        let counts: [(String, Int)] = [
            (words("文件总数", "files"), figures.scored + figures.rejected), (words("已评分", "scored"), figures.scored),
            (words("拒收", "rejected"), figures.rejected), (words("已核查", "verified"), figures.verified),
            (words("等级不一致", "grade mismatches"), figures.gradeMismatches), (words("问题数", "issues"), figures.issues),
        ]
        try header(2, [words("项目", "item"), words("数量", "count")])
        for (offset, (label, count)) in counts.enumerated() {
            try sheet.write(3 + offset, 0, text: label)
            try sheet.write(3 + offset, 1, number: Double(count), formats.integer)
        }

        let gradeRow = 10
        try header(gradeRow, [words("等级", "grade"), words("自评", "self"), words("核查", "verified")])
        for (offset, grade) in Grade.allCases.enumerated() {
            try sheet.write(gradeRow + 1 + offset, 0, text: grade.rawValue)
            try sheet.write(gradeRow + 1 + offset, 1, number: Double(figures.selfGrades[offset]), formats.integer)
            try sheet.write(gradeRow + 1 + offset, 2, number: Double(figures.verifiedGrades[offset]), formats.integer)
        }
        let grades = workbook.addChart(.column, title: words("等级分布：自评与核查", "Grades: self vs verified"))
        let gradeRows = gradeRow + 1...gradeRow + Grade.allCases.count
        grades.addSeries(name: words("自评", "self"), sheet: sheet.name, rows: gradeRows, categoryColumn: 0, valueColumn: 1)
        grades.addSeries(name: words("核查", "verified"), sheet: sheet.name, rows: gradeRows, categoryColumn: 0, valueColumn: 2)
        grades.setValueAxisName(words("记录数", "records"))
        grades.setLegend(below: true)
        try sheet.insert(grades, row: 1, column: 4)

        let categoryRow = 17
        let top = Array(figures.topCategories.prefix(Self.topCategories))
        try header(categoryRow, [words("问题类别", "category"), words("问题类别名称", "label"), words("记录数", "records")])
        for (offset, category) in top.enumerated() {
            try sheet.write(categoryRow + 1 + offset, 0, text: category.category)
            try sheet.write(categoryRow + 1 + offset, 1, text: category.label)
            try sheet.write(categoryRow + 1 + offset, 2, number: Double(category.records), formats.integer)
        }
        if !top.isEmpty {
            let chart = workbook.addChart(.bar, title: words("最常见的问题类别", "Most frequent problem categories"))
            chart.addSeries(
                name: words("记录数", "records"), sheet: sheet.name, rows: categoryRow + 1...categoryRow + top.count,
                categoryColumn: 1, valueColumn: 2)
            chart.setLegend(below: false)
            chart.reverseBarCategories()
            try sheet.insert(chart, row: categoryRow - 1, column: 4, height: 1.25)
        }

        let notesRow = categoryRow + Self.topCategories + 3
        try sheet.write(notesRow, 0, text: words("说明", "notes"), formats.title)
        let lines = notes.isEmpty ? [words("各工作表与同名 CSV 报告逐行一致。", "Every sheet holds its CSV report row for row.")] : notes
        for (offset, line) in lines.enumerated() { try sheet.write(notesRow + 1 + offset, 0, text: line) }
        sheet.setWidth(0, 24)
        sheet.setWidth(1, 24)
        sheet.setWidth(2, 10)
        sheet.printLandscapeOnePageWide()
    }

    private func header(_ row: Int, _ titles: [String]) throws(XLSXError) {
        for (column, title) in titles.enumerated() { try sheet.write(row, column, text: title, formats.header) }
    }
}
