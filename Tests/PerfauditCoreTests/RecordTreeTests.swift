import Foundation
@testable import PerfauditCore
import XCTest
import PerfauditTestSupport

/// The tree `JSONRecordTree.parse` builds, and the stack it builds it on.
final class RecordTreeTests: XCTestCase {
    private func tree(_ text: String) throws -> RawNode? {
        let bytes = Array(text.utf8)
        let result: Result<RawTree, LoadError> = bytes.withUnsafeBytes { buffer in
            do throws(LoadError) { return .success(try JSONRecordTree.parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get().root
    }

    /// Scalars become attributes, objects children, arrays repeated children (the record's
    /// `projects` and `findings` in a wrapper), a finding's `text` its text; all in file order.
    func testMapping() throws {
        let text = """
            {"a": 1, "o": {"x": "y", "indicators": [{"id": "1"}, {"id": "2"}], "z": true},
             "projects": [{"name": "p", "findings": [{"text": "t1"}]}], "b": "c",
             "findings": [{"text": "t2", "category": "k"}, {}], "sources": []}
            """
        let p = { (line: Int, column: Int) in SourcePosition(line: line, column: column) }
        func scalar(_ name: String, _ value: RawScalar, _ line: Int, _ column: Int) -> RawAttribute {
            RawAttribute(name: name, value: value, position: p(line, column))
        }
        let o = RawNode(
            name: "o", attributes: [scalar("x", .text("y"), 1, 16), scalar("z", .bool(true), 1, 68)],
            children: [
                RawNode(name: "indicator", attributes: [scalar("id", .text("1"), 1, 42)], position: p(1, 41)),
                RawNode(name: "indicator", attributes: [scalar("id", .text("2"), 1, 55)], position: p(1, 54)),
            ],
            position: p(1, 15))
        let project = RawNode(
            name: "project", attributes: [scalar("name", .text("p"), 2, 16)],
            children: [RawNode(name: "finding", text: "t1", position: p(2, 42))], position: p(2, 15))
        let findings = [
            RawNode(name: "finding", attributes: [scalar("category", .text("k"), 3, 30)], text: "t2", position: p(3, 15)),
            RawNode(name: "finding", position: p(3, 48)),
        ]
        let expected = RawNode(
            name: "evaluationRecord", attributes: [scalar("a", .number("1"), 1, 2), scalar("b", .text("c"), 2, 61)],
            children: [
                o, RawNode(name: "projects", children: [project], position: p(2, 2)),
                RawNode(name: "findings", children: findings, position: p(3, 2)),
            ],
            position: p(1, 1))
        XCTAssertEqual(try tree(text), expected)
    }

    func testStackHandsOverItsTopInOrder() {
        let stack = MemberStack<String>(capacity: 2)
        func pop(above base: Int) -> [String] {
            var taken: [String] = []
            stack.moveAll(above: base) { taken.append($0) }
            return taken
        }
        for value in ["a", "b", "c"] { stack.push(value) }
        let base = stack.count
        for value in (0..<100).map({ "长字符串\($0)" }) { stack.push(value) }  // grows past its capacity
        XCTAssertEqual(pop(above: base), (0..<100).map { "长字符串\($0)" })
        XCTAssertEqual(pop(above: 3), [])
        XCTAssertEqual(pop(above: 1), ["b", "c"])
        XCTAssertEqual(stack.count, 1)
        stack.push("d")
        stack.push("e")
        XCTAssertEqual([stack[0], stack[1], stack[2]], ["a", "d", "e"])
        stack.drop(above: 1)
        XCTAssertEqual(stack.count, 1)
        stack.push("f")
        XCTAssertEqual(pop(above: 0), ["a", "f"])
    }

    /// What an abandoned stack (a document that failed half way) still holds is released.
    func testStackReleasesWhatItHolds() {
        final class Token {}
        weak var left: Token?
        do {
            let stack = MemberStack<Token>()
            let token = Token()
            left = token
            stack.push(token)
            stack.push(Token())
        }
        XCTAssertNil(left)
    }

    /// Every member name in the JSON schema is a record key, found from its bytes as itself; a
    /// key that is none (a prefix, a longer name, an escaped spelling) is not.
    func testRecordKeysCoverTheSchema() throws {
        let url = repositoryRoot.appendingPathComponent("Schemas/record.schema.json")
        let schema = try JSONReader.parse(Array(try Data(contentsOf: url)))
        var names: Set<String> = []
        func collect(_ node: JSONNode) {
            switch node.value {
            case .object(let members):
                for member in members {
                    if member.key == "properties", case .object(let properties) = member.value.value {
                        names.formUnion(properties.map(\.key))
                    }
                    collect(member.value)
                }
            case .array(let elements): elements.forEach(collect)
            default: break
            }
        }
        collect(schema)
        XCTAssertGreaterThan(names.count, 90)
        XCTAssertEqual(names, Set(JSONRecordTree.keyNames))
        let keys = JSONRecordTree.keys
        func lookup(_ text: String) -> Int? { Array(text.utf8).withUnsafeBytes { keys.index(of: JSONKeyTable.Spelling($0)) } }
        for (index, name) in JSONRecordTree.keyNames.enumerated() { XCTAssertEqual(lookup(name), index, name) }
        for other in ["", "nam", "names", "Name", "recurringHighBalanceCounts", "fiscal\\u0059ear"] {
            XCTAssertNil(lookup(other), other)
        }
        // Read as four words from a longer buffer, the bytes after the name do not count.
        for name in JSONRecordTree.keyNames {
            let padded = Array(name.utf8) + Array(#""zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"#.utf8)
            let loaded = padded.withUnsafeBytes { JSONKeyTable.Spelling(loading: $0.baseAddress!, count: name.utf8.count) }
            XCTAssertEqual(keys.index(of: loaded), lookup(name), name)
        }
    }

    /// A key is read the same however far from the end of the buffer it stands (a word at a time,
    /// or a byte at a time near the end), whatever its length around a spelling's capacity.
    func testKeysAtEveryDistanceFromTheEnd() throws {
        let long = String(repeating: "k", count: JSONKeyTable.Spelling.capacity)
        for name in ["id", "recurringHighBalanceCount", String(long.dropLast()), long, long + "k"] {
            for padding in 0...40 {
                let text = "{\"\(name)\": 1" + String(repeating: " ", count: padding) + "}"
                XCTAssertEqual(try tree(text)?.attributes.map(\.name), [name], "\(name) \(padding)")
            }
        }
    }

    /// A record key after an unknown key, and an unknown key after record keys, are checked
    /// against all the object's keys as strings.
    func testDuplicatesAmongRecordKeysAndOtherKeys() {
        for text in [#"{"x": 1, "name": 2, "n\u0061me": 3}"#, #"{"name": 1, "x": 2, "name": 3}"#, #"{"n\u0061me": 1, "name": 2}"#] {
            XCTAssertThrowsError(try JSONReader.parse(Array(text.utf8)), text) { error in
                XCTAssertEqual((error as? LoadError)?.message, "duplicate key \"name\"")
            }
        }
    }
}
