import TierLedgerHardware

/// CRC-32C (Castagnoli): the checksum of iSCSI (RFC 3720), ext4 and many log formats.
///
/// Reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF; the check value of
/// the ASCII text "123456789" is 0xE3069283.
///
/// A checksum can be computed over several pieces: the checksum of `a + b` equals
/// `checksum(b, continuing: checksum(a))`, and a first piece continues from 0.
///
/// Speed: on x86 CPUs with SSE4.2 the `crc32` instruction folds eight bytes per instruction
/// (TierLedgerHardware); elsewhere, or when `TIERLEDGER_SOFTWARE_HASH` forces it (see
/// `HashImplementation`), slicing-by-8 (eight 256-entry tables, built once) folds eight input
/// bytes per step with independent table lookups instead of eight dependent ones.
public enum CRC32C {
    /// The reflected Castagnoli polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Eight tables of 256 entries, stored one after another. Table 0 is the classic byte-wise
    /// table; entry `n` of table `k` is the CRC state after byte `n` followed by `k` zero bytes.
    static let tables: [UInt32] = makeTables()

    /// The checksum of `bytes`; when `previous` is the checksum of the bytes that came before,
    /// the result is the checksum of the whole.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0)
        -> UInt32
    {
        switch HashImplementation.crc32c {
        case .hardware: HardwareCRC32C.checksum(bytes, continuing: previous)
        case .software: softwareChecksum(bytes, continuing: previous)
        }
    }

    /// The portable slicing-by-8 checksum, with the same conventions: the reference the
    /// hardware path is tested against, and the fallback on CPUs without the instruction.
    static func softwareChecksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0)
        -> UInt32
    {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return previous }
        let byteCount = bytes.count
        var state = ~previous
        tables.withUnsafeBufferPointer { tables in
            var offset = 0
            while byteCount - offset >= 8 {
                let word = UInt64(
                    littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let mixed = word ^ UInt64(state)
                // Byte i of the word still has 7 - i bytes to travel, hence table 7 - i.
                state = tables[7 &* 256 &+ Int(mixed & 0xFF)]
                    ^ tables[6 &* 256 &+ Int((mixed &>> 8) & 0xFF)]
                    ^ tables[5 &* 256 &+ Int((mixed &>> 16) & 0xFF)]
                    ^ tables[4 &* 256 &+ Int((mixed &>> 24) & 0xFF)]
                    ^ tables[3 &* 256 &+ Int((mixed &>> 32) & 0xFF)]
                    ^ tables[2 &* 256 &+ Int((mixed &>> 40) & 0xFF)]
                    ^ tables[1 &* 256 &+ Int((mixed &>> 48) & 0xFF)]
                    ^ tables[Int(mixed &>> 56)]
                offset &+= 8
            }
            while offset < byteCount {
                let byte = base.load(fromByteOffset: offset, as: UInt8.self)
                state = tables[Int((state ^ UInt32(byte)) & 0xFF)] ^ (state &>> 8)
                offset &+= 1
            }
        }
        return ~state
    }

    /// The checksum of the bytes of an array.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// Builds the eight slicing tables from the polynomial.
    private static func makeTables() -> [UInt32] {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var state = UInt32(byte)
            for _ in 0..<8 {
                state = (state & 1) == 1 ? (state >> 1) ^ polynomial : state >> 1
            }
            tables[byte] = state
        }
        for table in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(table - 1) * 256 + byte]
                tables[table * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }
}
