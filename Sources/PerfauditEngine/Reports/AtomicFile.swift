#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditCore
import Synchronization

/// Writes a file atomically: into a temporary file beside it, flushed to disk, then renamed
/// over the target, so a killed run never leaves a half-written report over a good one.
public final class AtomicFile {
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var transcoder: Transcoder?
    /// Counts the characters written that GBK does not have (GB18030 files only).
    private let outsideGBK: CharacterTally?
    /// Bytes written so far, and how many of them the system was asked to start writing to disk.
    private var bytesWritten = 0
    private var handedToDisk = 0
    /// The SHA-256 of the bytes flushed so far, hashed as they go out (never read back).
    private var hasher = SHA256()
    /// How many written bytes are handed to the disk at once, ahead of the final sync.
    private static let writeBehind = 8 << 20

    /// Creates the temporary file; `encoding` decides BOM and character set of all that is written.
    /// Under GB18030, characters that GBK (and so Excel's CP936) does not have are counted in
    /// `outsideGBK`.
    public init(path: String, encoding: CSVEncoding = .utf8, outsideGBK: CharacterTally? = nil) throws(OutputError) {
        self.path = path
        self.outsideGBK = encoding == .gb18030 ? outsideGBK : nil
        temporaryPath = path + ".partial-\(getpid())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError.fromErrno(path) }
        buffer.reserveCapacity(1 << 16)
        switch encoding {
        case .utf8Bom: buffer += [0xEF, 0xBB, 0xBF]
        case .utf8: break
        case .gb18030: transcoder = Transcoder(from: "UTF-8", to: "GB18030")
        }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends UTF-8 bytes (transcoded when the file is GB18030).
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        try write(bytes[...])
    }

    /// Appends UTF-8 bytes that end on a character boundary (transcoded when the file is GB18030).
    public func write(_ bytes: ArraySlice<UInt8>) throws(OutputError) {
        if let transcoder {
            guard let converted = transcoder.convert(Array(bytes)) else {
                throw OutputError(path: path, reason: "text that GB18030 cannot represent")
            }
            buffer += converted
            if let outsideGBK { outsideGBK.add(CharacterTally.fourByteSequences(in: converted)) }
        } else {
            buffer += bytes
        }
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws(OutputError) {
        guard buffer.withUnsafeBytes({ FileSystem.writeAll(descriptor, $0) }) else { throw OutputError.fromErrno(path) }
        buffer.withUnsafeBytes { hasher.update($0) }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
        if bytesWritten - handedToDisk >= Self.writeBehind { startWriteBack() }
    }

    /// Asks the system to start writing what is written so far to disk now, without waiting,
    /// so that the final `fsync` of a large report finds little left to do.
    private func startWriteBack() {
        #if os(Linux)
        // On Linux, DONTNEED starts write-back of dirty pages (without waiting) and drops the pages
        // already on disk: the report does not crowd the page cache either.
        _ = posix_fadvise(descriptor, off_t(handedToDisk), off_t(bytesWritten - handedToDisk), POSIX_FADV_DONTNEED)
        #endif
        handedToDisk = bytesWritten
    }

    /// The SHA-256 of the file's bytes, once it is synced.
    public var sha256: [UInt8] {
        var copy = hasher
        return copy.finalize()
    }

    /// Flushes, syncs and renames the file into place.
    public func commit() throws(OutputError) {
        try sync()
        try publish()
    }

    /// Flushes the file and syncs it to disk; `publish` then puts it in place.
    func sync() throws(OutputError) {
        try flush()
        guard fsync(descriptor) == 0 else { throw OutputError.fromErrno(path) }
    }

    /// Renames the synced file over its target.
    func publish() throws(OutputError) {
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let error = OutputError.fromErrno(path)
            unlink(temporaryPath)
            throw error
        }
    }
}

/// A count shared by the report files of one run: the characters written as GB18030 that GBK
/// does not have, which Excel opening the file as CP936 shows garbled.
public final class CharacterTally: Sendable {
    private let total = Atomic<Int>(0)

    public init() {}

    public var count: Int { total.load(ordering: .relaxed) }

    func add(_ count: Int) {
        if count > 0 { total.add(count, ordering: .relaxed) }
    }

    /// GB18030 writes every character of GBK in one or two bytes and every other one in four
    /// (a second byte 0x30–0x39): the four-byte sequences are the characters outside GBK.
    static func fourByteSequences(in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { bytes in
            var count = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x81 || byte == 0xFF || index + 1 == bytes.count {
                    index += 1
                } else if bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39 {
                    count += 1
                    index += 4
                } else {
                    index += 2
                }
            }
            return count
        }
    }
}
