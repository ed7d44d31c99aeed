import Foundation
import PerfauditTestSupport
import XCTest

/// docs/architecture.md and the README's layout match the tree: every folder of `Sources/` is
/// named, and every module imports only what its row of the modules table allows.
final class ArchitectureTests: XCTestCase {
    private func text(_ path: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every folder under Sources/, relative to the root, deepest included.
    private func sourceFolders() throws -> [String] {
        let root = repositoryRoot.appendingPathComponent("Sources")
        var folders: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder),
                isFolder.boolValue
            {
                folders.append("Sources/" + path)
            }
        }
        return folders.sorted()
    }

    func testEveryFolderIsNamedInTheArchitectureAndEveryTargetInTheReadme() throws {
        let architecture = try text("docs/architecture.md")
        let readme = try text("README.md")
        let folders = try sourceFolders()
        XCTAssertGreaterThan(folders.count, 15)
        for folder in folders {
            XCTAssertTrue(architecture.contains("`\(folder)`"), "docs/architecture.md does not name \(folder)")
            let target = folder.split(separator: "/").prefix(2).joined(separator: "/")
            XCTAssertTrue(readme.contains(target + " "), "README's layout does not name \(target)")
        }
    }

    /// The modules table: module name → the modules it may import.
    private func allowedImports() throws -> [String: Set<String>] {
        let architecture = try text("docs/architecture.md")
        var allowed: [String: Set<String>] = [:]
        for line in architecture.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, cells[1].hasPrefix("`Sources/") || cells[1].hasPrefix("`Tests/") else { continue }
            let module = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let imports = cells[2].split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
            allowed[module] = Set(imports.filter { !$0.isEmpty && $0.first!.isLetter && $0 != "nothing" && $0 != "system" })
        }
        return allowed
    }

    func testEveryModuleImportsOnlyWhatItsRowAllows() throws {
        let allowed = try allowedImports()
        XCTAssertEqual(allowed["PerfauditCore"], ["CSHA256"])
        XCTAssertEqual(allowed["PerfauditXML"]?.contains("CLibXML2"), true)
        let modules = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Sources").path)
            .filter { $0 != "CLibXML2" && !$0.hasPrefix(".") }
        var checked = 0
        for module in modules.sorted() + ["PerfauditTestSupport"] {
            let folder = module == "PerfauditTestSupport" ? "Tests/" + module : "Sources/" + module
            let permitted = try XCTUnwrap(allowed[module], "docs/architecture.md has no row for \(module)")
            let enumerator = FileManager.default.enumerator(atPath: repositoryRoot.appendingPathComponent(folder).path)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".swift") else { continue }
                let source = try text(folder + "/" + path)
                for line in source.split(separator: "\n") {
                    let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
                    guard let position = words.firstIndex(of: "import"), position + 1 < words.count,
                        words[..<position].allSatisfy({ ["internal", "public", "package", "@testable", "@_exported"].contains($0) })
                    else { continue }
                    let imported = String(words[position + 1])
                    XCTAssertTrue(permitted.contains(imported), "\(folder)/\(path) imports \(imported), which its row does not allow")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 50)
    }
}
