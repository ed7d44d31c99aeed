import PerfauditCore

/// Whether a baseline register was written with the settings of this run: the thresholds of the
/// issues register and the rulebooks' versions decide which problems exist, so a ledger across
/// registers written differently would report problems as resolved or new that only the
/// settings made so. The settings are read from the run manifest beside the register.
public struct BaselineSettings: Sendable {
    let thresholds: IssueThresholds
    let rulebooks: RulebookLibrary

    /// This run's settings.
    public init(thresholds: IssueThresholds, rulebooks: RulebookLibrary) {
        self.thresholds = thresholds
        self.rulebooks = rulebooks
    }

    /// Refuses a baseline whose settings cannot be shown to be this run's: no manifest beside
    /// it (a lone issues.csv, or a folder from before manifests), another threshold, or a
    /// rulebook both know whose file differs.
    func check(_ path: String) throws(BaselineError) {
        let folder = FileSystem.isFolder(path) ? path : Self.parent(path)
        var buffer: [UInt8] = []
        let manifest: String
        do throws(FileSystem.ReadFailure) {
            let length = try FileSystem.readRegularFile(folder + "/" + RunManifest.fileName, limit: 64 << 20, into: &buffer)
            manifest = String(decoding: buffer[..<length], as: UTF8.self)
        } catch {
            throw BaselineError(
                path: path,
                message: "has no run manifest to show its thresholds and rulebooks are this run's; give --baseline-any to use it anyway")
        }
        for (name, value) in RunManifest.thresholds(thresholds) where !manifest.contains("\"\(name)\": \(value.description)") {
            throw BaselineError(
                path: path, message: "was written with another --\(name) than this run's \(value); give --baseline-any to use it anyway")
        }
        for rulebook in rulebooks.all {
            guard let digest = rulebooks.fileDigest(rulebook.id) else { continue }
            let lines = manifest.split(separator: "\n").filter { $0.contains("\"\(rulebook.id)\": {") }
            if let line = lines.first, !line.contains(SHA256.hex(digest)) {
                throw BaselineError(
                    path: path,
                    message: "was written with another version of rulebook \(rulebook.id); give --baseline-any to use it anyway")
            }
        }
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
