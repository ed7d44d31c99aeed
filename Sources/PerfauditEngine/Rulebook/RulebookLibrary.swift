import PerfauditCore

/// The rulebooks a run knows: the two shipped with the tool plus any in `--rulebooks` folders.
/// The shipped ones are the ordinary rulebook files of `Rulebooks/`, carried in the binary
/// (`ShippedRulebooks`) and read by the same parser as a user's own.
public struct RulebookLibrary: Sendable {
    private var byID: [String: Rulebook] = [:]
    /// The SHA-256 of each rulebook's file, by id (for the run manifest).
    private var digests: [String: [UInt8]] = [:]

    public init() {}

    /// The rulebooks shipped with the tool.
    public static func shipped() throws(RulebookError) -> RulebookLibrary {
        var library = RulebookLibrary()
        for file in ShippedRulebooks.files {
            let bytes = Array(file.text.utf8)
            let rulebook = try RulebookParser.parse(bytes, file: "Rulebooks/" + file.name)
            try library.add(rulebook)
            library.digests[rulebook.id] = SHA256.hash(bytes)
        }
        return library
    }

    /// All rulebooks, by id.
    public var all: [Rulebook] { byID.values.sorted { $0.id < $1.id } }

    /// The rulebook with this id.
    public func rulebook(_ id: String) -> Rulebook? { byID[id] }

    /// The SHA-256 of the file the rulebook with this id was read from.
    public func fileDigest(_ id: String) -> [UInt8]? { digests[id] }

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
        let names: [String]
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        switch FileSystem.entries(in: folder) {
        case .success(let all):
            let rulebooks = all.filter { $0.name.hasSuffix(".json") }
            if let misnamed = rulebooks.first(where: { $0.kind == .misnamed }) {
                throw RulebookError(file: prefix + misnamed.name, message: "the file name is not valid UTF-8; rename the file")
            }
            names = rulebooks.map(\.name).sorted()
        case .failure(let failure): throw RulebookError(file: folder, message: "cannot read the rulebook folder: \(failure)")
        }
        var buffer: [UInt8] = []
        for name in names {
            let path = prefix + name
            let length = try Self.read(path, into: &buffer)
            let rulebook = try RulebookParser.parse(Array(buffer[..<length]), file: path)
            try add(rulebook)
            digests[rulebook.id] = SHA256.hash(buffer[..<length])
        }
    }

    /// A rulebook file's bytes (at most 1 MiB: a rulebook is a few kilobytes).
    private static func read(_ path: String, into buffer: inout [UInt8]) throws(RulebookError) -> Int {
        do throws(FileSystem.ReadFailure) {
            return try FileSystem.readRegularFile(path, limit: 1 << 20, into: &buffer)
        } catch {
            let message: String
            switch error {
            case .system(let reason): message = "cannot read the file: \(reason)"
            case .tooLarge: message = "larger than 1 MiB; not a rulebook"
            case .notRegular, .grewWhileRead: message = "\(error)"
            }
            throw RulebookError(file: path, message: message)
        }
    }
}
