import PerfauditCore

/// Threshold bands on a metric: the first band whose condition holds gives the points.
///
/// `{"kind": "bands", "metric": "fixedAssetUseRate", "bands": [{"atLeast": 95, "points": 3},
/// {"atLeast": 90, "points": 1}], "otherwise": 0, "cases": {"bothZero": 3}}`
public struct BandsRule: IndicatorRule {
    public static let kind = "bands"
    public static let summary = "分档：按指标值落入的第一个档次得分（atLeast ≥、above >、atMost ≤、below <），cases 给特殊情形的分数。"

    let metric: Metric
    let bands: [Band]
    let cases: [(String, Exact)]
    let otherwise: Exact

    public init(_ object: inout JSONObject, weight: Exact) throws {
        metric = try Self.metric(&object)
        var bands: [Band] = []
        for node in try object.array("bands") {
            var bandObject = try JSONObject(node, context: object.context + " band")
            let band = try Band(&bandObject)
            try Self.checkPoints(band.points, weight: weight, bandObject, "points")
            try bandObject.finish()
            bands.append(band)
        }
        self.bands = bands
        cases = try Self.namedPoints(&object, "cases", metric: metric, weight: weight)
        otherwise = try object.optionalDecimal("otherwise") ?? .zero
        try Self.checkPoints(otherwise, weight: weight, object, "otherwise")
    }

    public func evaluate(_ record: Record, weight: Exact) -> RuleOutcome {
        let reading = metric.reading(record)
        switch reading.value {
        case .missing: return .open(weight, reading.evidence)
        case .named(let name):
            let points = cases.first { $0.0 == name }?.1 ?? otherwise
            return .exactly(points.rational, reading.evidence)
        case .number(let value):
            let points = bands.first { $0.holds(for: value) }?.points ?? otherwise
            return .exactly(points.rational, reading.evidence)
        }
    }

    public func describe(weight: Exact) -> String {
        var parts = bands.map { "\($0.condition)→\($0.points)" }
        parts += cases.map { "\($0.0)→\($0.1)" }
        parts.append("否则→\(otherwise)")
        return "\(metric.name) 分档：" + parts.joined(separator: "；")
    }

    /// One band: a comparison with a threshold, and the points it gives.
    struct Band {
        enum Comparison: String, CaseIterable { case atLeast, above, atMost, below }
        let comparison: Comparison
        let threshold: Rational
        let points: Exact

        init(_ object: inout JSONObject) throws(RulebookError) {
            var found: [(Comparison, Exact)] = []
            for comparison in Comparison.allCases {
                if let value = try object.optionalDecimal(comparison.rawValue) { found.append((comparison, value)) }
            }
            guard found.count == 1 else { throw object.error("a band needs exactly one of atLeast, above, atMost, below") }
            comparison = found[0].0
            threshold = found[0].1.rational
            points = try object.decimal("points")
        }

        func holds(for value: Rational) -> Bool {
            switch comparison {
            case .atLeast: value >= threshold
            case .above: value > threshold
            case .atMost: value <= threshold
            case .below: value < threshold
            }
        }

        var condition: String {
            let symbol = ["atLeast": "≥", "above": ">", "atMost": "≤", "below": "<"][comparison.rawValue]!
            return "\(symbol)\(threshold.decimalText(digits: 4))"
        }
    }

    public static let examples: [RuleExample] = {
        let assets = #"{"kind": "bands", "metric": "fixedAssetUseRate", "bands": [{"atLeast": 95, "points": 3}, {"atLeast": 90, "points": 1}]}"#
        let completion = #"{"kind": "bands", "metric": "expenditureCompletionRate", "bands": [{"atLeast": 100, "points": 4}, {"atLeast": 90, "points": 3}, {"atLeast": 80, "points": 2}, {"atLeast": 70, "points": 1}]}"#
        let stock = #"{"kind": "bands", "metric": "treasuryStockChangeRate", "bands": [{"atMost": -15, "points": 3}, {"atMost": -10, "points": 2}, {"atMost": 0, "points": 1}], "cases": {"bothZero": 3, "newStock": 0}}"#
        func assetsFigures(_ inUse: String, _ total: String) -> @Sendable (inout Record) -> Void {
            { record in
                record.finance = Finance()
                record.finance?.fixedAssets = FixedAssets(total: .parsed(total), inUse: .parsed(inUse))
            }
        }
        func stockFigures(_ previous: String, _ current: String) -> @Sendable (inout Record) -> Void {
            { record in
                record.finance = Finance()
                record.finance?.treasuryStock = TreasuryStock(previousYearEnd: .parsed(previous), yearEnd: .parsed(current))
            }
        }
        return [
            RuleExample("486.59 / 512.20 is exactly 95 %", rule: assets, weight: 3, expect: "3", figures: assetsFigures("486.59", "512.20")),
            RuleExample("one fen less is below 95 %", rule: assets, weight: 3, expect: "1", figures: assetsFigures("486.58", "512.20")),
            RuleExample("900.63 / 1000.70 is exactly 90 %", rule: assets, weight: 3, expect: "1", figures: assetsFigures("900.63", "1000.70")),
            RuleExample("just below 90 % scores nothing", rule: assets, weight: 3, expect: "0", figures: assetsFigures("900.62", "1000.70")),
            RuleExample("fixed assets not reported", rule: assets, weight: 3, expect: ("0", "3")) { _ in },
            RuleExample("spending equal to income is 100 %", rule: completion, weight: 4, expect: "4") { record in
                record.finance = Finance()
                record.finance?.income = Income(final: .parsed("71073638.07"))
                record.finance?.expenditure = Expenditure(final: .parsed("71073638.07"))
            },
            RuleExample("one fen short of 100 %", rule: completion, weight: 4, expect: "3") { record in
                record.finance = Finance()
                record.finance?.income = Income(final: .parsed("71073638.07"))
                record.finance?.expenditure = Expenditure(final: .parsed("71073638.06"))
            },
            RuleExample("217.94 / 256.40 − 1 is exactly −15 %", rule: stock, weight: 3, expect: "3", figures: stockFigures("256.40", "217.94")),
            RuleExample("one fen more is above −15 %", rule: stock, weight: 3, expect: "2", figures: stockFigures("256.40", "217.95")),
            RuleExample("both years zero", rule: stock, weight: 3, expect: "3", figures: stockFigures("0", "0")),
            RuleExample("new stock after zero", rule: stock, weight: 3, expect: "0", figures: stockFigures("0", "10")),
            RuleExample("stated change rate −21.33 %", rule: stock, weight: 3, expect: "3") { record in
                record.finance = Finance()
                record.finance?.treasuryStock = TreasuryStock(changeRate: .parsed("-21.33"))
            },
            RuleExample("stated change rate exactly 0 %", rule: stock, weight: 3, expect: "1") { record in
                record.finance = Finance()
                record.finance?.treasuryStock = TreasuryStock(changeRate: .parsed("0"))
            },
        ]
    }()
}
