/// The ledger's secret for fingerprints: HMAC-SHA-256 under the secret, over a domain prefix
/// and the value's UTF-8 bytes, truncated to 128 bits.
///
/// Domains keep the kinds apart: the same text fingerprints differently as a code
/// (`"tierledger/code\0"`) and as a buyer (`"tierledger/buyer\0"`). Distributor ids use the
/// buyer domain on purpose, so that a distributor buying from its own chain (self-dealing)
/// shows up as equal fingerprints. The NUL ends the prefix; ids and codes never contain one.
///
/// Speed: the prefixes are absorbed once, at `init`; a value of up to 38 bytes (code domain)
/// or 37 bytes (buyer domain) then costs two SHA-256 compressions and no heap allocation.
///
/// Its states are as good as the secret to a forger, so `description` and reflection show
/// nothing of them.
public struct FingerprintKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The domain prefix for delivery codes.
    static let codeDomain = "tierledger/code\u{0}"
    /// The domain prefix for buyer ids (and distributor ids, compared against them).
    static let buyerDomain = "tierledger/buyer\u{0}"
    /// The domain of `identity`: no code or id is ever fingerprinted in it.
    static let identityDomain = "tierledger/key\u{0}"
    /// The size of a secret made by `generateSecret()`.
    public static let secretByteCount = 32

    private let key: HMACSHA256Key
    /// Inner hashes that have absorbed the padded key and one domain prefix each.
    private let codeStart: SHA256
    private let buyerStart: SHA256
    /// Tells keys apart without telling anything of them: 64 bits of the HMAC of a domain of
    /// its own (so, like any fingerprint, it cannot be turned back into the secret).
    let identity: UInt64

    /// Prepares `secret`; use 32 random bytes from `generateSecret()`.
    public init(secret: [UInt8]) {
        key = HMACSHA256Key(key: secret)
        var codeStart = key.innerHasher()
        codeStart.update(Self.codeDomain)
        var buyerStart = key.innerHasher()
        buyerStart.update(Self.buyerDomain)
        self.codeStart = codeStart
        self.buyerStart = buyerStart
        var identityInner = key.innerHasher()
        identityInner.update(Self.identityDomain)
        identity = Fingerprint(chainingValue: key.finish(inner: identityInner)).high
    }

    /// The fingerprint of a delivery code.
    public func code(_ code: String) -> Fingerprint {
        fingerprint(code, from: codeStart)
    }

    /// The fingerprint of a buyer id, or of a distributor id to compare against buyers.
    public func buyer(_ buyerID: String) -> Fingerprint {
        fingerprint(buyerID, from: buyerStart)
    }

    private func fingerprint(_ value: String, from start: SHA256) -> Fingerprint {
        var inner = start
        inner.update(value)
        return Fingerprint(chainingValue: key.finish(inner: inner))
    }

    /// 32 bytes from the operating system's cryptographic random source.
    ///
    /// This is the one place that uses unseeded randomness, on purpose: a secret must not be
    /// reproducible from a seed. (`SystemRandomNumberGenerator` reads `getrandom` on Linux and
    /// `arc4random` on Apple platforms.)
    public static func generateSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var secret: [UInt8] = []
        secret.reserveCapacity(secretByteCount)
        for _ in 0..<(secretByteCount / 8) {
            withUnsafeBytes(of: generator.next()) { secret.append(contentsOf: $0) }
        }
        return secret
    }

    public var description: String { "FingerprintKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
