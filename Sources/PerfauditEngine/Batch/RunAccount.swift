/// What a finished run tells its user in its final line: the summary, where the reasons for the
/// rejects are, and the characters the GB18030 reports hold that GBK does not have.
public struct RunAccount: Sendable, Equatable {
    public var summary: RunSummary
    public var outputFolder: String
    /// Characters written as GB18030 that GBK (Excel's CP936) does not have; 0 for UTF-8.
    public var outsideGBK: Int

    public init(summary: RunSummary, outputFolder: String, outsideGBK: Int = 0) {
        self.summary = summary
        self.outputFolder = outputFolder
        self.outsideGBK = outsideGBK
    }

    /// rejects.csv in the output folder.
    public var rejectsFile: String { (outputFolder.hasSuffix("/") ? outputFolder : outputFolder + "/") + "rejects.csv" }

    /// The final line of a run.
    public func line(in language: HeaderLanguage) -> String {
        language == .zh ? chineseLine : englishLine
    }

    private var englishLine: String {
        var line = summary.line
        if summary.rejected > 0 { line += "; the reasons for the \(summary.rejected) rejected are in \(rejectsFile)" }
        if outsideGBK > 0 {
            line += "; warning: \(outsideGBK) characters outside GBK written as GB18030 (Excel opening the file as GBK shows them garbled)"
        }
        return line
    }

    private var chineseLine: String {
        let top = summary.topCategories.prefix(3)
            .map { "\($0.category.rawValue)（\($0.records) 条记录，\($0.issues) 个问题）" }.joined(separator: "，")
        var line = "perfaudit：共 \(summary.found) 个文件 = 已评分 \(summary.scored) + 已拒收 \(summary.rejected)；问题 \(summary.issues) 条"
        if !top.isEmpty { line += "；最常见：\(top)" }
        if summary.rejected > 0 { line += "；拒收的 \(summary.rejected) 个文件的原因见 \(rejectsFile)" }
        if outsideGBK > 0 {
            line += "；警告：\(outsideGBK) 个字符不在 GBK 字符集中，已按 GB18030 写出（Excel 按 GBK 打开时会显示乱码）"
        }
        return line
    }
}
