#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditCore

/// The rulebooks a run knows: the two shipped with the tool plus any in `--rulebooks` folders.
/// The shipped ones are the ordinary rulebook files of `Rulebooks/`, carried in the binary
/// (`ShippedRulebooks`) and read by the same parser as a user's own.
public struct RulebookLibrary: Sendable {
    private var byID: [String: Rulebook] = [:]

    public init() {}

    /// The rulebooks shipped with the tool.
    public static func shipped() throws(RulebookError) -> RulebookLibrary {
        var library = RulebookLibrary()
        for file in ShippedRulebooks.files {
            try library.add(try RulebookParser.parse(Array(file.text.utf8), file: "Rulebooks/" + file.name))
        }
        return library
    }

    /// All rulebooks, by id.
    public var all: [Rulebook] { byID.values.sorted { $0.id < $1.id } }

    /// The rulebook with this id.
    public func rulebook(_ id: String) -> Rulebook? { byID[id] }

    /// Adds one rulebook; an id already known is an error naming both files.
    public mutating func add(_ rulebook: Rulebook) throws(RulebookError) {
        if let existing = byID[rulebook.id] {
            throw RulebookError(
                file: rulebook.file, message: "rulebook id \"\(rulebook.id)\" is already defined in \(existing.file)")
        }
        byID[rulebook.id] = rulebook
    }

    /// Loads every `*.json` file of a folder, in name order.
    public mutating func load(folder: String) throws(RulebookError) {
        guard let directory = opendir(folder) else {
            throw RulebookError(file: folder, message: "cannot read the rulebook folder: \(String(cString: strerror(errno)))")
        }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasSuffix(".json") && !name.hasPrefix(".") { names.append(name) }
        }
        closedir(directory)
        for name in names.sorted() {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            try add(try RulebookParser.parse(try Self.contents(of: path), file: path))
        }
    }

    /// A rulebook file's bytes (at most 1 MiB: a rulebook is a few kilobytes).
    static func contents(of path: String) throws(RulebookError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw RulebookError(file: path, message: "cannot read the file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw RulebookError(file: path, message: "cannot read the file: \(String(cString: strerror(errno)))") }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
            guard bytes.count <= 1 << 20 else { throw RulebookError(file: path, message: "larger than 1 MiB; not a rulebook") }
        }
    }
}
