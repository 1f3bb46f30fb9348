import TierLedgerHardware

/// The SHA-256 compression function (FIPS 180-4, sections 4.1.2, 4.2.2 and 6.2.2).
extension SHA256 {
    /// K0…K63: the first 32 bits of the fractional parts of the cube roots of the first 64
    /// primes (FIPS 180-4, section 4.2.2; a test re-derives them from that definition).
    static let roundConstants: [UInt32] = [
        0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5,
        0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
        0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3,
        0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
        0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC,
        0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
        0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7,
        0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
        0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13,
        0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
        0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3,
        0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
        0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5,
        0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
        0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208,
        0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2,
    ]

    /// Compresses `blockCount` consecutive 64-byte blocks starting at `blocks` into `value`,
    /// with the CPU's SHA instructions when the process uses them (`HashImplementation`).
    static func compress(_ value: inout ChainingValue, blocks: UnsafeRawPointer, blockCount: Int) {
        compress(&value, blocks: blocks, blockCount: blockCount, using: HashImplementation.sha256)
    }

    /// Compresses with the given implementation; tests pass `.software` to keep the portable
    /// code tested on a CPU that has the instructions.
    @inline(__always)
    static func compress(
        _ value: inout ChainingValue, blocks: UnsafeRawPointer, blockCount: Int,
        using implementation: HashImplementation
    ) {
        switch implementation {
        case .hardware: compressInHardware(&value, blocks: blocks, blockCount: blockCount)
        case .software: compressInSoftware(&value, blocks: blocks, blockCount: blockCount)
        }
    }

    /// The x86 SHA extensions (TierLedgerHardware), which keep the chaining words as lanes.
    static func compressInHardware(
        _ value: inout ChainingValue, blocks: UnsafeRawPointer, blockCount: Int
    ) {
        var state = SIMD8(
            value.h0, value.h1, value.h2, value.h3, value.h4, value.h5, value.h6, value.h7)
        HardwareSHA256.compress(&state, blocks: blocks, blockCount: blockCount)
        value.h0 = state[0]; value.h1 = state[1]; value.h2 = state[2]; value.h3 = state[3]
        value.h4 = state[4]; value.h5 = state[5]; value.h6 = state[6]; value.h7 = state[7]
    }

    /// The portable compression: the reference the hardware path is tested against, and the
    /// fallback on CPUs (or hosts) without the SHA extensions.
    ///
    /// Speed: the constants and a 64-word schedule are reached through unsafe pointers
    /// (no bounds checks, no copy-on-write checks), the schedule lives on the stack and is
    /// reused for every block, and the working variables stay in registers.
    static func compressInSoftware(
        _ value: inout ChainingValue, blocks: UnsafeRawPointer, blockCount: Int
    ) {
        roundConstants.withUnsafeBufferPointer { constants in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                for blockIndex in 0..<blockCount {
                    let block = blocks + blockIndex * blockByteCount
                    expandSchedule(schedule, block: block, constants: constants)
                    runRounds(&value, schedule: schedule)
                }
            }
        }
    }

    /// Fills `schedule` with W0…W63 + K0…K63 for one block (section 6.2.2, step 1): the round
    /// constant is folded in here so that a round adds one precomputed word.
    @inline(__always)
    private static func expandSchedule(
        _ schedule: UnsafeMutableBufferPointer<UInt32>,
        block: UnsafeRawPointer,
        constants: UnsafeBufferPointer<UInt32>
    ) {
        for index in 0..<16 {
            let word = block.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
            schedule[index] = UInt32(bigEndian: word)
        }
        for index in 16..<64 {
            schedule[index] = smallSigma1(schedule[index - 2]) &+ schedule[index - 7]
                &+ smallSigma0(schedule[index - 15]) &+ schedule[index - 16]
        }
        for index in 0..<64 {
            schedule[index] &+= constants[index]
        }
    }

    /// The 64 rounds for one block and the final addition (section 6.2.2, steps 2–4).
    ///
    /// Unrolled by eight with the working variables' roles rotating through the calls, so no
    /// round spends instructions moving a into b, b into c and so on. `xorBC` carries b XOR c
    /// from round to round for the majority function (see `round`).
    @inline(__always)
    private static func runRounds(
        _ value: inout ChainingValue, schedule: UnsafeMutableBufferPointer<UInt32>
    ) {
        var a = value.h0, b = value.h1, c = value.h2, d = value.h3
        var e = value.h4, f = value.h5, g = value.h6, h = value.h7
        var xorBC = b ^ c
        for index in stride(from: 0, to: 64, by: 8) {
            round(a, b, &d, e, f, g, &h, schedule[index], &xorBC)
            round(h, a, &c, d, e, f, &g, schedule[index + 1], &xorBC)
            round(g, h, &b, c, d, e, &f, schedule[index + 2], &xorBC)
            round(f, g, &a, b, c, d, &e, schedule[index + 3], &xorBC)
            round(e, f, &h, a, b, c, &d, schedule[index + 4], &xorBC)
            round(d, e, &g, h, a, b, &c, schedule[index + 5], &xorBC)
            round(c, d, &f, g, h, a, &b, schedule[index + 6], &xorBC)
            round(b, c, &e, f, g, h, &a, schedule[index + 7], &xorBC)
        }
        value.h0 &+= a
        value.h1 &+= b
        value.h2 &+= c
        value.h3 &+= d
        value.h4 &+= e
        value.h5 &+= f
        value.h6 &+= g
        value.h7 &+= h
    }

    /// One round, written for rotating roles: instead of shifting every variable along, the
    /// round updates the two that change in place. Afterwards `h` holds the new a and `d` the
    /// new e; the next call passes the variables one position further round.
    ///
    /// Maj(a, b, c) is computed as b XOR ((a XOR b) AND (b XOR c)): where a and b agree the
    /// result is b, elsewhere c decides. This round's a XOR b is the next round's b XOR c
    /// (the next b and c are this a and b), so it is handed on in `xorBC` and c is not needed.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ scheduledWord: UInt32, _ xorBC: inout UInt32
    ) {
        let temporary1 = h &+ bigSigma1(e) &+ choose(e, f, g) &+ scheduledWord
        let xorAB = a ^ b
        let temporary2 = bigSigma0(a) &+ (b ^ (xorAB & xorBC))
        xorBC = xorAB
        d &+= temporary1
        h = temporary1 &+ temporary2
    }

    @inline(__always)
    private static func rotateRight(_ word: UInt32, _ count: UInt32) -> UInt32 {
        (word &>> count) | (word &<< (32 &- count))
    }

    /// Ch(x, y, z): each bit of x chooses the bit of y (1) or z (0).
    @inline(__always)
    private static func choose(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        z ^ (x & (y ^ z))
    }

    /// Σ0 (upper case sigma zero), applied to the working variable a.
    @inline(__always)
    private static func bigSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 2) ^ rotateRight(x, 13) ^ rotateRight(x, 22)
    }

    /// Σ1 (upper case sigma one), applied to the working variable e.
    @inline(__always)
    private static func bigSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 6) ^ rotateRight(x, 11) ^ rotateRight(x, 25)
    }

    /// σ0 (lower case sigma zero), used by the message schedule.
    @inline(__always)
    private static func smallSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 7) ^ rotateRight(x, 18) ^ (x &>> 3)
    }

    /// σ1 (lower case sigma one), used by the message schedule.
    @inline(__always)
    private static func smallSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 17) ^ rotateRight(x, 19) ^ (x &>> 10)
    }
}
