import Foundation
import PerfauditCore
@testable import PerfauditEngine
import PerfauditXML
import PerfauditTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

// Issue 17: what a new user and a hostile one ran into, each item end to end through the built
// executable (`perfaudit(…)`, HostileInputTests.swift) where the command line is the point.
final class HardeningTests: XCTestCase {
    private var seeds: String { repositoryRoot.appendingPathComponent("Inputs/seeds").path }

    // MARK: Item 1: a mistyped option or command is named, with the nearest spelling

    func testMistypedOptionIsNamedBeforeAnyInputIsLookedAt() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("x").path
        let option = try perfaudit(["run", seeds, "--ot", missing, "--lang", "en"])
        XCTAssertEqual(option.exitStatus, 1, option.output)
        XCTAssertTrue(option.stderr.contains("Unknown option '--ot'. Did you mean '--out'?"), option.output)
        XCTAssertFalse(option.output.contains("input not found"), option.output)

        let swapped = try perfaudit(["run", "--jbos", "2", seeds, "--lang", "en"])
        XCTAssertTrue(swapped.stderr.contains("'--jbos'") && swapped.stderr.contains("'--jobs'"), swapped.output)
        XCTAssertFalse(swapped.output.contains("input not found"), swapped.output)

        let chinese = try perfaudit(["run", seeds, "--ot", missing])
        XCTAssertTrue(chinese.stderr.contains("未知选项 '--ot'。是否想用 '--out'？"), chinese.output)
    }

    func testMistypedCommandIsNamedWithTheNearestCommand() throws {
        for (typed, meant) in [("rnu", "run"), ("valdate", "validate"), ("explian", "explain"), ("rule", "rules")] {
            let outcome = try perfaudit([typed, seeds, "--lang", "en"])
            XCTAssertEqual(outcome.exitStatus, 1, outcome.output)
            XCTAssertTrue(outcome.stderr.contains("unknown command '\(typed)'"), outcome.output)
            XCTAssertTrue(outcome.stderr.contains("did you mean '\(meant)'?"), outcome.output)
            XCTAssertFalse(outcome.output.contains("input not found"), outcome.output)
        }
        // A folder of that name is an input of the default command, as before.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let named = folder.appendingPathComponent("rnu")
        try FileManager.default.createDirectory(at: named, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: seeds + "/suixi-zhujianju-2022.xml", toPath: named.path + "/a.xml")
        let child = try Child(
            ["/bin/sh", "-c", "cd \(shellQuoted(folder.path)) && exec \(shellQuoted(try PerfauditExecutable.require())) rnu --out out --no-progress --lang en"])
        let outcome = child.wait()
        XCTAssertEqual(outcome.exitStatus, 0, outcome.output)
        XCTAssertTrue(outcome.stdout.contains("1 files found = 1 scored"), outcome.output)
    }

    // MARK: Item 2: everything perfaudit writes itself is in GBK

    /// Each report decoded strictly as CP936 (what Excel on a Chinese Windows assumes for a file
    /// without a BOM); `nil` when some byte sequence is not CP936.
    private func cp936Failures(in folder: URL) throws -> [String] {
        try ReportSet.names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }.filter { name in
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            return Transcoder(from: "CP936", to: "UTF-8")!.convert(bytes) == nil
        }
    }

    func testReportsOfTheSampleAndOfAGeneratedBatchDecodeAsCP936() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = folder.appendingPathComponent("generated")
        let made = try perfaudit(["generate", "--count", "5000", "--seed", "17", "--out", generated.path], deadline: 300)
        XCTAssertEqual(made.exitStatus, 0, made.output)
        for (inputs, name) in [(repositoryRoot.appendingPathComponent("Inputs"), "sample"), (generated, "generated")] {
            let out = folder.appendingPathComponent("out-\(name)")
            let run = try perfaudit(
                ["run", inputs.path, "--out", out.path, "--encoding", "gb18030", "--no-progress"], deadline: 300)
            XCTAssertEqual(run.exitStatus, 0, run.output)
            XCTAssertEqual(try cp936Failures(in: out), [], "\(name): reports that Excel would open garbled")
            XCTAssertFalse(run.stdout.contains("GBK"), run.output)
        }
    }

    func testUserTextOutsideGBKIsWrittenAsGB18030AndCountedInTheFinalLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        // 𠀀 (U+20000) and ₂ are not in GBK; the department's name is written in every report row.
        let seed = try String(contentsOfFile: seeds + "/suixi-zhujianju-2022.xml", encoding: .utf8)
        try seed.replacingOccurrences(of: "遂溪县住房和城乡建设局", with: "遂溪县住房和城乡建设局𠀀₂")
            .write(to: inputs.appendingPathComponent("a.xml"), atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let run = try perfaudit(["run", inputs.path, "--out", out.path, "--encoding", "gb18030", "--no-progress", "--lang", "en"])
        XCTAssertEqual(run.exitStatus, 0, run.output)
        let summary = try Data(contentsOf: out.appendingPathComponent("summary.csv"))
        let decoded = Transcoder(from: "GB18030", to: "UTF-8")!.convert([UInt8](summary)).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertTrue(decoded?.contains("遂溪县住房和城乡建设局𠀀₂") ?? false, "the name is written whole in GB18030")
        XCTAssertFalse(try cp936Failures(in: out).isEmpty, "the input's own characters are outside CP936")
        let warning = try XCTUnwrap(run.stdout.split(separator: "\n").last.map(String.init))
        let count = try XCTUnwrap(warning.firstMatch(of: #/warning: ([0-9]+) characters outside GBK/#)?.1)
        // Two characters in each row that names the department: summary, indicators, issues.
        XCTAssertGreaterThanOrEqual(Int(count) ?? 0, 2 * 3, warning)
    }

    // MARK: Item 3: a file of the wrong kind is told by what it is

    func testFileOfAnotherKindIsToldByWhatItIsAndTheFinalLinePointsAtRejects() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: seeds + "/suixi-zhujianju-2022.xml", toPath: inputs.path + "/good.xml")
        func zip(_ members: [String]) -> Data {
            var data = Data()
            for member in members {
                data += Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]) + Data(repeating: 0, count: 16)
                data += Data([UInt8(member.utf8.count), 0, 0, 0]) + Data(member.utf8) + Data("compressed".utf8)
            }
            return data
        }
        let cases: [(String, Data, String)] = [
            ("workbook.xml", zip(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"]), "a ZIP archive (an Excel .xlsx workbook)"),
            ("letter.json", zip(["[Content_Types].xml", "word/document.xml"]), "a ZIP archive (a Word .docx document)"),
            ("scan.xml", Data("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj".utf8), "a PDF document"),
            ("old.json", Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(repeating: 0, count: 504), "an old-style Office file"),
            ("wide.xml", Data([0xFF, 0xFE]) + "<?xml version=\"1.0\"?><a>".data(using: .utf16LittleEndian)!.prefix(20), "UTF-16 text"),
            ("wide.json", "{\"schemaVersion\": 1}".data(using: .utf16BigEndian)!, "UTF-16 text"),
            ("record.xml", try Data(contentsOf: URL(fileURLWithPath: seeds + "/miyi-zhujianju-2023.json")), "a JSON document"),
            ("record.json", try Data(contentsOf: URL(fileURLWithPath: seeds + "/suixi-zhujianju-2022.xml")), "an XML document"),
        ]
        for (name, data, _) in cases { try data.write(to: inputs.appendingPathComponent(name)) }
        let out = folder.appendingPathComponent("out")
        let run = try perfaudit(["run", inputs.path, "--out", out.path, "--no-progress", "--lang", "en", "--encoding", "utf8"])
        XCTAssertEqual(run.exitStatus, 2, run.output)
        let rejects = try parseCSV(String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8))
        let reasons = Dictionary(uniqueKeysWithValues: rejects.dropFirst().map { (URL(fileURLWithPath: $0[0]).lastPathComponent, $0[3]) })
        for (name, _, kind) in cases {
            let reason = reasons[name] ?? ""
            XCTAssertTrue(reason.hasPrefix("the file is \(kind)"), "\(name): \(reason)")
            XCTAssertTrue(reason.contains("XML") || reason.contains("UTF-8"), "\(name): does not say what is expected: \(reason)")
        }
        let last = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(last.contains("\(cases.count) rejected"), last)
        XCTAssertTrue(last.contains(out.path + "/rejects.csv"), "the final line must point at rejects.csv: \(last)")
        let chinese = try perfaudit(["run", inputs.path, "--out", out.path, "--no-progress"])
        XCTAssertTrue(chinese.stdout.contains("原因见 \(out.path)/rejects.csv"), chinese.output)
    }

    // MARK: Item 5: every message in the user's language

    /// Every message the loaders produce for hostile and broken inputs: the hostile folder, and
    /// each seed with every attribute or key given bad values, removed or misspelt.
    private func loaderMessages() throws -> Set<String> {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let listener = try Listener()
        let hostile = try HostileFolder(in: folder, port: listener.port)
        LibXML.initialize()
        let loader = RecordFileLoader()
        var messages: Set<String> = []
        func load(_ path: String) {
            do throws(LoadError) { _ = try loader.load(path: path) } catch { messages.insert(error.message) }
        }
        for file in hostile.hostile { load(hostile.path(file.name)) }
        messages.formUnion(InputDiscovery(inputs: [hostile.root.path, folder.path + "/nowhere"]).problems.map(\.message))
        let variants = folder.appendingPathComponent("variants")
        try FileManager.default.createDirectory(at: variants, withIntermediateDirectories: true)
        var written = 0
        func variant(_ text: String, _ ext: String) throws {
            let path = variants.appendingPathComponent("v\(written).\(ext)").path
            written += 1
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            load(path)
        }
        let xml = try String(contentsOfFile: seeds + "/suixi-zhujianju-2022.xml", encoding: .utf8)
        for match in xml.matches(of: #/ ([A-Za-z]+)="([^"]*)"/#) {
            for replacement in ["abc", "", "1.23456", "99999999999999999", "-1", "2023-13-45"] {
                try variant(xml.replacingCharacters(in: match.range, with: " \(match.1)=\"\(replacement)\""), "xml")
            }
            try variant(xml.replacingCharacters(in: match.range, with: ""), "xml")
            try variant(xml.replacingCharacters(in: match.range, with: " \(match.1)x=\"1\""), "xml")
        }
        for match in xml.matches(of: #/<([A-Za-z]+)[ >]/#).prefix(40) {
            try variant(xml.replacingCharacters(in: match.range, with: "<bogus "), "xml")
        }
        let json = try String(contentsOfFile: seeds + "/miyi-zhujianju-2023.json", encoding: .utf8)
        for match in json.matches(of: #/"([A-Za-z]+)": ("[^"]*"|[-0-9.]+|true|false)/#) {
            for replacement in ["\"abc\"", "\"\"", "null", "true", "[]", "{}", "1.23456", "99999999999999999", "-1", "01", "1e3", "\"2023-13-45\""] {
                try variant(json.replacingCharacters(in: match.range, with: "\"\(match.1)\": \(replacement)"), "json")
            }
            try variant(json.replacingCharacters(in: match.range, with: "\"\(match.1)x\": 1"), "json")
        }
        return messages
    }

    func testEveryLoaderMessageHasAChineseForm() throws {
        let messages = try loaderMessages()
        let xmlFolder = repositoryRoot.appendingPathComponent("Sources/PerfauditXML")
        let xmlSources = try FileManager.default.contentsOfDirectory(atPath: xmlFolder.path)
            .map { try String(contentsOf: xmlFolder.appendingPathComponent($0), encoding: .utf8) }.joined()
        XCTAssertGreaterThan(messages.count, 60, "too few distinct messages for the check to mean much")
        var untranslated: [String] = []
        for message in messages.sorted() {
            guard let chinese = MessageCatalog.chinese(message), chinese.unicodeScalars.contains(where: { $0.value >= 0x4E00 })
            else {
                untranslated.append(message)
                continue
            }
            // Only libxml2's own words may stay English, inside the wrapper that says what they
            // are: a wrapped text that the XML loader's sources spell is one of perfaudit's own.
            for (prefix, wrapper) in [("XML: ", "XML 格式错误："), ("schema: ", "不符合记录格式（XSD）：")]
            where message.hasPrefix(prefix) && chinese == wrapper + message.dropFirst(prefix.count) {
                let own = "\"" + prefix + message.dropFirst(prefix.count).prefix(12)
                XCTAssertFalse(xmlSources.contains(own), "a message of perfaudit's own passed as libxml2's: \(message)")
            }
        }
        XCTAssertEqual(untranslated, [], "messages without a Chinese form")
    }

    /// The Chinese forms are written into rejects.csv, so they too must be within GBK.
    func testEveryChineseFormIsWithinGBK() {
        let toGBK = Transcoder(from: "UTF-8", to: "CP936")!
        for text in MessageCatalog.englishAndChinese.flatMap({ [$0.0, $0.1] }) + MessageCatalog.words.values {
            XCTAssertNotNil(toGBK.convert(Array(text.utf8)), text)
        }
    }

    func testRulebookAndCommandLineMessagesHaveAChineseForm() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent("Rulebooks/zhanjiang-dept-2021.json"), encoding: .utf8)
        var messages: Set<String> = []
        var index = 0
        func rulebook(_ text: String) throws {
            let sub = folder.appendingPathComponent("r\(index)")
            index += 1
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try text.write(to: sub.appendingPathComponent("book.json"), atomically: false, encoding: .utf8)
            var library = shippedRulebooks
            do throws(RulebookError) { try library.load(folder: sub.path) } catch { messages.insert(error.message) }
        }
        for match in shipped.matches(of: #/"([A-Za-z]+)": ("[^"]*"|[-0-9.]+)/#) {
            for replacement in ["\"abc\"", "-5", "[]", "0"] {
                try rulebook(shipped.replacingCharacters(in: match.range, with: "\"\(match.1)\": \(replacement)"))
            }
            try rulebook(shipped.replacingCharacters(in: match.range, with: "\"\(match.1)x\": 1"))
        }
        try rulebook("")
        try rulebook(String(repeating: "[", count: 10_000))
        XCTAssertGreaterThan(messages.count, 20)
        let untranslated = messages.filter { MessageCatalog.chinese($0) == nil }.sorted()
        XCTAssertEqual(untranslated, [], "rulebook messages without a Chinese form")

        // The command line's own errors, in Chinese by default and with --lang zh.
        let bad = folder.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: bad.appendingPathComponent("book.json"))
        let lines = [
            try perfaudit(["run", folder.appendingPathComponent("nowhere").path]),
            try perfaudit(["run", seeds, "--jobs", "0", "--lang", "zh"]),
            try perfaudit(["run", seeds, "--header-lang", "fr"]),
            try perfaudit(["rules", "--rulebook", "no-such-book"]),
            try perfaudit(["validate", seeds, "--rulebooks", bad.path]),
            try perfaudit(["explain"]),
            try perfaudit(["run", seeds, "--out", folder.path + "/no/such/parent"]),
            try perfaudit(["run", seeds, "--out"]),
        ].map { $0.stderr.split(separator: "\n").first.map(String.init) ?? "" }
        for line in lines {
            XCTAssertTrue(line.unicodeScalars.contains { $0.value >= 0x4E00 }, "not in Chinese: \(line)")
            XCTAssertFalse(line.hasPrefix("Error:"), line)
        }
        // rejects.csv in Chinese when the headers are.
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try Data("{\"schemaVersion\": 1,}".utf8).write(to: inputs.appendingPathComponent("comma.json"))
        // One good record, so that the run scores something and writes its reports.
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("Inputs/seeds/miyi-zhujianju-2023.json"),
            to: inputs.appendingPathComponent("miyi.json"))
        let out = folder.appendingPathComponent("out")
        _ = try perfaudit(["run", inputs.path, "--out", out.path, "--no-progress"])
        let rejects = try parseCSV(String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8))
        XCTAssertEqual(rejects.dropFirst().first?[3], "'}' 之前有多余的逗号")
        _ = try perfaudit(["run", inputs.path, "--out", out.path, "--no-progress", "--header-lang", "en"])
        let english = try parseCSV(String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8))
        XCTAssertEqual(english.dropFirst().first?[3], "trailing comma before '}'")
    }

    // MARK: Item 6: one place decides the exit status

    func testExitStatusesAreDocumentedInHelpAndDecidedInOnePlace() throws {
        for arguments in [["--help"], ["run", "--help"], ["validate", "--help"], ["explain", "--help"]] {
            let help = try perfaudit(arguments)
            XCTAssertEqual(help.exitStatus, 0, help.output)
            XCTAssertTrue(help.stdout.contains("Exit status:"), "\(arguments): \(help.stdout)")
            for status in [0, 1, 2] { XCTAssertTrue(help.stdout.contains("\n  \(status)  "), "\(arguments): \(status)") }
        }
        // Only PerfAudit.swift ends the process; commands return an ExitStatus.
        let folder = repositoryRoot.appendingPathComponent("Sources/perfaudit")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name != "PerfAudit.swift" {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for decision in ["ExitCode(", "exit(", "exitCode:"] {
                XCTAssertFalse(text.contains(decision), "\(name) decides an exit status itself (\(decision))")
            }
        }
        let missing = try perfaudit(["explain", seeds + "/nowhere.xml", "--lang", "en"])
        XCTAssertEqual(missing.exitStatus, 2, missing.output)
        XCTAssertTrue(missing.stderr.contains("nowhere.xml: cannot read the file: No such file or directory"), missing.output)
    }

    // MARK: Trials beyond the list (docs/robustness.md)

    /// A record file whose name is not UTF-8, and one below a folder deeper than PATH_MAX: each
    /// is listed (and so rejected) with what is wrong, where before the first was "No such file"
    /// and the second vanished from the run without a word.
    func testFileSystemOdditiesAreListedNotLost() throws {
        let folder = try temporaryFolder()
        defer { _ = try? shell("rm -rf \(shellQuoted(folder.path))") }
        let root = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let seed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: seeds + "/suixi-zhujianju-2022.xml")))
        func write(_ descriptor: Int32) {
            XCTAssertGreaterThanOrEqual(descriptor, 0)
            _ = seed.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        let badName = Array((root.path + "/bad").utf8) + [0xFF, 0xFE] + Array(".xml".utf8) + [0]
        write(badName.withUnsafeBytes { open($0.baseAddress!.assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) })
        var level = open(root.path, O_RDONLY | O_DIRECTORY)
        for _ in 0..<300 {
            XCTAssertEqual(mkdirat(level, String(repeating: "d", count: 20), 0o755), 0)
            let next = openat(level, String(repeating: "d", count: 20), O_RDONLY | O_DIRECTORY)
            close(level)
            level = next
        }
        write(openat(level, "deep.xml", O_WRONLY | O_CREAT, 0o644))
        close(level)

        let discovery = InputDiscovery(inputs: [root.path])
        XCTAssertEqual(discovery.files, [])
        XCTAssertEqual(discovery.problems.map(\.message).sorted(), [
            "cannot read: File name too long", "the file name is not valid UTF-8; rename the file",
        ])
        XCTAssertTrue(discovery.problems.contains { $0.path.hasPrefix(root.path + "/bad") && $0.path.hasSuffix(".xml") })
    }

    /// A rulebook file whose name is not UTF-8 is refused as such (before: "No such file").
    func testRulebookWhoseNameIsNotUTF8IsRefusedAsSuch() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = Array((folder.path + "/book").utf8) + [0xFF] + Array(".json".utf8) + [0]
        let descriptor = name.withUnsafeBytes { open($0.baseAddress!.assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        close(descriptor)
        var library = shippedRulebooks
        do throws(RulebookError) {
            try library.load(folder: folder.path)
            XCTFail("the misnamed rulebook was not refused")
        } catch {
            XCTAssertEqual(error.message, "the file name is not valid UTF-8; rename the file")
        }
    }

    /// The same file named twice, or named and inside a folder named, is one input: before, it
    /// was scored twice and flagged DUPLICATE_RECORD against itself.
    func testAFileNamedTwiceIsOneInput() throws {
        let file = seeds + "/suixi-zhujianju-2022.xml"
        XCTAssertEqual(InputDiscovery(inputs: [file, file]).files, [file])
        XCTAssertEqual(InputDiscovery(inputs: [seeds, file]).files.filter { $0 == file }, [file])
    }

    // MARK: Item 8: Outputs/README.md

    func testOutputsReadmeGuidesAFirstTimeUser() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Outputs/README.md"), encoding: .utf8)
        for name in ReportSet.names { XCTAssertTrue(text.contains("`\(name)`"), "\(name) is not described") }
        XCTAssertTrue(text.contains("docs/outputs.md"), "no pointer to the full column reference")
        XCTAssertTrue(text.lowercased().contains("open first"), "does not say which file to open first")
        XCTAssertTrue(text.contains("rejects.csv") && text.contains("final line"), "does not say to look at rejects.csv")
    }
}
