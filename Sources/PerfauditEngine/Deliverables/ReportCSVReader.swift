#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One row read back from a report: its fields unquoted, each followed by a NUL byte, so that a
/// field can go to a C function as it is. The storage is reused from row to row.
struct CSVFields {
    private(set) var bytes: [UInt8] = []
    /// Where each field starts in `bytes`, and one past the last field's NUL.
    private(set) var starts: [Int] = [0]

    var count: Int { starts.count - 1 }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(_ run: ArraySlice<UInt8>) { bytes.append(contentsOf: run) }

    /// Field `index` as a number, `nil` when empty or not a number.
    func number(_ index: Int) -> Double? {
        guard length(index) > 0 else { return nil }
        return withCString(index) { start in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            return end == UnsafeMutablePointer(mutating: start) + length(index) ? value : nil
        }
    }

    /// Whether field `index` is exactly `text`.
    func equals(_ index: Int, _ text: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        return field(index).elementsEqual(expected)
    }

    mutating func endField() {
        bytes.append(0)
        starts.append(bytes.count)
    }

    /// The UTF-8 length of field `index` (0 when the row has fewer fields).
    func length(_ index: Int) -> Int { index < count ? starts[index + 1] - 1 - starts[index] : 0 }

    /// Field `index` as a string ("" when the row has fewer fields).
    func string(_ index: Int) -> String {
        guard index < count else { return "" }
        return String(decoding: bytes[starts[index]..<starts[index + 1] - 1], as: UTF8.self)
    }

    /// Whether field `index` carries the writer's formula guard: a `'` before a leading `=`, `+`,
    /// `-`, `@`, tab or CR (`CSVRowBuilder.text`).
    func isGuarded(_ index: Int) -> Bool {
        let bytes = field(index)
        return bytes.count >= 2 && bytes.first == UInt8(ascii: "'") && CSVRowBuilder.startsFormula(bytes[bytes.startIndex + 1])
    }

    /// Field `index` as the text the writer was given: without its formula guard.
    func unguardedString(_ index: Int) -> String {
        isGuarded(index) ? String(decoding: field(index).dropFirst(), as: UTF8.self) : string(index)
    }

    /// The bytes of field `index`, without its NUL.
    func field(_ index: Int) -> ArraySlice<UInt8> {
        index < count ? bytes[starts[index]..<starts[index + 1] - 1] : []
    }

    /// Calls `body` with field `index` as a NUL-terminated C string.
    func withCString<Result, Failure: Error>(
        _ index: Int, _ body: (UnsafePointer<CChar>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = bytes.withUnsafeBufferPointer { buffer in
            let start = UnsafeRawPointer(buffer.baseAddress! + starts[index]).assumingMemoryBound(to: CChar.self)
            do throws(Failure) { return .success(try body(start)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }
}

/// Reads one of the run's CSV reports back, row by row (RFC 4180, CRLF or LF), as UTF-8: a BOM is
/// skipped and a GB18030 report converted on the way, in chunks, so memory does not grow with the
/// report. Only ever given reports this program wrote (this run's, or a baseline's), from a file
/// or from memory.
final class ReportCSVReader {
    private let path: String
    private let descriptor: Int32
    /// The file's bytes as read, a chunk at a time (none for a reader of memory: a reader is made
    /// for every few rows read back from the spool, and zeroing a chunk each time cost more than
    /// reading the rows).
    private var raw: [UInt8] = []
    private var rawCount = 0
    private var text: [UInt8] = []
    private var cursor = 0
    private var converter: iconv_t?
    private var atStart = true
    private var finished = false

    init(path: String, encoding: CSVEncoding) throws(OutputError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputError.fromErrno(path) }
        raw = [UInt8](repeating: 0, count: 1 << 20)
        if encoding == .gb18030 {
            let handle = iconv_open("UTF-8", "GB18030")
            guard let handle, Int(bitPattern: handle) != -1 else { throw OutputError(path: path, reason: "no GB18030 converter") }
            converter = handle
        }
    }

    /// A reader of CSV rows already in memory, as UTF-8 (a leading BOM skipped).
    init(bytes: [UInt8]) {
        path = "(memory)"
        descriptor = -1
        text = bytes
        finished = true
        atStart = false
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { cursor = 3 }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if let converter { iconv_close(converter) }
    }

    /// Reads the next row into `row`; false at the end of the file.
    func next(into row: inout CSVFields) throws(OutputError) -> Bool {
        row.reset()
        var quoted = false
        var closedQuote = false
        var fieldStart = true
        var any = false
        while true {
            if cursor == text.count {
                guard try refill() else { break }
            }
            // Ordinary bytes go over in one copy.
            let run = ordinaryRun(quoted: quoted)
            if run > 0 {
                row.append(text[cursor..<cursor + run])
                cursor += run
                any = true
                if !quoted { (fieldStart, closedQuote) = (false, false) }
                continue
            }
            let byte = text[cursor]
            cursor += 1
            any = true
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    quoted = false
                    closedQuote = true
                } else {
                    row.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if closedQuote { row.append(byte) }
                if closedQuote || fieldStart { quoted = true } else { row.append(byte) }
                closedQuote = false
                fieldStart = false
            case UInt8(ascii: ","):
                row.endField()
                fieldStart = true
                closedQuote = false
            case 0x0D:
                continue
            case 0x0A:
                row.endField()
                return true
            default:
                row.append(byte)
                fieldStart = false
                closedQuote = false
            }
        }
        guard any else { return false }
        row.endField()
        return true
    }

    /// How many bytes from `cursor` on are ordinary: not a quote, and outside quotes not a comma,
    /// CR or LF either.
    private func ordinaryRun(quoted: Bool) -> Int {
        text.withUnsafeBufferPointer { buffer in
            var index = cursor
            if quoted {
                while index < buffer.count && buffer[index] != UInt8(ascii: "\"") { index += 1 }
            } else {
                while index < buffer.count {
                    let byte = buffer[index]
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ",") || byte == 0x0D || byte == 0x0A { break }
                    index += 1
                }
            }
            return index - cursor
        }
    }

    /// Replaces `text` with the next chunk of the file as UTF-8; false at the end.
    private func refill() throws(OutputError) -> Bool {
        text.removeAll(keepingCapacity: true)
        cursor = 0
        while text.isEmpty {
            if finished { return false }
            let count = raw.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + rawCount, $0.count - rawCount) }
            guard count >= 0 else {
                if errno == EINTR { continue }
                throw OutputError.fromErrno(path)
            }
            if count == 0 { finished = true }
            rawCount += count
            try convert(final: count == 0)
        }
        if atStart {
            atStart = false
            if text.starts(with: [0xEF, 0xBB, 0xBF]) { cursor = 3 }
            if cursor == text.count { return try refill() }
        }
        return true
    }

    /// Moves the raw bytes into `text`: as they are, or converted from GB18030 up to the last
    /// whole character (the rest waits for the next read).
    private func convert(final: Bool) throws(OutputError) {
        guard let converter else {
            text.append(contentsOf: raw[..<rawCount])
            rawCount = 0
            return
        }
        var output = [UInt8](repeating: 0, count: rawCount * 2 + 16)
        var consumed = 0
        var produced = 0
        var failed = false
        raw.withUnsafeMutableBytes { input in
            output.withUnsafeMutableBytes { out in
                var inPointer = input.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = rawCount
                var outPointer = out.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = out.count
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 && errno != EINVAL { failed = true }
                consumed = rawCount - inLeft
                produced = out.count - outLeft
            }
        }
        guard !failed, !(final && consumed < rawCount) else {
            throw OutputError(path: path, reason: "not GB18030 text")
        }
        text.append(contentsOf: output[..<produced])
        raw.replaceSubrange(0..<consumed, with: [])
        raw.append(contentsOf: [UInt8](repeating: 0, count: consumed))
        rawCount -= consumed
    }
}
