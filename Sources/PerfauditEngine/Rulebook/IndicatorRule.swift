import PerfauditCore

/// The points the reported facts allow for one indicator (or part): `[lo, hi]`, exact, plus the
/// evidence behind it. A judgment, or a formula whose facts are missing, gives `[0, weight]`.
public struct RuleOutcome: Equatable, Sendable {
    public var lo: Rational
    public var hi: Rational
    public var evidence: [String]
    /// Whether the facts fixed the points (`lo == hi` from a formula).
    public var computed: Bool

    public init(lo: Rational, hi: Rational, evidence: [String], computed: Bool) {
        self.lo = lo
        self.hi = hi
        self.evidence = evidence
        self.computed = computed
    }

    /// Exactly `points`, from the facts.
    public static func exactly(_ points: Rational, _ evidence: String) -> RuleOutcome {
        RuleOutcome(lo: points, hi: points, evidence: [evidence], computed: true)
    }

    /// Anything from 0 to `weight`: a judgment, or facts not reported.
    public static func open(_ weight: Exact, _ evidence: String) -> RuleOutcome {
        RuleOutcome(lo: .zero, hi: weight.rational, evidence: evidence.isEmpty ? [] : [evidence], computed: false)
    }
}

/// One kind of scoring rule, written as data in a rulebook file (`"kind": "bands"` …).
///
/// Each kind lives in its own file under `Rules/`, is listed in `RuleKinds.all`, and carries
/// `examples` — small records with the interval they must get — that one generic test runs.
public protocol IndicatorRule: Sendable {
    /// The `kind` a rulebook file names.
    static var kind: String { get }
    /// What the kind does, for docs and `perfaudit rules`.
    static var summary: String { get }
    /// Worked examples: a rule, a few figures, the interval they must give.
    static var examples: [RuleExample] { get }

    /// Reads the rule's parameters; `weight` is the indicator's (or part's) weight.
    init(_ object: inout JSONObject, weight: Exact) throws

    /// The interval the record's facts allow, within `[0, weight]`.
    func evaluate(_ record: Record, weight: Exact) -> RuleOutcome

    /// The rule in words, as `indicators.csv` and `perfaudit explain` show it.
    func describe(weight: Exact) -> String
}

/// A rule kind's worked example: a rule in rulebook JSON, a record's figures, the expected interval.
public struct RuleExample: Sendable {
    public var title: String
    public var rule: String
    public var weight: Exact
    public var figures: @Sendable (inout Record) -> Void
    /// Expected `lo` and `hi`, as decimals rounded half-up to 2 places.
    public var expected: (lo: String, hi: String)

    public init(
        _ title: String, rule: String, weight: Int, expect expected: (lo: String, hi: String),
        figures: @escaping @Sendable (inout Record) -> Void
    ) {
        self.title = title
        self.rule = rule
        self.weight = Exact(weight)
        self.expected = expected
        self.figures = figures
    }

    /// Exactly `points`.
    public init(
        _ title: String, rule: String, weight: Int, expect points: String,
        figures: @escaping @Sendable (inout Record) -> Void
    ) {
        self.init(title, rule: rule, weight: weight, expect: (points, points), figures: figures)
    }

    /// A record with nothing reported beyond what every record must have.
    public static var blankRecord: Record {
        Record(
            department: Department(
                mofDivCode: "440823", agencyCode: "example", name: "示例部门", province: "广东省", city: "湛江市",
                county: "遂溪县"),
            fiscalYear: 2022, rulebook: "example", selfAssessment: SelfAssessment(score: Exact(90), grade: .excellent))
    }
}

/// Helpers shared by rule kinds.
extension IndicatorRule {
    /// Reads a metric name and checks it exists.
    static func metric(_ object: inout JSONObject, _ key: String = "metric") throws(RulebookError) -> Metric {
        let name = try object.string(key)
        guard let metric = MetricCatalog.metric(named: name) else {
            throw object.error("unknown metric \"\(name)\"; see docs/rulebooks.md for the list")
        }
        return metric
    }

    /// Reads a map from a metric's named outcomes to points (`"cases"`, or a categorical rule's
    /// `"points"`), each name one the metric yields and each value within `[0, weight]`.
    static func namedPoints(
        _ object: inout JSONObject, _ key: String, metric: Metric, weight: Exact
    ) throws(RulebookError) -> [(String, Exact)] {
        let map = try object.decimalMap(key) ?? []
        for (name, points) in map {
            guard metric.names.contains(name) else { throw object.error("metric \(metric.name) has no outcome \"\(name)\"") }
            try checkPoints(points, weight: weight, object, "points for \(name)")
        }
        return map
    }

    /// Checks that points lie within `[0, weight]`.
    static func checkPoints(_ points: Exact, weight: Exact, _ object: JSONObject, _ what: String) throws(RulebookError) {
        guard points >= .zero && points <= weight else {
            throw object.error("\(what) \(points) is outside 0…\(weight)")
        }
    }
}
