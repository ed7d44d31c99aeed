import Foundation
import PerfauditCore
@testable import PerfauditEngine
import XCTest
import PerfauditTestSupport
import PerfauditSample

/// The batch: determinism, accounting, duplicates, and inputs that must not be read.
final class BatchTests: XCTestCase {
    private func reports(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        // rectification.csv is written only with a baseline.
        for name in ReportSet.names where name != RectificationReport.fileName {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    func testReportsAreByteIdenticalWhateverTheJobCount() throws {
        let folder = try temporaryFolder()
        let inputs = repositoryRoot.appendingPathComponent("Inputs").path
        let one = folder.appendingPathComponent("one"), four = folder.appendingPathComponent("four")
        let first = try runBatch(inputs: [inputs], out: one.path, jobs: 1, reports: ReportOptions())
        let second = try runBatch(inputs: [inputs], out: four.path, jobs: 4, reports: ReportOptions())
        XCTAssertEqual(first, second)
        XCTAssertGreaterThanOrEqual(first.scored, 60)
        XCTAssertEqual(try reports(one), try reports(four))
    }

    func testOrderDoesNotDependOnHowTheFileSystemListsFiles() throws {
        let folder = try temporaryFolder()
        let names = ["b.json", "a.json", "c.json"]
        for (index, order) in [names, names.reversed()].enumerated() {
            let input = folder.appendingPathComponent("in\(index)/records")
            try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
            for name in order {
                var record = baseRecord()
                record.department.agencyCode = "440823-\(name.prefix(1))"
                record.department.name = "同名部门"
                try Data(RecordJSONWriter().write(record)).write(to: input.appendingPathComponent(name))
            }
        }
        for index in 0..<2 {
            _ = try runBatch(inputs: [folder.appendingPathComponent("in\(index)").path], out: folder.appendingPathComponent("out\(index)").path)
        }
        let first = try String(contentsOf: folder.appendingPathComponent("out0/summary.csv"), encoding: .utf8)
        let second = try String(contentsOf: folder.appendingPathComponent("out1/summary.csv"), encoding: .utf8)
        XCTAssertEqual(first.replacingOccurrences(of: "/in0/", with: "/"), second.replacingOccurrences(of: "/in1/", with: "/"))
        XCTAssertEqual(try parseCSV(first).dropFirst().map { $0.last!.suffix(6) }, ["a.json", "b.json", "c.json"])
    }

    func testEveryFileIsScoredOrRejectedAndTheAccountReconciles() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("mixed")
        try FileManager.default.createDirectory(at: input.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let seed = repositoryRoot.appendingPathComponent("Inputs/seeds/suixi-zhujianju-2022.xml")
        try FileManager.default.copyItem(at: seed, to: input.appendingPathComponent("good.xml"))
        try Data(RecordJSONWriter().write(baseRecord())).write(to: input.appendingPathComponent("sub/good.json"))
        try Data().write(to: input.appendingPathComponent("empty.xml"))
        try Data([0x00, 0xFF, 0x13, 0x37]).write(to: input.appendingPathComponent("binary.xml"))
        try Data("{\"schemaVersion\": 1,}".utf8).write(to: input.appendingPathComponent("comma.json"))
        var unknownRulebook = baseRecord()
        unknownRulebook.rulebook = "nowhere-2020"
        try Data(RecordJSONWriter().write(unknownRulebook)).write(to: input.appendingPathComponent("rulebook.json"))
        try Data("not a record".utf8).write(to: input.appendingPathComponent("notes.txt"))
        try FileManager.default.createSymbolicLink(atPath: input.appendingPathComponent("sub/loop").path, withDestinationPath: input.path)
        let out = input.appendingPathComponent("reports")
        let first = try runBatch(inputs: [input.path], out: out.path)
        XCTAssertEqual(first.found, 6)
        XCTAssertEqual(first.scored, 2)
        XCTAssertEqual(first.rejected, 4)
        XCTAssertEqual(first.found, first.scored + first.rejected)
        XCTAssertTrue(first.line.hasPrefix("perfaudit: 6 files found = 2 scored + 4 rejected;"), first.line)
        // A second run must not read the reports (inside the input folder) back in.
        let second = try runBatch(inputs: [input.path], out: out.path)
        XCTAssertEqual(second, first)
        let summary = try parseCSV(String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8))
        let rejects = try parseCSV(String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8))
        let listed = Set(summary.dropFirst().map { $0.last! } + rejects.dropFirst().map { $0[0] })
        XCTAssertEqual(listed.count, 6)
        let reasons = Dictionary(uniqueKeysWithValues: rejects.dropFirst().map { (URL(fileURLWithPath: $0[0]).lastPathComponent, $0) })
        XCTAssertTrue(reasons["rulebook.json"]?[3].contains("rulebook \"nowhere-2020\" does not exist") ?? false)
        XCTAssertTrue(reasons["comma.json"]?[3].contains("trailing comma") ?? false, "\(reasons["comma.json"] ?? [])")
        XCTAssertEqual(reasons["comma.json"]?[1], "1")
        XCTAssertNotNil(reasons["empty.xml"])
        XCTAssertNotNil(reasons["binary.xml"])
    }

    func testDuplicateRecordsAreAllScoredAndFlagged() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("dup")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let record = try loadRecord("Inputs/seeds/suixi-zhujianju-2022.xml")
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("Inputs/seeds/suixi-zhujianju-2022.xml"), to: input.appendingPathComponent("a.xml"))
        try Data(RecordJSONWriter().write(record)).write(to: input.appendingPathComponent("b.json"))
        let out = folder.appendingPathComponent("out")
        let summary = try runBatch(inputs: [input.path], out: out.path)
        XCTAssertEqual(summary.scored, 2)
        let issues = try parseCSV(String(contentsOf: out.appendingPathComponent("issues.csv"), encoding: .utf8))
        let duplicates = issues.filter { $0[5] == "DUPLICATE_RECORD" }
        XCTAssertEqual(duplicates.count, 2)
        XCTAssertEqual(Set(duplicates.map { $0[10] }).count, 2)
        let rows = try parseCSV(String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)).dropFirst()
        let counts = rows.map { Int($0[19])! }
        XCTAssertEqual(counts[0], counts[1])
        XCTAssertEqual(counts.reduce(0, +), issues.count - 1)
        let recurring = try parseCSV(String(contentsOf: out.appendingPathComponent("recurring.csv"), encoding: .utf8))
        XCTAssertEqual(recurring.first { $0[0] == "DUPLICATE_RECORD" }?[2], "2")
    }

    /// Many copies of one filing: each copy's evidence names the first three others and counts
    /// the rest, so issues.csv grows linearly with the copies, not with their square.
    func testManyCopiesOfOneFilingNameAFewAndCountTheRest() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("copies")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let seed = repositoryRoot.appendingPathComponent("Inputs/seeds/suixi-zhujianju-2022.xml")
        let copies = 40
        for copy in 0..<copies {
            try FileManager.default.copyItem(at: seed, to: input.appendingPathComponent(String(format: "copy-%02d.xml", copy)))
        }
        let out = folder.appendingPathComponent("out")
        _ = try runBatch(inputs: [input.path], out: out.path)
        let issues = try parseCSV(String(contentsOf: out.appendingPathComponent("issues.csv"), encoding: .utf8))
        let duplicates = issues.filter { $0[5] == "DUPLICATE_RECORD" }
        XCTAssertEqual(duplicates.count, copies)
        for row in duplicates {
            let evidence = row[8]
            XCTAssertTrue(evidence.hasPrefix("同一单位、年度、指标体系另有\(copies - 1)份记录："), evidence)
            XCTAssertTrue(evidence.hasSuffix("；等\(copies - 1)份"), evidence)
            let named = evidence.components(separatedBy: "copy-").count - 1
            XCTAssertEqual(named, DuplicateRecords.namedCopies, evidence)
            XCTAssertFalse(evidence.contains(URL(fileURLWithPath: row[10]).lastPathComponent), "a copy names itself: \(evidence)")
        }
        // The first copy names the next three; every other copy names the first three but itself.
        XCTAssertTrue(duplicates[0][8].contains("copy-01.xml；") && duplicates[0][8].contains("copy-03.xml"))
        XCTAssertTrue(duplicates[9][8].contains("copy-00.xml") && duplicates[9][8].contains("copy-02.xml"))
    }

    func testRollUpsCountRecordsDepartmentsAndRepeats() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("years")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for year in [2021, 2022] {
            var record = baseRecord()
            record.fiscalYear = year
            record.finance = Finance()
            record.finance?.procurement = Procurement(plan: .zero)
            try Data(RecordJSONWriter().write(record)).write(to: input.appendingPathComponent("\(year).json"))
        }
        let out = folder.appendingPathComponent("out")
        _ = try runBatch(inputs: [input.path], out: out.path)
        let recurring = try parseCSV(String(contentsOf: out.appendingPathComponent("recurring.csv"), encoding: .utf8))
        let row = try XCTUnwrap(recurring.first { $0[0] == "NO_PROCUREMENT_PLAN" })
        XCTAssertEqual(Array(row[2...6]), ["2", "1", "1", "100.00", "1"])
        XCTAssertEqual(recurring.count, 1 + IssueCategory.allCases.count)
        let counties = try parseCSV(String(contentsOf: out.appendingPathComponent("counties.csv"), encoding: .utf8))
        XCTAssertEqual(counties.count, 2)
        XCTAssertEqual(counties[1][2...5], ["遂溪县", "2", "0", "90.00"])
    }
}

final class InputDiscoveryTests: XCTestCase {
    func testRecordFileNamesAndByteOrder() {
        for name in ["a.xml", "B.XML", "c.Json", "遂溪.json", "x.JSON"] { XCTAssertTrue(InputDiscovery.isRecordFile(name), name) }
        for name in ["a.xm", "a.jsonl", "xml", "a\u{0E}xml", "notes.txt", ".json.bak"] {
            XCTAssertFalse(InputDiscovery.isRecordFile(name), name)
        }
        let names = ["遂溪县", "b", "a", "吴川市", "B", "ab", "a/b"]
        XCTAssertEqual(names.sorted(by: InputDiscovery.bytewiseLess), names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}

/// The run's final line says what it counts: per category the records that have it and its rows.
final class RunSummaryLineTests: XCTestCase {
    func testTopCategoriesCountRecordsAndRowsAndSayWhich() throws {
        let folder = try temporaryFolder()
        let summary = try runBatch(inputs: [repositoryRoot.appendingPathComponent("Inputs").path], out: folder.path)
        let issues = try parseCSV(String(contentsOf: folder.appendingPathComponent("issues.csv"), encoding: .utf8)).dropFirst()
        let top = try XCTUnwrap(summary.topCategories.first)
        let rows = issues.filter { $0[5] == top.category.rawValue }
        XCTAssertEqual(top.issues, rows.count)
        XCTAssertEqual(top.records, Set(rows.map { $0[10] }).count)
        XCTAssertGreaterThan(top.issues, top.records, "the sample has records with several findings")
        XCTAssertTrue(summary.line.contains("\(top.category.rawValue) in \(top.records) records (\(top.issues) issues)"), summary.line)
        let chinese = RunAccount(summary: summary, outputFolder: folder.path).line(in: .zh)
        XCTAssertTrue(chinese.contains("\(top.category.rawValue)（\(top.records) 条记录，\(top.issues) 个问题）"), chinese)
    }
}
