import TierLedgerHardware

/// SHA-256 (FIPS 180-4, section 6.2), computed incrementally.
///
/// Feed bytes with any number of `update` calls, then call `finalize()` once; the digest depends
/// only on the concatenation of the updates, never on how the input was split.
///
/// Invariants:
/// - `pendingByteCount` is in `0..<64`: a full block is compressed as soon as it is complete, so
///   only the tail of the input waits in `pending`.
/// - `totalByteCount` counts every byte given to `update` (FIPS 180-4 limits a message to
///   fewer than 2^64 bits, 2 EiB, far beyond any ledger file; past that the count wraps).
/// - Speed: whole blocks are compressed straight from the caller's memory; only a partial block
///   is copied, into fixed inline storage, so hashing never allocates on the heap.
/// - `implementation` is fixed when the hasher is made (the process's choice, see
///   `HashImplementation`), so each compression dispatches on a stored value.
public struct SHA256: Sendable {
    /// The size of one input block in bytes.
    static let blockByteCount = 64

    /// The eight 32-bit chaining words H0…H7 (FIPS 180-4, section 5.3.3 for the initial value).
    struct ChainingValue: Sendable, Equatable {
        var h0: UInt32 = 0x6A09_E667
        var h1: UInt32 = 0xBB67_AE85
        var h2: UInt32 = 0x3C6E_F372
        var h3: UInt32 = 0xA54F_F53A
        var h4: UInt32 = 0x510E_527F
        var h5: UInt32 = 0x9B05_688C
        var h6: UInt32 = 0x1F83_D9AB
        var h7: UInt32 = 0x5BE0_CD19

        /// Calls `body` with the 32 bytes H0…H7, each big-endian: the digest's byte order.
        func withBigEndianBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
            let words = (
                h0.bigEndian, h1.bigEndian, h2.bigEndian, h3.bigEndian,
                h4.bigEndian, h5.bigEndian, h6.bigEndian, h7.bigEndian
            )
            return withUnsafeBytes(of: words, body)
        }
    }

    /// Inline storage for one 64-byte block (a tuple, so it lives inside the struct).
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The chaining value after every complete block so far.
    var chainingValue: ChainingValue
    /// The bytes of the incomplete block; only the first `pendingByteCount` are meaningful.
    var pending: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    var pendingByteCount = 0
    var totalByteCount: UInt64
    /// Which code compresses blocks: the CPU's SHA instructions or the portable Swift code.
    let implementation: HashImplementation

    /// A fresh hash of the empty message.
    public init() {
        chainingValue = ChainingValue()
        totalByteCount = 0
        implementation = HashImplementation.sha256
    }

    /// A fresh hash that compresses with `implementation`; tests use it to run the software
    /// path on a CPU with the SHA extensions, and the hardware path explicitly.
    init(implementation: HashImplementation) {
        precondition(
            implementation == .software || HardwareSHA256.isAvailable,
            "SHA-256 hardware path requested on a CPU without the SHA extensions")
        self.init(chainingValue: ChainingValue(), byteCount: 0, implementation: implementation)
    }

    /// Resumes a hash whose first `byteCount` bytes (a whole number of blocks) left
    /// `chainingValue`; HMAC uses this to start from its precomputed padded-key states.
    init(
        chainingValue: ChainingValue, byteCount: UInt64,
        implementation: HashImplementation = HashImplementation.sha256
    ) {
        precondition(byteCount % UInt64(Self.blockByteCount) == 0, "resume on a block boundary")
        self.chainingValue = chainingValue
        totalByteCount = byteCount
        self.implementation = implementation
    }

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Appends the bytes of an array.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Appends the UTF-8 encoding of `text` (no terminator, no length prefix).
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `bytes`, which are only read during the call.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        totalByteCount &+= UInt64(bytes.count)
        var offset = 0
        if pendingByteCount > 0 {
            let takenCount = min(Self.blockByteCount - pendingByteCount, bytes.count)
            let start = pendingByteCount
            withUnsafeMutableBytes(of: &pending) { pending in
                UnsafeMutableRawBufferPointer(rebasing: pending[start..<(start + takenCount)])
                    .copyMemory(from: UnsafeRawBufferPointer(start: base, count: takenCount))
            }
            pendingByteCount += takenCount
            offset = takenCount
            guard pendingByteCount == Self.blockByteCount else { return }
            compressPending()
            pendingByteCount = 0
        }
        let wholeBlockCount = (bytes.count - offset) / Self.blockByteCount
        if wholeBlockCount > 0 {
            Self.compress(
                &chainingValue, blocks: base + offset, blockCount: wholeBlockCount,
                using: implementation)
            offset += wholeBlockCount * Self.blockByteCount
        }
        let remainingCount = bytes.count - offset
        if remainingCount > 0 {
            withUnsafeMutableBytes(of: &pending) { pending in
                pending.copyMemory(
                    from: UnsafeRawBufferPointer(start: base + offset, count: remainingCount))
            }
            pendingByteCount = remainingCount
        }
    }

    /// Pads the message (FIPS 180-4, section 5.1.1) and returns its digest.
    public consuming func finalize() -> SHA256Digest {
        SHA256Digest(chainingValue: finishChainingValue())
    }

    /// Pads the message and returns the final chaining value, without building the digest's
    /// array (HMAC and fingerprints read the words directly). The hasher is spent afterwards:
    /// callers work on a copy they then drop, as `finalize()` does by consuming.
    mutating func finishChainingValue() -> ChainingValue {
        let bitCount = totalByteCount &* 8
        let markerIndex = pendingByteCount
        withUnsafeMutableBytes(of: &pending) { pending in
            pending[markerIndex] = 0x80
            for index in (markerIndex + 1)..<Self.blockByteCount { pending[index] = 0 }
        }
        // The 64-bit bit count needs the block's last 8 bytes; when the marker left fewer than
        // 8 free (56 or more bytes were pending), the count goes in an extra block of zeros.
        if markerIndex >= Self.blockByteCount - 8 {
            compressPending()
            pending = (0, 0, 0, 0, 0, 0, 0, 0)
        }
        withUnsafeMutableBytes(of: &pending) { pending in
            pending.storeBytes(
                of: bitCount.bigEndian, toByteOffset: Self.blockByteCount - 8, as: UInt64.self)
        }
        compressPending()
        pendingByteCount = 0
        return chainingValue
    }

    /// Compresses the 64 bytes in `pending` into the chaining value.
    private mutating func compressPending() {
        let block = pending
        let implementation = implementation
        withUnsafeBytes(of: block) { block in
            guard let base = block.baseAddress else { return }
            Self.compress(&chainingValue, blocks: base, blockCount: 1, using: implementation)
        }
    }
}
