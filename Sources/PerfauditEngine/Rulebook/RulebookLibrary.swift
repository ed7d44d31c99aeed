import Foundation
import PerfauditCore

/// The rulebooks a run knows: the two shipped with the tool plus any in `--rulebooks` folders.
/// The shipped ones are ordinary rulebook files, read by the same parser as a user's own.
public struct RulebookLibrary: Sendable {
    private var byID: [String: Rulebook] = [:]

    public init() {}

    /// The rulebooks shipped in the tool's resources.
    public static func shipped() throws(RulebookError) -> RulebookLibrary {
        var library = RulebookLibrary()
        guard let folder = Bundle.module.url(forResource: "Rulebooks", withExtension: nil) else {
            throw RulebookError(file: "Rulebooks", message: "the shipped rulebooks are missing from the installation")
        }
        try library.load(folder: folder.path)
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
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw RulebookError(file: folder, message: "cannot read the rulebook folder")
        }
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RulebookError(file: path, message: "cannot read the file")
            }
            try add(try RulebookParser.parse([UInt8](data), file: path))
        }
    }
}
