import Foundation
import XCTest
import PerfauditTestSupport

/// `Schemas/record.schema.json` (draft 2020-12) accepts every JSON record in `Inputs/` and the
/// fixtures, and refuses malformed ones. Uses python3's `jsonschema` module.
final class JSONSchemaTests: XCTestCase {
    private static let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in sys.argv[2:]:
            with open(path, "rb") as f:
                document = json.loads(f.read().decode("utf-8-sig"))
            errors = [e.message for e in validator.iter_errors(document)]
            print(json.dumps({"file": path, "errors": errors}, ensure_ascii=False))
        """

    /// Validates files; returns each file's error messages.
    private func validate(_ paths: [String]) throws -> [String: [String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let schema = repositoryRoot.appendingPathComponent("Schemas/record.schema.json").path
        process.arguments = ["python3", "-c", Self.script, schema] + paths
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "python3 jsonschema failed")
        var results: [String: [String]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            results[object["file"] as! String] = object["errors"] as? [String]
        }
        return results
    }

    private func jsonFiles(under folder: String) -> [String] {
        let root = repositoryRoot.appendingPathComponent(folder).resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { ($0 as? URL)?.path }.filter { $0.hasSuffix(".json") }.sorted()
    }

    func testInputsAndFixturesConform() throws {
        let files = jsonFiles(under: "Inputs") + jsonFiles(under: "Tests/Fixtures/records")
        XCTAssertTrue(files.contains { $0.hasSuffix("rich.json") })
        let results = try validate(files)
        XCTAssertEqual(results.count, files.count)
        for (file, errors) in results {
            XCTAssertEqual(errors, [], file)
        }
    }

    func testMalformedRecordsAreRefused() throws {
        let valid = """
            {"schemaVersion": 1, "department": {"mofDivCode": "440823", "agencyCode": "440823-301",
             "name": "遂溪县住房和城乡建设局", "province": "广东省", "city": "湛江市", "county": "遂溪县"},
             "fiscalYear": 2022, "rulebook": "zhanjiang-dept-2021", "selfAssessment": {"score": 96, "grade": "优"},
             "finance": {"income": {"budget": "111122500", "final": 71073638.07}},
             "commendations": {"count": 2}}
            """
        let cases: [(replace: String, with: String, expected: String)] = [
            ("", "", ""),
            (#""commendations""#, #""commendation""#, "Additional properties are not allowed ('commendation' was unexpected)"),
            (#"{"count": 2}"#, #"{"count": "2"}"#, "'2' is not of type 'integer'"),
            (#"{"count": 2}"#, #"{"count": null}"#, "None is not of type 'integer'"),
            (#""final": 71073638.07"#, #""final": "1e3""#, "'1e3' is not valid under any of the given schemas"),
            (#""budget": "111122500""#, #""budget": "1,234.50""#, "'1,234.50' is not valid under any of the given schemas"),
            (#""budget": "111122500""#, #""budget": "71073638.071""#, "'71073638.071' is not valid under any of the given schemas"),
            (#""budget": "111122500""#, #""budget": " 5""#, "' 5' is not valid under any of the given schemas"),
            (#""grade": "优""#, #""grade": "A""#, "'A' is not one of ['优', '良', '中', '差']"),
            (#""schemaVersion": 1"#, #""schemaVersion": 2"#, "1 was expected"),
            (#""fiscalYear": 2022"#, #""fiscalYear": 1999"#, "1999 is less than the minimum of 2000"),
            (#""mofDivCode": "440823", "#, "", "'mofDivCode' is a required property"),
        ]
        let folder = NSTemporaryDirectory() + "perfaudit-jsonschema-\(UUID().uuidString)/"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var paths: [String] = []
        for (index, change) in cases.enumerated() {
            XCTAssertTrue(change.replace.isEmpty || valid.contains(change.replace), change.replace)
            let document = change.replace.isEmpty ? valid : valid.replacingOccurrences(of: change.replace, with: change.with)
            let path = folder + "case\(index).json"
            try document.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let results = try validate(paths)
        for (index, change) in cases.enumerated() {
            let errors = results[paths[index]] ?? ["missing result"]
            if change.expected.isEmpty {
                XCTAssertEqual(errors, [], "the unchanged document")
            } else {
                XCTAssertEqual(errors, [change.expected], change.with)
            }
        }
    }
}
