import Foundation
import PerfauditCore
import PerfauditEngine
import PerfauditXML
import XCTest
import PerfauditTestSupport

/// The shipped rulebooks, loaded once.
let shippedRulebooks: RulebookLibrary = try! RulebookLibrary.shipped()

/// Loads a record file of the repository (path relative to the root).
func loadRecord(_ relativePath: String) throws -> Record {
    LibXML.initialize()
    do throws(LoadError) {
        return try RecordFileLoader().load(path: repositoryRoot.appendingPathComponent(relativePath).path)
    } catch {
        XCTFail("\(relativePath): \(error)")
        throw error
    }
}

/// Scores a record with the shipped rulebook it names.
func scored(_ record: Record) -> ScoredRecord {
    RecordScorer.score(record, with: shippedRulebooks.rulebook(record.rulebook)!)
}

/// A fresh temporary folder.
func temporaryFolder(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("perfaudit-tests-\(getpid())-\(name.filter(\.isLetter))-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A minimal valid record on the zhanjiang rulebook, for building cases.
func baseRecord(self score: String = "90", grade: Grade = .excellent) -> Record {
    var record = RuleExample.blankRecord
    record.rulebook = "zhanjiang-dept-2021"
    record.selfAssessment = SelfAssessment(score: .parsed(score), grade: grade)
    return record
}

extension Exact {
    /// Shorthand for literals in tests.
    static func d(_ text: String) -> Exact { .parsed(text) }
}
