/// Why a file could not be loaded, with where in it.
public struct LoadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String

    public init(_ message: String, at position: SourcePosition = .unknown) {
        self.position = position
        self.message = message
    }

    public var description: String {
        position == .unknown ? message : "\(position.line):\(position.column): \(message)"
    }
}

/// A position in an input file, 1-based; 0 when the format or error has none.
public struct SourcePosition: Equatable, Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let unknown = SourcePosition(line: 0, column: 0)
}
