import PerfauditCore
import XCTest

/// SHA-256 against the FIPS 180-4 / NIST test vectors, fed whole and in pieces.
final class SHA256Tests: XCTestCase {
    private let vectors: [(message: [UInt8], digest: String)] = [
        (Array("".utf8), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8),
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    func testVectors() {
        for (message, digest) in vectors {
            XCTAssertEqual(SHA256.hex(SHA256.hash(message)), digest, "\(message.count) bytes")
        }
    }

    /// The Swift compression and the processor's SHA extensions (where present) agree, on the
    /// vectors and on messages of every length around the block edges.
    func testPortableAndAcceleratedAgree() {
        print("SHA256Tests: processor SHA extensions used: \(SHA256.accelerated)")
        for (message, digest) in vectors {
            var portable = SHA256(portable: true)
            portable.update(message)
            XCTAssertEqual(SHA256.hex(portable.finalize()), digest, "\(message.count) bytes, portable")
        }
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        for count in 0...bytes.count {
            var portable = SHA256(portable: true)
            portable.update(bytes[..<count])
            XCTAssertEqual(portable.finalize(), SHA256.hash(bytes[..<count]), "\(count) bytes")
        }
    }

    func testPiecesGiveTheSameDigest() {
        for (message, digest) in vectors where message.count < 1000 {
            for split in [1, 55, 56, 63, 64, 65] where split <= message.count {
                var hasher = SHA256()
                hasher.update(message[..<split])
                hasher.update(message[split...])
                XCTAssertEqual(SHA256.hex(hasher.finalize()), digest, "split at \(split)")
            }
        }
    }

    func testLengthsAroundTheBlockEdge() {
        // Python: hashlib.sha256(b"a" * n).hexdigest()
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (count, digest) in expected {
            XCTAssertEqual(SHA256.hex(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: count))), digest, "\(count)")
        }
    }

    func testBase64AsContentSecurityPolicyWantsIt() {
        XCTAssertEqual(SHA256.base64(SHA256.hash(Array("abc".utf8))), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        XCTAssertEqual(SHA256.base64([0x66]), "Zg==")
        XCTAssertEqual(SHA256.base64([0x66, 0x6F]), "Zm8=")
        XCTAssertEqual(SHA256.base64([0x66, 0x6F, 0x6F]), "Zm9v")
    }
}
