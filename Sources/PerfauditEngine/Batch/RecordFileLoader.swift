import PerfauditCore
import PerfauditXML

/// Loads record files for one worker: reads each file into a reused buffer (refusing files over
/// 8 MiB unread), then parses it as XML or JSON by its name; a file that fails and is of another
/// kind altogether (`FileKind`) is refused as that. Not shareable across threads.
public final class RecordFileLoader {
    /// Files larger than this are refused without being read.
    public static let maxFileSize = 8 << 20

    private let xml: XMLRecordLoader
    private var buffer: [UInt8] = []
    /// How many bytes of `buffer` the current file fills.
    private var length = 0
    /// Whether the last file was read (its bytes are in `buffer`), whatever its parse gave.
    private var lastFileRead = false

    /// A loader for the batch (no `schema`: the decoder checks the format), or one that also
    /// runs libxml2's XSD validation on XML files (`perfaudit validate --schema`).
    public init(schema: RecordSchema? = nil) {
        xml = XMLRecordLoader(schema: schema)
    }

    /// Loads the record in the file at `path`.
    public func load(path: String) throws(LoadError) -> Record {
        try read(path)
        let isJSON = InputDiscovery.hasSuffixIgnoringASCIICase(path, ".json")
        let result: Result<Record, LoadError> = buffer.withUnsafeBytes { whole in
            let bytes = UnsafeRawBufferPointer(rebasing: whole[..<length])
            do throws(LoadError) {
                return .success(isJSON ? try JSONRecordLoader.load(bytes) : try xml.load(bytes))
            } catch {
                // A file of another kind (a workbook, a PDF, UTF-16 text) is told by what it is.
                return .failure(FileKind.mismatch(bytes, isJSON: isJSON) ?? error)
            }
        }
        return try result.get()
    }

    /// Calls `body` with the bytes of the file `load` read last (for its SHA-256, without reading
    /// it again), or with `nil` when that file could not be read.
    public func withLastFileBytes<Result>(_ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
        guard lastFileRead else { return body(nil) }
        return buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<length])) }
    }

    private func read(_ path: String) throws(LoadError) {
        lastFileRead = false
        do throws(FileSystem.ReadFailure) {
            length = try FileSystem.readRegularFile(path, limit: Self.maxFileSize, into: &buffer)
            lastFileRead = true
        } catch {
            switch error {
            case .system(let reason): throw LoadError("cannot read the file: \(reason)")
            case .notRegular: throw LoadError("not a regular file")
            case .tooLarge(let size): throw LoadError("file is \(size) bytes, over the 8 MiB limit; refused unread")
            case .grewWhileRead: throw LoadError("the file grew while it was read; try again")
            }
        }
    }
}
