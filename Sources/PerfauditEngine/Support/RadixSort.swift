/// Sorting of 64-bit words by their bytes (least significant first, a byte a pass, passes on
/// which every word has the same byte skipped): the same order as `sort()`, which for the
/// tens of thousands of well-mixed hashes and packed keys template detection sorts costs two to
/// three times as much. Below `smallCount` words `sort()` is the faster (the passes' histograms
/// cost more than the words), and is used.
enum RadixSort {
    /// Measured on 64-bit random words: `sort()` is faster up to about 3,000, radix from 5,000.
    static let smallCount = 4_096

    /// Sorts `words` ascending; `orderedBytes` low bytes of them are known to be in order already
    /// among words equal above them (a record index packed below a key), so those passes are skipped.
    static func sort(_ words: inout [UInt64], orderedBytes: Int = 0) {
        let count = words.count
        guard count > 1 else { return }
        guard count >= smallCount else {
            // The same order: words equal above `orderedBytes` are in order below it already.
            words.sort()
            return
        }
        // Every pass's histogram in one read of the words.
        var counts = [Int](repeating: 0, count: 8 * 256)
        for word in words {
            for pass in orderedBytes..<8 { counts[pass << 8 | Int(truncatingIfNeeded: word >> (pass * 8)) & 0xFF] += 1 }
        }
        var spare = [UInt64](repeating: 0, count: count)
        for pass in orderedBytes..<8 {
            let base = pass << 8
            // A pass on which every word has the same byte moves nothing.
            guard !counts[base..<base + 256].contains(count) else { continue }
            var start = 0
            for digit in 0..<256 {
                let size = counts[base + digit]
                counts[base + digit] = start
                start += size
            }
            words.withUnsafeBufferPointer { source in
                spare.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { offsets in
                        for word in source {
                            let digit = base | Int(truncatingIfNeeded: word >> (pass * 8)) & 0xFF
                            target[offsets[digit]] = word
                            offsets[digit] += 1
                        }
                    }
                }
            }
            swap(&words, &spare)
        }
    }

    /// Sorts `words` and keeps one of each.
    static func sortUnique(_ words: inout [UInt64]) {
        sort(&words)
        var unique = 0
        for index in words.indices where unique == 0 || words[unique - 1] != words[index] {
            words[unique] = words[index]
            unique += 1
        }
        words.removeLast(words.count - unique)
    }
}
