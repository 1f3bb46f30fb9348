import Foundation
import Testing
@testable import TierLedger

/// `report statement`: hand-computed lines and balances, periods, cuts, and goldens.
@Suite struct StatementFoldTests {
    /// The example market, D1 (root, override 1000 bps): O1 (D2 sells 2 QQ-100: D1's markup
    /// 2.00×2 = 4.00 + override floor(5.16 × 10 %) = 0.51), O2 (D1 sells 3 STEAM-50 at 2.00),
    /// O3 (1 QQ-100: 2.00 + 0.25), R1 reverses 0.26 of O1's D1 leg, the run releases all three,
    /// P1 pays out 5.00.
    @Test func aDistributorsLinesAndBalancesAreTheHandComputedOnes() throws {
        let statement = try ReportGoldens.exampleMarket().statement(of: .distributor("D1"))
        let lines = statement.lines.map {
            "\($0.sequence) \($0.kind) \($0.reference) \($0.amount) \($0.pending) \($0.available)"
        }
        #expect(lines == [
            "15 sale O1 4.51 4.51 0.00", "16 sale O2 6.00 10.51 0.00", "18 sale O3 2.25 12.76 0.00",
            "22 refund R1 -0.26 12.50 0.00", "23 release O1 4.25 8.25 4.25", "23 release O2 6.00 2.25 10.25",
            "23 release O3 2.25 0.00 12.50", "24 payout P1 -5.00 0.00 7.50",
        ])
        #expect(statement.opening == PartyBalance(pending: .zero, available: .zero))
        #expect(statement.closing == PartyBalance(pending: .zero, available: Money(minorUnits: 750)))
    }

    /// The party scenario's D3: OD3-1 (its leg 5.10 − 0.25 to D2 = 4.85), released; RF3 takes
    /// 0.48 back after release; PY1 pays out 2.00; OD3-2 (1.70 − 0.08) is still pending.
    @Test func aRefundAfterReleaseComesOutOfAvailable() throws {
        let statement = try PartyScenario.ledger().statement(of: .distributor("D3"))
        let lines = statement.lines.map { "\($0.kind) \($0.reference) \($0.amount) \($0.pending) \($0.available)" }
        #expect(lines == ["sale OD3-1 4.85 4.85 0.00", "release OD3-1 4.85 0.00 4.85", "refund RF3 -0.48 0.00 4.37",
                          "payout PY1 -2.00 0.00 2.37", "sale OD3-2 1.62 1.62 2.37"])
        #expect(statement.closing == PartyBalance(pending: Money(minorUnits: 162), available: Money(minorUnits: 237)))
    }

    /// A statement keeps only the orders its party has a leg in and reads on one thread: every
    /// party's statement in the ledgers of `SkimmingLedger.all`, whole, at a cut and
    /// over periods, equals the statement kept beside a catalog of every order on two threads.
    @Test(arguments: SkimmingLedger.all)
    func aStatementKeepingOnlyItsPartysOrdersSaysTheSame(_ source: SkimmingLedger) throws {
        let ledger = try source.ledger()
        let events = try ledger.readEvents()
        var parties: [Party] = []
        for event in events {
            switch event.body {
            case .supplierRegistered(let supplier, _): parties.append(.supplier(supplier))
            case .distributorJoined(let distributor, _, _): parties.append(.distributor(distributor))
            default: break
            }
        }
        let times = events.compactMap(\.at)
        let middle = try #require(times.dropFirst(times.count / 2).first)
        let cuts = [ReplayCut.everything, ReplayCut(untilSequence: UInt64(events.count * 3 / 4))]
        let periods = [Period.always, Period(from: middle), Period(to: middle)]
        #expect(parties.count > 3)
        var lines = 0
        for party in parties {
            for cut in cuts {
                for period in periods {
                    let kept = try? ledger.statement(of: party, cut: cut, period: period, validPrefix: false,
                                                     keepingEveryOrder: false)
                    let every = try? ledger.statement(of: party, cut: cut, period: period, validPrefix: false,
                                                      keepingEveryOrder: true)
                    #expect(kept == every, "\(party) at \(cut) over \(period)")
                    lines += kept?.lines.count ?? 0
                }
            }
        }
        #expect(lines > parties.count)
    }

    /// A supplier's statement has its fee; the fee comes out of available (SPEC §6).
    @Test func aSuppliersStatementHasItsFees() throws {
        let statement = try ReportGoldens.exampleMarket().statement(of: .supplier("S1"))
        #expect(statement.lines.map(\.kind) == ["sale", "sale", "refund", "release", "release", "fee"])
        #expect(statement.lines.last?.amount == Money(minorUnits: -300))
        #expect(statement.closing.available == Money(minorUnits: 22_797))
    }

    /// Opening = the balances after everything before `from`; the lines are the period's; the
    /// closing balances of [from, to) equal the opening balances of a statement from `to`.
    @Test func periodsChainIntoEachOther() throws {
        let ledger = try PartyScenario.ledger()
        let middle = ReportGoldens.time("2026-03-01T08:40:00Z")
        let end = ReportGoldens.time("2026-03-02T10:00:00Z")
        let whole = try ledger.statement(of: .supplier("S2"))
        let first = try ledger.statement(of: .supplier("S2"), period: Period(to: middle))
        let second = try ledger.statement(of: .supplier("S2"), period: Period(from: middle, to: end))
        let third = try ledger.statement(of: .supplier("S2"), period: Period(from: end))
        #expect(first.opening == PartyBalance(pending: .zero, available: .zero))
        #expect(second.opening == first.closing)
        #expect(third.opening == second.closing)
        #expect(third.closing == whole.closing)
        #expect(first.lines + second.lines + third.lines == whole.lines)
        #expect(second.lines.allSatisfy { $0.at >= middle && $0.at < end })
        // S2's fee FE1 (5.00) is after `end`.
        #expect(third.lines.map(\.kind) == ["fee"])
        #expect(second.table.rows.first?[1] == "2026-03-01T08:40:00Z")
        #expect(second.table.rows.last?[1] == "2026-03-02T10:00:00Z")
    }

    /// `--until-seq` and `--as-of` give what a ledger holding only that prefix would say.
    @Test func aCutIsAPrefix() throws {
        let ledger = try ReportGoldens.exampleMarket()
        let cut = try ledger.statement(of: .distributor("D1"), cut: ReplayCut(untilSequence: 22))
        #expect(cut.lines.count == 4)
        #expect(cut.closing == PartyBalance(pending: Money(minorUnits: 1_250), available: .zero))
        let asOf = try ledger.statement(of: .distributor("D1"),
                                        cut: ReplayCut(asOf: ReportGoldens.time("2026-03-01T10:00:00Z")))
        #expect(asOf == cut)
        // D2 joined at seq 11: before it, the ledger has no D2.
        #expect(throws: StoreError(.notInLedger, "no distributor D2 in this ledger at the cut")) {
            try ledger.statement(of: .distributor("D2"), cut: ReplayCut(untilSequence: 10))
        }
    }

    @Test func anUnknownPartyIsAnErrorNotAnEmptyStatement() throws {
        let ledger = try ReportGoldens.exampleMarket()
        #expect(throws: StoreError(.notInLedger, "no supplier D1 in this ledger")) {
            try ledger.statement(of: .supplier("D1"))
        }
        #expect(StoreError(.notInLedger, "").exitStatus == .usage)
        var request = ReportRequest(kind: .statement)
        #expect(throws: StoreError.self) { try ledger.report(request) }
        request.party = .distributor("D2")
        #expect(try ledger.report(request) == ledger.statement(of: .distributor("D2")).table)
    }

    @Test func goldens() throws {
        let ledger = try ReportGoldens.exampleMarket()
        ReportGoldens.assertMatches(try ledger.statement(of: .distributor("D1")).table, "statement-distributor-D1")
        let from = ReportGoldens.time("2026-03-01T09:30:00Z")
        ReportGoldens.assertMatches(try ledger.statement(of: .distributor("D2"), period: Period(from: from)).table,
                                    "statement-distributor-D2-from")
        ReportGoldens.assertMatches(try ledger.statement(of: .supplier("S1")).table, "statement-supplier-S1")
        let day = Period(from: ReportGoldens.time("2026-03-02T00:00:00Z"),
                         to: ReportGoldens.time("2026-03-03T00:00:00Z"))
        ReportGoldens.assertMatches(try ledger.statement(of: .supplier("S1"), period: day).table,
                                    "statement-supplier-S1-from-to")
    }
}
