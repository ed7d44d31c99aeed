#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditCore
import PerfauditXML

/// Loads record files for one worker: reads each file into a reused buffer (refusing files over
/// 8 MiB unread), then parses it as XML or JSON by its name. Not shareable across threads.
public final class RecordFileLoader {
    /// Files larger than this are refused without being read.
    public static let maxFileSize = 8 << 20

    private let xml: XMLRecordLoader
    private var buffer: [UInt8] = []
    /// How many bytes of `buffer` the current file fills.
    private var length = 0

    public init(schema: RecordSchema = .shared) {
        xml = XMLRecordLoader(schema: schema)
    }

    /// Loads the record in the file at `path`.
    public func load(path: String) throws(LoadError) -> Record {
        try read(path)
        let isJSON = path.lowercased().hasSuffix(".json")
        let result: Result<Record, LoadError> = buffer.withUnsafeBytes { whole in
            let bytes = UnsafeRawBufferPointer(rebasing: whole[..<length])
            do throws(LoadError) {
                return .success(isJSON ? try JSONRecordLoader.load(bytes) : try xml.load(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func read(_ path: String) throws(LoadError) {
        // O_NONBLOCK: a FIFO (or device) named *.xml must not block the open; it is refused
        // below as not a regular file. For a regular file the flag changes nothing.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw LoadError("cannot read the file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw LoadError("cannot read the file: \(String(cString: strerror(errno)))") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw LoadError("not a regular file") }
        let size = Int(info.st_size)
        guard size <= Self.maxFileSize else {
            throw LoadError("file is \(size) bytes, over the 8 MiB limit; refused unread")
        }
        // Read straight into the reused buffer; one byte of room beyond the size tells a file
        // that grew while read.
        let capacity = size + 1
        if buffer.count < capacity { buffer = [UInt8](repeating: 0, count: max(capacity, 1 << 16)) }
        var filled = 0
        while filled < capacity {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, capacity - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw LoadError("cannot read the file: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= size else { throw LoadError("the file grew while it was read; try again") }
        length = filled
    }
}
