#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditCore

/// `perfaudit verify DIR`: re-hashes every input and report that `DIR/manifest.json` lists and
/// says what changed since the run. Relative input paths are taken from the run's working
/// directory as the manifest records it (or the current one when that folder is gone).
public struct ManifestVerification: Sendable {
    /// One line per difference: `input changed: …`, `input missing: …`, `report changed: …`…
    public private(set) var differences: [String] = []
    public private(set) var inputsChecked = 0
    public private(set) var reportsChecked = 0
    public private(set) var changed = 0
    /// Files that exist but could not be read, so could not be checked.
    public private(set) var unreadable = 0
    /// Why the manifest itself could not be read, if it could not.
    public private(set) var failure: String?
    private var folder = ""
    private var started = ""

    /// 0 unchanged, 2 something changed, 1 the manifest or a file could not be checked.
    public var status: Int32 { failure != nil ? 1 : changed > 0 ? 2 : unreadable > 0 ? 1 : 0 }

    /// The final account.
    public var line: String {
        if let failure { return "perfaudit: cannot verify \(folder): \(failure)" }
        let checked = "\(inputsChecked) inputs and \(reportsChecked) reports checked against the run of \(started)"
        let account = changed > 0 ? "\(changed) changed" : unreadable > 0 ? "\(unreadable) could not be read" : "unchanged"
        return "perfaudit: verify \(folder): \(checked); \(account)"
    }

    /// Checks the run whose manifest is in `folder`.
    public static func verify(folder: String) -> ManifestVerification {
        var result = ManifestVerification()
        result.folder = folder
        let path = folder + "/" + RunManifest.fileName
        let root: JSONNode
        do throws(LoadError) {
            var buffer: [UInt8] = []
            let length = try Self.readManifest(path, into: &buffer)
            root = try JSONReader.parse(Array(buffer[..<length]))
        } catch {
            result.failure = error.position == .unknown ? error.message : Validation.line(path, error)
            return result
        }
        guard case .string("link") = member(root, "_type")?.value, let materials = members(root, "materials"),
            let products = members(root, "products")
        else {
            result.failure = "\(path) is not a perfaudit run manifest"
            return result
        }
        if case .string(let started) = member(member(root, "byproducts"), "started")?.value { result.started = started }
        var base = ""
        if case .string(let directory) = member(member(root, "environment"), "working_directory")?.value,
            ReportFolder.kind(directory) != 0
        {
            base = directory
        }
        for entry in materials {
            let resolved = entry.key.hasPrefix("/") || base.isEmpty ? entry.key : base + "/" + entry.key
            result.check(resolved, shown: entry.key, against: entry.value, kind: "input")
            result.inputsChecked += 1
        }
        for entry in products {
            result.check(folder + "/" + entry.key, shown: entry.key, against: entry.value, kind: "report")
            result.reportsChecked += 1
        }
        return result
    }

    /// Compares the file's SHA-256 with the manifest's, noting a difference.
    private mutating func check(_ path: String, shown: String, against digests: JSONNode, kind: String) {
        guard case .string(let expected) = Self.member(digests, "sha256")?.value else {
            differences.append("\(kind) has no sha256 in the manifest: \(shown)")
            changed += 1
            return
        }
        switch Self.digest(path) {
        case .success(let digest):
            if SHA256.hex(digest) != expected {
                differences.append("\(kind) changed: \(shown)")
                changed += 1
            }
        case .failure(let reason) where reason.missing:
            differences.append("\(kind) missing: \(shown)")
            changed += 1
        case .failure(let reason):
            differences.append("\(kind) unreadable: \(shown): \(reason.text)")
            unreadable += 1
        }
    }

    private struct ReadProblem: Error {
        var text: String
        var missing: Bool
    }

    /// The SHA-256 of the file at `path`, read in pieces (reports may be large).
    private static func digest(_ path: String) -> Result<[UInt8], ReadProblem> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(ReadProblem(text: FileSystem.systemReason, missing: errno == ENOENT || errno == ENOTDIR))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(ReadProblem(text: "not a regular file", missing: false))
        }
        var hasher = SHA256()
        var piece = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = piece.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadProblem(text: FileSystem.systemReason, missing: false))
            }
            if count == 0 { break }
            piece.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return .success(hasher.finalize())
    }

    private static func readManifest(_ path: String, into buffer: inout [UInt8]) throws(LoadError) -> Int {
        do throws(FileSystem.ReadFailure) {
            return try FileSystem.readRegularFile(path, limit: 1 << 30, into: &buffer)
        } catch {
            throw LoadError("cannot read \(path): \(error)")
        }
    }

    private static func member(_ node: JSONNode?, _ key: String) -> JSONNode? {
        guard case .object(let members) = node?.value else { return nil }
        return members.first { $0.key == key }?.value
    }

    private static func members(_ node: JSONNode, _ key: String) -> [JSONNode.Member]? {
        guard case .object(let members) = member(node, key)?.value else { return nil }
        return members
    }
}
