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
                       to buffer: inout ByteWriter) {
        var body = ByteWriter(capacity: payload.count + 12)
        writeBodyHead(sequence: sequence, kind: kind, version: version, to: &body)
        body.bytes(payload)
        append(body: body.bytes, to: &buffer)
    }

    /// Writes the start of a record body: varint sequence · u8 kind · u8 version. The writer
    /// encodes the payload right after it, into the same buffer, so no record is copied twice.
    static func writeBodyHead(sequence: UInt64, kind: UInt8, version: UInt8, to body: inout ByteWriter) {
        body.varint(sequence)
        body.byte(kind)
        body.byte(version)
    }

    /// Appends the frame of one record around `body` (see `writeBodyHead`).
    static func append(body: [UInt8], to buffer: inout ByteWriter) {
        precondition(body.count >= 3 && body.count <= bodyMaximumBytes, "record body of \(body.count) bytes")
        let crc = body.withUnsafeBytes { CRC32C.checksum($0) }
        buffer.byte(magic0)
        buffer.byte(magic1)
        buffer.varint(body.count)
        buffer.fixed32(crc)
        buffer.bytes(body)
    }

    /// Starts a record at the end of `buffer`, whose body the caller then writes in place
    /// (`writeBodyHead`, then the payload) and `endRecord` closes: the frame is written around
    /// the body where it lies instead of copying the body into it. Returns where the record
    /// starts. Room is left for a one-byte length, which almost every event needs.
    static func beginRecord(in buffer: inout ByteWriter) -> Int {
        let start = buffer.bytes.count
        buffer.bytes.append(contentsOf: repeatElement(0, count: 2 + 1 + 4))
        return start
    }

    /// Writes the frame of the record begun at `start` around the body written after it (the
    /// same bytes as `append(body:to:)`). A body of 128 bytes or more needs a longer length:
    /// it is moved up to make room.
    static func endRecord(startingAt start: Int, in buffer: inout ByteWriter) {
        let reservedLength = 1
        var bodyStart = start + 2 + reservedLength + 4
        let bodyCount = buffer.bytes.count - bodyStart
        precondition(bodyCount >= 3 && bodyCount <= bodyMaximumBytes, "record body of \(bodyCount) bytes")
        var lengthSize = 1
        while bodyCount >> (7 * lengthSize) != 0 { lengthSize += 1 }
        if lengthSize > reservedLength {
            buffer.bytes.insert(contentsOf: repeatElement(0, count: lengthSize - reservedLength), at: bodyStart)
            bodyStart += lengthSize - reservedLength
        }
        buffer.bytes.withUnsafeMutableBufferPointer { bytes in
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: bytes[bodyStart...])))
            bytes[start] = magic0
            bytes[start + 1] = magic1
            // The length as `ByteWriter.varint` writes it (LEB128), in the room made for it.
            var remaining = bodyCount
            var offset = start + 2
            while remaining >= 0x80 {
                bytes[offset] = UInt8(truncatingIfNeeded: remaining) | 0x80
                remaining >>= 7
                offset += 1
            }
            bytes[offset] = UInt8(remaining)
            for index in 0..<4 { bytes[offset + 1 + index] = UInt8(truncatingIfNeeded: crc >> (8 * index)) }
        }
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
