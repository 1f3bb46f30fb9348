/// The 64-byte header at the start of every segment file (`log/<first sequence>.tlog`):
///
///     offset  size  field
///     0       8     magic "TLSEGMNT"
///     8       4     format version, u32 little-endian (1)
///     12      4     reserved, zero
///     16      8     sequence number of the first event in this segment, u64 LE
///     24      32    hash-chain value before this segment's first record (SHA-256 of nothing
///                   for the first segment)
///     56      4     reserved, zero
///     60      4     CRC-32C of bytes 0..<60, little-endian
///
/// Segments are rotated when they reach `LogWriter.segmentSizeLimit`; the chain value in the
/// header lets `verify` notice a missing, reordered or substituted segment.
struct SegmentHeader: Equatable {
    static let size = 64
    static let magic = Array("TLSEGMNT".utf8)
    static let formatVersion: UInt32 = 1

    var firstSequence: UInt64
    var chainBefore: [UInt8]

    var bytes: [UInt8] {
        var writer = ByteWriter(capacity: Self.size)
        writer.bytes(Self.magic)
        writer.fixed32(Self.formatVersion)
        writer.fixed32(0)
        writer.fixed64(firstSequence)
        writer.bytes(chainBefore)
        writer.fixed32(0)
        let crc = writer.bytes.withUnsafeBytes { CRC32C.checksum($0) }
        writer.fixed32(crc)
        return writer.bytes
    }

    init(firstSequence: UInt64, chainBefore: [UInt8]) {
        precondition(chainBefore.count == 32, "a chain value is 32 bytes")
        self.firstSequence = firstSequence
        self.chainBefore = chainBefore
    }

    /// Reads a header; the message says what is wrong when it is not one.
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(LogDecodingError) {
        guard bytes.count >= Self.size else { throw LogDecodingError("segment shorter than its header") }
        guard Array(bytes[0..<8]) == Self.magic else { throw LogDecodingError("not a segment (bad magic)") }
        var reader = ByteReader(bytes, offset: 8)
        let version = try reader.fixed32()
        guard version == Self.formatVersion else {
            throw LogDecodingError("segment format version \(version); this program reads 1")
        }
        _ = try reader.fixed32()
        firstSequence = try reader.fixed64()
        chainBefore = Array(try reader.raw(32))
        _ = try reader.fixed32()
        let stored = try reader.fixed32()
        let computed = CRC32C.checksum(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[0..<60])))
        guard stored == computed else { throw LogDecodingError("segment header checksum mismatch") }
    }

    /// `00000000000000000001.tlog`: the first sequence number, zero-padded to 20 digits.
    static func fileName(firstSequence: UInt64) -> String {
        let digits = String(firstSequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".tlog"
    }
}
