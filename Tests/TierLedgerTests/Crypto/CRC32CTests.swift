import Testing
import TierLedger

/// CRC-32C against RFC 3720's examples, the standard check value, and a bit-at-a-time model.
struct CRC32CTests {
    /// RFC 3720 (iSCSI), appendix B.4, and the catalogue check value of "123456789".
    @Test(arguments: [
        ("32 zero bytes", [UInt8](repeating: 0x00, count: 32), UInt32(0x8A91_36AA)),
        ("32 bytes of 0xFF", [UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ("32 incrementing bytes", Array(0x00...0x1F), 0x46DD_794E),
        ("32 decrementing bytes", Array((0x00...0x1F).reversed()), 0x113F_DB5C),
        ("123456789", Array("123456789".utf8), 0xE306_9283),
    ])
    func knownValue(_ name: String, bytes: [UInt8], checksum: UInt32) {
        #expect(CRC32C.checksum(bytes) == checksum, "\(name)")
    }

    @Test func emptyInputKeepsThePreviousValue() {
        #expect(CRC32C.checksum([]) == 0)
        #expect(CRC32C.checksum(UnsafeRawBufferPointer(start: nil, count: 0), continuing: 0x1234)
            == 0x1234)
    }

    @Test func continuingOverEverySplit() {
        let message = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let expected = CRC32C.checksum(message)
        message.withUnsafeBytes { bytes in
            for split in 0...bytes.count {
                let first = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<split]))
                let whole = CRC32C.checksum(
                    UnsafeRawBufferPointer(rebasing: bytes[split...]), continuing: first)
                #expect(whole == expected, "split at \(split)")
            }
        }
    }

    /// The definition, one bit at a time: the reflected register shifts right and takes the
    /// polynomial whenever a 1 falls out.
    static func bitwiseChecksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var register: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            register ^= UInt32(byte)
            for _ in 0..<8 {
                let lowBit = register & 1
                register >>= 1
                if lowBit == 1 { register ^= 0x82F6_3B78 }
            }
        }
        return ~register
    }

    /// Random lengths at every starting alignment, so both the 8-byte path and the tail run.
    @Test func matchesTheBitwiseDefinition() {
        for seed in UInt64(0)..<200 {
            var random = SplitMix64(seed: seed)
            let bytes = (0..<random.integer(in: 0...300)).map { _ in
                UInt8(truncatingIfNeeded: random.next())
            }
            let start = bytes.isEmpty ? 0 : Int(random.integer(in: 0...Int64(bytes.count)))
            let piece = bytes[start...]
            let checksum = piece.withUnsafeBytes { CRC32C.checksum($0) }
            #expect(checksum == Self.bitwiseChecksum(piece), "seed \(seed)")
        }
    }

    @Test func everySingleBitFlipIsDetected() {
        var message = Array("tierledger record payload, 48 bytes long.......".utf8)
        let original = CRC32C.checksum(message)
        for index in message.indices {
            for bit in 0..<8 {
                message[index] ^= 1 << bit
                #expect(CRC32C.checksum(message) != original, "byte \(index) bit \(bit)")
                message[index] ^= 1 << bit
            }
        }
    }
}
