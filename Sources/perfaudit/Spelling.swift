#if canImport(Glibc)
import Glibc
#endif

/// The nearest valid spelling of a mistyped command name.
enum Spelling {
    /// A message when the first argument is neither a command nor an existing file or folder but
    /// within two edits of a command (`rnu` → `run`); `nil` otherwise. Without this, the default
    /// command `run` would take it as an input and say only "input not found".
    static func mistypedCommand(_ arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first), !exists(first),
            let nearest = commands.min(by: { distance(first, $0) < distance(first, $1) }), distance(first, nearest) <= 2
        else { return nil }
        return "unknown command '\(first)' (and no file or folder of that name); did you mean '\(nearest)'?"
    }

    /// Whether a path names anything, a dangling link included.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Edits (insert, delete, substitute, swap two neighbours) from one word to the other.
    static func distance(_ left: String, _ right: String) -> Int {
        let a = Array(left), b = Array(right)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
