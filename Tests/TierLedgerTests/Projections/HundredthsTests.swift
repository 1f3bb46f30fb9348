import Testing
@testable import TierLedger

@Suite struct HundredthsTests {
    @Test func percentagesRoundHalfAwayFromZero() {
        func text(_ part: Int64, _ whole: Int64) -> String? {
            Hundredths.percentage(part, of: whole)?.description
        }
        #expect(text(600, 13_830) == "4.34")  // 4.3384…
        #expect(text(1, 8) == "12.50")  // exactly 12.5
        #expect(text(1, 80_000) == "0.00")  // 0.00125 % → 0.00
        #expect(text(1, 40_000) == "0.00")  // 0.0025 % → 0.00
        #expect(text(1, 20_000) == "0.01")  // 0.005 %: a half, up
        #expect(text(-1, 20_000) == "-0.01")  // a negative half goes away from zero
        #expect(text(-1, 8) == "-12.50")
        #expect(text(-50, 10_000) == "-0.50")
        #expect(text(7, 7) == "100.00")
        #expect(text(0, 5) == "0.00")
        #expect(text(5, 0) == nil, "no sales: empty")
        #expect(text(.max, 1) == "922337203685477580700.00", "128 bits: no overflow")
    }

    @Test func roundingOfQuotients() {
        #expect(Int128(5).dividedRoundingHalfAwayFromZero(by: 2) == 3)
        #expect(Int128(-5).dividedRoundingHalfAwayFromZero(by: 2) == -3)
        #expect(Int128(5).dividedRoundingHalfAwayFromZero(by: -2) == -3)
        #expect(Int128(7).dividedRoundingHalfAwayFromZero(by: 3) == 2)
        #expect(Int128(8).dividedRoundingHalfAwayFromZero(by: 3) == 3)
        #expect(Int128(-7).dividedRoundingHalfAwayFromZero(by: 3) == -2)
        #expect(Int128(0).dividedRoundingHalfAwayFromZero(by: 3) == 0)
        #expect((Hundredths(count: 476) - Hundredths(count: 909)).description == "-4.33")
        #expect(Hundredths(count: -5).description == "-0.05")
    }
}
