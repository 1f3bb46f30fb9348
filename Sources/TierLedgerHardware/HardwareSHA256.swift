#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel

/// The SHA-256 compression function (FIPS 180-4, section 6.2.2) on the x86 SHA extensions.
///
/// The caller must check `isAvailable` first: this module is compiled for CPUs with the SHA
/// extensions and SSSE3, and an older CPU stops with an illegal instruction.
///
/// How the instructions fit together (Intel SDM, SHA256RNDS2 / SHA256MSG1 / SHA256MSG2):
/// - The eight working variables live in two registers, ABEF (dwords 3…0 = A, B, E, F) and
///   CDGH (dwords 3…0 = C, D, G, H). `sha256rnds2(cdgh, abef, wk)` runs two rounds with the
///   low two dwords of `wk` (W_t + K_t) and returns the new ABEF; two rounds later the old ABEF
///   is exactly the new CDGH (C, D, G, H become the old A, B, E, F), so no shuffling is needed.
/// - The schedule runs four words at a time: for words t…t+3, `sha256msg1` adds σ0(W_{t-15+i})
///   to W_{t-16+i}, the four W_{t-7+i} are added by hand, and `sha256msg2` adds σ1(W_{t-2+i}),
///   computing the two words that depend on this same group itself.
/// - Message words are big-endian; each 16-byte load is byte-swapped within its dwords (pshufb).
public enum HardwareSHA256 {
    /// True when the CPU has the SHA extensions and SSSE3 (checked once, with cpuid).
    public static let isAvailable: Bool = CPUFeatures.hasSHA && CPUFeatures.hasSSSE3

    /// Compresses `blockCount` consecutive 64-byte blocks starting at `blocks` into `state`,
    /// whose lane i is the chaining word H_i.
    ///
    /// Never inlined: the caller's module is compiled without the SHA feature, so this body
    /// must stay in this module.
    @inline(never)
    public static func compress(
        _ state: inout SIMD8<UInt32>, blocks: UnsafeRawPointer, blockCount: Int
    ) {
        // Checked in debug builds only, like HardwareCRC32C: without the instructions the
        // process stops anyway, with an illegal instruction.
        assert(isAvailable, "HardwareSHA256 used on a CPU without the SHA extensions")
        precondition(blockCount >= 0, "negative block count")
        var abef = SIMD4<UInt32>(state[5], state[4], state[1], state[0])
        var cdgh = SIMD4<UInt32>(state[7], state[6], state[3], state[2])
        for blockIndex in 0..<blockCount {
            compressBlock(&abef, &cdgh, block: blocks + blockIndex &* 64)
        }
        state = SIMD8(abef[3], abef[2], cdgh[3], cdgh[2], abef[1], abef[0], cdgh[1], cdgh[0])
    }

    /// One block: 16 groups of four rounds, the schedule computed four words ahead.
    ///
    /// Written out straight (no loop over the groups): each group's constant is then a literal
    /// and the four message registers rotate by name, which the optimiser did not achieve
    /// from a loop (it kept a jump table per quarter; about 8% slower).
    @inline(__always)
    private static func compressBlock(
        _ abef: inout SIMD4<UInt32>, _ cdgh: inout SIMD4<UInt32>, block: UnsafeRawPointer
    ) {
        let startABEF = abef, startCDGH = cdgh
        // Four registers hold the sixteen most recent message words; each new group of four
        // replaces the oldest.
        var words0 = loadWords(block, byteOffset: 0)
        var words1 = loadWords(block, byteOffset: 16)
        var words2 = loadWords(block, byteOffset: 32)
        var words3 = loadWords(block, byteOffset: 48)
        fourRounds(&abef, &cdgh, words0 &+ roundConstant(0))
        fourRounds(&abef, &cdgh, words1 &+ roundConstant(1))
        fourRounds(&abef, &cdgh, words2 &+ roundConstant(2))
        fourRounds(&abef, &cdgh, words3 &+ roundConstant(3))
        words0 = nextWords(words0, words1, words2, words3)
        fourRounds(&abef, &cdgh, words0 &+ roundConstant(4))
        words1 = nextWords(words1, words2, words3, words0)
        fourRounds(&abef, &cdgh, words1 &+ roundConstant(5))
        words2 = nextWords(words2, words3, words0, words1)
        fourRounds(&abef, &cdgh, words2 &+ roundConstant(6))
        words3 = nextWords(words3, words0, words1, words2)
        fourRounds(&abef, &cdgh, words3 &+ roundConstant(7))
        words0 = nextWords(words0, words1, words2, words3)
        fourRounds(&abef, &cdgh, words0 &+ roundConstant(8))
        words1 = nextWords(words1, words2, words3, words0)
        fourRounds(&abef, &cdgh, words1 &+ roundConstant(9))
        words2 = nextWords(words2, words3, words0, words1)
        fourRounds(&abef, &cdgh, words2 &+ roundConstant(10))
        words3 = nextWords(words3, words0, words1, words2)
        fourRounds(&abef, &cdgh, words3 &+ roundConstant(11))
        words0 = nextWords(words0, words1, words2, words3)
        fourRounds(&abef, &cdgh, words0 &+ roundConstant(12))
        words1 = nextWords(words1, words2, words3, words0)
        fourRounds(&abef, &cdgh, words1 &+ roundConstant(13))
        words2 = nextWords(words2, words3, words0, words1)
        fourRounds(&abef, &cdgh, words2 &+ roundConstant(14))
        words3 = nextWords(words3, words0, words1, words2)
        fourRounds(&abef, &cdgh, words3 &+ roundConstant(15))
        abef &+= startABEF
        cdgh &+= startCDGH
    }

    /// Four rounds with the four sums W + K in `wk`: the low pair, then the high pair.
    @inline(__always)
    private static func fourRounds(
        _ abef: inout SIMD4<UInt32>, _ cdgh: inout SIMD4<UInt32>, _ wk: SIMD4<UInt32>
    ) {
        let afterTwo = sha256rnds2(cdgh, abef, wk)
        // After two rounds the old ABEF is the new CDGH; the instruction reads only the low
        // two dwords of its third operand, so the high pair is moved down.
        let afterFour = sha256rnds2(abef, afterTwo, SIMD4(wk[2], wk[3], wk[2], wk[3]))
        cdgh = afterTwo
        abef = afterFour
    }

    /// W_t…W_t+3 from the previous sixteen words, oldest group first.
    @inline(__always)
    private static func nextWords(
        _ minus16: SIMD4<UInt32>, _ minus12: SIMD4<UInt32>,
        _ minus8: SIMD4<UInt32>, _ minus4: SIMD4<UInt32>
    ) -> SIMD4<UInt32> {
        // W_{t-7+i} for i = 0…3: the top three words of minus8 and the first of minus4.
        let minus7 = SIMD4(minus8[1], minus8[2], minus8[3], minus4[0])
        let partial = as32(_mm_sha256msg1_epu32(as64(minus16), as64(minus12))) &+ minus7
        return as32(_mm_sha256msg2_epu32(as64(partial), as64(minus4)))
    }

    @inline(__always)
    private static func sha256rnds2(
        _ cdgh: SIMD4<UInt32>, _ abef: SIMD4<UInt32>, _ wk: SIMD4<UInt32>
    ) -> SIMD4<UInt32> {
        as32(_mm_sha256rnds2_epu32(as64(cdgh), as64(abef), as64(wk)))
    }

    /// Sixteen message bytes as four big-endian words (lane 0 = the first word).
    @inline(__always)
    private static func loadWords(_ block: UnsafeRawPointer, byteOffset: Int) -> SIMD4<UInt32> {
        let bytes = block.loadUnaligned(fromByteOffset: byteOffset, as: SIMD2<Int64>.self)
        return as32(_mm_shuffle_epi8(bytes, byteSwapMask))
    }

    /// The pshufb mask that reverses the bytes of each dword.
    private static var byteSwapMask: SIMD2<Int64> {
        unsafeBitCast(
            SIMD16<UInt8>(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12),
            to: SIMD2<Int64>.self)
    }

    /// K_4g…K_4g+3 (FIPS 180-4, section 4.2.2). A switch over literals, called with literal
    /// groups, so that each constant is a load from the constant pool: no array access and
    /// no lazily initialised global in the rounds.
    @inline(__always)
    private static func roundConstant(_ group: Int) -> SIMD4<UInt32> {
        switch group {
        case 0: SIMD4(0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5)
        case 1: SIMD4(0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5)
        case 2: SIMD4(0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3)
        case 3: SIMD4(0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174)
        case 4: SIMD4(0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC)
        case 5: SIMD4(0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA)
        case 6: SIMD4(0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7)
        case 7: SIMD4(0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967)
        case 8: SIMD4(0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13)
        case 9: SIMD4(0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85)
        case 10: SIMD4(0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3)
        case 11: SIMD4(0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070)
        case 12: SIMD4(0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5)
        case 13: SIMD4(0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3)
        case 14: SIMD4(0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208)
        default: SIMD4(0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2)
        }
    }

    /// The 64 round constants in order, for a test that compares them with the software
    /// table (which a test in turn derives from the cube roots of the primes).
    public static var roundConstants: [UInt32] {
        (0..<16).flatMap { group in
            let four = roundConstant(group)
            return [four[0], four[1], four[2], four[3]]
        }
    }

    /// The intrinsics take `__m128i`, which Swift sees as two Int64 lanes; the arithmetic
    /// here is on four UInt32 lanes. Both are the same 16 bytes, so the casts cost nothing.
    @inline(__always)
    private static func as64(_ words: SIMD4<UInt32>) -> SIMD2<Int64> {
        unsafeBitCast(words, to: SIMD2<Int64>.self)
    }

    @inline(__always)
    private static func as32(_ register: SIMD2<Int64>) -> SIMD4<UInt32> {
        unsafeBitCast(register, to: SIMD4<UInt32>.self)
    }
}

#else

/// This host has no x86 SHA extensions (or the compiler cannot reach its intrinsics):
/// SHA-256 always runs in software.
public enum HardwareSHA256 {
    public static let isAvailable = false

    public static func compress(
        _ state: inout SIMD8<UInt32>, blocks: UnsafeRawPointer, blockCount: Int
    ) {
        preconditionFailure("HardwareSHA256 is not available on this host")
    }

    public static var roundConstants: [UInt32] { [] }
}

#endif
