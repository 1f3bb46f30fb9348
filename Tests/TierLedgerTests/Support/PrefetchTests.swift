import Testing
import TierLedgerHardware

/// `Prefetch` is a hint: it changes no memory it points at, whether the hint is to read or to
/// write (a store in its place would show here).
struct PrefetchTests {
    @Test func aHintChangesNothingItPointsAt() {
        let original = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let bytes = original
        bytes.withUnsafeBytes { raw in
            for offset in 0..<raw.count {
                Prefetch.read(raw.baseAddress! + offset)
                Prefetch.write(raw.baseAddress! + offset)
            }
        }
        #expect(bytes == original)
    }
}
