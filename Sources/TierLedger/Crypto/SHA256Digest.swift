/// A SHA-256 digest: 32 bytes, written as 64 lowercase hex digits.
///
/// Invariant: `bytes.count == 32` (the setter is private so no caller can break it).
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The size of a digest in bytes.
    public static let byteCount = 32

    /// The digest in the order FIPS 180-4 writes it: H0 big-endian first.
    public private(set) var bytes: [UInt8]

    /// The digest of the final chaining value (FIPS 180-4, section 6.2.2, step 4).
    init(chainingValue value: SHA256.ChainingValue) {
        bytes = value.withBigEndianBytes { Array($0) }
    }

    /// A digest from its 32 bytes; nil for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// A digest from exactly 64 lowercase hex digits; nil for anything else (uppercase too, so
    /// that each digest has one spelling).
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex, byteCount: Self.byteCount) else { return nil }
        self.bytes = bytes
    }

    /// The 64 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }
}
