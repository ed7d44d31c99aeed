#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TextTable {
    /// The table within `width` columns: the `capped` columns wrapped at their cap, the `wrap`
    /// column at whatever width the others leave (at least `minimumWrap`); a wrapped cell goes on
    /// in the same column on the next lines. Breaks fall after `；`, `，`, `、`, `：`, a space or
    /// `＋` when one is near, else between any two characters (CJK width aware).
    public func render(width: Int, wrap: Int, capped: [Int: Int] = [:], minimumWrap: Int = 16) -> String {
        let count = header.count
        var widths = [Int](repeating: 0, count: count)
        for row in [header] + rows {
            for (index, cell) in row.enumerated() where index < count {
                widths[index] = max(widths[index], Self.displayWidth(cell))
            }
        }
        for (column, cap) in capped where column < count { widths[column] = min(widths[column], cap) }
        let others = widths.enumerated().filter { $0.offset != wrap }.reduce(0) { $0 + $1.element } + 2 * (count - 1)
        if wrap < count { widths[wrap] = min(widths[wrap], max(minimumWrap, width - others)) }
        var lines: [String] = []
        for (number, row) in ([header] + rows).enumerated() {
            let cells = (0..<count).map { index in
                let cell = index < row.count ? row[index] : ""
                return index == wrap || capped[index] != nil ? Self.wrapped(cell, widths[index]) : [cell]
            }
            let height = cells.map(\.count).max() ?? 1
            for line in 0..<height {
                var parts: [String] = []
                for index in 0..<count {
                    let cell = line < cells[index].count ? cells[index][line] : ""
                    let padding = String(repeating: " ", count: max(0, widths[index] - Self.displayWidth(cell)))
                    parts.append(rightAligned.contains(index) ? padding + cell : cell + padding)
                }
                var text = parts.joined(separator: "  ")
                while text.hasSuffix(" ") { text.removeLast() }
                lines.append(text)
            }
            if number == 0 {
                lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in lines of at most `width` columns.
    static func wrapped(_ text: String, _ width: Int) -> [String] {
        guard width > 0, displayWidth(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        /// Where the last good break in `line` is (after that character), and the width before it;
        /// where the run of digits and letters the line ends with began.
        var lastBreak: (index: String.Index, width: Int)?
        var runStart: (index: String.Index, width: Int)?
        for character in text {
            let characterWidth = displayWidth(String(character))
            if lineWidth + characterWidth > width {
                let cut = [lastBreak, runStart].compactMap { $0 }.filter { $0.width >= width / 3 && $0.width > 0 }
                    .max { $0.width < $1.width }
                if let cut {
                    lines.append(String(line[..<cut.index]))
                    line = String(line[cut.index...])
                    lineWidth -= cut.width
                } else {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                lastBreak = nil
                runStart = line.isEmpty ? nil : (line.startIndex, 0)
                while line.hasPrefix(" ") {
                    line.removeFirst()
                    lineWidth -= 1
                }
            }
            let inRun = character.isASCII && (character.isLetter || character.isNumber || ".%-".contains(character))
            if inRun && runStart == nil { runStart = (line.endIndex, lineWidth) }
            if !inRun { runStart = nil }
            line.append(character)
            lineWidth += characterWidth
            if "；，、：＋ ;,".contains(character) { lastBreak = (line.endIndex, lineWidth) }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { line in
            var line = line
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}

/// The terminal's width for tables: the columns of standard output when it is a terminal,
/// else 100.
public enum Terminal {
    public static let fallbackWidth = 100

    public static func width() -> Int {
        var size = winsize()
        guard isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return fallbackWidth }
        return max(40, Int(size.ws_col))
    }
}
