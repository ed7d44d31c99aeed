#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output folder's report set, changed all at once or not at all (docs/outputs.md).
///
/// Each run writes its reports and manifest into its own run folder, `<out>/.perfaudit/run-<pid>-…`.
/// The names the user opens, `<out>/summary.csv` and the rest, are symbolic links to
/// `.perfaudit/current/<name>`, and `current` is a link to the run folder in place. Publishing a
/// run is one rename of a new `current` link over the old: before it every report is the
/// previous one, after it every report is the new one. Other files in `<out>` are never touched.
final class ReportFolder {
    static let stateName = ".perfaudit"
    static let currentName = "current"
    private static let runPrefix = "run-"
    private static let newCurrentPrefix = "current.new-"

    let output: String
    /// `<out>/.perfaudit`
    let state: String
    /// This run's folder: reports are written here, then published.
    let staging: String
    private let stagingName: String
    private var published = false

    /// Creates `.perfaudit` and this run's folder in `output`, after removing the folders and
    /// links that runs killed earlier left there.
    init(output: String, started: String) throws(OutputError) {
        let state = output + "/" + Self.stateName
        if mkdir(state, 0o755) != 0 && errno != EEXIST { throw OutputError.fromErrno(state) }
        let stamp = String(started.unicodeScalars.filter { $0 != "-" && $0 != ":" && $0 != "." })
        var name = Self.runPrefix + "\(getpid())-\(stamp)"
        var attempt = 0
        try Self.locked(state) { () throws(OutputError) in
            Self.removeDeadRuns(in: state)
            while mkdir(state + "/" + name, 0o755) != 0 {
                guard errno == EEXIST else { throw OutputError.fromErrno(state + "/" + name) }
                attempt += 1
                name = Self.runPrefix + "\(getpid())-\(stamp).\(attempt)"
            }
        }
        self.output = output
        self.state = state
        stagingName = name
        staging = state + "/" + name
    }

    /// A run that did not publish takes its folder with it.
    deinit { if !published { Self.removeFolder(staging) } }

    /// Puts this run's folder in place of the previous one: every visible name becomes a link
    /// through `current` (the previous reports stay visible while that is done), then `current`
    /// is switched by one rename, and the previous run's folder is removed.
    func publish() throws(OutputError) {
        try Self.locked(state) { () throws(OutputError) in
            var previous = Self.currentTarget(in: state)
            let names = try regularFiles(in: staging)
            try keepVisible(names, previous: &previous)
            TestPause.at("migrated")
            for name in names { try placeLink(name) }
            TestPause.at("linked")
            try Self.pointCurrent(in: state, at: stagingName)
            published = true
            Self.removeLinks(in: output, notIn: Set(names))
            Self.syncFolder(state)
            TestPause.at("swapped")
            if let previous, previous != stagingName { Self.removeFolder(state + "/" + previous) }
            Self.syncFolder(output)
        }
    }

    /// Removes the visible links through `current` to a report this run did not write (the
    /// workbook after `--no-xlsx`, rectification.csv without a baseline): they point at nothing now.
    private static func removeLinks(in output: String, notIn names: Set<String>) {
        guard case .success(let entries) = FileSystem.entries(in: output) else { return }
        for (name, _) in entries where !names.contains(name) && readLink(output + "/" + name) == linkTarget(name) {
            unlink(output + "/" + name)
        }
    }

    /// The link target a visible report name must have.
    static func linkTarget(_ name: String) -> String { stateName + "/" + currentName + "/" + name }

    /// Reports that are still plain files (written by an earlier version, or replaced by the
    /// user) are hard-linked into the previous run's folder, creating one if there is none, so
    /// that turning them into links does not change what they show.
    private func keepVisible(_ names: [String], previous: inout String?) throws(OutputError) {
        let plain = names.filter { Self.kind(output + "/" + $0) == S_IFREG }
        guard !plain.isEmpty else { return }
        let folderName = previous ?? stagingName + "-previous"
        let folder = state + "/" + folderName
        if previous == nil, mkdir(folder, 0o755) != 0 && errno != EEXIST { throw OutputError.fromErrno(folder) }
        for name in plain {
            let temporary = temporaryPath(name)
            guard link(output + "/" + name, temporary) == 0, rename(temporary, folder + "/" + name) == 0 else {
                let error = OutputError.fromErrno(folder + "/" + name)
                unlink(temporary)
                throw error
            }
        }
        Self.syncFolder(folder)
        if previous == nil {
            try Self.pointCurrent(in: state, at: folderName)
            previous = folderName
        }
    }

    /// Makes `<out>/<name>` the link through `current`, by one rename when it is not one yet.
    /// The new link is made in `.perfaudit` (so that a killed run's is found there) with the
    /// target text it needs where it is renamed to.
    private func placeLink(_ name: String) throws(OutputError) {
        let visible = output + "/" + name
        if Self.readLink(visible) == Self.linkTarget(name) { return }
        let temporary = temporaryPath(name)
        guard symlink(Self.linkTarget(name), temporary) == 0, rename(temporary, visible) == 0 else {
            let error = OutputError.fromErrno(visible)
            unlink(temporary)
            throw error
        }
    }

    /// A temporary name in `.perfaudit` for a new link to `name`.
    private func temporaryPath(_ name: String) -> String {
        let path = state + "/" + name + ".link-\(getpid())"
        unlink(path)
        return path
    }

    /// Switches `current` to `folderName` with one rename.
    private static func pointCurrent(in state: String, at folderName: String) throws(OutputError) {
        let temporary = state + "/" + newCurrentPrefix + "\(getpid())"
        unlink(temporary)
        guard symlink(folderName, temporary) == 0, rename(temporary, state + "/" + currentName) == 0 else {
            let error = OutputError.fromErrno(state + "/" + currentName)
            unlink(temporary)
            throw error
        }
    }

    /// The run folder `current` names, if any.
    static func currentTarget(in state: String) -> String? { readLink(state + "/" + currentName) }

    /// Removes run folders and temporary links of processes that no longer exist, except the
    /// folder in place; a live run's are left alone.
    static func removeDeadRuns(in state: String) {
        guard case .success(let entries) = FileSystem.entries(in: state, includingHidden: true) else { return }
        let current = currentTarget(in: state)
        for (name, _) in entries where name != current {
            guard let process = owner(name), kill(process, 0) != 0, errno == ESRCH else { continue }
            if kind(state + "/" + name) == S_IFDIR { removeFolder(state + "/" + name) } else { unlink(state + "/" + name) }
        }
    }

    /// The process that made `run-<pid>-…`, `current.new-<pid>` or `<name>.link-<pid>`.
    static func owner(_ name: String) -> pid_t? {
        let digits: Substring
        if name.hasPrefix(runPrefix) {
            digits = name.dropFirst(runPrefix.count).prefix { $0 != "-" }
        } else if name.hasPrefix(newCurrentPrefix) {
            digits = name.dropFirst(newCurrentPrefix.count)
        } else if let dash = name.lastIndex(of: "-"), name[..<dash].hasSuffix(".link") {
            digits = name[name.index(after: dash)...]
        } else {
            return nil
        }
        guard (1...9).contains(digits.count), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return pid_t(digits)
    }

    private func regularFiles(in folder: String) throws(OutputError) -> [String] {
        switch FileSystem.entries(in: folder, includingHidden: true) {
        case .success(let entries): return entries.filter { $0.kind == .regularFile }.map(\.name).sorted()
        case .failure(let failure): throw OutputError(path: folder, reason: "\(failure)")
        }
    }

    /// Runs `body` holding the lock of `.perfaudit` (other runs into the same folder wait).
    private static func locked(_ state: String, _ body: () throws(OutputError) -> Void) throws(OutputError) {
        let descriptor = open(state + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError.fromErrno(state + "/lock") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        try body()
    }

    static func readLink(_ path: String) -> String? {
        var target = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &target, target.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: target[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The kind of what is at `path` itself (a link is not followed), `S_IFREG`, `S_IFLNK`…; 0 if nothing.
    static func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    /// Removes a run folder and the files in it (a run folder holds no folders).
    static func removeFolder(_ folder: String) {
        if case .success(let entries) = FileSystem.entries(in: folder, includingHidden: true) {
            for (name, _) in entries { unlink(folder + "/" + name) }
        }
        rmdir(folder)
    }

    /// Best effort: a folder that cannot be opened or synced leaves its entries to the system.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
