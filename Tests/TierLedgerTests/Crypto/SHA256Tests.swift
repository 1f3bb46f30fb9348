import Testing
@testable import TierLedger

/// SHA-256 against the FIPS 180-4 / NIST examples, the definition of its constants, and
/// independence from how the input is split.
struct SHA256Tests {
    /// A message and its digest from NIST's SHA-256 examples (FIPS 180-4 / CSRC).
    struct Vector: Sendable, CustomTestStringConvertible {
        var message: String
        var digestHex: String
        var testDescription: String { "\(message.utf8.count) bytes" }
    }

    static let vectors: [Vector] = [
        Vector(
            message: "",
            digestHex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            message: "abc",
            digestHex: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(
            message: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            digestHex: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Vector(
            message: "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            digestHex: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    @Test(arguments: vectors)
    func nistVector(_ vector: Vector) {
        #expect(SHA256.hash(Array(vector.message.utf8)).hex == vector.digestHex)
        var hasher = SHA256()
        hasher.update(vector.message)
        #expect(hasher.finalize().hex == vector.digestHex)
    }

    @Test func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hash(message).hex == expected)
        // The same in uneven pieces, so that most updates start inside a block.
        var hasher = SHA256()
        var offset = 0
        while offset < message.count {
            let end = min(offset + 997, message.count)
            hasher.update(Array(message[offset..<end]))
            offset = end
        }
        #expect(hasher.finalize().hex == expected)
    }

    /// Bytes `index % 251` for `index` in `0..<count`: no period that lines up with a block.
    static func patterned(count: Int) -> [UInt8] {
        (0..<count).map { UInt8($0 % 251) }
    }

    /// Lengths around the padding boundaries (55 leaves room for the length in the last block,
    /// 56 does not), with digests from an independent implementation (Python's hashlib).
    @Test(arguments: [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
        (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
        (128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5"),
    ])
    func paddingBoundary(byteCount: Int, digestHex: String) {
        let message = Self.patterned(count: byteCount)
        let oneShot = SHA256.hash(message)
        var byteByByte = SHA256()
        for byte in message { byteByByte.update([byte]) }
        #expect(oneShot.hex == digestHex)
        #expect(byteByByte.finalize() == oneShot)
    }

    @Test func everySplitOfTwoHundredBytes() {
        let message = Self.patterned(count: 200)
        let expected = SHA256.hash(message)
        for split in 0...message.count {
            var hasher = SHA256()
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(hasher.finalize() == expected, "split at \(split)")
        }
    }

    /// Random messages cut into random pieces (some empty) hash like the whole.
    @Test func randomSplitsMatchOneShot() {
        for seed in UInt64(0)..<200 {
            var random = SplitMix64(seed: seed)
            let count = Int(random.integer(in: 0...600))
            let message = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var hasher = SHA256()
            var offset = 0
            while offset < count {
                let end = min(count, offset + Int(random.integer(in: 0...150)))
                message[offset..<end].withUnsafeBytes { hasher.update($0) }
                offset = end
            }
            #expect(hasher.finalize() == SHA256.hash(message), "seed \(seed)")
        }
    }

    @Test func unicodeTextIsHashedAsUTF8() {
        let text = "卡盟 ✓"
        var hasher = SHA256()
        hasher.update(text)
        #expect(hasher.finalize() == SHA256.hash(Array(text.utf8)))
    }

    /// K_t is the first 32 fractional bits of the cube root of the t-th prime: the largest x
    /// with x³ ≤ p · 2^96, taken modulo 2^32 (exact integer arithmetic, no floating point).
    @Test func roundConstantsFollowTheirDefinition() {
        let primes = Self.primes(count: 64)
        for (index, prime) in primes.enumerated() {
            let root = Self.integerRoot(UInt128(prime) << 96, degree: 3)
            #expect(SHA256.roundConstants[index] == UInt32(truncatingIfNeeded: root), "K\(index)")
        }
    }

    /// H0…H7 start as the first 32 fractional bits of the square roots of the first 8 primes.
    @Test func initialValueFollowsItsDefinition() {
        let expected = Self.primes(count: 8).map {
            UInt32(truncatingIfNeeded: Self.integerRoot(UInt128($0) << 64, degree: 2))
        }
        let value = SHA256.ChainingValue()
        #expect([value.h0, value.h1, value.h2, value.h3,
                 value.h4, value.h5, value.h6, value.h7] == expected)
    }

    @Test func digestTextRoundTrips() throws {
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(digest.description == digest.hex)
        #expect(SHA256Digest(hex: digest.hex) == digest)
        #expect(try #require(SHA256Digest(bytes: digest.bytes)) == digest)
        #expect(SHA256Digest(hex: digest.hex.uppercased()) == nil)
        #expect(SHA256Digest(hex: String(digest.hex.dropLast())) == nil)
        #expect(SHA256Digest(hex: digest.hex + "0") == nil)
        #expect(SHA256Digest(hex: "g" + digest.hex.dropFirst()) == nil)
        #expect(SHA256Digest(bytes: [1, 2, 3]) == nil)
    }

    static func primes(count: Int) -> [Int] {
        var primes: [Int] = []
        var candidate = 2
        while primes.count < count {
            if primes.allSatisfy({ candidate % $0 != 0 }) { primes.append(candidate) }
            candidate += 1
        }
        return primes
    }

    /// The largest x with x^degree ≤ value, by bisection.
    static func integerRoot(_ value: UInt128, degree: Int) -> UInt128 {
        var low: UInt128 = 0
        var high: UInt128 = 1 << 40
        while low < high {
            let middle = (low + high + 1) / 2
            var power: UInt128 = 1
            for _ in 0..<degree { power *= middle }
            if power <= value { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
