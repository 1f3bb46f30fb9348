import Foundation
import Testing
@testable import TierLedger

/// The price war and the market folded on a thread of their own (`SaleFolding`): the replay
/// gives the projections one thread gives, from scratch, from a snapshot and up to a cut; a
/// log some projection refuses is reported as one thread reports it; and a folding that fails
/// says so and takes no more sales.
@Suite struct SaleFoldingTests {
    /// Replays of `directory` with the sales folded apart and on one thread, which must agree.
    static func expectBothWaysAgree(_ directory: LedgerDirectory, cut: ReplayCut, usesSnapshots: Bool,
                                    _ context: String) throws {
        let apart = try directory.replayProjections(cut: cut, validPrefix: false, usesSnapshots: usesSnapshots,
                                                    foldsSalesApart: true)
        let oneThread = try directory.replayProjections(cut: cut, validPrefix: false, usesSnapshots: usesSnapshots,
                                                        foldsSalesApart: false)
        // Compared aside: an expectation on `==` would print both whole states when it fails.
        let same = apart == oneThread
        #expect(same, "\(context): \(ProjectionSnapshotTests.difference(apart, oneThread))")
        #expect(!oneThread.priceWar.report.rows.isEmpty, "\(context): a replay with sales")
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func foldingSalesApartGivesWhatOneThreadGives(seed: UInt64) throws {
        let commands = WorkloadGenerator.workload(seed: seed, count: 400)
        let directory = try ProjectionSnapshotTests.ledger(commands, snapshotAfter: 150)
        try Self.expectBothWaysAgree(directory, cut: .everything, usesSnapshots: false, "seed \(seed), from scratch")
        let last = try directory.replayProjections(cut: .everything, validPrefix: false, usesSnapshots: false)
            .lastSequence
        try Self.expectBothWaysAgree(directory, cut: ReplayCut(untilSequence: last / 2), usesSnapshots: false,
                                     "seed \(seed), up to \(last / 2)")
        // From the snapshot taken after 150 commands: the price war and market it restored go
        // on folding on the other thread.
        var notes: [String] = []
        let resumed = try directory.replayProjections(cut: .everything, validPrefix: false, foldsSalesApart: true) {
            notes.append($0)
        }
        #expect(notes.first?.contains("replaying the rest") == true, "seed \(seed): \(notes)")
        let oneThread = try directory.replayProjections(cut: .everything, validPrefix: false, usesSnapshots: false,
                                                        foldsSalesApart: false)
        let same = resumed == oneThread
        #expect(same, "seed \(seed), resumed: \(ProjectionSnapshotTests.difference(resumed, oneThread))")
    }

    /// A folding that refuses a sale (no valid log makes it: `salesRefusedFrom` does) sends
    /// the replay back to one thread, which gives the projections of the whole log.
    @Test func aRefusedSaleSendsTheReplayBackToOneThread() throws {
        let commands = WorkloadGenerator.workload(seed: 4, count: 300)
        let directory = try ProjectionSnapshotTests.ledger(commands, snapshotAfter: 300)
        let oneThread = try directory.replayProjections(cut: .everything, validPrefix: false, usesSnapshots: false,
                                                        foldsSalesApart: false)
        let refused = try directory.replayProjections(cut: .everything, validPrefix: false, usesSnapshots: false,
                                                      foldsSalesApart: true, salesRefusedFrom: oneThread.lastSequence / 2)
        let same = refused == oneThread
        #expect(same, "\(ProjectionSnapshotTests.difference(refused, oneThread))")
        #expect(!oneThread.priceWar.report.rows.isEmpty)
    }

    /// A sale the price war refuses (more than 2^53 units of a sku in a month): the folding
    /// reports that error, with its event, and refuses the sales after it.
    @Test func aFoldingThatFailsSaysWhereAndTakesNoMore() {
        let folding = SaleFolding(market: MarketProjection(period: .always), priceWar: PriceWarProjection(period: .always))
        let at = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
        func sale(_ sequence: UInt64, quantity: Int64) -> SaleSummary {
            SaleSummary(sku: "SKU-1", seller: "D1", quantity: quantity, unitPrice: 1, gross: quantity,
                        ownMargin: 0, at: at, month: at.monthText, sequence: sequence, eventType: "order.placed")
        }
        #expect(folding.add(sale(1, quantity: 5)))
        _ = folding.add(sale(2, quantity: 1 << 53))
        // Every later sale is refused once the folding thread has met the failure.
        var refused = false
        for sequence in UInt64(3)..<UInt64(3 + 64 * SaleFolding.batchSize) where !folding.add(sale(sequence, quantity: 1)) {
            refused = true
            break
        }
        #expect(refused)
        let folded = folding.finish()
        #expect(folded.failure?.sequence == 2)
        #expect(folded.failure?.message == "order.placed: more than 2^53 units of SKU-1 in one month")
    }
}
