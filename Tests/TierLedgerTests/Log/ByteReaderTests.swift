import Testing
@testable import TierLedger

/// `ByteReader.varint` reads most varints from one word; the byte-at-a-time loop is its
/// definition. Both must give the same value, the same offset after, and the same refusal, for
/// any bytes and wherever the buffer ends.
struct ByteReaderTests {
    /// What `varint` answers: the value and the offset after it, or the refusal.
    private enum Reading: Equatable {
        case value(UInt64, offset: Int)
        case refused(String)
    }

    private static func read(_ bytes: [UInt8], from start: Int, byteByByte: Bool) -> Reading {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = ByteReader(buffer, offset: start)
            do throws(LogDecodingError) {
                let value = byteByByte ? try reader.varintByteByByte() : try reader.varint()
                return .value(value, offset: reader.offset)
            } catch {
                return .refused(error.message)
            }
        }
    }

    @Test func everyWrittenVarintReadsBackWhereverItSits() {
        var values: [UInt64] = [0, 1, 127, 128, 255, 16_383, 16_384, 1 << 56 - 1, 1 << 56, 1 << 63, .max]
        for bits in 1...64 { values.append(UInt64.max >> UInt64(64 - bits)) }
        var random = SplitMix64(seed: 7)
        for _ in 0..<2_000 { values.append(random.next() >> UInt64(random.next() % 64)) }
        for value in values {
            var writer = ByteWriter()
            writer.varint(value)
            let encoded = writer.bytes
            // Alone (the buffer ends with it) and followed by up to nine more bytes, which the
            // word read covers and must not take.
            for padding in 0...9 {
                let bytes = [0xFF] + encoded + [UInt8](repeating: 0x80, count: padding)
                #expect(Self.read(bytes, from: 1, byteByByte: false) == .value(value, offset: 1 + encoded.count),
                        "\(value) with \(padding) bytes after")
            }
        }
    }

    /// Random bytes, with the high bit set more often than not so that long and unfinished
    /// varints are common, read from every offset.
    @Test func anyBytesReadAsTheByteLoopReadsThem() {
        var random = SplitMix64(seed: 11)
        for round in 0..<3_000 {
            let count = Int(random.next() % 24)
            let bytes = (0..<count).map { _ -> UInt8 in
                let byte = UInt8(truncatingIfNeeded: random.next())
                return random.next() % 4 == 0 ? byte & 0x7F : byte | 0x80
            }
            for start in 0...count {
                #expect(Self.read(bytes, from: start, byteByByte: false) == Self.read(bytes, from: start, byteByByte: true),
                        "round \(round), \(bytes) from \(start)")
            }
        }
    }

    @Test func overlongAndOverflowingVarintsAreRefused() {
        let tenBytes = [UInt8](repeating: 0xFF, count: 9) + [0x01]
        #expect(Self.read(tenBytes, from: 0, byteByByte: false) == .value(.max, offset: 10))
        let overflowing = [UInt8](repeating: 0xFF, count: 9) + [0x02]
        #expect(Self.read(overflowing, from: 0, byteByByte: false) == .refused("varint overflows 64 bits"))
        // A tenth byte that does not end the varint carries past bit 63.
        let eleven = [UInt8](repeating: 0x80, count: 10) + [0x00]
        #expect(Self.read(eleven, from: 0, byteByByte: false) == .refused("varint overflows 64 bits"))
        let unfinished = [UInt8](repeating: 0x80, count: 12)
        #expect(Self.read(unfinished, from: 4, byteByByte: false) == .refused("ends inside a field"))
    }
}
