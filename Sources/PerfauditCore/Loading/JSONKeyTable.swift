/// Key names a JSON reader knows in advance, recognised from their bytes: the reader hands out
/// the name below instead of decoding a new `String` for every key, and checks duplicates among
/// them with one bit each. A key not in the table is read as any other string. The reader is
/// general: the table is the caller's (the record layer's `JSONRecordTree.keys`, or none).
struct JSONKeyTable: @unchecked Sendable {  // (its buffers are never written after init)
    /// No known keys: every key is read as a string.
    static let none = JSONKeyTable(names: [])

    /// The known names, by index.
    let list: [String]
    /// Open addressing by `Spelling.slot`; the table lives as long as the program, so it is
    /// allocated once and never freed.
    private let slots: UnsafeMutableBufferPointer<Entry>

    /// A name's bytes, zero-padded into four words so that comparing two is four word compares.
    struct Spelling: Equatable {
        /// The longest name a spelling holds; a longer key is not a known key.
        static let capacity = 32
        private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var count: Int

        /// The spelling of `bytes`, which hold at most `capacity` bytes.
        init(_ bytes: UnsafeRawBufferPointer) {
            count = bytes.count
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        }

        /// The spelling of the `count` bytes at `base` (at most `capacity`), where `capacity`
        /// bytes may be read: four word loads, the bytes past `count` masked off.
        @inline(__always) init(loading base: UnsafeRawPointer, count: Int) {
            self.count = count
            let bits = 8 * count
            // Little-endian: a word's first bytes are its low ones; keep the first `bits` bits.
            @inline(__always) func masked(_ index: Int) -> UInt64 {
                let valid = bits - 64 * index
                let word = base.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)
                return valid >= 64 ? word : valid <= 0 ? 0 : word & ((1 << UInt64(valid)) &- 1)
            }
            words = (masked(0), masked(1), masked(2), masked(3))
        }

        static func == (a: Spelling, b: Spelling) -> Bool {
            a.count == b.count && a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2
                && a.words.3 == b.words.3
        }

        /// Where the table looks for this spelling first.
        var slot: Int {
            let mixed = (words.0 &* 31 ^ words.1 &* 7 ^ words.2 ^ words.3 ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
            return Int(mixed >> 56)
        }
    }

    private struct Entry {
        var spelling: Spelling
        /// The name's index in `list`, or -1 for an empty slot.
        var index: Int
    }

    /// A table of `names` (at most 128, ASCII, each at most `Spelling.capacity` bytes).
    init(names: [String]) {
        precondition(names.count <= UInt128.bitWidth, "a duplicate check keeps one bit per name")
        // A string equals a name (canonical equivalence) only when its decoded bytes are the name's:
        // only U+212A, U+037E and U+1FEF decompose to ASCII, to 'K', ';' and '`', which no name has.
        precondition(names.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 && !"K;`".utf8.contains($0) } })
        list = names
        slots = .allocate(capacity: 256)
        slots.initialize(repeating: Entry(spelling: Spelling(UnsafeRawBufferPointer(start: nil, count: 0)), index: -1))
        for (index, name) in names.enumerated() {
            precondition(name.utf8.count <= Spelling.capacity)
            let spelling = Array(name.utf8).withUnsafeBytes { Spelling($0) }
            var slot = spelling.slot
            while slots[slot].index >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Entry(spelling: spelling, index: index)
        }
    }

    /// The index in `list` of the name spelt `spelling`; `nil` if none is.
    func index(of spelling: Spelling) -> Int? {
        var slot = spelling.slot
        while slots[slot].index >= 0 {
            if slots[slot].spelling == spelling { return slots[slot].index }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }
}
