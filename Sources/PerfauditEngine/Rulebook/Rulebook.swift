import PerfauditCore

/// An indicator system (指标体系): grade bands, adjustment caps and a three-level indicator tree
/// whose leaves carry the scoring rules. Loaded from a rulebook file (docs/rulebooks.md).
public final class Rulebook: Sendable {
    public let id: String
    public let title: String
    public let grades: GradeBands
    public let adjustments: AdjustmentCaps
    /// The scored indicators (三级指标), in the file's order.
    public let indicators: [Indicator]
    /// The file it came from, for messages.
    public let file: String
    private let positions: [String: Int]

    /// The leaf indicator with this id.
    public func indicator(_ id: String) -> Indicator? { positions[id].map { indicators[$0] } }

    /// The index of an indicator in `indicators`.
    public func index(of id: String) -> Int? { positions[id] }

    init(id: String, title: String, grades: GradeBands, adjustments: AdjustmentCaps, indicators: [Indicator], file: String) {
        self.id = id
        self.title = title
        self.grades = grades
        self.adjustments = adjustments
        self.indicators = indicators
        self.file = file
        positions = Dictionary(uniqueKeysWithValues: indicators.enumerated().map { ($1.id, $0) })
    }
}

/// A scored indicator with its place in the tree and its rule (a class: every scored record
/// refers to it, none copies it).
public final class Indicator: Sendable {
    public let id: String
    public let name: String
    public let level1: String
    public let level2: String
    public let weight: Exact
    public let rule: any IndicatorRule
    /// The rule in words (`rule.describe(weight:)`), built once when the rulebook is read.
    public let ruleText: String
    /// indicators.csv's fixed cells of this indicator (`indicator_id` … `weight`), and its
    /// `rule` cell, as CSV bytes, built once.
    let fixedCells: [UInt8]
    let ruleCell: [UInt8]

    init(id: String, name: String, level1: String, level2: String, weight: Exact, rule: any IndicatorRule) {
        self.id = id
        self.name = name
        self.level1 = level1
        self.level2 = level2
        self.weight = weight
        self.rule = rule
        ruleText = rule.describe(weight: weight)
        var row = CSVRowBuilder()
        for cell in [id, level1, level2, name] { row.text(cell) }
        row.number(weight)
        fixedCells = row.bytes
        row.reset()
        row.empty()
        row.text(ruleText)
        ruleCell = row.bytes
    }
}

/// Score → grade, by minimum score, best grade first (default 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差).
public struct GradeBands: Sendable {
    public let bands: [(grade: Grade, atLeast: Exact)]

    /// The grade of a score.
    public func grade(of score: Exact) -> Grade {
        bands.first { score >= $0.atLeast }?.grade ?? bands.last!.grade
    }

    public var words: String {
        bands.map { "\($0.grade.rawValue) ≥ \($0.atLeast)" }.joined(separator: "，")
    }
}

/// 加减分项: points per commendation / accountability and their caps.
public struct AdjustmentCaps: Sendable {
    public let bonusPerCount: Exact
    public let bonusCap: Exact
    public let penaltyPerCount: Exact
    public let penaltyCap: Exact

    public func bonus(count: Int) -> Exact { Self.capped(bonusPerCount, count, bonusCap) }
    public func penalty(count: Int) -> Exact { Self.capped(penaltyPerCount, count, penaltyCap) }

    /// `min(perCount × count, cap)`, the product taken in Int128 (counts come from the file).
    private static func capped(_ perCount: Exact, _ count: Int, _ cap: Exact) -> Exact {
        Exact(units: Int64(min(Int128(perCount.units) * Int128(count), Int128(cap.units))))
    }
}
