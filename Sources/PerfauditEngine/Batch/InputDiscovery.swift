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
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isRecordFile(_ name: String) -> Bool {
        let bytes = name.utf8.suffix(5).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }  // A–Z to a–z
        return bytes.suffix(4) == Array(".xml".utf8) || bytes == Array(".json".utf8)
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

    private mutating func visit(_ path: String, explicit: Bool) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if explicit || Self.isRecordFile(path) {
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
        guard let real = Self.realPath(folder), real != excluded, visited.insert(real).inserted else { return }
        var names: [String]
        switch FileSystem.visibleNames(in: folder) {
        case .success(let all): names = all
        case .failure(let failure):
            problems.append(Problem(path: folder, message: "cannot read folder: \(failure)"))
            return
        }
        names.sort(by: Self.bytewiseLess)
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        for name in names { visit(prefix + name, explicit: false) }
    }
}
