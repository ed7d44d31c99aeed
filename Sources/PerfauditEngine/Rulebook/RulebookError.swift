import PerfauditCore

/// A rulebook problem, naming the file, the indicator (when known) and the position.
public struct RulebookError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var position: SourcePosition

    public init(file: String, message: String, position: SourcePosition = .unknown) {
        self.file = file
        self.message = message
        self.position = position
    }

    public var description: String {
        position == .unknown ? "\(file): \(message)" : "\(file):\(position.line):\(position.column): \(message)"
    }
}
