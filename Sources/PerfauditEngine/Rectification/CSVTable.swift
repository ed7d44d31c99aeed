import PerfauditCore

/// A CSV report read back (RFC 4180, as perfaudit writes them): its header and rows, with the
/// formula guard taken off the cells it was put on. Reads UTF-8 with or without BOM, and
/// GB18030 (`--encoding gb18030`) when the bytes are not UTF-8.
struct CSVTable {
    let header: [String]
    let rows: [[String]]

    /// The table in `bytes`; `file` names it in errors.
    init(_ bytes: [UInt8], file: String) throws(LoadError) {
        var text = bytes
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        if String(validating: text, as: UTF8.self) == nil {
            guard let converted = Transcoder(from: "GB18030", to: "UTF-8")?.convert(text) else {
                throw LoadError("\(file): neither UTF-8 nor GB18030 text")
            }
            text = converted
        }
        var rows = try Self.parse(text, file: file)
        guard !rows.isEmpty else { throw LoadError("\(file): empty; expected a header row") }
        header = rows.removeFirst()
        self.rows = rows
    }

    /// Rows parsed from bytes: quoted cells with doubled quotes, CRLF or LF row ends.
    static func parse(_ bytes: [UInt8], file: String) throws(LoadError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell: [UInt8] = []
        var quoted = false
        var index = 0
        var line = 1
        func endCell() {
            row.append(unguarded(String(decoding: cell, as: UTF8.self), wasQuoted: quoted))
            cell.removeAll(keepingCapacity: true)
            quoted = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") && cell.isEmpty && !quoted {
                quoted = true
                index += 1
                while true {
                    guard index < bytes.count else { throw LoadError("\(file): a quoted cell is not closed", at: SourcePosition(line: line, column: 1)) }
                    if bytes[index] == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                            cell.append(UInt8(ascii: "\""))
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if bytes[index] == 0x0A { line += 1 }
                    cell.append(bytes[index])
                    index += 1
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endCell()
            case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                break
            case 0x0A:
                endCell()
                rows.append(row)
                row.removeAll(keepingCapacity: true)
                line += 1
            default:
                cell.append(byte)
            }
            index += 1
        }
        if !cell.isEmpty || !row.isEmpty {
            endCell()
            rows.append(row)
        }
        return rows
    }

    /// A cell without the `'` the writer put before a leading `=`, `+`, `-`, `@`, tab or CR.
    private static func unguarded(_ cell: String, wasQuoted: Bool) -> String {
        let utf8 = cell.utf8
        guard utf8.count >= 2, utf8.first == UInt8(ascii: "'"),
            CSVRowBuilder.startsFormula(utf8[utf8.index(after: utf8.startIndex)])
        else { return cell }
        return String(cell.dropFirst())
    }

    /// The index of the column whose English key or Chinese label is that of `column`.
    func index(of column: ReportColumns.Column) -> Int? {
        header.firstIndex { $0 == column.en || $0 == column.zh }
    }
}
