import CSHA256

/// SHA-256 (FIPS 180-4), incremental: `update` with bytes as they come, `finalize` for the digest.
///
/// Blocks are read straight from the caller's memory and compressed with the x86 SHA extensions
/// where the processor has them (`CSHA256`, about 1 GB/s), else by the Swift code below (about
/// 160 MB/s on this project's loaded machine, with no per-byte iteration or allocation per block).
public struct SHA256: Sendable {
    private var state: State = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// The bytes of an unfinished block, `pendingCount` of them.
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    private var length: UInt64 = 0
    private let portable: Bool

    /// A hasher; `portable` uses the Swift compression even where the processor has the SHA
    /// extensions (tests compare the two).
    public init(portable: Bool = false) { self.portable = portable }

    /// Whether this processor's SHA extensions are used.
    public static let accelerated = perfaudit_sha256_accelerated() != 0

    /// The digest of `bytes` in one call.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Adds bytes to the message (contiguous storage is read in place).
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        guard done == nil else { return }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(4096)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 4096 {
                chunk.withUnsafeBytes { update($0) }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunk.withUnsafeBytes { update($0) }
    }

    /// Adds the bytes of a buffer to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if pendingCount > 0 {
            let taken = min(64 - pendingCount, remaining)
            withUnsafeMutableBytes(of: &pending) { ($0.baseAddress! + pendingCount).copyMemory(from: source, byteCount: taken) }
            pendingCount += taken
            source += taken
            remaining -= taken
            guard pendingCount == 64 else { return }
            compressPending()
        }
        if remaining >= 64 {
            let blocks = remaining / 64
            compress(source, count: blocks)
            source += 64 * blocks
            remaining -= 64 * blocks
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: source, byteCount: remaining) }
            pendingCount = remaining
        }
    }

    /// The 32-byte digest; the hasher is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        let bits = length &* 8
        appendPadding(0x80)
        if pendingCount > 56 {
            while pendingCount < 64 { appendPadding(0) }
            compressPending()
        }
        while pendingCount < 56 { appendPadding(0) }
        for shift in stride(from: 56, through: 0, by: -8) { appendPadding(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        compressPending()
        return withUnsafeBytes(of: state) { words in
            (0..<32).map { index in
                UInt8(truncatingIfNeeded: words.load(fromByteOffset: index & ~3, as: UInt32.self) >> UInt32(24 - 8 * (index & 3)))
            }
        }
    }

    private mutating func appendPadding(_ byte: UInt8) {
        withUnsafeMutableBytes(of: &pending) { $0[pendingCount] = byte }
        pendingCount += 1
    }

    private mutating func compressPending() {
        var block = pending
        withUnsafeBytes(of: &block) { compress($0.baseAddress!, count: 1) }
        pendingCount = 0
    }

    /// The digest as 64 lowercase hex digits.
    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
    }

    /// The digest in standard Base64 (as a Content-Security-Policy hash source wants it).
    public static func base64(_ digest: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < digest.count {
            let chunk = digest[index..<min(index + 3, digest.count)]
            var word = 0
            for (offset, byte) in chunk.enumerated() { word |= Int(byte) << (16 - 8 * offset) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[(word >> (18 - 6 * position)) & 0x3F] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let rounds: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private mutating func compress(_ blocks: UnsafeRawPointer, count: Int) {
        guard Self.accelerated && !portable else { return Self.compress(&state, blocks: blocks, count: count) }
        withUnsafeMutableBytes(of: &state) { words in
            perfaudit_sha256_blocks(words.baseAddress!.assumingMemoryBound(to: UInt32.self), blocks.assumingMemoryBound(to: UInt8.self), count)
        }
    }

    /// `count` 64-byte blocks from `blocks`, the message schedule on the stack.
    private static func compress(_ state: inout State, blocks: UnsafeRawPointer, count: Int) {
        rounds.withUnsafeBufferPointer { constants in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { words in
                var current = state
                for block in 0..<count {
                    compressBlock(&current, blocks + 64 * block, constants.baseAddress!, words.baseAddress!)
                }
                state = current
            }
        }
    }

    private typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    @inline(__always)
    private static func compressBlock(
        _ state: inout State, _ block: UnsafeRawPointer, _ constants: UnsafePointer<UInt32>, _ words: UnsafeMutablePointer<UInt32>
    ) {
        for index in 0..<16 {
            words[index] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
        }
        for index in 16..<64 {
            let w15 = words[index - 15], w2 = words[index - 2]
            let s0 = rotate(w15, 7) ^ rotate(w15, 18) ^ (w15 >> 3)
            let s1 = rotate(w2, 17) ^ rotate(w2, 19) ^ (w2 >> 10)
            words[index] = words[index - 16] &+ s0 &+ words[index - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = state
        for index in 0..<64 {
            let t1 = h &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ ((e & f) ^ (~e & g))
                &+ constants[index] &+ words[index]
            let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        state = (
            state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h
        )
    }

    @inline(__always) private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        value >> count | value << (32 - count)
    }
}
