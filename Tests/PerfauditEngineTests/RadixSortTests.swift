@testable import PerfauditEngine
import XCTest

/// `RadixSort` puts words in the order `sort()` does, whatever bytes they share.
final class RadixSortTests: XCTestCase {
    func testSortsAsTheStandardLibraryDoes() {
        var random = SplitMix64(seed: 2021)
        let shapes: [(String, () -> UInt64)] = [
            ("well-mixed hashes", { random.next() }),
            ("band keys with record numbers", { (random.next() >> 32) << 32 | random.next() % 20_000 }),
            ("few distinct values", { random.next() % 3 }),
            ("one high byte differing", { (random.next() & 0xFF00_0000_0000_0000) | 0x1234 }),
        ]
        for (name, next) in shapes {
            for count in [0, 1, 2, 7, 256, RadixSort.smallCount - 1, RadixSort.smallCount, 20_000] {
                var words = (0..<count).map { _ in next() }
                let expected = words.sorted()
                RadixSort.sort(&words)
                XCTAssertEqual(words, expected, "\(name), \(count) words")
            }
        }
    }

    /// Band keys over record numbers in order (what template detection sorts): only the keys'
    /// bytes are sorted, and the result is the full order, on both sides of `smallCount`.
    func testKeysOverOrderedRecordsSortOnTheirHighBytesAlone() {
        var random = SplitMix64(seed: 16)
        for count in [3, RadixSort.smallCount - 1, RadixSort.smallCount, 20_000] {
            var words = (0..<count).map { UInt64(random.next() % 40) << 32 | UInt64($0) }
            let expected = words.sorted()
            RadixSort.sort(&words, orderedBytes: 4)
            XCTAssertEqual(words, expected, "\(count) keys")
        }
    }

    func testSortUniqueKeepsOneOfEach() {
        var random = SplitMix64(seed: 7)
        var words = (0..<3_000).map { _ in random.next() % 500 }
        let expected = Array(Set(words)).sorted()
        RadixSort.sortUnique(&words)
        XCTAssertEqual(words, expected)
        var none: [UInt64] = []
        RadixSort.sortUnique(&none)
        XCTAssertEqual(none, [])
    }
}
