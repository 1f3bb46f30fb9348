import Foundation
import Testing
@testable import TierLedger

@Suite struct RefundApportioningTests {
    static let seedCount: UInt64 = ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 20_000 : 500

    @Test func handComputedSplitWithLargestRemainders() {
        // r = [240.00, 12.00, 6.64, 8.58, 2.78], R = 270.00, A = 10.00.
        // floors 888, 44, 24, 31, 10 (= 997); remainders 24000, 12000, 16000, 21000, 8000,
        // so the 3 missing units go to the supplier, D2 and D1.
        let parts = RefundApportioning.apportion(
            amount: Money(minorUnits: 1_000),
            remaining: [24_000, 1_200, 664, 858, 278].map { Money(minorUnits: $0) })
        #expect(parts.map(\.minorUnits) == [889, 44, 25, 32, 10])
    }

    @Test func tiesGoToTheEarlierLeg() {
        // Three equal legs of 1, refund 2: floors 0, 0, 0, remainders all 2: the first two get one.
        let parts = RefundApportioning.apportion(
            amount: Money(minorUnits: 2), remaining: [1, 1, 1].map { Money(minorUnits: $0) })
        #expect(parts.map(\.minorUnits) == [1, 1, 0])
    }

    @Test func partsSumExactlyAndStayWithinTheirLegs() {
        for seed in 0..<Self.seedCount {
            var random = SplitMix64(seed: seed)
            let legs = (0..<random.integer(in: 1...10)).map { _ in
                Money(minorUnits: random.chance(1, in: 5) ? 0 : random.integer(in: 0...1_000_000_000))
            }
            let total = legs.reduce(Int64(0)) { $0 + $1.minorUnits }
            guard total > 0 else { continue }
            let amount = Money(minorUnits: random.integer(in: 1...total))
            let parts = RefundApportioning.apportion(amount: amount, remaining: legs)
            #expect(parts.reduce(Int64(0)) { $0 + $1.minorUnits } == amount.minorUnits, "seed \(seed)")
            for (part, leg) in zip(parts, legs) {
                #expect(part >= .zero && part <= leg, "seed \(seed)")
            }
        }
    }

    @Test func aFullRefundClearsEveryLeg() {
        for seed in 0..<Self.seedCount {
            var random = SplitMix64(seed: seed)
            let legs = (0..<random.integer(in: 1...10)).map { _ in Money(minorUnits: random.integer(in: 0...99_999)) }
            let total = legs.reduce(Int64(0)) { $0 + $1.minorUnits }
            guard total > 0 else { continue }
            #expect(RefundApportioning.apportion(amount: Money(minorUnits: total), remaining: legs) == legs,
                    "seed \(seed)")
        }
    }

    @Test func partialRefundsNeverDriveALegNegative() {
        for seed in 0..<Self.seedCount {
            var random = SplitMix64(seed: seed)
            var legs = (0..<random.integer(in: 2...9)).map { _ in Money(minorUnits: random.integer(in: 0...50_000)) }
            var remaining = legs.reduce(Int64(0)) { $0 + $1.minorUnits }
            var rounds = 0
            while remaining > 0, rounds < 50 {
                let amount = random.chance(1, in: 4) ? remaining : random.integer(in: 1...remaining)
                let parts = RefundApportioning.apportion(amount: Money(minorUnits: amount), remaining: legs)
                legs = zip(legs, parts).map { Money(minorUnits: $0.minorUnits - $1.minorUnits) }
                #expect(legs.allSatisfy { !$0.isNegative }, "seed \(seed) round \(rounds)")
                remaining -= amount
                rounds += 1
            }
            #expect(remaining == 0 || rounds == 50, "seed \(seed)")
        }
    }
}
