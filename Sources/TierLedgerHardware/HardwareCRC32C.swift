#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel

/// CRC-32C with the SSE4.2 `crc32` instruction, which folds 8 bytes into the reflected
/// Castagnoli register (polynomial 0x82F63B78) per instruction.
///
/// Same conventions as `CRC32C.checksum(_:continuing:)` in TierLedger: the register starts at
/// the complement of `previous` and the result is complemented again, so a first piece continues
/// from 0 and `checksum(b, continuing: checksum(a))` is the checksum of `a + b`. The instruction
/// itself does neither; it only advances the register.
///
/// The caller must check `isAvailable` first (an older CPU stops with an illegal instruction).
public enum HardwareCRC32C {
    /// True when the CPU has SSE4.2's `crc32` (and SSSE3, which this module may also use).
    public static let isAvailable: Bool = CPUFeatures.hasSSE42 && CPUFeatures.hasSSSE3

    /// The checksum of `bytes`; when `previous` is the checksum of the bytes that came before,
    /// the result is the checksum of the whole. Never inlined: the caller's module is compiled
    /// without the CRC32 feature.
    @inline(never)
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0)
        -> UInt32
    {
        // Checked in debug builds only: this runs once per log record, and on a CPU without
        // the instruction the process stops anyway, with an illegal instruction.
        assert(isAvailable, "HardwareCRC32C used on a CPU without SSE4.2")
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return previous }
        let byteCount = bytes.count
        // The 64-bit form keeps the register in the low 32 bits and zeroes the high half.
        var register = UInt64(~previous)
        var offset = 0
        while byteCount &- offset >= 8 {
            // x86 is little-endian, the byte order the reflected CRC consumes a word in.
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            register = _mm_crc32_u64(register, word)
            offset &+= 8
        }
        var state = UInt32(truncatingIfNeeded: register)
        while offset < byteCount {
            state = _mm_crc32_u8(state, base.load(fromByteOffset: offset, as: UInt8.self))
            offset &+= 1
        }
        return ~state
    }
}

#else

/// This host has no SSE4.2 `crc32` (or the compiler cannot reach its intrinsics): CRC-32C
/// always runs in software.
public enum HardwareCRC32C {
    public static let isAvailable = false

    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0)
        -> UInt32
    {
        preconditionFailure("HardwareCRC32C is not available on this host")
    }
}

#endif
