import Foundation
import Testing
@testable import TierLedger

/// `report risk` on the party scenario, whose findings are worked out in its comments.
@Suite struct RiskProjectionTests {
    static let key = FingerprintKey(secret: PartyScenario.key)

    static func findings(_ table: ReportTable) -> [String] {
        table.rows.map { "\($0[0]) \($0[1]) \($0[2])" }
    }

    @Test func theScenariosFindingsWithTheSpecThresholds() throws {
        let table = try PartyScenario.ledger().risk()
        // The whale's fifth order (OW6, seq 30); crate's one order of 20 units (seq 34); by
        // fingerprint, and crate's sorts first under the scenario's key.
        let crate = Self.key.buyer("crate").hex
        let whale = Self.key.buyer("whale").hex
        #expect(crate < whale)
        #expect(Self.findings(table) == [
            "bulk_buyer \(crate) 34", "bulk_buyer \(whale) 30",
            // D4's two K2 orders below the floor; the first is seq 35.
            "floor_breach D4 35",
            // D1: 2 of 20 paid orders refunded at OD1-19 (seq 58): 10 %; 2 of 21 after OD1-20;
            // 3 of 21 after the dispute. Judged at the end, flagged; first held at seq 58.
            "high_refund_rate D1 58",
            // D1 bought OD3-1 (seq 20) from D3, its grandchild.
            "self_dealing D1 20",
        ])
        #expect(table.rows[0][3] == "1 order, 20 units from 2026-03-01T08:28:00Z to 2026-03-01T08:28:00Z")
        #expect(table.rows[2][3]
            == "2 orders rejected below the floor: K2 ×2, lowest unit price 51.50 against floor 52.00")
        #expect(table.rows[3][3] == "3 of 21 paid orders refunded (14.29%)")
        #expect(table.rows[4][3] == "bought 1 order, 3 units, 48.00 in its own chain from D3; first OD3-1")
    }

    @Test func thresholdsAreFlags() throws {
        let ledger = try PartyScenario.ledger()
        var thresholds = RiskThresholds()
        thresholds.bulkOrders = 6
        thresholds.bulkUnits = 21
        thresholds.refundRatePercent = 15
        #expect(Self.findings(try ledger.risk(thresholds)) == ["floor_breach D4 35", "self_dealing D1 20"])
        // With 5 paid orders enough, D1 is flagged at OD1-04 (seq 42): 1 refunded of 5 = 20 %.
        thresholds = RiskThresholds()
        thresholds.refundMinimumOrders = 5
        #expect(Self.findings(try ledger.risk(thresholds)).contains("high_refund_rate D1 42"))
        // A 3-minute window holds at most four of the whale's orders (minutes 20–23).
        thresholds = RiskThresholds()
        thresholds.bulkWindowMinutes = 3
        #expect(!Self.findings(try ledger.risk(thresholds)).contains { $0.contains(Self.key.buyer("whale").hex) })
        thresholds.bulkWindowMinutes = 4
        thresholds.bulkOrders = 4
        #expect(Self.findings(try ledger.risk(thresholds)).contains("bulk_buyer \(Self.key.buyer("whale").hex) 28"))
    }

    /// A window is half-open: orders exactly `window` apart are not in one window.
    @Test func theWindowIsHalfOpen() throws {
        var lines = PartyScenario.setup
        for index in 0..<5 {
            lines.append(PartyScenario.place(10 + Int64(index) * 2, "W\(index)", "D4", "K1", 1, "pat"))
        }
        // Minutes 10, 12, 14, 16, 18: one 10-minute window holds all five.
        let table = try PartyScenario.ledger(lines.joined(separator: "\n") + "\n").risk()
        #expect(Self.findings(table) == ["bulk_buyer \(Self.key.buyer("pat").hex) 24"])
        var spread = PartyScenario.setup
        for index in 0..<5 {
            spread.append(PartyScenario.place(10 + Int64(index) * 2 + (index == 4 ? 2 : 0), "W\(index)", "D4", "K1", 1,
                                              "pat"))
        }
        // Minutes 10, 12, 14, 16, 20: the fifth is exactly 10 minutes after the first.
        #expect(try PartyScenario.ledger(spread.joined(separator: "\n") + "\n").risk().rows.isEmpty)
    }

    /// The shared projections (standard thresholds) and a fold of its own give the same table,
    /// at every cut.
    @Test func theSharedProjectionAndTheOwnFoldAgree() throws {
        let events = PartyScenario.events()
        for count in stride(from: 1, through: events.count, by: 7) + [events.count] {
            var projections = LedgerProjections()
            for event in events.prefix(count) { try projections.apply(event) }
            let own = try CatalogReplay.run(RiskProjection(), over: events.prefix(count))
            let shared = try projections.risk.report(orders: projections.orders, fingerprints: Self.key)
            #expect(shared == (try own.fold.report(orders: own.orders, fingerprints: Self.key)), "\(count) events")
            #expect(projections.risk == own.fold)
        }
    }

    /// Windows that can no longer grow are dropped: after the scenario's last event (a day
    /// later), only the last buyer's window is held; the findings stay.
    @Test func oldWindowsAreDropped() throws {
        let replay = try CatalogReplay.run(RiskProjection(), over: PartyScenario.events())
        #expect(replay.fold.windows.keys.sorted() == [Self.key.buyer("gina")])
        #expect(replay.fold.bulkBuyers.count == 2)
    }

    @Test func theReportKindUsesItsThresholds() throws {
        let ledger = try PartyScenario.ledger()
        var request = ReportRequest(kind: .risk)
        #expect(try ledger.report(request) == ledger.risk())
        request.riskThresholds.refundRatePercent = 15
        request.cut = ReplayCut(untilSequence: 40)
        #expect(try ledger.report(request) == ledger.risk(request.riskThresholds, cut: request.cut))
        #expect(Self.findings(try ledger.report(request)) == [
            "bulk_buyer \(Self.key.buyer("crate").hex) 34", "bulk_buyer \(Self.key.buyer("whale").hex) 30",
            "floor_breach D4 35", "self_dealing D1 20",
        ])
    }

    /// Risk's refund rates use the reports' one percentage (`Hundredths`), half up.
    @Test func percentagesRoundHalfUp() {
        #expect(Self.percentage(3, of: 21) == "14.29")
        #expect(Self.percentage(1, of: 8) == "12.50")
        #expect(Self.percentage(1, of: 1_600) == "0.06")  // 0.0625 → 0.06
        #expect(Self.percentage(1, of: 400) == "0.25")
        #expect(Self.percentage(1, of: 3) == "33.33")
        #expect(Self.percentage(2, of: 3) == "66.67")
    }

    static func percentage(_ part: Int64, of whole: Int64) -> String? {
        Hundredths.percentage(part, of: whole)?.description
    }

    @Test func goldens() throws {
        ReportGoldens.assertMatches(try PartyScenario.ledger().risk(), "risk")
    }
}
