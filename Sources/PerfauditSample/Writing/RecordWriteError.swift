/// Why a record cannot be written in the documented format.
public struct RecordWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
