#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the input files of a run: files named directly, and every `*.xml` / `*.json` below the
/// folders named, walked recursively in a fixed (byte-wise name) order. Symbolic links to folders
/// are followed once (a link loop is walked no further), hidden entries and the output folder are
/// skipped, so reports never feed back in as inputs.
public struct InputDiscovery {
    /// A folder or file that could not be read, to report as a reject.
    public struct Problem: Sendable, Equatable {
        public var path: String
        public var message: String
    }

    public private(set) var files: [String] = []
    public private(set) var problems: [Problem] = []
    private var visited: Set<String> = []
    private let excluded: String?

    /// Walks `inputs`, skipping `excluding` (the output folder) wherever it appears.
    public init(inputs: [String], excluding outputFolder: String? = nil) {
        excluded = outputFolder.flatMap(Self.realPath)
        for input in inputs { visit(input, explicit: true) }
        files.sort(by: Self.bytewiseLess)
        // A file named twice (or named and also found in a folder named) is one input, not a
        // duplicate filing.
        files = files.enumerated().filter { $0.offset == 0 || files[$0.offset - 1] != $0.element }.map(\.element)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isRecordFile(_ name: String) -> Bool {
        hasSuffixIgnoringASCIICase(name, ".xml") || hasSuffixIgnoringASCIICase(name, ".json")
    }

    /// Whether `name` ends with `suffix` (lowercase ASCII), A–Z in `name` matching a–z.
    static func hasSuffixIgnoringASCIICase(_ name: String, _ suffix: StaticString) -> Bool {
        let tail = name.utf8.suffix(suffix.utf8CodeUnitCount)
        guard tail.count == suffix.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        return zip(tail, expected).allSatisfy { byte, want in (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == want }
    }

    /// Byte order of the UTF-8 texts (the order reports and messages use), by `memcmp`.
    static func bytewiseLess(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
    }

    /// `listedAsFolder`: the folder listing said it is one, so a failure to reach it is reported.
    private mutating func visit(_ path: String, explicit: Bool, listedAsFolder: Bool = false) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if explicit || listedAsFolder || Self.isRecordFile(path) {
                problems.append(Problem(path: path, message: "cannot read: \(String(cString: strerror(errno)))"))
            }
            return
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            walk(folder: path)
        } else if explicit || Self.isRecordFile(path) {
            files.append(path)
        }
    }

    private mutating func walk(folder: String) {
        // A folder whose real path cannot be had (deeper than PATH_MAX) cannot be walked either:
        // it is listed, so that what lies below it is not lost without a word.
        guard let real = Self.realPath(folder) else {
            problems.append(Problem(path: folder, message: "cannot read folder: \(FileSystem.systemReason)"))
            return
        }
        guard real != excluded, visited.insert(real).inserted else { return }
        var entries: [(name: String, kind: FileSystem.EntryKind)]
        switch FileSystem.entries(in: folder) {
        case .success(let all): entries = all
        case .failure(let failure):
            problems.append(Problem(path: folder, message: "cannot read folder: \(failure)"))
            return
        }
        entries.sort { Self.bytewiseLess($0.name, $1.name) }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        for (name, kind) in entries {
            switch kind {
            // A regular file needs no stat: it is an input by its name alone.
            case .regularFile: if Self.isRecordFile(name) { files.append(prefix + name) }
            case .folder: visit(prefix + name, explicit: false, listedAsFolder: true)
            case .other: visit(prefix + name, explicit: false)
            // Shown with U+FFFD for the bytes that are not UTF-8; it cannot be opened by that name.
            case .misnamed:
                if Self.isRecordFile(name) {
                    problems.append(Problem(path: prefix + name, message: "the file name is not valid UTF-8; rename the file"))
                }
            }
        }
    }
}
