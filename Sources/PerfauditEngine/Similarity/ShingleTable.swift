/// A fixed set of shingle hashes (the template's), looked up once per shingle of every report:
/// open addressing over the hash's own low bits (it is already well mixed), no rehashing.
struct ShingleTable: Sendable {
    private var slots: [UInt64]
    private let mask: Int

    init(_ hashes: Set<UInt64>) {
        var capacity = 16
        while capacity < 2 * hashes.count { capacity *= 2 }
        mask = capacity - 1
        slots = [UInt64](repeating: 0, count: capacity)
        for hash in hashes.map(Self.stored) {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash
        }
    }

    var isEmpty: Bool { !slots.contains { $0 != 0 } }

    /// 0 marks an empty slot, so a hash of 0 is kept as 1 (on both sides of the lookup).
    @inline(__always)
    private static func stored(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    @inline(__always)
    func contains(_ hash: UInt64) -> Bool {
        let wanted = Self.stored(hash)
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: wanted) & mask
            while slots[slot] != 0 {
                if slots[slot] == wanted { return true }
                slot = (slot + 1) & mask
            }
            return false
        }
    }
}
