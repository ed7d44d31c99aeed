import Foundation
import XCTest
import PerfauditTestSupport

/// The exit status is decided once: 0 all scored, 2 some rejected, 1 usage error or nothing done.
final class ExitStatusTests: XCTestCase {
    func testExitStatuses() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("out").path
        let seeds = repositoryRoot.appendingPathComponent("Inputs/seeds").path
        XCTAssertEqual(try perfaudit(["run", seeds, "--out", out, "--no-progress"]).exitStatus, 0)

        let mixed = folder.appendingPathComponent("mixed")
        try FileManager.default.createDirectory(at: mixed, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: seeds + "/suixi-zhujianju-2022.xml", toPath: mixed.path + "/good.xml")
        try Data("{".utf8).write(to: mixed.appendingPathComponent("bad.json"))
        let rejected = try perfaudit(["run", mixed.path, "--out", out, "--no-progress", "--lang", "en"])
        XCTAssertEqual(rejected.exitStatus, 2)
        XCTAssertTrue(rejected.output.contains("2 files found = 1 scored + 1 rejected"), rejected.output)

        let missing = try perfaudit(["run", folder.appendingPathComponent("nowhere").path, "--out", out, "--lang", "en"])
        XCTAssertEqual(missing.exitStatus, 1)
        XCTAssertTrue(missing.output.contains("input not found"), missing.output)
        XCTAssertEqual(try perfaudit(["run", seeds, "--jobs", "0", "--out", out]).exitStatus, 1)
        XCTAssertEqual(try perfaudit(["run", seeds, "--header-lang", "fr", "--out", out]).exitStatus, 1)
        XCTAssertEqual(try perfaudit(["run", seeds, "--out", folder.path + "/no/such/parent"]).exitStatus, 1)

        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        XCTAssertEqual(try perfaudit(["run", empty.path, "--out", out]).exitStatus, 1)

        XCTAssertEqual(try perfaudit(["validate", seeds]).exitStatus, 0)
        XCTAssertEqual(try perfaudit(["validate", mixed.path]).exitStatus, 2)
        XCTAssertEqual(try perfaudit(["rules", "--rulebook", "no-such-book"]).exitStatus, 1)
        let explain = try perfaudit(["explain", seeds + "/suixi-zhujianju-2022.xml"])
        XCTAssertEqual(explain.exitStatus, 0)
        XCTAssertTrue(explain.output.contains("复算得分  87.50（良）"), explain.output)
    }
}
