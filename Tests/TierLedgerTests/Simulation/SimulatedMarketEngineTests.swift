import Testing
@testable import TierLedger

/// A simulated market through the real engine (`SimulatedMarketRun`): every line parses,
/// every rejection and duplicate is one the simulator meant, the engine records exactly the
/// margins the simulator booked, and the margin falls. 6,000 commands in a debug build
/// (see `SimulatedMarketRun.engineEvents`), seeds 1–5 with `TIERLEDGER_LONG=1`.
@Suite struct SimulatedMarketEngineTests {
    @Test func everyLineIsWellFormed() {
        for run in SimulatedMarketRun.runs {
            #expect(run.malformedLines.isEmpty, "seed \(run.seed): lines \(run.malformedLines.prefix(5))")
            #expect(run.accepted + run.duplicates + run.rejected == run.events, "seed \(run.seed)")
        }
    }

    @Test func theEngineAcceptsAlmostEverything() {
        for run in SimulatedMarketRun.runs {
            #expect(run.typeCounts.count >= 20, "seed \(run.seed): \(run.typeCounts.keys.sorted())")
            #expect(run.rejected * 100 < run.events * 5, "seed \(run.seed): \(run.rejections)")
        }
    }

    /// The simulator's model of stock, prices and balances is exact: nothing is rejected
    /// that it did not write to be rejected (sold out, stale prices, floor breaches, late
    /// payments on sold-out stock, payments after a cancel), and its repeated callbacks and
    /// retries are all duplicates.
    @Test func everyRejectionAndDuplicateIsDeliberate() {
        for run in SimulatedMarketRun.runs {
            #expect(run.rejected == run.statistics.intendedRejections, "seed \(run.seed): \(run.rejections)")
            #expect(run.duplicates == run.statistics.intendedDuplicates, "seed \(run.seed)")
            let deliberate: Set<String> = ["out_of_stock", "price_changed", "below_floor",
                                           "reservation_expired_sold_out", "cancelled"]
            #expect(Set(run.rejections.keys).isSubset(of: deliberate), "seed \(run.seed): \(run.rejections)")
        }
    }

    @Test func theEngineRecordsTheMarginsTheSimulatorBooked() {
        for run in SimulatedMarketRun.runs {
            #expect(run.ownMarginByMonth == run.statistics.ownMarginByMonth, "seed \(run.seed)")
            #expect(run.grossByMonth == run.statistics.grossByMonth, "seed \(run.seed)")
        }
    }

    /// The price war: from about 25% in the first three months to about 18% in the last three.
    @Test func theMarketMarginFalls() {
        for run in SimulatedMarketRun.runs {
            let margins = run.marginPercentByMonth
            #expect(margins.firstThreeMean - margins.lastThreeMean >= 4, "seed \(run.seed): \(margins)")
            #expect((22...28).contains(margins.firstThreeMean), "seed \(run.seed): \(margins)")
            #expect((15...21).contains(margins.lastThreeMean), "seed \(run.seed): \(margins)")
        }
    }
}
