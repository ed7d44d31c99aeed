/// A fixed set of shingle hashes (the template's), looked up once per shingle of every report:
/// open addressing over the hash's own low bits (it is already well mixed), no rehashing. The
/// slots live in one allocation that nothing writes once the table is built.
final class ShingleTable: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let mask: Int
    /// One bit per 2^16 values of a hash's top bits: most shingles are not the template's, and
    /// this 8 KiB is all a lookup of theirs reads.
    private let present: UnsafeMutableBufferPointer<UInt64>

    init(_ hashes: Set<UInt64>) {
        var capacity = 16
        while capacity < 2 * hashes.count { capacity *= 2 }
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        present = .allocate(capacity: 1024)
        present.initialize(repeating: 0)
        for hash in hashes.map(Self.stored) {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash
            present[Int(hash >> 54)] |= 1 << ((hash >> 48) & 63)
        }
    }

    deinit {
        slots.deallocate()
        present.deallocate()
    }

    var isEmpty: Bool { !slots.contains { $0 != 0 } }

    /// 0 marks an empty slot, so a hash of 0 is kept as 1 (on both sides of the lookup).
    @inline(__always)
    private static func stored(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    @inline(__always)
    func contains(_ hash: UInt64) -> Bool {
        // 0 and 1 (its stored form) share their presence bit: test it before mapping.
        guard present[Int(hash >> 54)] & (1 << ((hash >> 48) & 63)) != 0 else { return false }
        let wanted = Self.stored(hash)
        var slot = Int(truncatingIfNeeded: wanted) & mask
        while slots[slot] != 0 {
            if slots[slot] == wanted { return true }
            slot = (slot + 1) & mask
        }
        return false
    }
}
