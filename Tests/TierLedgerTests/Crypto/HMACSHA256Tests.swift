import Testing
import TierLedger

/// HMAC-SHA-256 against RFC 4231 and against RFC 2104's formula written out naively.
struct HMACSHA256Tests {
    /// One test case of RFC 4231, section 4.
    struct Vector: Sendable, CustomTestStringConvertible {
        var number: Int
        var key: [UInt8]
        var message: [UInt8]
        /// The expected code; case 5 gives only its first 128 bits.
        var codeHex: String
        var testDescription: String { "RFC 4231 case \(number)" }
    }

    static let vectors: [Vector] = [
        Vector(
            number: 1, key: Array(repeating: 0x0B, count: 20), message: Array("Hi There".utf8),
            codeHex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            number: 2, key: Array("Jefe".utf8),
            message: Array("what do ya want for nothing?".utf8),
            codeHex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            number: 3, key: Array(repeating: 0xAA, count: 20),
            message: Array(repeating: 0xDD, count: 50),
            codeHex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            number: 4, key: Array(1...25), message: Array(repeating: 0xCD, count: 50),
            codeHex: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            number: 5, key: Array(repeating: 0x0C, count: 20),
            message: Array("Test With Truncation".utf8),
            codeHex: "a3b6167473100ee06e0c796c2955552b"),
        Vector(
            number: 6, key: Array(repeating: 0xAA, count: 131),
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            codeHex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            number: 7, key: Array(repeating: 0xAA, count: 131),
            message: Array(("This is a test using a larger than block-size key and a larger "
                + "than block-size data. The key needs to be hashed before being used by "
                + "the HMAC algorithm.").utf8),
            codeHex: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func rfc4231(_ vector: Vector) {
        let oneShot = HMACSHA256.authenticationCode(key: vector.key, message: vector.message)
        let keyed = HMACSHA256Key(key: vector.key).authenticationCode(for: vector.message)
        // Case 5 is truncated, so compare the leading hex digits the RFC gives.
        #expect(oneShot.hex.hasPrefix(vector.codeHex))
        #expect(keyed == oneShot)
    }

    /// HMAC(K, m) = H((K' ⊕ opad) ‖ H((K' ⊕ ipad) ‖ m)), built from byte arrays.
    static func naiveCode(key: [UInt8], message: [UInt8]) -> SHA256Digest {
        var paddedKey = key.count > 64 ? SHA256.hash(key).bytes : key
        paddedKey += Array(repeating: 0, count: 64 - paddedKey.count)
        let innerDigest = SHA256.hash(paddedKey.map { $0 ^ 0x36 } + message)
        return SHA256.hash(paddedKey.map { $0 ^ 0x5C } + innerDigest.bytes)
    }

    /// Keys and messages of random lengths across the block boundaries, on both forms.
    @Test func matchesTheNaiveFormula() {
        for seed in UInt64(0)..<300 {
            var random = SplitMix64(seed: seed)
            let key = (0..<random.integer(in: 0...150)).map { _ in
                UInt8(truncatingIfNeeded: random.next())
            }
            let message = (0..<random.integer(in: 0...200)).map { _ in
                UInt8(truncatingIfNeeded: random.next())
            }
            let expected = Self.naiveCode(key: key, message: message)
            #expect(HMACSHA256.authenticationCode(key: key, message: message) == expected,
                    "seed \(seed)")
            let prepared = HMACSHA256Key(key: key)
            #expect(message.withUnsafeBytes { prepared.authenticationCode(for: $0) } == expected,
                    "seed \(seed)")
        }
    }

    @Test func preparedKeyIsReusable() {
        let key = HMACSHA256Key(key: Array("Jefe".utf8))
        let first = key.authenticationCode(for: Array("one".utf8))
        _ = key.authenticationCode(for: Array("two".utf8))
        #expect(key.authenticationCode(for: Array("one".utf8)) == first)
    }

    @Test func preparedKeyDoesNotPrintItsState() {
        let key = HMACSHA256Key(key: Array("Jefe".utf8))
        #expect(String(describing: key) == "HMACSHA256Key(redacted)")
        #expect(String(reflecting: key) == "HMACSHA256Key(redacted)")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("h0"))
    }
}
