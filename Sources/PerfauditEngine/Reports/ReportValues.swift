/// The words perfaudit writes as cell values, in the language of the headers: `--header-lang en`
/// keeps the codes (`yes`, `high`, `rule`, `verified`), `zh` writes what a reviewer reads (是,
/// 高, 规则, 已核查). Codes that are keys (categories, grades, problem keys) are never translated.
public struct ReportValues: Sendable {
    public let language: HeaderLanguage

    public init(_ language: HeaderLanguage) { self.language = language }

    public var yes: String { language == .zh ? "是" : "yes" }
    public var no: String { language == .zh ? "否" : "no" }

    public func flag(_ value: Bool) -> String { value ? yes : no }

    public func severity(_ severity: Severity) -> String {
        guard language == .zh else { return severity.rawValue }
        switch severity {
        case .high: return "高"
        case .medium: return "中"
        case .low: return "低"
        }
    }

    public func source(_ source: IssueSource) -> String {
        guard language == .zh else { return source.rawValue }
        switch source {
        case .rule: return "规则"
        case .consistency: return "自相矛盾"
        case .evaluator: return "评价报告"
        case .comparison: return "跨记录比对"
        }
    }

    /// `verified` / `self_only` of summary.csv's status.
    public func status(verified: Bool) -> String {
        language == .zh ? (verified ? "已核查" : "仅自评") : (verified ? "verified" : "self_only")
    }

    /// `risk` / `random` of sample.csv's drawn_by.
    func drawnBy(_ drawnBy: SampleDraw.DrawnBy) -> String {
        switch drawnBy {
        case .risk: language == .zh ? "风险" : "risk"
        case .random: language == .zh ? "随机" : "random"
        }
    }

    /// Whether a cell read back from a report says yes, in either language.
    static func saysYes(_ cell: String) -> Bool { cell == "yes" || cell == "是" }

    /// Whether a summary.csv status read back says verified, in either language.
    static func saysVerified(_ cell: String) -> Bool { cell == "verified" || cell == "已核查" }
}
