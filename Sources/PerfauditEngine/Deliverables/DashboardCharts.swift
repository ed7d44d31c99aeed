import PerfauditCore

/// The dashboard's charts, drawn as inline SVG from the aggregates (no chart library, no
/// script): styling comes from classes of the page's one style block.
struct DashboardCharts {
    let data: DashboardData
    let bands: [Double]
    let words: Words

    /// Self vs verified score per verified record: each 0.5-point cell one dot, its area by the
    /// records in it; dashed lines at the grade bands, a diagonal where self equals verified.
    func scatter() -> String {
        let (width, height, left, bottom, top, right) = (560.0, 420.0, 52.0, 44.0, 16.0, 16.0)
        let cells = data.scoreCells.sorted { $0.key < $1.key }
        let lowest = cells.map { Double(min($0.key.x, $0.key.y)) * DashboardData.cellSize }.min() ?? 60
        let low = max(0, min(60, (lowest / 10).rounded(.down) * 10))
        func x(_ score: Double) -> Double { left + (score - low) / (100 - low) * (width - left - right) }
        func y(_ score: Double) -> Double { height - bottom - (score - low) / (100 - low) * (height - bottom - top) }
        var svg = SVG(width: width, height: height, label: words["scatterTitle"])
        svg.axes(left: left, bottom: height - bottom, right: width - right, top: top)
        for tick in stride(from: low, through: 100, by: 10) {
            svg.text(x(tick), height - bottom + 16, Self.number(tick), anchor: "middle", kind: "tick")
            svg.text(left - 6, y(tick) + 4, Self.number(tick), anchor: "end", kind: "tick")
        }
        for band in bands where band > low && band < 100 {
            svg.line(x(band), top, x(band), height - bottom, kind: "band")
            svg.line(left, y(band), width - right, y(band), kind: "band")
        }
        svg.line(x(low), y(low), x(100), y(100), kind: "diagonal")
        let most = Double(cells.map(\.value).max() ?? 1)
        for (cell, count) in cells {
            let selfScore = (Double(cell.x) + 0.5) * DashboardData.cellSize
            let verified = (Double(cell.y) + 0.5) * DashboardData.cellSize
            let radius = 2 + 7 * (Double(count) / most).squareRoot()
            svg.circle(x(selfScore), y(verified), radius, kind: cell.x > cell.y ? "dot above" : "dot",
                       title: "\(words["self"]) \(Self.number(selfScore - 0.25))–\(Self.number(selfScore + 0.25))，\(words["verified"]) \(Self.number(verified - 0.25))–\(Self.number(verified + 0.25))：\(count)")
        }
        svg.text(width / 2, height - 8, words["selfScore"], anchor: "middle", kind: "axis")
        svg.text(14, height / 2, words["verifiedScore"], anchor: "middle", kind: "axis", rotate: true)
        return svg.end()
    }

    /// Grades by county: one stacked bar per county.
    func gradesByCounty() -> String {
        stackedBars(label: words["gradesTitle"], rows: data.counties, counts: data.gradesByCounty,
                    series: Grade.allCases.map(\.rawValue), kind: "grade")
    }

    /// The rectification ledger by county: one bar per county stacked by status (未整改, 整改后复发,
    /// 已整改, 新增, 未复查), drawn only when the run had a baseline.
    func rectificationByCounty() -> String {
        stackedBars(label: words["rectificationTitle"], rows: data.rectificationCounties, counts: data.rectificationByCounty,
                    series: DashboardData.statuses.map { data.statusLabels[$0] ?? $0 }, kind: "status")
    }

    /// One horizontal bar per row, stacked by series (classes `kind0`, `kind1` …), with a legend
    /// and each bar's total; every segment's title says its row, series and count.
    private func stackedBars(label: String, rows: [String], counts: [[Int]], series: [String], kind: String) -> String {
        let rowHeight = 24.0, left = 120.0, width = 560.0, top = 30.0
        let height = top + rowHeight * Double(max(1, rows.count)) + 10
        var svg = SVG(width: width, height: height, label: label)
        let most = Double(counts.map { $0.reduce(0, +) }.max() ?? 1)
        let spacing = Double(max(4, series.map(\.count).max() ?? 1)) * 13 + 24
        for (position, name) in series.enumerated() {
            let x = left + Double(position) * spacing
            svg.rect(x, 6, 12, 12, kind: "\(kind)\(position)", title: nil)
            svg.text(x + 16, 16, name, anchor: "start", kind: "tick")
        }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            svg.text(left - 6, y + 15, row, anchor: "end", kind: "label")
            var x = left
            for (position, count) in counts[index].enumerated() where count > 0 {
                let length = Double(count) / max(most, 1) * (width - left - 40)
                svg.rect(x, y + 3, length, rowHeight - 6, kind: "\(kind)\(position)", title: "\(row) \(series[position])：\(count)")
                x += length
            }
            svg.text(x + 4, y + 15, String(counts[index].reduce(0, +)), anchor: "start", kind: "tick")
        }
        return svg.end()
    }

    /// Average points lost per indicator (weight − verified, else self score), the most first.
    func pointsLost(limit: Int = 20) -> String {
        let ranked = data.indicators.filter { $0.judged > 0 }
            .map { ($0, $0.lostSum / Double($0.judged)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : ($0.0.rulebook, $0.0.id) < ($1.0.rulebook, $1.0.id) }
            .prefix(limit)
        let rowHeight = 22.0, left = 230.0, width = 560.0, top = 8.0
        let height = top + rowHeight * Double(max(1, ranked.count)) + 10
        var svg = SVG(width: width, height: height, label: words["lostTitle"])
        let most = ranked.map(\.1).max() ?? 1
        for (index, (indicator, lost)) in ranked.enumerated() {
            let y = top + Double(index) * rowHeight
            svg.text(left - 6, y + 14, "\(indicator.id) \(indicator.name)", anchor: "end", kind: "label")
            let length = most > 0 ? max(0, lost) / most * (width - left - 60) : 0
            svg.rect(left, y + 3, length, rowHeight - 6, kind: "lost",
                     title: "\(indicator.id) \(indicator.name)：\(words["average"]) \(Self.number(lost)) / \(indicator.weight)（\(indicator.judged)）")
            svg.text(left + length + 4, y + 14, Self.number(lost), anchor: "start", kind: "tick")
        }
        if ranked.isEmpty { svg.text(width / 2, top + 14, words["noScores"], anchor: "middle", kind: "label") }
        return svg.end()
    }

    /// Problem categories by county, as a table shaded by count (classes heat0 … heat5).
    func heatTable() -> String {
        var totals: [String: Int] = [:]
        for county in data.issuesByCounty { for (category, count) in county { totals[category, default: 0] += count } }
        let categories = totals.keys.sorted { totals[$0]! != totals[$1]! ? totals[$0]! > totals[$1]! : $0 < $1 }
        let most = data.issuesByCounty.flatMap(\.values).max() ?? 1
        var html = "<table class=\"heat\" id=\"heat\"><thead><tr><th>\(words["county"])</th>"
        for category in categories {
            html += "<th title=\"\(escape(category))\">\(escape(data.categoryLabels[category] ?? category))</th>"
        }
        html += "</tr></thead><tbody>"
        for (index, county) in data.counties.enumerated() {
            html += "<tr><th>\(escape(county))</th>"
            for category in categories {
                let count = data.issuesByCounty[index][category] ?? 0
                let level = count == 0 ? 0 : 1 + Int((Double(count) / Double(most) * 4.999).rounded(.down))
                html += "<td class=\"heat\(level)\">\(count)</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    static func number(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        let whole = Int(hundredths) / 100, fraction = abs(Int(hundredths)) % 100
        if fraction == 0 { return String(whole) }
        let sign = hundredths < 0 && whole == 0 ? "-" : ""
        return sign + String(whole) + "." + (fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction))
    }
}

/// Text for HTML and SVG: `&`, `<`, `>`, quotes escaped.
func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text.unicodeScalars {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(character)
        }
    }
    return out
}

/// An SVG picture built as text.
struct SVG {
    private var text: String

    init(width: Double, height: Double, label: String) {
        text = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(label))\">"
    }

    private static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    mutating func axes(left: Double, bottom: Double, right: Double, top: Double) {
        line(left, bottom, right, bottom, kind: "axis")
        line(left, bottom, left, top, kind: "axis")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, kind: String) {
        text += "<line class=\"\(kind)\" x1=\"\(Self.f(x1))\" y1=\"\(Self.f(y1))\" x2=\"\(Self.f(x2))\" y2=\"\(Self.f(y2))\"/>"
    }

    mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, kind: String, title: String?) {
        text += "<rect class=\"\(kind)\" x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\""
        text += title.map { "><title>\(escape($0))</title></rect>" } ?? "/>"
    }

    mutating func circle(_ x: Double, _ y: Double, _ radius: Double, kind: String, title: String) {
        text += "<circle class=\"\(kind)\" cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"\(Self.f(radius))\"><title>\(escape(title))</title></circle>"
    }

    mutating func text(_ x: Double, _ y: Double, _ content: String, anchor: String, kind: String, rotate: Bool = false) {
        let turn = rotate ? " transform=\"rotate(-90 \(Self.f(x)) \(Self.f(y)))\"" : ""
        text += "<text class=\"\(kind)\" x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" text-anchor=\"\(anchor)\"\(turn)>\(escape(content))</text>"
    }

    func end() -> String { text + "</svg>" }
}
