/// What a finished run did, for the one-line account and the exit status.
public struct RunSummary: Sendable, Equatable {
    public var found: Int
    public var scored: Int
    public var rejected: Int
    public var issues: Int
    /// Categories by the number of records that have them, most first (ties in register order),
    /// with that number and the category's rows in issues.csv (a record may have several).
    public var topCategories: [(category: IssueCategory, records: Int, issues: Int)]
    /// Whether the reports were put in place (not when nothing was scored).
    public var published = true
    /// When nothing was scored: each reject as `file:line:col: message`, since no rejects.csv shows them.
    public var rejectLines: [String] = []

    public static func == (lhs: RunSummary, rhs: RunSummary) -> Bool {
        (lhs.found, lhs.scored, lhs.rejected, lhs.issues) == (rhs.found, rhs.scored, rhs.rejected, rhs.issues)
            && lhs.topCategories.map(\.category) == rhs.topCategories.map(\.category)
            && lhs.topCategories.map(\.records) == rhs.topCategories.map(\.records)
            && lhs.topCategories.map(\.issues) == rhs.topCategories.map(\.issues)
    }

    /// The account line printed at the end of a run: what was found, scored and rejected, the
    /// issues, and the three categories most records have, each with its records and its rows.
    public var line: String {
        let top = topCategories.prefix(3)
            .map { "\($0.category.rawValue) in \($0.records) records (\($0.issues) issues)" }.joined(separator: ", ")
        return "perfaudit: \(found) files found = \(scored) scored + \(rejected) rejected; \(issues) issues"
            + (top.isEmpty ? "" : "; most frequent: \(top)")
    }
}
