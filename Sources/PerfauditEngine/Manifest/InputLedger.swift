import PerfauditCore

/// What the manifest says of each input, by file order: its size and SHA-256 (hashed by the
/// worker from the bytes it read anyway) and its outcome. 40 bytes per input in one allocation.
///
/// Unchecked Sendable: each worker writes only the slots of the files it took, and the slots
/// are read only once the workers have finished.
final class InputLedger: @unchecked Sendable {
    enum Outcome: UInt8 {
        case unread, scored, duplicate, rejected

        var name: String {
            switch self {
            case .unread, .rejected: "rejected"
            case .scored: "scored"
            case .duplicate: "duplicate"
            }
        }
    }

    struct Slot {
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        /// The size of the bytes read (at most `RecordFileLoader.maxFileSize`), or -1 when the
        /// file could not be read.
        var size: Int32 = -1
        var outcome = Outcome.unread
    }

    private let slots: UnsafeMutableBufferPointer<Slot>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: Slot())
    }

    deinit { slots.deallocate() }

    var count: Int { slots.count }

    /// Records the file's bytes (when it was read) and its outcome.
    func record(_ order: Int, bytes: UnsafeRawBufferPointer?, outcome: Outcome) {
        if let bytes {
            var hasher = SHA256()
            hasher.update(bytes)
            let digest = hasher.finalize()
            withUnsafeMutableBytes(of: &slots[order].digest) { $0.copyBytes(from: digest) }
            slots[order].size = Int32(bytes.count)
        }
        slots[order].outcome = outcome
    }

    /// Marks a scored file as one of several of the same filing.
    func markDuplicate(_ order: Int) { slots[order].outcome = .duplicate }

    subscript(order: Int) -> Slot { slots[order] }

    /// The slot's digest as 64 hex digits, or `nil` when the file was not read.
    func hexDigest(_ order: Int) -> String? {
        guard slots[order].size >= 0 else { return nil }
        return withUnsafeBytes(of: slots[order].digest) { SHA256.hex(Array($0)) }
    }
}
