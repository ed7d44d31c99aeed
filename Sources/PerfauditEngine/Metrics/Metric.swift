import PerfauditCore

/// What a metric yields for one record.
public enum MetricValue: Equatable, Sendable {
    /// An exact number (a rate in percent, a ratio, or a count).
    case number(Rational)
    /// A named outcome, e.g. `noneDue` for transfers when nothing was due, or a category.
    case named(String)
    /// The record does not report the facts the metric needs.
    case missing
}

/// A metric's value and the evidence a reviewer can check by hand, e.g. `差异率=36.04%`.
public struct MetricReading: Equatable, Sendable {
    public var value: MetricValue
    public var evidence: String

    public init(_ value: MetricValue, _ evidence: String) {
        self.value = value
        self.evidence = evidence
    }

    static func missing(_ what: String) -> MetricReading { MetricReading(.missing, "\(what)未报告") }
}

/// A named fact the rules of a rulebook read from a record: the vocabulary rulebook files use.
public struct Metric: Sendable {
    public enum Kind: String, Sendable {
        /// A percentage (36.04 means 36.04 %).
        case percent
        /// A fraction, 0…1 for shares.
        case ratio
        /// A whole number of things.
        case count
        /// A category: the metric yields only named values.
        case category
    }

    public let name: String
    public let kind: Kind
    /// What it is and which facts it needs, in words (Chinese first, as reviewers read it).
    public let summary: String
    /// The named outcomes it may yield besides numbers.
    public let names: [String]
    let read: @Sendable (Record) -> MetricReading

    init(_ name: String, _ kind: Kind, _ summary: String, names: [String] = [], read: @escaping @Sendable (Record) -> MetricReading) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.names = names
        self.read = read
    }

    /// Reads this metric from a record.
    public func reading(_ record: Record) -> MetricReading { read(record) }
}
