/// A sample corpus that could not be written: the path and the system's reason.
public struct SampleGenerationError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
