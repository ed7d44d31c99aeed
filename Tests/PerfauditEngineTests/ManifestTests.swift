import Foundation
import PerfauditTestSupport
@testable import PerfauditEngine
import XCTest

/// Issue 14, item 4, through the built executable: manifest.json lists every input with its true
/// SHA-256 (checked with sha256sum, not with the project's own SHA256), size and outcome, every
/// report's SHA-256, every rulebook and option; it is the same for the same run except the times;
/// `perfaudit verify` catches a one-byte change in an input and in a report.
final class ManifestTests: XCTestCase {
    /// A folder of inputs: the two seeds, a copy of one (a duplicate filing), a broken record.
    private func inputs(in folder: URL) throws -> URL {
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for name in ["suixi-zhujianju-2022.xml", "miyi-zhujianju-2023.json"] {
            try FileManager.default.copyItem(
                at: repositoryRoot.appendingPathComponent("Inputs/seeds/" + name), to: inputs.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(
            at: inputs.appendingPathComponent("miyi-zhujianju-2023.json"), to: inputs.appendingPathComponent("sub/copy.json"))
        try Data("{\"fiscalYear\": 20".utf8).write(to: inputs.appendingPathComponent("broken.json"))
        return inputs
    }

    private func sha256sum(_ path: String) throws -> String {
        let outcome = try shell("sha256sum \(shellQuoted(path))")
        XCTAssertEqual(outcome.exitStatus, 0, outcome.output)
        return String(outcome.stdout.prefix(64))
    }

    private func manifest(_ out: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testManifestListsEveryInputReportRulebookAndOption() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try inputs(in: folder)
        let out = folder.appendingPathComponent("out")
        let arguments = ["run", inputs.path, "--out", out.path, "--jobs", "2", "--no-progress", "--score-gap", "7.5", "--encoding", "utf8"]
        let run = try perfaudit(arguments)
        XCTAssertEqual(run.exitStatus, 2, run.output)
        let json = try manifest(out)
        XCTAssertEqual(json["_type"] as? String, "link")
        XCTAssertEqual(json["name"] as? String, "perfaudit run")
        XCTAssertEqual((json["command"] as? [String])?.dropFirst(), arguments[...])

        let materials = try XCTUnwrap(json["materials"] as? [String: [String: String]])
        let byproducts = try XCTUnwrap(json["byproducts"] as? [String: Any])
        let described = try XCTUnwrap(byproducts["inputs"] as? [String: [String: Any]])
        let outcomes = ["broken.json": "rejected", "miyi-zhujianju-2023.json": "duplicate", "sub/copy.json": "duplicate", "suixi-zhujianju-2022.xml": "scored"]
        XCTAssertEqual(materials.count, 4)
        for (name, outcome) in outcomes {
            let path = inputs.appendingPathComponent(name).path
            XCTAssertEqual(materials[path]?["sha256"], try sha256sum(path), name)
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
            XCTAssertEqual(described[path]?["size"] as? Int, size, name)
            XCTAssertEqual(described[path]?["outcome"] as? String, outcome, name)
        }
        let counts = try XCTUnwrap(byproducts["counts"] as? [String: Int])
        XCTAssertEqual(counts, ["found": 4, "scored": 3, "duplicate": 2, "rejected": 1, "issues": counts["issues"]!])
        for key in ["started", "finished"] {
            let time = try XCTUnwrap(byproducts[key] as? String)
            XCTAssertNotNil(time.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression), time)
        }

        let products = try XCTUnwrap(json["products"] as? [String: [String: String]])
        XCTAssertEqual(Set(products.keys), Set(FaultTests.reportNames))
        for name in FaultTests.reportNames {
            XCTAssertEqual(products[name]?["sha256"], try sha256sum(out.appendingPathComponent(name).path), name)
        }

        let environment = try XCTUnwrap(json["environment"] as? [String: Any])
        let rulebooks = try XCTUnwrap(environment["rulebooks"] as? [String: [String: String]])
        for id in ["zhanjiang-dept-2021", "sichuan-dept-2017"] {
            XCTAssertEqual(rulebooks[id]?["sha256"], try sha256sum(repositoryRoot.appendingPathComponent("Rulebooks/\(id).json").path), id)
        }
        let options = try XCTUnwrap(environment["options"] as? [String: Any])
        XCTAssertEqual(options["score-gap"] as? Double, 7.5)
        XCTAssertEqual(options["low-execution"] as? Int, 90)
        XCTAssertEqual(options["encoding"] as? String, "utf8")
        XCTAssertEqual(options["jobs"] as? Int, 2)
        XCTAssertEqual(options["baseline"] as? [String], [])
        XCTAssertEqual(options["template-check"] as? Bool, true)
        XCTAssertEqual(options["workbook-indicators"] as? String, "auto")
        XCTAssertEqual(options["template-threshold"] as? Double, 0.7)
        let template = try XCTUnwrap(environment["template"] as? [String: Any])
        XCTAssertEqual(template["id"] as? String, "narrative-template-2021")
        XCTAssertEqual(
            template["sha256"] as? String,
            try sha256sum(repositoryRoot.appendingPathComponent("Templates/narrative-template.json").path))
        XCTAssertEqual(options["sample-seed"] as? Int, 2023, "the default seed: the latest fiscal year")
        XCTAssertEqual(
            options.count, 26,
            "inputs, out, jobs, header-lang, encoding, progress, baseline, template-check, workbook-indicators, the 14 thresholds and the 3 sample options")
    }

    /// Run twice: the manifests differ only in the two times.
    func testTheSameRunGivesTheSameManifestExceptTheTimes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try inputs(in: folder)
        let out = folder.appendingPathComponent("out")
        var manifests: [String] = []
        for _ in 0..<2 {
            XCTAssertEqual(try perfaudit(["run", inputs.path, "--out", out.path, "--no-progress"]).exitStatus, 2)
            let text = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
            manifests.append(text.replacingOccurrences(of: #""(started|finished)": "[^"]*""#, with: "TIME", options: .regularExpression))
        }
        XCTAssertEqual(manifests[0], manifests[1])
        XCTAssertEqual(manifests[0].components(separatedBy: "TIME").count, 3)
    }

    /// One byte changed in an input, then in a report: each is named, exit 2; put back, exit 0;
    /// a missing input is named too; no manifest is exit 1.
    func testVerifyCatchesAOneByteChangeInAnInputAndInAReport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try inputs(in: folder)
        let out = folder.appendingPathComponent("out")
        XCTAssertEqual(try perfaudit(["run", inputs.path, "--out", out.path, "--no-progress"]).exitStatus, 2)
        let clean = try perfaudit(["verify", out.path])
        XCTAssertEqual(clean.exitStatus, 0, clean.output)
        XCTAssertTrue(clean.stdout.contains("4 inputs and 9 reports checked"), clean.output)
        XCTAssertTrue(clean.stdout.hasSuffix("unchanged\n"), clean.output)

        for file in [inputs.appendingPathComponent("suixi-zhujianju-2022.xml"), out.appendingPathComponent("issues.csv")] {
            let original = try Data(contentsOf: file)
            var changed = original
            changed[changed.count / 2] ^= 0x01
            try changed.write(to: file)
            let caught = try perfaudit(["verify", out.path])
            XCTAssertEqual(caught.exitStatus, 2, caught.output)
            let kind = file.path.hasPrefix(out.path) ? "report changed: issues.csv" : "input changed: \(file.path)"
            XCTAssertEqual(caught.stdout.components(separatedBy: "\n").first, kind, caught.output)
            XCTAssertTrue(caught.stdout.contains("; 1 changed"), caught.output)
            try original.write(to: file)
            XCTAssertEqual(try perfaudit(["verify", out.path]).exitStatus, 0)
        }
        try FileManager.default.removeItem(at: inputs.appendingPathComponent("sub/copy.json"))
        let missing = try perfaudit(["verify", out.path])
        XCTAssertEqual(missing.exitStatus, 2, missing.output)
        XCTAssertTrue(missing.stdout.contains("input missing: \(inputs.appendingPathComponent("sub/copy.json").path)\n"), missing.output)

        let nothing = try perfaudit(["verify", folder.path])
        XCTAssertEqual(nothing.exitStatus, 1, nothing.output)
        XCTAssertTrue(nothing.stderr.contains("manifest.json"), nothing.output)
    }

    /// `--version` prints the version and the commit `make` stamped (or `unknown` without the
    /// stamp), and the manifest names the same.
    func testVersionNamesTheStampedCommit() throws {
        let stampFile = repositoryRoot.appendingPathComponent("Sources/PerfauditEngine/Support/BuildCommit.swift")
        let commit: String
        if let stamp = try? String(contentsOf: stampFile, encoding: .utf8) {
            let match = try XCTUnwrap(stamp.range(of: #""[^"]+""#, options: .regularExpression), stamp)
            commit = String(stamp[match].dropFirst().dropLast())
            XCTAssertNotNil(commit.range(of: #"^([0-9a-f]{40}(-dirty)?|unknown)$"#, options: .regularExpression), commit)
        } else {
            commit = "unknown"
        }
        let version = try perfaudit(["--version"])
        XCTAssertEqual(version.exitStatus, 0, version.output)
        let info = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/PerfauditEngine/Support/BuildInfo.swift"), encoding: .utf8)
        let number = try XCTUnwrap(info.range(of: #"version = "[0-9.]+""#, options: .regularExpression))
        XCTAssertEqual(version.stdout, "\(info[number].dropFirst(11).dropLast()) (commit \(commit))\n")

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        XCTAssertEqual(try perfaudit(["run", repositoryRoot.appendingPathComponent("Inputs/seeds").path, "--out", out.path]).exitStatus, 0)
        let tool = try XCTUnwrap((try manifest(out)["environment"] as? [String: Any])?["perfaudit"] as? [String: String])
        XCTAssertEqual(tool["commit"], commit)
    }
}

/// The manifest's JSON strings: escapes where RFC 8259 needs them, UTF-8 kept as it is.
final class JSONTextTests: XCTestCase {
    func testStringsAreEscapedAsRFC8259Wants() {
        XCTAssertEqual(ManifestJSON.quoted("Inputs/湛江/a.json"), "\"Inputs/湛江/a.json\"")
        XCTAssertEqual(ManifestJSON.quoted("a\"b\\c\nd\re\tf\u{01}g"), "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\"")
        var bytes: [UInt8] = []
        var json = ManifestJSON { bytes += $0 }
        json.open()
        json.string("k", "v")
        json.open("o")
        json.integer("n", 3)
        json.close()
        json.close()
        json.flush()
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "{\n  \"k\": \"v\",\n  \"o\": {\n    \"n\": 3\n  }\n}\n")
    }
}
