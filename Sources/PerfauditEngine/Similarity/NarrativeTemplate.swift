import PerfauditCore

/// The headings and stock sentences every department's report shares by design (the bureau's
/// report template, `Templates/*.json`), which template detection strips before comparing two
/// reports. Versioned like a rulebook: its id and version are recorded in the manifest.
public struct NarrativeTemplate: Sendable {
    public let id: String
    public let version: Int
    /// Section titles of the template (基本情况, 存在问题 …).
    public let headings: [String]
    /// Sentences and phrases the template puts in every report.
    public let phrases: [String]
    /// The template's text as shingles (`ProseShingles`), dropped from every report's shingles.
    let shingles: ShingleTable

    /// Parses a template file's bytes; `file` names it in every message.
    public static func parse(_ bytes: [UInt8], file: String) throws(RulebookError) -> NarrativeTemplate {
        let document: JSONNode
        do throws(LoadError) { document = try JSONReader.parse(bytes) } catch {
            throw RulebookError(file: file, message: error.message, position: error.position)
        }
        do throws(RulebookError) {
            var root = try JSONObject(document, context: "template")
            let id = try root.string("id")
            let version = try root.decimal("version")
            _ = try root.string("title")
            _ = try root.optionalString("source")
            let headings = try strings(root.array("headings"), key: "headings", root)
            let phrases = try strings(root.array("phrases"), key: "phrases", root)
            try root.finish()
            guard version.units % Exact.scale == 0, version >= Exact(1) else { throw root.error("\"version\" must be a whole number ≥ 1") }
            return NarrativeTemplate(id: id, version: Int(version.units / Exact.scale), headings: headings, phrases: phrases)
        } catch {
            var located = error
            located.file = file
            throw located
        }
    }

    init(id: String, version: Int, headings: [String], phrases: [String]) {
        self.id = id
        self.version = version
        self.headings = headings
        self.phrases = phrases
        var shingles: Set<UInt64> = []
        for text in headings + phrases { ProseShingles.forEach(in: NormalizedProse([text], names: []).letters) { shingles.insert($0) } }
        self.shingles = ShingleTable(shingles)
    }

    private static func strings(_ nodes: [JSONNode], key: String, _ root: JSONObject) throws(RulebookError) -> [String] {
        var result: [String] = []
        for node in nodes {
            guard case .string(let text) = node.value, !text.isEmpty else {
                throw root.error("\"\(key)\" must list non-empty strings", node.position)
            }
            result.append(text)
        }
        return result
    }

    /// The template shipped in `Templates/` (`ShippedTemplates`).
    public static let shipped: NarrativeTemplate = {
        let file = ShippedTemplates.files[0]
        do { return try parse(Array(file.text.utf8), file: "Templates/" + file.name) } catch {
            fatalError("the shipped template does not parse: \(error)")
        }
    }()

    /// The shipped template file's name and SHA-256, for the manifest.
    public static var shippedFile: (name: String, text: String) { ShippedTemplates.files[0] }
}
