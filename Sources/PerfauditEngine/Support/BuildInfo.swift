/// perfaudit's version, and the git commit the binary was built from.
///
/// The version is set here by hand. The commit is stamped by `make` into `BuildCommit.swift`
/// beside this file (generated, git-ignored), which gives `BuildStamp` its own `commit`; a build
/// without it (plain `swift build` on a fresh clone) falls back to the protocol's `unknown`.
public enum BuildInfo {
    public static let version = "0.14.0"
    public static var commit: String { BuildStamp.commit }
    /// What `perfaudit --version` prints.
    public static var description: String { "\(version) (commit \(commit))" }
}

/// The commit a build is stamped with; `unknown` unless `BuildCommit.swift` says otherwise.
protocol BuildCommitStamp {
    static var commit: String { get }
}

extension BuildCommitStamp {
    static var commit: String { "unknown" }
}

/// The type `make`'s generated `BuildCommit.swift` extends with the real commit.
enum BuildStamp: BuildCommitStamp {}
