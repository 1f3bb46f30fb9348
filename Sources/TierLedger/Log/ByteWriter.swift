/// Appends little-endian fixed-width integers, LEB128 varints and length-prefixed strings to
/// a byte buffer: the primitives of the log's binary encoding.
///
/// Layout rules: fixed-width integers are little-endian; `varint` is unsigned LEB128 (7 bits a
/// byte, low groups first, high bit = more); `signed` is zigzag then LEB128; a string is its
/// UTF-8 byte count as a varint, then the bytes.
struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func fixed16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func fixed32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    mutating func fixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    @inline(__always)
    mutating func varint(_ value: Int) {
        precondition(value >= 0, "varint takes non-negative values")
        varint(UInt64(value))
    }

    /// Zigzag-encoded signed value: 0, -1, 1, -2, … become 0, 1, 2, 3, …
    @inline(__always)
    mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func string(_ value: String) {
        var value = value
        // Through the contiguous UTF-8 (in place for a native string, on the stack for a small
        // one): one copy of the bytes, where appending the `utf8` view went element by element.
        value.withUTF8 { utf8 in
            varint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func bytes(_ values: [UInt8]) {
        bytes.append(contentsOf: values)
    }

    mutating func fingerprint(_ value: Fingerprint) {
        fixed64(value.high)
        fixed64(value.low)
    }
}

/// Reads what `ByteWriter` wrote, never past the end: every read checks its bounds and a
/// short or malformed input is a `LogDecodingError`, not a crash.
struct ByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= bytes.count }
    var remaining: Int { bytes.count - offset }

    @inline(__always)
    mutating func byte() throws(LogDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw LogDecodingError("ends inside a field") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func fixed16() throws(LogDecodingError) -> UInt16 {
        let low = UInt16(try byte())
        return low | UInt16(try byte()) << 8
    }

    mutating func fixed32() throws(LogDecodingError) -> UInt32 {
        guard remaining >= 4 else { throw LogDecodingError("ends inside a 32-bit field") }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * index) }
        offset += 4
        return value
    }

    mutating func fixed64() throws(LogDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw LogDecodingError("ends inside a 64-bit field") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
        offset += 8
        return value
    }

    /// An unsigned LEB128 varint: seven bits a byte, low bits first, a set high bit on every
    /// byte but the last; at most ten bytes, within 64 bits. Its one- and two-byte forms (most
    /// handles, counts and small amounts) are read here; longer ones by the loop that defines
    /// them all.
    @inline(__always)
    mutating func varint() throws(LogDecodingError) -> UInt64 {
        if offset < bytes.count {
            let first = bytes[offset]
            if first < 0x80 {
                offset += 1
                return UInt64(first)
            }
            if offset + 1 < bytes.count, bytes[offset + 1] < 0x80 {
                defer { offset += 2 }
                return UInt64(first & 0x7F) | UInt64(bytes[offset + 1]) << 7
            }
        }
        return try varintByteByByte()
    }

    /// `varint`, one byte at a time.
    mutating func varintByteByByte() throws(LogDecodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            if shift == 63, next > 1 { throw LogDecodingError("varint overflows 64 bits") }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
            shift += 7
            if shift > 63 { throw LogDecodingError("varint longer than 10 bytes") }
        }
    }

    /// A varint that must fit in a non-negative `Int64`.
    mutating func count() throws(LogDecodingError) -> Int64 {
        let value = try varint()
        guard value <= UInt64(Int64.max) else { throw LogDecodingError("count out of range") }
        return Int64(value)
    }

    mutating func index() throws(LogDecodingError) -> Int {
        let value = try varint()
        guard value <= UInt64(Int32.max) else { throw LogDecodingError("index out of range") }
        return Int(value)
    }

    mutating func signed() throws(LogDecodingError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func string() throws(LogDecodingError) -> String {
        let length = try index()
        guard length <= remaining else { throw LogDecodingError("string runs past the record") }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self)
        offset += length
        return text
    }

    mutating func raw(_ count: Int) throws(LogDecodingError) -> UnsafeBufferPointer<UInt8> {
        guard count >= 0, count <= remaining else { throw LogDecodingError("runs past the end") }
        defer { offset += count }
        return UnsafeBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func fingerprint() throws(LogDecodingError) -> Fingerprint {
        let high = try fixed64()
        return Fingerprint(high: high, low: try fixed64())
    }
}

/// A record's bytes do not decode: damage, or a bug that wrote them.
struct LogDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
