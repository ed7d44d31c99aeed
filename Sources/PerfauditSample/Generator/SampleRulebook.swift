import PerfauditCore
import PerfauditEngine

/// The shipped rulebook the sample city is scored by: the generator gives the scores an
/// evaluator following `zhanjiang-dept-2021`'s own rules would give, read from the same
/// rulebook file and evaluated by the same scorer as a real record.
enum SampleRulebook {
    static let id = "zhanjiang-dept-2021"

    /// The rulebook, as the batch loads it.
    static let rulebook: Rulebook = {
        guard let library = try? RulebookLibrary.shipped(), let rulebook = library.rulebook(id) else {
            fatalError("the shipped rulebook \(id) does not load")
        }
        return rulebook
    }()

    /// Its indicators, in rulebook order.
    static var indicators: [Indicator] { rulebook.indicators }

    /// Whether the figures constrain the indicator's points (every rule kind but a judgment).
    static func isFormula(_ indicator: Indicator) -> Bool { !(indicator.rule is JudgmentRule) }
}
