/// A 128-bit keyed fingerprint of a code or an id: the first 16 bytes of an HMAC-SHA-256,
/// read big-endian into `high` and then `low` (made by `FingerprintKey`).
///
/// The ledger keeps fingerprints instead of the values themselves, so that two equal codes (or
/// a buyer who is also a distributor) can be recognised without storing what could be sold.
/// Order is the order of the 16 bytes, so sorting fingerprints sorts their hex texts too.
public struct Fingerprint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The size of a fingerprint in bytes.
    public static let byteCount = 16

    /// Bytes 0–7 of the code, big-endian.
    public var high: UInt64
    /// Bytes 8–15 of the code, big-endian.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The first 16 bytes of a digest given as its chaining value (words H0…H3).
    init(chainingValue value: SHA256.ChainingValue) {
        high = UInt64(value.h0) << 32 | UInt64(value.h1)
        low = UInt64(value.h2) << 32 | UInt64(value.h3)
    }

    /// A fingerprint from exactly 32 lowercase hex digits; nil for anything else.
    public init?(hex: String) {
        var text = hex
        guard let print = text.withUTF8({ Fingerprint(hexUTF8: $0) }) else { return nil }
        self = print
    }

    /// A fingerprint from exactly 32 lowercase hex digits as UTF-8 bytes; nil for anything else.
    init?(hexUTF8 digits: UnsafeBufferPointer<UInt8>) {
        guard digits.count == 2 * Self.byteCount else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        for index in 0..<digits.count {
            guard let nibble = Hex.nibble(digits[index]) else { return nil }
            if index < Self.byteCount {
                words.0 = words.0 << 4 | UInt64(nibble)
            } else {
                words.1 = words.1 << 4 | UInt64(nibble)
            }
        }
        high = words.0
        low = words.1
    }

    /// The 32 lowercase hex digits of the 16 bytes.
    public var hex: String {
        withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Hex.encode($0) }
    }

    /// Appends `hex` to `bytes`, without building a string.
    func appendHex<Sink: ByteSink & ~Copyable>(to bytes: inout Sink) {
        withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Hex.append($0, to: &bytes) }
    }

    public var description: String { hex }

    public static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
