import Testing
@testable import TierLedger

/// Hand-computed scenarios for the engine; the reference-model agreement covers the rest.
@Suite struct LedgerScenarioTests {
    static let start = Timestamp(millisecondsSinceEpoch: 1_772_352_000_000)  // 2026-03-01T08:00:00Z

    static func at(_ minutes: Int64) -> Timestamp { start.adding(seconds: minutes * 60) }
    static func money(_ text: String) -> Money {
        guard let value = Money.parseSigned(text) else { preconditionFailure(text) }
        return value
    }

    /// Supplier S1 lists K1 at 80.00; the platform marks up 5%; D1 (fixed 2.00, override 10%)
    /// → D2 (K1 +2.5%, override 50%) → D3 (price 90.00).
    static func threeTierLedger() -> Ledger {
        var ledger = Ledger(settings: LedgerSettings(), secretKey: Array(repeating: 7, count: 32))
        let setup: [Command.Action] = [
            .registerSupplier(supplier: "S1", name: "Supplier"),
            .listProduct(ProductListing(sku: "K1", supplier: "S1", name: "Card", face: money("100.00"),
                                        cost: money("80.00"), refundHours: nil)),
            .addStock(sku: "K1", batch: "B1", units: .codes(["c1", "c2", "c3", "c4"])),
            .addStock(sku: "K1", batch: "B2", units: .count(10)),
            .setPlatformMarkup(sku: "*", rule: .bps(500)),
            .joinDistributor(distributor: "D1", name: "One", parent: nil),
            .joinDistributor(distributor: "D2", name: "Two", parent: "D1"),
            .joinDistributor(distributor: "D3", name: "Three", parent: "D2"),
            .setDistributorMarkup(distributor: "D1", sku: "*", rule: .fixed(money("2.00"))),
            .setDistributorMarkup(distributor: "D2", sku: "K1", rule: .bps(250)),
            .setDistributorMarkup(distributor: "D3", sku: "*", rule: .price(money("90.00"))),
            .setOverride(distributor: "D1", bps: 1_000),
            .setOverride(distributor: "D2", bps: 5_000),
        ]
        for action in setup {
            guard case .accepted = ledger.submit(Command(at: at(0), action: action)) else {
                preconditionFailure("setup rejected: \(action)")
            }
        }
        return ledger
    }

    static func order(_ id: String, qty: Int64 = 3) -> OrderRequest {
        OrderRequest(order: id, distributor: "D3", sku: "K1", quantity: qty, buyer: "buyer-1",
                     expectUnitPrice: nil)
    }

    @Test func pricesAlongTheChainWithOverrides() throws {
        var ledger = Self.threeTierLedger()
        let outcome = ledger.submit(Command(at: Self.at(1), action: .placeOrder(Self.order("O1"))))
        #expect(outcome == .accepted(sequence: 15))
        let order = try #require(ledger.summary.orders["O1"])
        // p0 = 80.00 + half_up(80.00, 5%) = 84.00; p1 = 86.00; p2 = 86.00 + 2.15 = 88.15; p3 = 90.00.
        // Legs ×3: supplier 240.00, platform 12.00, D1 6.00 + o2, D2 6.45 − o2 + o3, D3 5.55 − o3,
        // o2 = floor(6.45 × 10%) = 0.64, o3 = floor(5.55 × 50%) = 2.77.
        #expect(order.unitPrice == Self.money("90.00"))
        #expect(order.gross == Self.money("270.00"))
        #expect(order.legs == ["240.00", "12.00", "6.64", "8.58", "2.78"].map(Self.money))
        #expect(ledger.summary.balances == ["assets:gateway": Self.money("270.00"),
                                            "liabilities:escrow": Self.money("-270.00")])
        #expect(ledger.summary.inventory["K1"] == InventoryCounts(added: 14, available: 11, delivered: 3))
    }

    @Test func refundBeforeReleaseSplitsByLargestRemainder() {
        var ledger = Self.threeTierLedger()
        _ = ledger.submit(Command(at: Self.at(1), action: .placeOrder(Self.order("O1"))))
        let refund = Command.Action.refundOrder(refund: "R1", order: "O1", amount: Self.money("10.00"),
                                                reason: nil)
        #expect(ledger.submit(Command(at: Self.at(2), action: refund)) == .accepted(sequence: 16))
        #expect(ledger.submit(Command(at: Self.at(3), action: refund)) == .duplicate(of: 16))
        // 24 hours later the remaining legs are released: 240.00 − 8.89, 12.00 − 0.44, …
        let run = Command(at: Self.at(24 * 60 + 1), action: .runSettlement)
        #expect(ledger.submit(run) == .accepted(sequence: 17))
        let summary = ledger.summary
        #expect(summary.parties[.supplier("S1")] == PartyBalance(pending: .zero, available: Self.money("231.11")))
        #expect(summary.parties[.distributor("D1")]?.available == Self.money("6.39"))
        #expect(summary.parties[.distributor("D2")]?.available == Self.money("8.26"))
        #expect(summary.parties[.distributor("D3")]?.available == Self.money("2.68"))
        #expect(summary.balances["revenue:platform:markup"] == Self.money("-11.56"))
        #expect(summary.balances["assets:gateway"] == Self.money("260.00"))
        #expect(summary.balances["liabilities:escrow"] == nil)
    }

    @Test func reservationExpiresAndLatePaymentTakesUnitsAnew() {
        var ledger = Self.threeTierLedger()
        let reserve = Command.Action.reserveOrder(Self.order("O1", qty: 13), ttlSeconds: 60)
        #expect(ledger.submit(Command(at: Self.at(1), action: reserve)) == .accepted(sequence: 15))
        #expect(ledger.summary.inventory["K1"] == InventoryCounts(added: 14, available: 1, reserved: 13))
        // A place at minute 3 expires the reservation first (event 16), then takes 2 units (17).
        #expect(ledger.submit(Command(at: Self.at(3), action: .placeOrder(Self.order("O2", qty: 2))))
                == .accepted(sequence: 17))
        #expect(ledger.summary.orders["O1"]?.status == .expired)
        // Late payment: 12 units left, 13 wanted: sold out, recorded as order.rejected.
        let pay = ledger.submit(Command(at: Self.at(4), action: .payOrder(order: "O1")))
        guard case .rejected(.reservationExpiredSoldOut, _, 18) = pay else {
            Issue.record("expected a recorded reservation_expired_sold_out, got \(pay)")
            return
        }
        _ = ledger.submit(Command(at: Self.at(5), action: .addStock(sku: "K1", batch: "B3", units: .count(1))))
        #expect(ledger.submit(Command(at: Self.at(6), action: .payOrder(order: "O1"))) == .accepted(sequence: 20))
        #expect(ledger.submit(Command(at: Self.at(7), action: .payOrder(order: "O1"))) == .duplicate(of: 20))
        #expect(ledger.summary.inventory["K1"] == InventoryCounts(added: 15, available: 0, delivered: 15))
    }

    /// Every recorded time must have a text form (years 0000–9999, `Timestamp.latest`): a
    /// reservation whose deadline would fall later is refused; at the last moment it fits.
    @Test func aReservationMayNotExpireAfterTheLastTimeTheLedgerWrites() throws {
        var ledger = Self.threeTierLedger()
        let latest = Timestamp.latest.millisecondsSinceEpoch
        let lastMoment = Command(at: Timestamp(millisecondsSinceEpoch: latest - 60_000),
                                 action: .reserveOrder(Self.order("O1", qty: 1), ttlSeconds: 60))
        #expect(ledger.submit(lastMoment) == .accepted(sequence: 15))
        let tooLate = Command(at: Timestamp(millisecondsSinceEpoch: latest - 59_999),
                              action: .reserveOrder(Self.order("O2", qty: 1), ttlSeconds: 60))
        guard case .rejected(.invalidValue, let message, 16) = ledger.submit(tooLate) else {
            Issue.record("a deadline past 9999-12-31T23:59:59.999Z was not refused")
            return
        }
        #expect(message == "the deadline, at plus ttl_seconds, falls after 9999-12-31T23:59:59.999Z")
        // Every event reads back from its text form.
        for event in ledger.takeRecorded() { #expect(try Event.decode(ndjson: event.ndjson) == event) }
    }

    @Test func rejectionsFollowThePrecedenceAndChangeNothing() {
        var ledger = Self.threeTierLedger()
        let before = ledger.summary
        // Unknown distributor and qty 0 at once: invalid_value wins (recorded as order.rejected).
        var bad = Self.order("O9", qty: 0)
        bad.distributor = "nobody"
        guard case .rejected(.invalidValue, _, 15) = ledger.submit(Command(at: Self.at(1), action: .placeOrder(bad)))
        else { Issue.record("expected a recorded invalid_value"); return }
        // Time going backwards is checked before everything but duplicates, and records nothing.
        let late = ledger.submit(Command(at: Self.at(0), action: .delistProduct(sku: "nope")))
        guard case .rejected(.timeWentBackwards, _, nil) = late else { Issue.record("\(late)"); return }
        let afterRecorded = ledger.summary
        #expect(afterRecorded.lastSequence == before.lastSequence + 1)
        #expect(afterRecorded.balances == before.balances && afterRecorded.inventory == before.inventory)
    }
}
