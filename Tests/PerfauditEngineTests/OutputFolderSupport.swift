import Foundation
import XCTest
import PerfauditTestSupport

/// What an output folder holds, for comparing it before and after a run: every entry below it
/// (hidden ones included) with a link's target or a file's bytes.
func folderTree(_ folder: URL) throws -> [String: String] {
    var tree: [String: String] = [:]
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: folder.path) else { return tree }
    while let path = walker.nextObject() as? String {
        let full = folder.appendingPathComponent(path).path
        if let target = try? manager.destinationOfSymbolicLink(atPath: full) {
            tree[path] = "link → " + target
        } else if let data = manager.contents(atPath: full) {
            tree[path] = "file " + data.base64EncodedString()
        } else {
            tree[path] = "folder"
        }
    }
    return tree
}

/// The bytes each report name shows (through its link), `nil` for a name that shows nothing.
func visibleReports(_ folder: URL, _ names: [String]) -> [String: Data?] {
    var reports: [String: Data?] = [:]
    for name in names { reports[name] = try? Data(contentsOf: folder.appendingPathComponent(name)) }
    return reports
}

/// What a run into `folder` should not leave behind: anything but the reports, the manifest,
/// the user's README.md and `.perfaudit` with its lock, `current` and the run folder it names
/// (holding the reports and the manifest only).
func leftoverFiles(_ folder: URL, reports: [String]) throws -> [String] {
    let manager = FileManager.default
    let expected = Set(reports + ["manifest.json", "README.md", ".perfaudit"])
    var left = try manager.contentsOfDirectory(atPath: folder.path).filter { !expected.contains($0) }
    let state = folder.appendingPathComponent(".perfaudit")
    guard manager.fileExists(atPath: state.path) else { return left.sorted() }
    let current = try? manager.destinationOfSymbolicLink(atPath: state.appendingPathComponent("current").path)
    let stateNames = ["lock", "current"] + (current.map { [$0] } ?? [])
    left += try manager.contentsOfDirectory(atPath: state.path).filter { !stateNames.contains($0) }.map { ".perfaudit/" + $0 }
    if let current {
        let inRun = Set(reports + ["manifest.json"])
        left += try manager.contentsOfDirectory(atPath: state.appendingPathComponent(current).path)
            .filter { !inRun.contains($0) }.map { ".perfaudit/\(current)/" + $0 }
    }
    return left.sorted()
}

/// Replaces `folder` with a copy of `saved` (links, hidden entries and all).
func restoreFolder(_ folder: URL, from saved: URL) throws {
    try? FileManager.default.removeItem(at: folder)
    XCTAssertEqual(try shellCopy(saved, folder), 0)
}

private func shellCopy(_ from: URL, _ to: URL) throws -> Int32? {
    try shell("cp -a \(shellQuoted(from.path)) \(shellQuoted(to.path))").exitStatus
}
