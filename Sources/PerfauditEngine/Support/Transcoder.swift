#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts text between character sets through the C library's iconv; one per stream.
public final class Transcoder {
    private let handle: iconv_t

    public init?(from source: String, to target: String) {
        let handle = iconv_open(target, source)
        guard let handle, Int(bitPattern: handle) != -1 else { return nil }
        self.handle = handle
    }

    deinit { iconv_close(handle) }

    /// The converted bytes, or `nil` when the input holds a character the target cannot represent
    /// (or bytes that are not valid in the source character set).
    public func convert(_ input: [UInt8]) -> [UInt8]? {
        var input = input
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPointer = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPointer = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count
                guard iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outRaw.count - outLeft
            }
        }
        guard let produced else { return nil }
        return Array(output[..<produced])
    }
}
