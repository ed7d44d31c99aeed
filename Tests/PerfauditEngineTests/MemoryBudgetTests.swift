import XCTest

@testable import PerfauditEngine

/// What a batch holds for every input until its reports are written, and the runs its batch
/// checks walk: at 100,000 records each byte of an entry is 100 KB of peak memory
/// (BENCHMARKS.md, "Eleventh session"), so the layouts are pinned here.
final class MemoryBudgetTests: XCTestCase {
    /// One entry a scored record, one slot an input, one candidate a comparable record: no
    /// alignment gap in any of them.
    func testPerRecordLayoutsHaveNoGaps() {
        XCTAssertEqual(MemoryLayout<ReportEntry>.stride, 96)
        XCTAssertEqual(MemoryLayout<InputLedger.Slot>.stride, 40)
        XCTAssertEqual(MemoryLayout<TemplateCopies.Candidate>.stride, 16)
    }

    /// The runs of a sorted list come one at a time, each the longest slice of equal elements,
    /// in order, and nothing for an empty list.
    func testEqualRunsAreTheLongestSlicesInOrder() {
        let sorted = [1, 1, 2, 3, 3, 3, 7]
        XCTAssertEqual(equalRuns(sorted, ==).map(Array.init), [[1, 1], [2], [3, 3, 3], [7]])
        XCTAssertEqual(equalRuns(sorted, { $0 / 2 == $1 / 2 }).map(Array.init), [[1, 1], [2, 3, 3, 3], [7]])
        XCTAssertEqual(equalRuns([Int](), ==).map(Array.init), [])
        var runs = equalRuns([5, 5], ==)
        XCTAssertEqual(runs.next().map(Array.init), [5, 5])
        XCTAssertNil(runs.next())
    }
}
