import Foundation

/// The repository's root folder, found from this file's path
/// (Tests/PerfauditTestSupport/RepositoryRoot.swift).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
