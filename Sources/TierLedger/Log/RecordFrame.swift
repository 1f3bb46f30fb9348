/// The framing of one log record (format version 1):
///
///     offset  size  field
///     0       2     magic 0x54 0x4C ("TL")
///     2       n     body length L, unsigned LEB128 varint (n = 1…5 bytes)
///     2+n     4     CRC-32C (Castagnoli) of the body, little-endian
///     6+n     L     body: varint sequence · u8 kind · u8 version · payload
///
/// Event records carry the event's sequence number and its `EventCodec.Kind`. A checkpoint
/// record (kind 240) closes every durable batch: its sequence number is that of the last
/// event before it and its payload is the 32-byte hash-chain value of every record before it.
enum RecordFrame {
    static let magic0: UInt8 = 0x54
    static let magic1: UInt8 = 0x4C
    static let checkpointKind: UInt8 = 240
    static let checkpointVersion: UInt8 = 1
    /// A record's body may not exceed this (a batch of 1,000,000 codes is ~16 MB).
    static let bodyMaximumBytes = 64 << 20

    /// Appends one framed record with `body` = sequence · kind · version · payload.
    static func append(sequence: UInt64, kind: UInt8, version: UInt8, payload: [UInt8],
                       to buffer: inout [UInt8]) {
        var head = ByteWriter(capacity: 12)
        head.varint(sequence)
        head.byte(kind)
        head.byte(version)
        let bodyLength = head.bytes.count + payload.count
        precondition(bodyLength <= bodyMaximumBytes, "record body of \(bodyLength) bytes")
        var crc = head.bytes.withUnsafeBytes { CRC32C.checksum($0) }
        crc = payload.withUnsafeBytes { CRC32C.checksum($0, continuing: crc) }
        var frame = ByteWriter(capacity: 12)
        frame.byte(magic0)
        frame.byte(magic1)
        frame.varint(bodyLength)
        frame.fixed32(crc)
        buffer.append(contentsOf: frame.bytes)
        buffer.append(contentsOf: head.bytes)
        buffer.append(contentsOf: payload)
    }

    /// One record found in a byte buffer.
    struct Record {
        var sequence: UInt64
        var kind: UInt8
        var version: UInt8
        /// Byte range of the payload within the buffer.
        var payload: Range<Int>
        /// Byte range of the whole frame within the buffer.
        var frame: Range<Int>
    }

    enum Parse {
        case record(Record)
        /// The buffer ends inside this frame.
        case incomplete
        /// Not a valid frame here; the reason names what is wrong.
        case invalid(String)
    }

    /// Reads the frame that starts at `offset`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Parse {
        guard offset + 2 <= bytes.count else { return .incomplete }
        guard bytes[offset] == magic0, bytes[offset + 1] == magic1 else { return .invalid("bad magic") }
        var reader = ByteReader(bytes, offset: offset + 2)
        guard let length = try? reader.varint() else { return .incomplete }
        guard length >= 3, length <= UInt64(bodyMaximumBytes) else { return .invalid("bad length \(length)") }
        guard let crc = try? reader.fixed32() else { return .incomplete }
        let bodyStart = reader.offset
        let bodyEnd = bodyStart + Int(length)
        guard bodyEnd <= bytes.count else { return .incomplete }
        let body = UnsafeBufferPointer(rebasing: bytes[bodyStart..<bodyEnd])
        guard CRC32C.checksum(UnsafeRawBufferPointer(body)) == crc else { return .invalid("checksum mismatch") }
        var bodyReader = ByteReader(bytes, offset: bodyStart)
        guard let sequence = try? bodyReader.varint(), let kind = try? bodyReader.byte(),
              let version = try? bodyReader.byte(), bodyReader.offset <= bodyEnd
        else { return .invalid("bad record header") }
        return .record(Record(sequence: sequence, kind: kind, version: version,
                              payload: bodyReader.offset..<bodyEnd, frame: offset..<bodyEnd))
    }
}
