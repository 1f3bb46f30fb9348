import Testing
@testable import TierLedger

@Suite struct PresenceMaskTests {
    /// Each bit says only whether its own field holds a value, at any value, zero and the
    /// extremes included (zero is also what an absent field stores).
    @Test func eachBitTracksItsOwnField() {
        var mask = PresenceMask()
        var stored = [Int64](repeating: 0, count: 8)
        let bits = (0..<8).map { UInt8(1) << UInt8($0) }
        for (field, value) in [Int64.min, -1, 0, 1, Int64.max, 0, 7, 0].enumerated() {
            stored[field] = mask.store(value, bits[field])
        }
        #expect((0..<8).map { mask.value(stored[$0], bits[$0]) } == [Int64.min, -1, 0, 1, Int64.max, 0, 7, 0])
        stored[2] = mask.store(nil as Int64?, bits[2])
        stored[5] = mask.store(nil as Int64?, bits[5])
        #expect(stored[2] == 0 && mask.value(stored[2], bits[2]) == nil && mask.value(stored[5], bits[5]) == nil)
        #expect(mask.value(stored[4], bits[4]) == Int64.max && mask.value(stored[6], bits[6]) == 7)
        #expect(mask.value(stored[3], bits[3]) == 1 && mask.value(stored[0], bits[0]) == Int64.min)
        #expect(MemoryLayout<PresenceMask>.size == 1)
    }

    /// A flag in a spare bit is set and cleared without touching the fields' bits.
    @Test func aFlagSharesTheMaskWithoutDisturbingFields() {
        var mask = PresenceMask()
        let stored = mask.store(Int64(5), 1)
        #expect(!mask.contains(64))
        mask.set(64, to: true)
        #expect(mask.contains(64) && mask.value(stored, 1) == 5 && mask.value(Int64(0), 2) == nil)
        mask.set(64, to: false)
        #expect(!mask.contains(64) && mask.value(stored, 1) == 5)
        _ = mask.store(nil as Int64?, 1)
        mask.set(64, to: true)
        #expect(mask.contains(64) && mask.value(stored, 1) == nil)
    }
}
