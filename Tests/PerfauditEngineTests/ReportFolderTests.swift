import Foundation
import PerfauditTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 14, item 5, through the built executable: no run costs the user a good register. A run
/// killed (SIGKILL) at each named step of publishing (`PERFAUDIT_TEST_PAUSE` stops it there)
/// leaves the previous report set byte for byte, or, once `current` is switched, the new set
/// whole; the next run removes what the killed one left; a run that finds or scores nothing
/// leaves the output folder exactly as it was; the user's README.md survives every run.
final class ReportFolderTests: XCTestCase {
    static let reportNames = FaultTests.reportNames + ["manifest.json"]
    /// The steps of `BatchRunner.run` and `ReportFolder.publish`, in order; the set changes at
    /// the switch of `current`, between "linked" and "swapped".
    static let stepsBeforeTheSwitch = ["written", "manifest", "migrated", "linked"]

    private func arguments(_ inputs: String, _ out: URL) -> [String] {
        ["run", inputs, "--out", out.path, "--jobs", "2", "--no-progress", "--header-lang", "en"]
    }

    private var seeds: String { repositoryRoot.appendingPathComponent("Inputs/seeds").path }
    private var city: String { repositoryRoot.appendingPathComponent("Inputs/zhanjiang").path }

    /// Kills a run of `inputs` into `out` at `step`; fails when the run never got there.
    private func killRun(_ inputs: String, into out: URL, at step: String) throws {
        let child = try Child(
            [try PerfauditExecutable.require()] + arguments(inputs, out), environment: ["PERFAUDIT_TEST_PAUSE": step])
        let stopped = child.waitUntilStopped()
        child.kill(SIGKILL)
        let outcome = child.wait()
        XCTAssertTrue(stopped, "the run did not stop at \(step): \(outcome.output)")
    }

    /// Previous reports from the seeds (with the user's README.md beside them), the new ones from
    /// the sample city; a kill at every step, then a full run over what the kills left.
    func testKilledAtEveryStepLeavesThePreviousSetOrTheWholeNewOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("Outputs")
        let reference = folder.appendingPathComponent("reference")
        let saved = folder.appendingPathComponent("saved")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("the user's own note\n".utf8).write(to: out.appendingPathComponent("README.md"))
        XCTAssertEqual(try perfaudit(arguments(seeds, out)).exitStatus, 0)
        XCTAssertEqual(try perfaudit(arguments(city, reference)).exitStatus, 0)
        try restoreFolder(saved, from: out)
        let previous = visibleReports(out, Self.reportNames)
        let complete = visibleReports(reference, FaultTests.reportNames)
        let previousTree = try folderTree(out)

        for step in Self.stepsBeforeTheSwitch {
            try killRun(city, into: out, at: step)
            XCTAssertEqual(visibleReports(out, Self.reportNames), previous, "killed at \(step): the previous reports changed")
            XCTAssertEqual(try folderTree(out).filter { !$0.key.hasPrefix(".perfaudit") }, previousTree.filter { !$0.key.hasPrefix(".perfaudit") })
            try restoreFolder(out, from: saved)
        }
        try killRun(city, into: out, at: "swapped")
        XCTAssertEqual(visibleReports(out, FaultTests.reportNames), complete, "killed after the switch: the new set is not whole")
        let verify = try perfaudit(["verify", out.path])
        XCTAssertEqual(verify.exitStatus, 0, verify.output)
        XCTAssertFalse(try leftoverFiles(out, reports: FaultTests.reportNames).isEmpty, "the kill after the switch leaves the previous run's folder")

        // Kills at every step in a row, then one run: it completes over all they left and removes it.
        for step in Self.stepsBeforeTheSwitch + ["swapped"] { try killRun(seeds, into: out, at: step) }
        XCTAssertEqual(try perfaudit(arguments(city, out)).exitStatus, 0)
        XCTAssertEqual(visibleReports(out, FaultTests.reportNames), complete)
        XCTAssertEqual(try leftoverFiles(out, reports: FaultTests.reportNames), [], "the next run removes what killed runs left")
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8), "the user's own note\n")
    }

    /// Reports of an earlier version are plain files: a run killed while it turns them into
    /// links leaves them showing the same bytes; a finished run replaces them all.
    func testPlainReportsOfAnEarlierVersionStayWholeUntilTheSwitch() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("Outputs")
        let saved = folder.appendingPathComponent("saved")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for name in FaultTests.reportNames { try Data("an earlier version's \(name)\r\n".utf8).write(to: out.appendingPathComponent(name)) }
        try restoreFolder(saved, from: out)
        let previous = visibleReports(out, FaultTests.reportNames)
        for step in Self.stepsBeforeTheSwitch {
            try killRun(seeds, into: out, at: step)
            XCTAssertEqual(visibleReports(out, FaultTests.reportNames), previous, "killed at \(step): a plain report changed")
            if step == "linked" {
                for name in FaultTests.reportNames {
                    XCTAssertNotNil(try? FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent(name).path), name)
                }
            }
            try restoreFolder(out, from: saved)
        }
        XCTAssertEqual(try perfaudit(arguments(seeds, out)).exitStatus, 0)
        for name in FaultTests.reportNames {
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent(name).path), ".perfaudit/current/" + name)
            XCTAssertNotEqual(visibleReports(out, [name])[name], previous[name])
        }
        XCTAssertEqual(try leftoverFiles(out, reports: FaultTests.reportNames), [])
    }

    /// No inputs at all (exit 1), or nothing but rejects (exit 2, each reject on stderr): the
    /// output folder is exactly as it was, every file, link and hidden entry.
    func testARunThatScoresNothingLeavesTheOutputFolderAsItWas() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("Outputs")
        XCTAssertEqual(try perfaudit(arguments(seeds, out)).exitStatus, 0)
        let before = try folderTree(out)
        XCTAssertGreaterThan(before.count, 8)

        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try perfaudit(arguments(empty.path, out))
        XCTAssertEqual(none.exitStatus, 1, none.output)
        XCTAssertEqual(try folderTree(out), before, "a run with no inputs changed the output folder")

        let broken = folder.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("{\"fiscalYear\": ".utf8).write(to: broken.appendingPathComponent("cut.json"))
        try Data("<record>".utf8).write(to: broken.appendingPathComponent("cut.xml"))
        let rejected = try perfaudit(arguments(broken.path, out))
        XCTAssertEqual(rejected.exitStatus, 2, rejected.output)
        XCTAssertTrue(rejected.stderr.contains(broken.appendingPathComponent("cut.json").path + ":1:"), rejected.output)
        XCTAssertTrue(rejected.stderr.contains(broken.appendingPathComponent("cut.xml").path), rejected.output)
        XCTAssertTrue(rejected.stderr.contains("nothing was scored; the reports in \(out.path) are left as they were"), rejected.output)
        XCTAssertEqual(try folderTree(out), before, "a run that scored nothing changed the output folder")
    }
}
