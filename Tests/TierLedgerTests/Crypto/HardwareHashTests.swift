import Foundation
import Testing
@testable import TierLedger
import TierLedgerHardware

/// The hardware SHA-256 and CRC-32C (TierLedgerHardware) against the portable software code,
/// which stays the reference: the same digests and checksums on random inputs of every length,
/// split at random points, and the published vectors through each path by name.
///
/// Tests that need the instructions are disabled, with the reason shown, on a CPU without them;
/// the software path is called directly, so it stays tested on a CPU that has them.
struct HardwareHashTests {
    static let shaReason: Comment =
        "this CPU (or host) has no x86 SHA extensions: only the software SHA-256 is tested"
    static let crcReason: Comment =
        "this CPU (or host) has no SSE4.2 crc32: only the software CRC-32C is tested"

    /// `count` bytes from a seeded generator.
    static func randomBytes(_ count: Int, _ random: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    /// A hash of `message` fed in pieces of random lengths (some empty) by `implementation`.
    static func streamedDigest(
        _ message: [UInt8], pieceMax: Int64, _ random: inout SplitMix64,
        implementation: HashImplementation
    ) -> SHA256Digest {
        var hasher = SHA256(implementation: implementation)
        var offset = 0
        while offset < message.count {
            let end = min(message.count, offset + Int(random.integer(in: 0...pieceMax)))
            message[offset..<end].withUnsafeBytes { hasher.update($0) }
            offset = end
        }
        return hasher.finalize()
    }

    static func digest(_ message: [UInt8], _ implementation: HashImplementation) -> SHA256Digest {
        var hasher = SHA256(implementation: implementation)
        hasher.update(message)
        return hasher.finalize()
    }

    // MARK: SHA-256

    /// The message lengths tested: every length up to 300 (every padding case, one to five
    /// blocks), then a few long ones that run many blocks per hardware call.
    static let messageLengths = Array(0...300) + [1_000, 4_096, 4_159, 65_536, 100_003]

    @Test(.enabled(if: HardwareSHA256.isAvailable, shaReason))
    func sha256HardwareMatchesSoftwareAtEveryLength() {
        for length in Self.messageLengths {
            var random = SplitMix64(seed: UInt64(length))
            let message = Self.randomBytes(length, &random)
            #expect(Self.digest(message, .hardware) == Self.digest(message, .software),
                    "length \(length)")
        }
    }

    @Test(.enabled(if: HardwareSHA256.isAvailable, shaReason))
    func sha256StreamedHardwareMatchesSoftware() {
        for seed in UInt64(0)..<300 {
            var random = SplitMix64(seed: seed)
            let long = seed % 50 == 0
            let count = Int(random.integer(in: 0...(long ? 20_000 : 700)))
            let message = Self.randomBytes(count, &random)
            let oneShot = Self.digest(message, .software)
            let hardware = Self.streamedDigest(
                message, pieceMax: long ? 3_000 : 150, &random, implementation: .hardware)
            let software = Self.streamedDigest(
                message, pieceMax: long ? 3_000 : 150, &random, implementation: .software)
            #expect(hardware == oneShot, "seed \(seed)")
            #expect(software == oneShot, "seed \(seed)")
        }
    }

    /// The compression function itself from arbitrary chaining values (not only H0 of FIPS
    /// 180-4), as HMAC's precomputed pad states and snapshot resumption use it.
    @Test(.enabled(if: HardwareSHA256.isAvailable, shaReason))
    func sha256CompressionMatchesFromAnyChainingValue() {
        for seed in UInt64(0)..<200 {
            var random = SplitMix64(seed: seed)
            var start = SHA256.ChainingValue()
            start.h0 = UInt32(truncatingIfNeeded: random.next())
            start.h3 = UInt32(truncatingIfNeeded: random.next())
            start.h4 = UInt32(truncatingIfNeeded: random.next())
            start.h7 = UInt32(truncatingIfNeeded: random.next())
            let blockCount = Int(random.integer(in: 0...9))
            // One spare block, so that the buffer has an address even for zero blocks.
            let blocks = Self.randomBytes((blockCount + 1) * SHA256.blockByteCount, &random)
            var hardware = start, software = start
            blocks.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                SHA256.compressInHardware(&hardware, blocks: base, blockCount: blockCount)
                SHA256.compressInSoftware(&software, blocks: base, blockCount: blockCount)
            }
            #expect(hardware == software, "seed \(seed)")
            #expect(blockCount == 0 ? hardware == start : hardware != start, "seed \(seed)")
        }
    }

    /// FIPS 180-4 / NIST examples and the million a's through the software path by name.
    @Test func sha256KnownAnswersInSoftware() {
        Self.checkSHA256KnownAnswers(.software)
    }

    @Test(.enabled(if: HardwareSHA256.isAvailable, shaReason))
    func sha256KnownAnswersInHardware() {
        Self.checkSHA256KnownAnswers(.hardware)
    }

    static func checkSHA256KnownAnswers(_ implementation: HashImplementation) {
        for vector in SHA256Tests.vectors {
            #expect(Self.digest(Array(vector.message.utf8), implementation).hex
                    == vector.digestHex, "\(vector.testDescription)")
        }
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Self.digest(million, implementation).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Both tables come from FIPS 180-4; the software one is derived from the primes in
    /// SHA256Tests, so the hardware one is checked against it.
    @Test(.enabled(if: HardwareSHA256.isAvailable, shaReason))
    func sha256HardwareRoundConstantsAreTheStandardOnes() {
        #expect(HardwareSHA256.roundConstants == SHA256.roundConstants)
    }

    // MARK: CRC-32C

    @Test(.enabled(if: HardwareCRC32C.isAvailable, crcReason))
    func crc32cHardwareMatchesSoftwareAtEveryLength() {
        for length in Self.messageLengths {
            var random = SplitMix64(seed: UInt64(length))
            // Eight spare bytes so every start alignment of the 8-byte loads is tried.
            let bytes = Self.randomBytes(length + 8, &random)
            let start = Int(random.integer(in: 0...7))
            let previous = random.chance(1, in: 4) ? 0 : UInt32(truncatingIfNeeded: random.next())
            bytes.withUnsafeBytes { all in
                let piece = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                let hardware = HardwareCRC32C.checksum(piece, continuing: previous)
                let software = CRC32C.softwareChecksum(piece, continuing: previous)
                #expect(hardware == software, "length \(length), start \(start)")
            }
        }
    }

    /// A checksum continued across random splits, alternating the two paths piece by piece,
    /// equals each path's one-shot checksum: their conventions (invert on entry and on exit)
    /// agree.
    @Test(.enabled(if: HardwareCRC32C.isAvailable, crcReason))
    func crc32cContinuingAcrossPathsMatches() {
        for seed in UInt64(0)..<300 {
            var random = SplitMix64(seed: seed)
            let message = Self.randomBytes(Int(random.integer(in: 0...2_000)), &random)
            message.withUnsafeBytes { bytes in
                let expected = CRC32C.softwareChecksum(bytes)
                #expect(HardwareCRC32C.checksum(bytes) == expected, "seed \(seed)")
                var checksum: UInt32 = 0
                var offset = 0, pieceIndex = 0
                while offset < bytes.count {
                    let end = min(bytes.count, offset + Int(random.integer(in: 0...100)))
                    let piece = UnsafeRawBufferPointer(rebasing: bytes[offset..<end])
                    checksum = pieceIndex % 2 == 0
                        ? HardwareCRC32C.checksum(piece, continuing: checksum)
                        : CRC32C.softwareChecksum(piece, continuing: checksum)
                    offset = end
                    pieceIndex += 1
                }
                #expect(checksum == expected, "seed \(seed)")
            }
        }
    }

    @Test(.enabled(if: HardwareCRC32C.isAvailable, crcReason))
    func crc32cHardwareKeepsThePreviousValueOnEmptyInput() {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        #expect(HardwareCRC32C.checksum(empty, continuing: 0x1234_5678) == 0x1234_5678)
        #expect(HardwareCRC32C.checksum(empty) == 0)
    }

    /// RFC 3720's examples and the check value through the software path by name.
    @Test func crc32cKnownAnswersInSoftware() {
        Self.checkCRC32CKnownAnswers(.software)
    }

    @Test(.enabled(if: HardwareCRC32C.isAvailable, crcReason))
    func crc32cKnownAnswersInHardware() {
        Self.checkCRC32CKnownAnswers(.hardware)
    }

    static func checkCRC32CKnownAnswers(_ implementation: HashImplementation) {
        let vectors: [([UInt8], UInt32)] = [
            ([UInt8](repeating: 0x00, count: 32), 0x8A91_36AA),
            ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
            (Array(0x00...0x1F), 0x46DD_794E),
            (Array((0x00...0x1F).reversed()), 0x113F_DB5C),
            (Array("123456789".utf8), 0xE306_9283),
        ]
        for (bytes, expected) in vectors {
            let checksum = bytes.withUnsafeBytes { bytes in
                implementation == .hardware
                    ? HardwareCRC32C.checksum(bytes) : CRC32C.softwareChecksum(bytes)
            }
            #expect(checksum == expected, "\(bytes.count) bytes, expected \(expected)")
        }
    }

    // MARK: Choice of path

    /// The active paths are the hardware ones exactly when the CPU has the instructions and
    /// the environment does not force software.
    @Test func activePathFollowsTheCPUAndTheEnvironment() {
        let forced = HashImplementation.softwareForced
        #expect(HashImplementation.sha256
                == (HardwareSHA256.isAvailable && !forced ? .hardware : .software))
        #expect(HashImplementation.crc32c
                == (HardwareCRC32C.isAvailable && !forced ? .hardware : .software))
        #expect(SHA256().implementation == HashImplementation.sha256)
    }

    @Test(arguments: [
        (nil, false), ("", false), ("0", false), ("1", true), ("yes", true), ("true", true),
    ] as [(String?, Bool)])
    func softwareVariableValues(_ value: String?, forces: Bool) {
        #expect(HashImplementation.forcesSoftware(variableValue: value) == forces)
    }

    static let isLinuxOnX86: Bool = {
        #if arch(x86_64) && os(Linux)
        return true
        #else
        return false
        #endif
    }()

    /// cpuid agrees with the kernel's view of the CPU (the `flags` line of /proc/cpuinfo).
    @Test(.enabled(if: isLinuxOnX86, "the flags line of /proc/cpuinfo exists on Linux x86_64 only"))
    func detectionAgreesWithProcCPUInfo() throws {
        let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flagsLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("flags") })
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        #expect(HardwareSHA256.isAvailable == (flags.contains("sha_ni") && flags.contains("ssse3")))
        #expect(HardwareCRC32C.isAvailable == (flags.contains("sse4_2") && flags.contains("ssse3")))
    }
}
