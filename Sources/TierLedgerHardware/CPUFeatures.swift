#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel.cpuid

/// What the CPU says it can do, asked once with `cpuid` (Intel SDM volume 2A, CPUID).
///
/// Each flag is a lazily initialised `static let`: the question is asked on first use only,
/// and the answer never changes while the process runs.
///
/// This code runs before any feature is known to be present, and the module is compiled with
/// SSSE3, SHA and CRC32 enabled; it is plain scalar code, which the compiler has no reason to
/// turn into those instructions.
enum CPUFeatures {
    /// Leaf 1, ECX bit 9: SSSE3 (pshufb, used to byte-swap SHA-256 message words).
    static let hasSSSE3 = bit(9, of: .ecx, leaf: 1)
    /// Leaf 1, ECX bit 20: SSE4.2, which brings the `crc32` instruction.
    static let hasSSE42 = bit(20, of: .ecx, leaf: 1)
    /// Leaf 7 subleaf 0, EBX bit 29: the SHA extensions (sha256rnds2, sha256msg1/2).
    static let hasSHA = bit(29, of: .ebx, leaf: 7)

    enum Register { case ebx, ecx }

    /// Whether `bit` of `register` is set for `leaf` (subleaf 0); false when the CPU does not
    /// have that leaf at all (`__get_cpuid_count` checks the highest supported leaf first).
    private static func bit(_ bit: UInt32, of register: Register, leaf: UInt32) -> Bool {
        var eax: UInt32 = 0, ebx: UInt32 = 0, ecx: UInt32 = 0, edx: UInt32 = 0
        guard __get_cpuid_count(leaf, 0, &eax, &ebx, &ecx, &edx) != 0 else { return false }
        let value = register == .ebx ? ebx : ecx
        return (value >> bit) & 1 == 1
    }
}

#endif
