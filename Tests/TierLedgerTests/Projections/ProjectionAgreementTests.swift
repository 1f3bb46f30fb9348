import Foundation
import Testing
@testable import TierLedger

/// The projections against the engine's own state: after every command of a seeded workload,
/// the balances and inventory folded from the recorded events equal what the engine holds.
/// Checking every prefix is also what makes `--until-seq` answers right.
@Suite struct ProjectionAgreementTests {
    static var seeds: Range<UInt64> {
        ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 0..<2_000 : 0..<25
    }

    @Test func balancesAndInventoryEqualTheEngineAfterEveryCommand() {
        for seed in Self.seeds {
            var ledger = Ledger(settings: LedgerSettings(), secretKey: ModelAgreementTests.secretKey)
            var projections = LedgerProjections()
            for event in ledger.takeRecorded() { try? projections.apply(event) }
            for (index, command) in WorkloadGenerator.workload(seed: seed).enumerated() {
                _ = ledger.submit(command)
                for event in ledger.takeRecorded() {
                    do throws(ReplayError) {
                        try projections.apply(event)
                    } catch {
                        Issue.record("seed \(seed), command \(index): \(error)")
                        return
                    }
                }
                guard projections.balances.report.csv == ledger.balancesReport.csv,
                      projections.inventory.report.csv == ledger.inventoryReport.csv else {
                    let found = projections.balances.report.csv + projections.inventory.report.csv
                    let expected = ledger.balancesReport.csv + ledger.inventoryReport.csv
                    let message = "seed \(seed), command \(index): projections differ from the engine:\n"
                        + "\(found)\nexpected\n\(expected)"
                    Issue.record(Comment(rawValue: message))
                    return
                }
            }
            #expect(projections.lastSequence == ledger.lastSequence, "seed \(seed)")
        }
    }

    @Test func anEventOutOfPlaceIsAnErrorNotATrap() throws {
        var projections = LedgerProjections()
        let created = Event(sequence: 1, at: nil, body: .ledgerCreated(LedgerSettings(), formatVersion: 1))
        try projections.apply(created)
        let at = Timestamp(millisecondsSinceEpoch: 0)
        let paid = Event(sequence: 2, at: at, body: .orderPaid(order: "O9", late: false, units: [], codes: []))
        #expect(throws: ReplayError.self) { try projections.apply(paid) }
        let skipped = Event(sequence: 5, at: at, body: .supplierRegistered(supplier: "S1", name: "x"))
        #expect(throws: ReplayError.self) { try projections.apply(skipped) }
        let void = Event(sequence: 2, at: at, body: .stockVoided(sku: "K1", batch: "B1", count: .max, reason: "x",
                                                                  units: []))
        #expect(throws: ReplayError.self) { try projections.apply(void) }
    }
}
