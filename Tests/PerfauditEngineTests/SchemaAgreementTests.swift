import Foundation
import PerfauditCore
import PerfauditEngine
import PerfauditXML
import PerfauditTestSupport
import XCTest

// Issue 18: the decoder is the authority for the record format and the batch no longer runs the
// XSD, so the XSD (the vendors' contract) must never disagree with it. libxml2's own validator
// (`xmllint --schema`, Debian libxml2-utils) and perfaudit's loader read the same files — every
// fixture, every hostile file, the whole sample, 2,000 generated records, the XML fuzz corpus
// when there is one, and seeded mutations of them — and must accept and reject the same ones.

/// Where `xmllint` and the loader may disagree, by design: rules of the loader that are not the
/// schema's to state. Each is recognised by the loader's message and holds only one way round
/// (the loader refuses, the XSD accepts).
private let loaderOnlyRules: [(reason: String, message: String)] = [
    ("an amount in 万元 beyond ±10¹⁴ 元 once converted (XSD 1.0 cannot make a type depend on amountUnit)",
        "万元 is out of range"),
    ("a DOCTYPE (refused for safety; a schema says nothing about DTDs)", "DOCTYPE is not allowed"),
    ("a file over 8 MiB (refused unread)", "over the 8 MiB limit"),
]

final class SchemaAgreementTests: XCTestCase {
    override class func setUp() {
        LibXML.initialize()
    }

    func testXSDAndDecoderAcceptAndRejectTheSameFiles() throws {
        guard try shell("command -v xmllint").exitStatus == 0 else {
            XCTFail("xmllint is missing: install Debian's libxml2-utils (make deps or .ci/run do it); this test cannot run without it")
            return
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var cases = CaseFolder(root: folder.appendingPathComponent("cases"))
        try FileManager.default.createDirectory(at: cases.root, withIntermediateDirectories: true)

        // Bases: the fixtures, the sample, 2,000 generated records, the hostile files, the fuzz corpus.
        for path in try xmlFiles(under: repositoryRoot.appendingPathComponent("Tests/Fixtures")) {
            try cases.add(base: "fixture", Data(contentsOf: path), mutate: true)
        }
        for path in try xmlFiles(under: repositoryRoot.appendingPathComponent("Inputs")) {
            try cases.add(base: "sample", Data(contentsOf: path), mutate: true)
        }
        let generated = folder.appendingPathComponent("generated")
        let generation = try perfaudit(
            ["generate", "--count", "2000", "--seed", "7", "--format", "xml", "--out", generated.path], deadline: 300)
        XCTAssertEqual(generation.exitStatus, 0, generation.output)
        let generatedFiles = try xmlFiles(under: generated)
        XCTAssertEqual(generatedFiles.count, 2000)
        for (index, path) in generatedFiles.enumerated() {
            // Every record is compared; every eighth is also mutated.
            try cases.add(base: "generated", Data(contentsOf: path), mutate: index % 8 == 0)
        }
        let listener = try Listener()
        let hostile = try HostileFolder(in: folder.appendingPathComponent("hostile"), port: listener.port)
        var notFiles: [String] = []
        for file in hostile.hostile + hostile.good.map({ HostileFile(name: $0, located: true, note: "good") })
        where file.name.hasSuffix(".xml") {
            let path = hostile.path(file.name)
            guard let data = regularFileContents(path) else {
                notFiles.append(file.name)  // a FIFO, a dangling link, an unreadable file: no bytes to compare
                continue
            }
            try cases.add(base: "hostile", data, mutate: false)
        }
        let fuzzCorpus = repositoryRoot.appendingPathComponent("fuzz/work/xml/corpus")
        let fuzzFiles = (try? FileManager.default.contentsOfDirectory(at: fuzzCorpus, includingPropertiesForKeys: nil)) ?? []
        for path in fuzzFiles { try cases.add(base: "fuzz", Data(contentsOf: path), mutate: false) }

        let schemaVerdicts = try xmllintVerdicts(cases.paths)
        let loader = RecordFileLoader()
        var disagreements: [String] = []
        var byDesign: [String: Int] = [:]
        var accepted = 0
        for path in cases.paths {
            let loaded: Result<Record, LoadError>
            do throws(LoadError) { loaded = .success(try loader.load(path: path)) } catch { loaded = .failure(error) }
            let schemaAccepts = schemaVerdicts[path] ?? false
            switch (loaded, schemaAccepts) {
            case (.success, true):
                accepted += 1
            case (.failure, false):
                break
            case (.failure(let error), true):
                if let rule = loaderOnlyRules.first(where: { error.message.contains($0.message) }) {
                    byDesign[rule.reason, default: 0] += 1
                } else {
                    disagreements.append("\(cases.describe(path)): the XSD accepts it, the loader refuses: \(error)")
                }
            case (.success, false):
                disagreements.append("\(cases.describe(path)): the loader accepts it, the XSD refuses it")
            }
        }
        XCTAssertEqual(disagreements, [], "\(disagreements.count) disagreements:\n" + disagreements.prefix(40).joined(separator: "\n"))
        // The comparison must have had both kinds of file, and every kind of mutation.
        XCTAssertGreaterThan(accepted, 2000)
        XCTAssertGreaterThan(cases.paths.count - accepted, 500)
        for kind in Mutation.Kind.allCases { XCTAssertGreaterThan(cases.mutations[kind, default: 0], 50, "\(kind)") }
        print(
            "SchemaAgreementTests: \(cases.paths.count) files (\(cases.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); "
                + "mutations: \(cases.mutations.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))); "
                + "\(accepted) accepted by both, \(cases.paths.count - accepted) refused; loader-only refusals: \(byDesign); "
                + "fuzz corpus: \(fuzzFiles.isEmpty ? "none at fuzz/work/xml/corpus (make fuzz makes one)" : "\(fuzzFiles.count) files"); "
                + "hostile entries without bytes (left to HostileInputTests): \(notFiles)")
    }

    /// Each rule the loader keeps apart from the schema: the XSD accepts the file, the loader
    /// refuses it with the message `loaderOnlyRules` recognises.
    func testLoaderOnlyRulesAreRefusedByTheLoaderAlone() throws {
        guard try shell("command -v xmllint").exitStatus == 0 else {
            XCTFail("xmllint is missing: install Debian's libxml2-utils (make deps or .ci/run do it)")
            return
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let seed = String(decoding: try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/records/minimal-utf8.xml")), as: UTF8.self)
        let wanyuan = seed.replacingOccurrences(of: "schemaVersion=\"1\"", with: "schemaVersion=\"1\" amountUnit=\"万元\"")
            .replacingOccurrences(of: "<findings>", with: "<finance><income budget=\"99999999999\"/></finance>\n  <findings>")
        let doctype = seed.replacingOccurrences(of: "?>\n", with: "?>\n<!DOCTYPE evaluationRecord>\n")
        let files = [("wanyuan.xml", wanyuan, 0), ("doctype.xml", doctype, 1)]
        var paths: [String] = []
        for (name, text, _) in files {
            XCTAssertNotEqual(text, seed, name)
            let path = folder.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let verdicts = try xmllintVerdicts(paths)
        for ((name, _, rule), path) in zip(files, paths) {
            XCTAssertEqual(verdicts[path], true, "\(name): the XSD should accept it")
            XCTAssertThrowsError(try RecordFileLoader().load(path: path), name) { error in
                XCTAssertTrue("\(error)".contains(loaderOnlyRules[rule].message), "\(name): \(error)")
            }
        }
    }

    /// The narrative element (issue 16), case by case: what the format allows and refuses there,
    /// with both xmllint and the loader giving the verdict the format states.
    func testNarrativeCasesGetTheSameVerdictFromBoth() throws {
        guard try shell("command -v xmllint").exitStatus == 0 else {
            XCTFail("xmllint is missing: install Debian's libxml2-utils (make deps or .ci/run do it)")
            return
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = String(decoding: try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/records/minimal-utf8.xml")), as: UTF8.self)
        func last(_ narrative: String) -> String {
            base.replacingOccurrences(of: "</evaluationRecord>", with: narrative + "\n</evaluationRecord>")
        }
        let long = String(repeating: "名", count: 256)
        let cases: [(name: String, xml: String, accepted: Bool)] = [
            ("sections", last("<narrative><section title=\"一、基本情况\">  甲\n  乙 </section><section title=\"二\">丙</section></narrative>"), true),
            ("empty narrative", last("<narrative/>"), true),
            ("empty narrative with white space", last("<narrative>\n  </narrative>"), true),
            ("CDATA text", last("<narrative><section title=\"一\"><![CDATA[a & b]]></section></narrative>"), true),
            ("title of 256 characters", last("<narrative><section title=\"\(long)\">甲</section></narrative>"), true),
            ("title of 257 characters", last("<narrative><section title=\"\(long)名\">甲</section></narrative>"), false),
            ("narrative before findings", base.replacingOccurrences(of: "  <findings>", with: "  <narrative/>\n  <findings>"), false),
            ("section without title", last("<narrative><section>甲</section></narrative>"), false),
            ("empty title", last("<narrative><section title=\"\">甲</section></narrative>"), false),
            ("blank title", last("<narrative><section title=\" &#9;&#10;\">甲</section></narrative>"), false),
            ("empty text", last("<narrative><section title=\"一\"/></narrative>"), false),
            ("blank text", last("<narrative><section title=\"一\"> \n\t</section></narrative>"), false),
            ("blank CDATA text", last("<narrative><section title=\"一\"><![CDATA[  ]]></section></narrative>"), false),
            ("unknown attribute on section", last("<narrative><section title=\"一\" lang=\"zh\">甲</section></narrative>"), false),
            ("unknown attribute on narrative", last("<narrative lang=\"zh\"/>"), false),
            ("element inside section", last("<narrative><section title=\"一\">甲<b>乙</b></section></narrative>"), false),
            ("section inside section", last("<narrative><section title=\"一\"><section title=\"二\">乙</section></section></narrative>"), false),
            ("text inside narrative", last("<narrative>甲<section title=\"一\">乙</section></narrative>"), false),
            ("CDATA inside narrative", last("<narrative><![CDATA[ ]]></narrative>"), false),
            ("unknown element inside narrative", last("<narrative><paragraph/></narrative>"), false),
            ("narrative twice", last("<narrative/><narrative/>"), false),
            ("section at the root", last("<section title=\"一\">甲</section>"), false),
            ("section inside findings", base.replacingOccurrences(of: "  </findings>", with: "<section title=\"一\">甲</section></findings>"), false),
        ]
        var paths: [String] = []
        for (index, item) in cases.enumerated() {
            XCTAssertNotEqual(item.xml, base, item.name)
            let path = folder.appendingPathComponent("narrative-\(index).xml").path
            try Data(item.xml.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let verdicts = try xmllintVerdicts(paths)
        let loader = RecordFileLoader()
        for (item, path) in zip(cases, paths) {
            XCTAssertEqual(verdicts[path] ?? false, item.accepted, "xmllint, \(item.name)")
            let loaded: Record?
            do throws(LoadError) { loaded = try loader.load(path: path) } catch { loaded = nil }
            XCTAssertEqual(loaded != nil, item.accepted, "loader, \(item.name)")
        }
    }

    // MARK: Running xmllint

    /// Whether `xmllint --schema Schemas/record.xsd` accepts each file: many files per run, one
    /// verdict line each ("… validates"; anything else is a refusal).
    private func xmllintVerdicts(_ paths: [String]) throws -> [String: Bool] {
        let schema = repositoryRoot.appendingPathComponent("Schemas/record.xsd").path
        var verdicts: [String: Bool] = [:]
        for start in stride(from: 0, to: paths.count, by: 400) {
            let batch = paths[start..<min(start + 400, paths.count)]
            let list = NSTemporaryDirectory() + "perfaudit-xmllint-\(getpid())-\(start).txt"
            try Data(batch.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: list))
            defer { unlink(list) }
            // xargs keeps the argument list within the system's limit; the schema is compiled per run.
            let outcome = try shell(
                "xargs -d '\\n' xmllint --noout --nonet --schema \(shellQuoted(schema)) < \(shellQuoted(list)) 2>&1 | grep -a -E ' (validates|fails to validate)$'",
                deadline: 600)
            XCTAssertNil(outcome.signal, outcome.output)
            for line in outcome.stdout.split(separator: "\n") {
                if line.hasSuffix(" validates") { verdicts[String(line.dropLast(" validates".count))] = true }
            }
        }
        return verdicts
    }
}

// MARK: - The files

/// The folder of files to compare: each base file, and its mutations, under a plain name.
private struct CaseFolder {
    let root: URL
    private(set) var paths: [String] = []
    private(set) var counts: [String: Int] = [:]
    private(set) var mutations: [Mutation.Kind: Int] = [:]
    private var notes: [String: String] = [:]
    private var random = SeededRandom(seed: 18)

    init(root: URL) { self.root = root }

    mutating func add(base kind: String, _ data: Data, mutate: Bool) throws {
        let name = try write(kind, Array(data), note: kind)
        counts[kind, default: 0] += 1
        guard mutate, let document = ScannedXML(Array(data)) else { return }
        for mutationKind in Mutation.Kind.allCases {
            // For hand-written and sample files two of each kind and six values, for generated records one.
            let count = kind == "generated" ? 1 : mutationKind == .valueOutOfRange ? 6 : 2
            for _ in 0..<count {
                guard let mutation = Mutation.make(mutationKind, of: document, using: &random) else { continue }
                _ = try write("\(kind)-mutated", mutation.bytes, note: "\(name), \(mutation.description)")
                mutations[mutationKind, default: 0] += 1
            }
        }
    }

    private mutating func write(_ kind: String, _ bytes: [UInt8], note: String) throws -> String {
        let name = String(format: "%05d-%@.xml", paths.count, kind)
        let path = root.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        paths.append(path)
        notes[path] = note
        return name
    }

    /// The file's name and, for a mutation, what was changed.
    func describe(_ path: String) -> String {
        "\(URL(fileURLWithPath: path).lastPathComponent) (\(notes[path] ?? ""))"
    }
}

private func xmlFiles(under folder: URL) throws -> [URL] {
    let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    return (walker?.compactMap { $0 as? URL } ?? []).filter { $0.pathExtension == "xml" }
        .sorted { $0.path < $1.path }
}

/// The bytes of a regular file, or `nil` for anything else (FIFO, dangling link, unreadable).
private func regularFileContents(_ path: String) -> Data? {
    var status = stat()
    guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(path, R_OK) == 0 else { return nil }
    return FileManager.default.contents(atPath: path)
}

// MARK: - Mutations

/// SplitMix64: the same mutations on every run and machine.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// The elements of a well-formed document, found by a plain scan of its bytes (tags, attributes
/// and their values; comments, CDATA, processing instructions and declarations skipped).
struct ScannedXML {
    struct Element {
        var name: String
        var start: Int
        /// One past the start tag's '>'.
        var tagEnd: Int
        /// One past the element's last byte.
        var end = -1
        var selfClosing: Bool
        var parent: Int?
        /// Attribute ranges: from the space before the name to one past the closing quote, and the value.
        var attributes: [(whole: Range<Int>, name: String, value: Range<Int>)]
    }

    let bytes: [UInt8]
    private(set) var elements: [Element] = []

    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        var open: [Int] = []
        var index = 0
        func find(_ pattern: String, from: Int) -> Int? {
            let needle = Array(pattern.utf8)
            var at = from
            while at + needle.count <= bytes.count {
                if bytes[at] == needle[0] && Array(bytes[at..<at + needle.count]) == needle { return at + needle.count }
                at += 1
            }
            return nil
        }
        func starts(_ pattern: String, at: Int) -> Bool {
            let needle = Array(pattern.utf8)
            return at + needle.count <= bytes.count && Array(bytes[at..<at + needle.count]) == needle
        }
        while let open0 = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            if starts("<!--", at: open0) {
                guard let end = find("-->", from: open0) else { return nil }
                index = end
            } else if starts("<![CDATA[", at: open0) {
                guard let end = find("]]>", from: open0) else { return nil }
                index = end
            } else if starts("<?", at: open0) {
                guard let end = find("?>", from: open0) else { return nil }
                index = end
            } else if starts("<!", at: open0) {
                return nil  // a DOCTYPE: not mutated
            } else if starts("</", at: open0) {
                guard let end = find(">", from: open0), let last = open.popLast() else { return nil }
                elements[last].end = end
                index = end
            } else {
                var cursor = open0 + 1
                while cursor < bytes.count, !bytes[cursor].isXMLSpace, bytes[cursor] != UInt8(ascii: "/"),
                    bytes[cursor] != UInt8(ascii: ">")
                {
                    cursor += 1
                }
                let qualified = String(decoding: bytes[(open0 + 1)..<cursor], as: UTF8.self)
                var attributes: [(whole: Range<Int>, name: String, value: Range<Int>)] = []
                while true {
                    let spaceStart = cursor
                    while cursor < bytes.count, bytes[cursor].isXMLSpace { cursor += 1 }
                    guard cursor < bytes.count else { return nil }
                    if bytes[cursor] == UInt8(ascii: ">") || bytes[cursor] == UInt8(ascii: "/") { break }
                    let nameStart = cursor
                    while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "="), !bytes[cursor].isXMLSpace { cursor += 1 }
                    let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self)
                    guard let quoteAt = bytes[cursor...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }),
                        let close = bytes[(quoteAt + 1)...].firstIndex(of: bytes[quoteAt])
                    else { return nil }
                    attributes.append((spaceStart..<(close + 1), name, (quoteAt + 1)..<close))
                    cursor = close + 1
                }
                let selfClosing = bytes[cursor] == UInt8(ascii: "/")
                guard let tagEnd = bytes[cursor...].firstIndex(of: UInt8(ascii: ">")).map({ $0 + 1 }) else { return nil }
                let name = qualified.split(separator: ":").last.map(String.init) ?? qualified
                elements.append(Element(
                    name: name, start: open0, tagEnd: tagEnd, end: selfClosing ? tagEnd : -1, selfClosing: selfClosing,
                    parent: open.last, attributes: attributes))
                if !selfClosing { open.append(elements.count - 1) }
                index = tagEnd
            }
        }
        guard open.isEmpty, !elements.isEmpty else { return nil }
    }

    /// The children of element `index`, in order.
    func children(of index: Int) -> [Int] { elements.indices.filter { elements[$0].parent == index } }
}

/// One change to a document.
struct Mutation {
    enum Kind: String, CaseIterable {
        case dropAttribute, valueOutOfRange, unknownElement, elementsSwapped, elementDropped, elementRepeated
    }

    let bytes: [UInt8]
    let description: String

    /// Values that lie outside what some attribute allows (and a few just inside, at the edges).
    static let values: [String] = [
        "101", "100.01", "100.00", "-0", "-0.01", "-1", "0099.5", "100000000000000", "99999999999999.99",
        "099999999999999.99", "999999999999999", "1.001", "1.00001", "1000000001", "1000000000", "0999999999",
        "00000000001", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "2023-04-31", "2023-13-01", "", " ",
        "x", "1e3", "+1", "01", "1", "优 ", "优", "true", "True", "recurring", "atMost", "2000", "1999", "2101",
        String(repeating: "名", count: 257), String(repeating: "A", count: 65), String(repeating: "A", count: 33),
        String(repeating: "e\u{301}", count: 40),
    ]

    /// Elements to insert: unknown names, names of the format in the wrong place, a foreign namespace.
    static let insertions: [String] = [
        "<extra/>", "<finding>x</finding>", "<indicator id=\"z9\" score=\"1\"/>", "<target name=\"t\" planned=\"1\"/>",
        "<department mofDivCode=\"440823\" agencyCode=\"a\" name=\"n\" province=\"p\" city=\"c\" county=\"c\"/>",
        "<finding xmlns=\"\">x</finding>", "<x:extra xmlns:x=\"urn:other\"/>", "<fiscalYear>2022</fiscalYear>",
        "<adjustment kind=\"bonus\" count=\"1\"/>", "<![CDATA[ ]]>", " ", "text",
        "<narrative/>", "<section title=\"t\">x</section>", "<narrative><section title=\"t\">x</section></narrative>",
    ]

    static func make(_ kind: Kind, of document: ScannedXML, using random: inout SeededRandom) -> Mutation? {
        let elements = document.elements
        let bytes = document.bytes
        func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[random.below(items.count)] }
        func replaced(_ range: Range<Int>, with new: [UInt8]) -> [UInt8] {
            Array(bytes[..<range.lowerBound]) + new + Array(bytes[range.upperBound...])
        }
        func attributes(of index: Int) -> [(whole: Range<Int>, name: String, value: Range<Int>)] {
            elements[index].attributes.filter { !$0.name.hasPrefix("xmlns") }
        }
        switch kind {
        case .dropAttribute:
            guard let element = pick(elements.indices.filter { !attributes(of: $0).isEmpty }),
                let attribute = pick(attributes(of: element))
            else { return nil }
            return Mutation(
                bytes: replaced(attribute.whole, with: []), description: "\(elements[element].name)/@\(attribute.name) dropped")
        case .valueOutOfRange:
            let value = pick(values)!
            // An attribute, or the text of a leaf text element (fiscalYear, rulebook, finding, section).
            let texts = elements.indices.filter { ["fiscalYear", "rulebook", "finding", "section"].contains(elements[$0].name) && !elements[$0].selfClosing }
            if random.below(5) == 0, let element = pick(texts) {
                let range = elements[element].tagEnd..<(bytes[..<elements[element].end].lastIndex(of: UInt8(ascii: "<"))!)
                return Mutation(bytes: replaced(range, with: Array(value.utf8)), description: "\(elements[element].name) text = \"\(value.prefix(20))\"")
            }
            guard let element = pick(elements.indices.filter { !attributes(of: $0).isEmpty }),
                let attribute = pick(attributes(of: element))
            else { return nil }
            return Mutation(
                bytes: replaced(attribute.value, with: Array(value.utf8)),
                description: "\(elements[element].name)/@\(attribute.name) = \"\(value.prefix(20))\"")
        case .unknownElement:
            guard let element = pick(Array(elements.indices)) else { return nil }
            let insertion = Array(pick(insertions)!.utf8)
            let target = elements[element]
            if target.selfClosing {
                // <x …/> becomes <x …>inserted</x>
                let slash = bytes[..<target.tagEnd].lastIndex(of: UInt8(ascii: "/"))!
                let qualified = bytes[(target.start + 1)...].prefix { !$0.isXMLSpace && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ">") }
                let new = [UInt8(ascii: ">")] + insertion + Array("</".utf8) + Array(qualified) + [UInt8(ascii: ">")]
                return Mutation(bytes: replaced(slash..<target.tagEnd, with: new), description: "inserted into \(target.name)")
            }
            let points = [target.tagEnd] + document.children(of: element).map { elements[$0].end }
            let at = pick(points)!
            return Mutation(bytes: replaced(at..<at, with: insertion), description: "inserted into \(target.name)")
        case .elementsSwapped:
            let pairs = elements.indices.flatMap { parent -> [(Int, Int)] in
                let children = document.children(of: parent)
                return zip(children, children.dropFirst()).filter { elements[$0.0].name != elements[$0.1].name }
            }
            guard let (first, second) = pick(pairs) else { return nil }
            let a = elements[first], b = elements[second]
            let new = Array(bytes[b.start..<b.end]) + Array(bytes[a.end..<b.start]) + Array(bytes[a.start..<a.end])
            return Mutation(bytes: replaced(a.start..<b.end, with: new), description: "\(a.name) and \(b.name) swapped")
        case .elementRepeated:
            guard let element = pick(Array(elements.indices.dropFirst())) else { return nil }
            let target = elements[element]
            return Mutation(
                bytes: replaced(target.end..<target.end, with: Array(bytes[target.start..<target.end])),
                description: "\(target.name) repeated")
        case .elementDropped:
            guard let element = pick(Array(elements.indices.dropFirst())) else { return nil }
            let target = elements[element]
            return Mutation(bytes: replaced(target.start..<target.end, with: []), description: "\(target.name) dropped")
        }
    }
}
