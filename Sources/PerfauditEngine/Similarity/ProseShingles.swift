/// Character shingles of normalized prose: every run of `width` consecutive letters, hashed to 64
/// bits. Chinese has no spaces between words, so the shingles are characters, not words.
enum ProseShingles {
    /// Five letters: long enough that two unrelated reports share few (a Chinese word is one to
    /// four characters), short enough that a reworded sentence keeps most of its shingles.
    static let width = 5

    /// Calls `body` with the hash of each shingle of `letters`, in text order (repeats included);
    /// no shingle spans a sentence break.
    @inline(__always)
    static func forEach(in letters: [UInt32], _ body: (UInt64) -> Void) {
        guard letters.count >= width else { return }
        letters.withUnsafeBufferPointer { scalars in
            // The letters since the last break: a shingle ends at `start + width - 1` once five are in.
            var run = 0
            for end in 0..<scalars.count {
                if scalars[end] == NormalizedProse.sentenceBreak {
                    run = 0
                    continue
                }
                run += 1
                guard run >= width else { continue }
                body(hash(scalars, endingAt: end))
            }
        }
    }

    /// The hash of the shingle of the `width` letters ending at `end`.
    @inline(__always)
    static func hash(_ scalars: UnsafeBufferPointer<UInt32>, endingAt end: Int) -> UInt64 {
        let start = end - width + 1
        // A scalar is at most 21 bits: three and two of them fill two 64-bit words.
        let high = UInt64(scalars[start]) | UInt64(scalars[start + 1]) << 21 | UInt64(scalars[start + 2]) << 42
        let low = UInt64(scalars[start + 3]) | UInt64(scalars[start + 4]) << 21
        return mix(high ^ low &* 0x9E37_79B9_7F4A_7C15)
    }

    /// SplitMix64's finalizer: every input bit changes about half the output bits.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The distinct shingles of `prose` that are not the template's, sorted.
    static func set(of prose: NormalizedProse, template: NarrativeTemplate) -> [UInt64] {
        measured(prose, template: template).set
    }

    /// The distinct shingles of `prose` that are not the template's, sorted, with how many there
    /// were (repeats included) and the wrapping sum of their hashes: what the workers' signature
    /// pass counts and sums for its fingerprint (`MinHash.signature`).
    static func measured(_ prose: NormalizedProse, template: NarrativeTemplate) -> (set: [UInt64], count: Int, sum: UInt64) {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(max(0, prose.letters.count - width + 1))
        var sum: UInt64 = 0
        forEach(in: prose.letters) { hash in
            guard !template.shingles.contains(hash) else { return }
            hashes.append(hash)
            sum &+= hash
        }
        let count = hashes.count
        RadixSort.sortUnique(&hashes)
        return (hashes, count, sum)
    }

    /// How many shingles two sorted sets share, and how many are in either.
    static func overlap(_ a: [UInt64], _ b: [UInt64]) -> (shared: Int, union: Int) {
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return (shared, a.count + b.count - shared)
    }
}
