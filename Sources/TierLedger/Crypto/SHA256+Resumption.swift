/// The running state of a hash, saved and restored, so that a reader can continue the log's
/// hash chain from a projection snapshot instead of hashing the whole log again.
///
/// Layout (104 bytes): H0…H7 as little-endian u32, the total byte count as a little-endian
/// u64, then the whole 64-byte pending block (only its first `total mod 64` bytes matter).
extension SHA256 {
    static let resumptionByteCount = 32 + 8 + 64

    var resumptionState: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.resumptionByteCount)
        let value = chainingValue
        for word in [value.h0, value.h1, value.h2, value.h3, value.h4, value.h5, value.h6, value.h7] {
            withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
        }
        withUnsafeBytes(of: totalByteCount.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: pending) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Restores a state saved by `resumptionState`; `nil` when the bytes are not one.
    init?(resumptionState bytes: [UInt8]) {
        guard bytes.count == Self.resumptionByteCount else { return nil }
        func word32(_ offset: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
        }
        let total = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[32 + $1]) << (8 * UInt64($1)) }
        var value = ChainingValue()
        value.h0 = word32(0); value.h1 = word32(4); value.h2 = word32(8); value.h3 = word32(12)
        value.h4 = word32(16); value.h5 = word32(20); value.h6 = word32(24); value.h7 = word32(28)
        self.init()
        chainingValue = value
        totalByteCount = total
        pendingByteCount = Int(total % UInt64(Self.blockByteCount))
        withUnsafeMutableBytes(of: &pending) { block in
            for index in 0..<Self.blockByteCount { block[index] = bytes[40 + index] }
        }
    }
}
