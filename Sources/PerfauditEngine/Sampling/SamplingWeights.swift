import PerfauditCore

/// The weights of the 复核 sampling's risk score (docs/sampling.md): a versioned JSON file of
/// the same kind as the rulebooks, read by the same strict reader (every key known, decimals
/// exact). The shipped file is `Sampling/sampling-risk-v1.json`, carried in the binary.
public struct SamplingWeights: Sendable, Equatable {
    public let id: String
    public let version: Int
    public let title: String
    /// Where it was read from (`Sampling/…` for the shipped file), and its SHA-256.
    public let file: String
    public let sha256: [UInt8]

    /// Points of a self score above the attainable maximum (such records are always drawn).
    public let aboveAttainablePoints: Exact
    /// Points of a self score less than `boundaryMargin` above a grade band's lower bound.
    public let nearBoundaryPoints: Exact
    public let boundaryMargin: Exact
    /// Points per point of the agency's largest earlier self − verified gap, capped.
    public let pastGapPointsPerPoint: Exact
    public let pastGapCap: Exact
    /// Points per persisting or reopened problem of the rectification ledger, capped.
    public let rectificationPointsPerProblem: Exact
    public let rectificationCap: Exact
    /// Points per decade of the amount at stake counted in `amountUnit` 元 (1 for 1–9.99 units,
    /// 2 for 10–99.99 …), capped.
    public let amountUnit: Exact
    public let amountPointsPerDecade: Exact
    public let amountCap: Exact
    /// Points of a self-only record whose agency has no verification in the `years` before it.
    public let noRecentVerificationPoints: Exact
    public let noRecentVerificationYears: Int
    /// Points per issue of the record, capped.
    public let issuePoints: Exact
    public let issueCap: Exact

    /// The weights shipped with the tool.
    public static let shipped: SamplingWeights = {
        let file = ShippedSamplingWeights.files[0]
        do throws(RulebookError) {
            return try parse(Array(file.text.utf8), file: "Sampling/" + file.name)
        } catch {
            preconditionFailure("the shipped sampling weights do not parse: \(error)")
        }
    }()

    /// Reads a weights file (`--sample-weights`); a problem names the file.
    public static func load(path: String) throws(RulebookError) -> SamplingWeights {
        var buffer: [UInt8] = []
        let length: Int
        do throws(FileSystem.ReadFailure) {
            length = try FileSystem.readRegularFile(path, limit: 1 << 20, into: &buffer)
        } catch {
            throw RulebookError(file: path, message: "cannot read the sampling weights: \(error)")
        }
        return try parse(Array(buffer[..<length]), file: path)
    }

    /// Parses a weights file's bytes.
    public static func parse(_ bytes: [UInt8], file: String) throws(RulebookError) -> SamplingWeights {
        let document: JSONNode
        do throws(LoadError) { document = try JSONReader.parse(bytes) } catch {
            throw RulebookError(file: file, message: error.message, position: error.position)
        }
        do throws(RulebookError) {
            return try SamplingWeights(document, file: file, sha256: SHA256.hash(bytes))
        } catch {
            var located = error
            located.file = file
            throw located
        }
    }

    private init(_ document: JSONNode, file: String, sha256: [UInt8]) throws(RulebookError) {
        var root = try JSONObject(document, context: "sampling weights")
        id = try root.string("id")
        let version = try root.decimal("version")
        guard version >= Exact(1), version.units % Exact.scale == 0 else { throw root.error("\"version\" must be a whole number ≥ 1") }
        self.version = Int(version.units / Exact.scale)
        title = try root.string("title")
        _ = try root.optionalString("source")
        self.file = file
        self.sha256 = sha256
        var above = try Self.factor(&root, "aboveAttainable")
        aboveAttainablePoints = try above.points("points")
        try above.finish()
        var near = try Self.factor(&root, "nearBoundary")
        nearBoundaryPoints = try near.points("points")
        boundaryMargin = try near.points("margin")
        try near.finish()
        var gap = try Self.factor(&root, "pastGap")
        pastGapPointsPerPoint = try gap.points("pointsPerPoint")
        pastGapCap = try gap.points("cap")
        try gap.finish()
        var ledger = try Self.factor(&root, "rectification")
        rectificationPointsPerProblem = try ledger.points("pointsPerProblem")
        rectificationCap = try ledger.points("cap")
        try ledger.finish()
        var amount = try Self.factor(&root, "amountAtStake")
        amountUnit = try amount.decimal("unit")
        guard amountUnit >= Exact(1) else { throw amount.error("\"unit\" must be at least 1 (元)") }
        amountPointsPerDecade = try amount.points("pointsPerDecade")
        amountCap = try amount.points("cap")
        try amount.finish()
        var recent = try Self.factor(&root, "noRecentVerification")
        noRecentVerificationPoints = try recent.points("points")
        let years = try recent.points("years")
        guard years >= Exact(1), years <= Exact(50), years.units % Exact.scale == 0 else {
            throw recent.error("\"years\" must be a whole number from 1 to 50")
        }
        noRecentVerificationYears = Int(years.units / Exact.scale)
        try recent.finish()
        var issues = try Self.factor(&root, "issues")
        issuePoints = try issues.points("pointsPerIssue")
        issueCap = try issues.points("cap")
        try issues.finish()
        try root.finish()
    }

    private static func factor(_ root: inout JSONObject, _ key: String) throws(RulebookError) -> JSONObject {
        try JSONObject(try root.required(key), context: "sampling weights \(key)")
    }

    public static func == (lhs: SamplingWeights, rhs: SamplingWeights) -> Bool { lhs.sha256 == rhs.sha256 && lhs.file == rhs.file }
}

private extension JSONObject {
    /// A decimal from 0 to 1000.
    mutating func points(_ key: String) throws(RulebookError) -> Exact {
        let value = try decimal(key)
        guard value >= .zero && value <= Exact(1000) else { throw error("\"\(key)\" = \(value) is outside [0, 1000]") }
        return value
    }
}
