import Foundation
import XCTest
import PerfauditTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Issue 6, part 3, end to end through the built executable (see PerfauditExecutable in
// HostileInputTests.swift): a run killed with SIGKILL at any moment leaves the previous reports
// whole; an output folder that cannot be written is exit 1 with a clear message and no partial
// report over a good one; an output folder inside the input folder is not read back.
final class FaultTests: XCTestCase {
    /// The report set of a run without a baseline: the seven CSVs and, derived from them in the same run
    /// folder, the workbook and the dashboard.
    static let reportNames = [
        "summary.csv", "indicators.csv", "issues.csv", "recurring.csv", "counties.csv", "rejects.csv", "sample.csv",
        "perfaudit.xlsx", "dashboard.html",
    ]

    private func snapshot(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        // A run with --no-xlsx --no-dashboard has no workbook or dashboard: they stay absent.
        for name in Self.reportNames where FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    /// What a run left in the folder beyond its report set (left-over temporary files).
    private func leftovers(_ folder: URL) throws -> [String] { try leftoverFiles(folder, reports: Self.reportNames) }

    private func runArguments(_ inputs: String, _ out: String) -> [String] {
        ["run", inputs, "--out", out, "--jobs", "2", "--no-progress", "--lang", "en"]
    }

    /// 3,000 generated records, made once per test run.
    private static let generated: URL? = {
        guard let binary = PerfauditExecutable.path, let folder = try? temporaryFolder("generated") else { return nil }
        let outcome = try? Child([binary, "generate", "--count", "3000", "--out", folder.path, "--seed", "5"]).wait(deadline: 300)
        return outcome?.exitStatus == 0 ? folder : nil
    }()

    private func generatedRecords() throws -> URL {
        _ = try PerfauditExecutable.require()
        guard let folder = Self.generated else {
            XCTFail("perfaudit generate --count 3000 failed")
            throw XCTSkip("no generated records")
        }
        return folder
    }

    /// A good previous Outputs folder (the sample Inputs), then `perfaudit run` on 3,000 generated
    /// records into it, SIGKILLed at several moments: after 50, 200, 500, 1000, 3000 ms (those within
    /// a run) and at 10, 30, 80, 95 and 99 % of a full run's time. After each
    /// kill the report set is byte-identical either to the previous one or to the complete new one
    /// (a reference run of the same inputs), never a mixture of the two or a truncated file; no
    /// left-over file in the folder has a report's name (nor a record's, which a later run could
    /// pick up). (`ReportFolderTests` kills at each named step.)
    func testKilledRunLeavesEveryPreviousReportWhole() throws {
        let records = try generatedRecords()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("Outputs")
        let reference = folder.appendingPathComponent("reference")

        let first = try perfaudit(runArguments(repositoryRoot.appendingPathComponent("Inputs").path, out.path))
        XCTAssertNotNil(first.exitStatus)
        let previous = try snapshot(out)
        let saved = folder.appendingPathComponent("saved")
        try restoreFolder(saved, from: out)
        let full = try perfaudit(runArguments(records.path, reference.path), deadline: 600)
        XCTAssertEqual(full.exitStatus, 0, full.output)
        let complete = try snapshot(reference)
        for name in Self.reportNames where name != "rejects.csv" {
            XCTAssertNotEqual(previous[name], complete[name], "\(name): the previous and the new report must differ for the test to mean anything")
        }

        // Fixed moments that fall inside a run, and fractions of a full run so that some kills land
        // in the final write-and-rename phase however fast the build under test is.
        let delays = [0.05, 0.2, 0.5, 1.0, 3.0].filter { $0 < 0.7 * full.elapsed } + [0.1, 0.3, 0.8, 0.95, 0.99].map { $0 * full.elapsed }
        var killed = 0, finished = 0, mixed = 0
        var leftoverNames: Set<String> = []
        for delay in delays {
            let child = try Child([try PerfauditExecutable.require()] + runArguments(records.path, out.path))
            usleep(useconds_t(delay * 1_000_000))
            child.kill(SIGKILL)
            let outcome = child.wait(deadline: 60)
            if outcome.signal == SIGKILL { killed += 1 } else { finished += 1 }
            var fromNew = 0
            for name in Self.reportNames {
                let now = try Data(contentsOf: out.appendingPathComponent(name))
                if now == complete[name] && now != previous[name] { fromNew += 1 }
                XCTAssertTrue(
                    now == previous[name] || now == complete[name],
                    "\(name) after a kill at \(Int(delay * 1000)) ms is neither the previous report nor the complete new one (\(now.count) bytes)")
            }
            if fromNew > 0 && fromNew < Self.reportNames.count - 1 { mixed += 1 }
            let shown = Set(Self.reportNames + ["manifest.json", ".perfaudit"])
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where !shown.contains(name) {
                leftoverNames.insert(name.replacingOccurrences(of: #"[0-9]+$"#, with: "<pid>", options: .regularExpression))
                XCTAssertFalse(name.hasSuffix(".csv"), "left-over \(name) looks like a report")
                XCTAssertFalse(name.hasSuffix(".xml") || name.hasSuffix(".json"), "left-over \(name) looks like a record")
            }
            // Put the previous reports back for the next round.
            try restoreFolder(out, from: saved)
        }
        XCTAssertGreaterThanOrEqual(killed, delays.count / 2, "the kills must land while the run is going")
        XCTAssertEqual(mixed, 0, "a kill left some reports new and others previous")
        // A run after the kills completes normally over the left-overs.
        let after = try perfaudit(runArguments(records.path, out.path), deadline: 600)
        XCTAssertEqual(after.exitStatus, 0, after.output)
        XCTAssertEqual(try snapshot(out), complete)
        XCTAssertEqual(try leftovers(out), [], "the run after the kills removes their temporary files")
        print("FaultTests: full run \(String(format: "%.2f", full.elapsed)) s; \(killed) runs killed, \(finished) finished first; "
            + "left-over temporary files: \(leftoverNames.sorted())")
    }

    /// Read-only output folder, missing parent, disk full: exit 1, a message naming the folder or
    /// file, the pre-existing good report untouched.
    func testUnwritableOutputFolderIsExitOneAndLeavesTheGoodReport() throws {
        let records = try generatedRecords()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let seeds = repositoryRoot.appendingPathComponent("Inputs/seeds").path

        // Missing parent folder: nothing is created.
        let missing = folder.appendingPathComponent("no/such/parent/out")
        let orphan = try perfaudit(runArguments(seeds, missing.path))
        XCTAssertEqual(orphan.exitStatus, 1, orphan.output)
        XCTAssertTrue(orphan.stderr.contains(missing.path), orphan.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("no").path))

        // An output path that is a file.
        let file = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let notFolder = try perfaudit(runArguments(seeds, file.path))
        XCTAssertEqual(notFolder.exitStatus, 1, notFolder.output)
        XCTAssertTrue(notFolder.stderr.contains(file.path), notFolder.output)

        // Read-only folder with good reports in it.
        let readOnly = folder.appendingPathComponent("read-only")
        let good = try perfaudit(runArguments(seeds, readOnly.path))
        XCTAssertEqual(good.exitStatus, 0, good.output)
        let before = try snapshot(readOnly)
        if let unprotect = try makeReadOnly(readOnly) {
            defer { unprotect() }
            let refused = try perfaudit(runArguments(records.path, readOnly.path))
            XCTAssertEqual(refused.exitStatus, 1, refused.output)
            XCTAssertTrue(refused.stderr.contains(readOnly.path), refused.output)
            XCTAssertTrue(refused.stderr.lowercased().contains("read-only") || refused.stderr.contains("denied")
                || refused.stderr.contains("not permitted"), refused.output)
            XCTAssertEqual(try snapshot(readOnly), before)
            XCTAssertEqual(try leftovers(readOnly), [])
        }

        // Disk full, simulated with a small tmpfs when mounting is allowed…
        let small = folder.appendingPathComponent("small-disk")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        // 512 KiB: the seeds' reports and their spool (which holds the seeds' prose, some 80 KB, for
        // template detection) fit; 3,000 records do not.
        if mount(tmpfs: small.path, options: "size=512k") {
            defer { _ = umount2(small.path, Int32(MNT_DETACH)) }
            try checkDiskFull(out: small, seeds: seeds, records: records) { try perfaudit(runArguments(records.path, small.path)) }
        } else {
            print("FaultTests: cannot mount a tmpfs here (not root or no CAP_SYS_ADMIN); the size-limit check below stands for a full disk")
        }
        // …and always with a file-size limit (writes past it fail with EFBIG, SIGXFSZ ignored).
        let limited = folder.appendingPathComponent("size-limited")
        let binary = try PerfauditExecutable.require()
        try checkDiskFull(out: limited, seeds: seeds, records: records) {
            try shell("trap '' XFSZ; ulimit -f 64; exec \(shellQuoted(binary)) run \(shellQuoted(records.path)) --out \(shellQuoted(limited.path)) --jobs 2 --no-progress --lang en")
        }
    }

    /// Good reports first, then a run of 3,000 records that cannot fit: exit 1 naming the folder or
    /// file, the good reports byte-identical, no temporary file left.
    private func checkDiskFull(out: URL, seeds: String, records: URL, run: () throws -> ChildOutcome) throws {
        // The good reports only: with the workbook and the dashboard they would not fit.
        let good = try perfaudit(runArguments(seeds, out.path) + ["--no-xlsx", "--no-dashboard"])
        XCTAssertEqual(good.exitStatus, 0, good.output)
        let before = try snapshot(out)
        let full = try run()
        XCTAssertEqual(full.exitStatus, 1, "\(out.lastPathComponent): \(full.output)")
        XCTAssertTrue(full.stderr.contains(out.path), "\(out.lastPathComponent): \(full.output)")
        XCTAssertTrue(full.stderr.contains("No space left") || full.stderr.contains("too large"), "\(out.lastPathComponent): \(full.output)")
        XCTAssertEqual(try snapshot(out), before, "\(out.lastPathComponent): a good report was changed")
        XCTAssertEqual(try leftovers(out), [], "\(out.lastPathComponent): temporary files left behind")
    }

    /// Makes a folder unwritable even for root: a read-only tmpfs over a copy of it, else
    /// `chattr +i`, else (not root) chmod 555. Returns how to undo it, or nil (with the reason
    /// printed) when nothing works here.
    private func makeReadOnly(_ folder: URL) throws -> (() -> Void)? {
        let saved = try snapshot(folder)
        if mount(tmpfs: folder.path, options: "size=1m") {
            for (name, data) in saved { try data.write(to: folder.appendingPathComponent(name)) }
            if Glibc.mount("tmpfs", folder.path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0 {
                return { _ = umount2(folder.path, Int32(MNT_DETACH)) }
            }
            _ = umount2(folder.path, Int32(MNT_DETACH))
        }
        if geteuid() != 0 {
            chmod(folder.path, 0o555)
            return { chmod(folder.path, 0o755) }
        }
        let chattr = try shell("chattr +i \(shellQuoted(folder.path))")
        if chattr.exitStatus == 0 {
            return { _ = try? shell("chattr -i \(shellQuoted(folder.path))") }
        }
        print("FaultTests: cannot make a folder read-only for root here (no mount, no chattr): \(chattr.output)")
        return nil
    }

    private func mount(tmpfs path: String, options: String) -> Bool {
        Glibc.mount("tmpfs", path, "tmpfs", 0, options) == 0
    }

    /// The output folder inside the input folder, named several ways (relative with `..`, through a
    /// symlink), holding reports, a stray record and left-overs of a killed run: never read back.
    func testOutputFolderInsideTheInputFolderIsNotReadBack() throws {
        _ = try PerfauditExecutable.require()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in")
        let out = input.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("Inputs/seeds/suixi-zhujianju-2022.xml"), to: input.appendingPathComponent("good.xml"))
        // Things a reader of the output folder would trip over.
        try Data("{".utf8).write(to: out.appendingPathComponent("stray.json"))
        try Data("<x".utf8).write(to: out.appendingPathComponent("summary.csv.partial-1.xml"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link").path, withDestinationPath: out.path)
        let spellings = [out.path, input.path + "/../in/reports", input.path + "/reports/", folder.appendingPathComponent("link").path]
        for spelling in spellings {
            for _ in 0..<2 {
                let outcome = try perfaudit(runArguments(input.path, spelling))
                XCTAssertEqual(outcome.exitStatus, 0, "--out \(spelling): \(outcome.output)")
                XCTAssertTrue(outcome.stdout.contains("perfaudit: 1 files found = 1 scored + 0 rejected;"), "--out \(spelling): \(outcome.output)")
            }
        }
        let summary = try parseCSV(String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8))
        XCTAssertEqual(summary.count, 2)
    }
}
