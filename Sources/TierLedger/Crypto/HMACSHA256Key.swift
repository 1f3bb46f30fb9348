/// A key prepared for HMAC-SHA-256 (RFC 2104): the hash states after the key XOR ipad and the
/// key XOR opad blocks, computed once so that each code costs only the message's compressions
/// plus one for the outer hash (two in all for messages up to 55 bytes).
///
/// Invariant: both states are exactly one block into their hash.
///
/// The key itself is not kept, but the states are as good as the key to a forger, so
/// `description` and reflection (`dump`, `print`) show nothing of them.
public struct HMACSHA256Key: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The chaining value after compressing `K' XOR ipad` (RFC 2104's inner pad, 0x36).
    private let innerStart: SHA256.ChainingValue
    /// The chaining value after compressing `K' XOR opad` (RFC 2104's outer pad, 0x5C).
    private let outerStart: SHA256.ChainingValue

    /// Prepares `key`; a key longer than a block is first replaced by its SHA-256 digest
    /// (RFC 2104, section 2). Any length is accepted, the empty key too.
    public init(key: [UInt8]) {
        let blockByteCount = SHA256.blockByteCount
        var paddedKey = [UInt8](repeating: 0, count: blockByteCount)
        let shortKey = key.count > blockByteCount ? SHA256.hash(key).bytes : key
        paddedKey.replaceSubrange(0..<shortKey.count, with: shortKey)
        var inner = SHA256()
        inner.update(paddedKey.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(paddedKey.map { $0 ^ 0x5C })
        innerStart = inner.chainingValue
        outerStart = outer.chainingValue
    }

    /// HMAC-SHA-256 of `message` under this key.
    public func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256Digest {
        var inner = innerHasher()
        inner.update(message)
        return SHA256Digest(chainingValue: finish(inner: inner))
    }

    /// HMAC-SHA-256 of the bytes of an array under this key.
    public func authenticationCode(for message: [UInt8]) -> SHA256Digest {
        message.withUnsafeBytes { authenticationCode(for: $0) }
    }

    /// A hash that has absorbed the inner padded key; feed it the message (possibly in pieces),
    /// then pass it to `finish(inner:)`.
    func innerHasher() -> SHA256 {
        SHA256(chainingValue: innerStart, byteCount: UInt64(SHA256.blockByteCount))
    }

    /// The code's chaining value: the outer hash over the inner hash's digest.
    func finish(inner: consuming SHA256) -> SHA256.ChainingValue {
        let innerValue = inner.finishChainingValue()
        var outer = SHA256(chainingValue: outerStart, byteCount: UInt64(SHA256.blockByteCount))
        innerValue.withBigEndianBytes { outer.update($0) }
        return outer.finishChainingValue()
    }

    public var description: String { "HMACSHA256Key(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
