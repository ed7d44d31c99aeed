#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the engine needs, in one place: listing a folder, reading a
/// regular file of bounded size into a reusable buffer, and writing a buffer whole.
public enum FileSystem {
    /// Why a file could not be read.
    enum ReadFailure: Error, CustomStringConvertible {
        /// The system's reason (`strerror`).
        case system(String)
        case notRegular
        case tooLarge(size: Int)
        case grewWhileRead

        var description: String {
            switch self {
            case .system(let reason): reason
            case .notRegular: "not a regular file"
            case .tooLarge(let size): "\(size) bytes, over the limit"
            case .grewWhileRead: "the file grew while it was read"
            }
        }
    }

    static var systemReason: String { String(cString: strerror(errno)) }

    /// What a folder listing says an entry is, without a `stat`: the system fills `d_type` on
    /// the common file systems; anything else (a link, or a type not given) needs a `stat`.
    /// `misnamed`: a name that is not valid UTF-8, which a `String` cannot hold as it is (so the
    /// entry cannot be opened by the name given).
    enum EntryKind {
        case regularFile, folder, other, misnamed
    }

    /// Whether `path` is a folder (following links).
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether anything is at `path` (following links).
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The names in a folder with each one's kind as the listing gives it: the visible ones, or
    /// with `includingHidden` all of them (never `.` and `..`).
    static func entries(in folder: String, includingHidden: Bool = false)
        -> Result<[(name: String, kind: EntryKind)], ReadFailure>
    {
        guard let directory = opendir(folder) else { return .failure(.system(systemReason)) }
        defer { closedir(directory) }
        var entries: [(name: String, kind: EntryKind)] = []
        while let entry = readdir(directory) {
            let (name, valid) = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: CChar.self).baseAddress!
                return (String(cString: bytes), String(validatingCString: bytes) != nil)
            }
            guard includingHidden ? name != "." && name != ".." : !name.hasPrefix(".") else { continue }
            let kind: EntryKind =
                switch Int(entry.pointee.d_type) {
                case Int(DT_REG): .regularFile
                case Int(DT_DIR): .folder
                default: .other
                }
            entries.append((name, valid ? kind : .misnamed))
        }
        return .success(entries)
    }

    /// Reads the regular file at `path`, refused unread when larger than `limit`, into `buffer`
    /// (grown as needed, never shrunk) and returns its length. Opens with `O_NONBLOCK` so that a
    /// FIFO or device does not block: it is refused as not a regular file.
    static func readRegularFile(_ path: String, limit: Int, into buffer: inout [UInt8]) throws(ReadFailure) -> Int {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(systemReason) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system(systemReason) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notRegular }
        let size = Int(info.st_size)
        guard size <= limit else { throw .tooLarge(size: size) }
        // One byte of room beyond the size tells a file that grew while read.
        let capacity = size + 1
        if buffer.count < capacity { buffer = [UInt8](repeating: 0, count: max(capacity, 1 << 16)) }
        var filled = 0
        while filled < capacity {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, capacity - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(systemReason)
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= size else { throw .grewWhileRead }
        return filled
    }

    /// Writes all of `bytes` to `descriptor`, at `offset` (`pwrite`) or else where the file
    /// stands (`write`), retrying after an interrupt. `false`, with `errno` set, when the system
    /// refuses; a write that makes no progress counts as an I/O error rather than being retried.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int? = nil) -> Bool {
        var done = 0
        while done < bytes.count {
            let start = bytes.baseAddress! + done
            let written = offset.map { pwrite(descriptor, start, bytes.count - done, off_t($0 + done)) }
                ?? write(descriptor, start, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            if written == 0 {
                errno = EIO
                return false
            }
            done += written
        }
        return true
    }

    /// Writes all of `first` and then all of `second` at `offset`, in one `pwritev` when the
    /// system takes both at once; what a short write leaves is finished by `writeAll`.
    static func writeAll(_ descriptor: Int32, _ first: UnsafeRawBufferPointer, then second: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var parts = [
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count),
        ]
        var done = pwritev(descriptor, &parts, 2, off_t(offset))
        while done < 0 {
            guard errno == EINTR else { return false }
            done = pwritev(descriptor, &parts, 2, off_t(offset))
        }
        var start = offset
        for part in [first, second] {
            let written = min(done, part.count)
            done -= written
            guard writeAll(descriptor, UnsafeRawBufferPointer(rebasing: part[written...]), at: start + written) else { return false }
            start += part.count
        }
        return true
    }
}
