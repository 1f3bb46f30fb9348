import Testing
import TierLedger

/// Fingerprints: their text form, their order, and what `FingerprintKey` promises.
struct FingerprintTests {
    static let secret = Array("a test secret of thirty-two byte".utf8)

    @Test func hexRoundTrips() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<100 {
            let fingerprint = Fingerprint(high: random.next(), low: random.next())
            #expect(fingerprint.hex.utf8.count == 32)
            #expect(fingerprint.description == fingerprint.hex)
            #expect(Fingerprint(hex: fingerprint.hex) == fingerprint)
        }
        let small = Fingerprint(high: 0x0102, low: 0xFF)
        #expect(small.hex == "000000000000010200000000000000ff")
        #expect(try #require(Fingerprint(hex: small.hex)) == small)
    }

    @Test(arguments: [
        "", "0", String(repeating: "0", count: 31), String(repeating: "0", count: 33),
        String(repeating: "A", count: 32), String(repeating: "g", count: 32),
        String(repeating: "0", count: 30) + "é",
    ])
    func malformedHexIsRejected(_ text: String) {
        #expect(Fingerprint(hex: text) == nil)
    }

    @Test func orderIsTheOrderOfTheBytes() {
        var random = SplitMix64(seed: 11)
        // Small values so that equal highs (ties decided by low) happen often.
        let fingerprints = (0..<200).map { _ in
            Fingerprint(high: random.next() % 4, low: random.next())
        }
        let byValue = fingerprints.sorted()
        let byText = fingerprints.sorted { $0.hex < $1.hex }
        #expect(byValue == byText)
    }

    @Test func sameInputSameFingerprint() {
        let key = FingerprintKey(secret: Self.secret)
        let again = FingerprintKey(secret: Self.secret)
        #expect(key.code("ABCD-1234") == key.code("ABCD-1234"))
        #expect(key.code("ABCD-1234") == again.code("ABCD-1234"))
        #expect(key.buyer("buyer-9") == again.buyer("buyer-9"))
        #expect(key.code("ABCD-1234") != key.code("ABCD-1235"))
    }

    @Test func codeAndBuyerDomainsDiffer() {
        let key = FingerprintKey(secret: Self.secret)
        for value in ["", "d1", "same-string", String(repeating: "x", count: 200)] {
            #expect(key.code(value) != key.buyer(value), "\(value)")
        }
    }

    @Test func differentSecretsDiffer() {
        let first = FingerprintKey(secret: Self.secret)
        let second = FingerprintKey(secret: Self.secret.dropLast() + [0])
        #expect(first.code("ABCD-1234") != second.code("ABCD-1234"))
        #expect(first.buyer("buyer-9") != second.buyer("buyer-9"))
    }

    /// The definition: the first 16 bytes of HMAC-SHA-256(secret, domain ‖ UTF-8 value), for
    /// values short and long (the fast path covers up to 38 bytes in one block).
    @Test func isTheTruncatedHMACOfDomainAndValue() {
        let key = FingerprintKey(secret: Self.secret)
        let values = ["", "ABCD-1234", "卡密-0001", String(repeating: "z", count: 38),
                      String(repeating: "z", count: 39), String(repeating: "q", count: 500)]
        for value in values {
            for (domain, fingerprint) in [("tierledger/code\u{0}", key.code(value)),
                                          ("tierledger/buyer\u{0}", key.buyer(value))] {
                let code = HMACSHA256.authenticationCode(
                    key: Self.secret, message: Array((domain + value).utf8))
                #expect(fingerprint.hex == String(code.hex.prefix(32)), "\(domain) \(value)")
            }
        }
    }

    @Test func generatedSecretsAreThirtyTwoFreshBytes() {
        let first = FingerprintKey.generateSecret()
        let second = FingerprintKey.generateSecret()
        #expect(first.count == 32)
        #expect(second.count == 32)
        #expect(first != second)
    }

    @Test func keyDoesNotPrintItsState() {
        let key = FingerprintKey(secret: Self.secret)
        #expect(String(describing: key) == "FingerprintKey(redacted)")
        #expect(String(reflecting: key) == "FingerprintKey(redacted)")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("h0"))
        #expect(!dumped.contains("codeStart"))
    }
}
