/// What a finished run did, for the one-line account and the exit status.
public struct RunSummary: Sendable, Equatable {
    public var found: Int
    public var scored: Int
    public var rejected: Int
    public var issues: Int
    /// Categories by the number of records that have them, most first (ties in register order).
    public var topCategories: [(category: IssueCategory, records: Int)]

    public static func == (lhs: RunSummary, rhs: RunSummary) -> Bool {
        (lhs.found, lhs.scored, lhs.rejected, lhs.issues) == (rhs.found, rhs.scored, rhs.rejected, rhs.issues)
            && lhs.topCategories.map(\.category) == rhs.topCategories.map(\.category)
            && lhs.topCategories.map(\.records) == rhs.topCategories.map(\.records)
    }

    /// The account line printed at the end of a run.
    public var line: String {
        let top = topCategories.prefix(3).map { "\($0.category.rawValue) \($0.records)" }.joined(separator: ", ")
        return "perfaudit: \(found) files found = \(scored) scored + \(rejected) rejected; \(issues) issues"
            + (top.isEmpty ? "" : "; most frequent: \(top)")
    }
}
