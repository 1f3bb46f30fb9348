import TierLedgerHardware

/// An open-addressing hash index from values to their handles, where a handle is the value's
/// position in an array the caller keeps (values numbered in order of first use).
///
/// Why not `[Value: Int]`: the standard dictionary seeds and finalizes a SipHash for every
/// lookup, keeps a second copy of every key, and rehashes every key when it grows; on the log
/// writer's path that was a fifth of the time. Here a slot holds the value's 32-bit hash tag
/// and its handle (8 bytes), a lookup compares tags before it compares values, and growing
/// moves slots without hashing anything again. The hashes (`StableHash`) are fixed functions
/// of the bytes, not seeded per process; nothing here is ever iterated into output.
///
/// Invariants: the slot count is a power of two (at most 2^32) and at most 7/8 full, so every
/// probe ends at an empty slot; each handle appears in exactly one slot.
struct HandleIndex: Sendable {
    /// `UInt64.max` = empty; otherwise `tag << 32 | handle`.
    private var slots: [UInt64]
    private(set) var count = 0

    private static let empty = UInt64.max

    init(minimumCapacity: Int = 16) {
        var slotCount = 16
        while slotCount * 7 < minimumCapacity * 8 { slotCount *= 2 }
        slots = [UInt64](repeating: Self.empty, count: slotCount)
    }

    /// The handle whose value has `hash` and satisfies `matches`, if any.
    @inline(__always)
    func find(hash: UInt64, matches: (Int) -> Bool) -> Int? {
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(tag) & mask
            while true {
                let slot = slots[index]
                if slot == Self.empty { return nil }
                if UInt32(truncatingIfNeeded: slot >> 32) == tag {
                    let handle = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF)
                    if matches(handle) { return handle }
                }
                index = (index + 1) & mask
            }
        }
    }

    /// Asks for the slot where a lookup of `hash` starts to be brought into the cache.
    @inline(__always)
    func prefetch(hash: UInt64) {
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        slots.withUnsafeBufferPointer { slots in
            guard let base = slots.baseAddress else { return }
            Prefetch.read(base + (Int(tag) & (slots.count - 1)))
        }
    }

    /// The first handle whose slot has the tag of `hash`, values not compared: the entry a
    /// lookup of `hash` most likely compares, for a caller that prefetches it.
    @inline(__always)
    func firstCandidate(hash: UInt64) -> Int? {
        find(hash: hash) { _ in true }
    }

    /// Adds `handle` for a value with `hash`; the value must not be indexed yet.
    mutating func insert(hash: UInt64, handle: Int) {
        precondition(handle >= 0 && handle < Int(UInt32.max), "handle \(handle) out of range")
        if (count + 1) * 8 > slots.count * 7 { grow() }
        place((hash & 0xFFFF_FFFF_0000_0000) | UInt64(handle))
        count += 1
    }

    /// Puts a slot at the first empty position from its home, which its tag alone decides
    /// (the tag is the upper half of a well-mixed hash), so growing needs no value.
    private mutating func place(_ slot: UInt64) {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: slot >> 32) & mask
            while slots[index] != Self.empty { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: Self.empty, count: old.count * 2)
        for slot in old where slot != Self.empty { place(slot) }
    }
}

extension Array where Element: StablyHashable {
    /// The index of the first element equal to an earlier one, if any: the check that ids or
    /// codes are not repeated, without building a `Set` (a seeded SipHash per element).
    func firstRepeatedIndex() -> Int? {
        var seen = HandleIndex(minimumCapacity: count)
        return withUnsafeBufferPointer { elements in
            for index in elements.indices {
                let hash = elements[index].stableHash
                if seen.find(hash: hash, matches: { elements[$0] == elements[index] }) != nil { return index }
                seen.insert(hash: hash, handle: index)
            }
            return nil
        }
    }
}

/// Fixed (unseeded) 64-bit hashes of the values the log interns, with good mixing in the upper
/// half (which `HandleIndex` uses as its tag).
enum StableHash {
    /// Mixes one 64-bit word into a running hash (multiply and rotate, then a final mix).
    @inline(__always)
    static func combine(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        ((hash ^ word) &* 0x9E37_79B9_7F4A_7C15).rotatedLeft(by: 29) &+ 0x632B_E59B_D9B4_E019
    }

    /// The final avalanche (from MurmurHash3's fmix64), so that every input bit reaches the tag.
    @inline(__always)
    static func finish(_ hash: UInt64) -> UInt64 {
        var mixed = hash
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return mixed
    }

    /// The hash of a string's UTF-8 bytes. Read in place where the string has them contiguous
    /// (every native string, small or not), without the mutable copy `withUTF8` needs: a
    /// quarter less time a hash (16.8 against 23.0 ns on ids of 4–25 bytes), and the state's
    /// lookups hash about a dozen ids an event.
    static func of(_ string: String) -> UInt64 {
        if let hash = string.utf8.withContiguousStorageIfAvailable({ of(bytes: UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        var string = string
        return string.withUTF8 { of(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The hash of bytes, eight at a time, each word little-endian (its first byte lowest, as
    /// the tail's, so the hash is the same on any machine); the last 0–7 bytes are one more
    /// word, the first of them lowest (read as four, two and one bytes: a loop over them was about a third of
    /// hashing a short id).
    @inline(__always)
    static func of(bytes raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash = UInt64(raw.count)
        var offset = 0
        while offset + 8 <= raw.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            hash = combine(hash, word)
            offset += 8
        }
        let left = raw.count - offset
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        if left & 4 != 0 {
            tail = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            offset += 4
            shift = 32
        }
        if left & 2 != 0 {
            tail |= UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))) << shift
            offset += 2
            shift += 16
        }
        if left & 1 != 0 {
            tail |= UInt64(raw[offset]) << shift
        }
        return finish(combine(hash, tail))
    }
}

extension UInt64 {
    @inline(__always)
    func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
