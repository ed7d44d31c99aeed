/// A baseline (`--baseline`) that cannot be used: unreadable, not a register, or written with
/// other thresholds or rulebooks than this run (unless `--baseline-any`).
public struct BaselineError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "baseline \(path): \(message)" }
}
