#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The run's spool: an unlinked temporary file in the output folder that holds every scored
/// record's rows until the reports are written in report order.
///
/// Space is reserved under the sink's lock; the bytes are then written at their reserved offset
/// without it (positional writes to distinct ranges need no lock), so workers do not queue for the
/// copy into the file.
final class Spool: Sendable {
    let folder: String
    private let descriptor: Int32

    /// The spool's file name before the process id.
    static let namePrefix = ".perfaudit-spool-"

    /// Creates the spool in `folder` and unlinks it at once: it vanishes with the process.
    init(folder: String) throws(OutputError) {
        self.folder = folder
        let path = folder + "/" + Self.namePrefix + "\(getpid())"
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OutputError.fromErrno(path) }
        unlink(path)
    }

    deinit { close(descriptor) }

    /// Writes `bytes` at `offset`.
    func write(_ bytes: [UInt8], at offset: Int64) throws(OutputError) {
        let written = bytes.withUnsafeBytes { FileSystem.writeAll(descriptor, $0, at: Int(offset)) }
        guard written else { throw OutputError.fromErrno(folder) }
    }

    /// Writes `first` and then `second` at `offset`, in one system call where the kernel takes
    /// both at once.
    func write(_ first: [UInt8], then second: [UInt8], at offset: Int64) throws(OutputError) {
        let written = first.withUnsafeBytes { head in
            second.withUnsafeBytes { tail in FileSystem.writeAll(descriptor, head, then: tail, at: Int(offset)) }
        }
        guard written else { throw OutputError.fromErrno(folder) }
    }

    /// Reads `length` bytes from `offset` into the front of `block` (grown as needed, never
    /// shrunk, so one buffer serves every read).
    func read(_ length: Int, at offset: Int64, into block: inout [UInt8]) throws(OutputError) {
        if block.count < length { block = [UInt8](repeating: 0, count: max(length, 2 * block.count)) }
        var done = 0
        while done < length {
            let count = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, length - done, off_t(offset) + off_t(done)) }
            guard count > 0 else { throw OutputError.fromErrno(folder) }
            done += count
        }
    }
}
