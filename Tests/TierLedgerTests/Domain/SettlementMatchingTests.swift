import Testing
@testable import TierLedger

/// A settlement's orders are found by walking the queue of unreleased orders in step with its
/// list (`LedgerState.handles(ofReleased:)`); whatever the list, the handles must be those the
/// order table gives for the ids, and a settlement must apply as it would in queue order.
@Suite struct SettlementMatchingTests {
    typealias Scenario = LedgerScenarioTests
    static let orderCount = 150
    static let ids = (1...orderCount).map { "O\($0)" }

    /// The three-tier ledger with `orderCount` orders placed one a minute, all waiting for
    /// release (more than `settlementLookahead` of them).
    static func events() -> [Event] {
        var ledger = Scenario.threeTierLedger()
        let stock = Command(at: Scenario.at(0), action: .addStock(sku: "K1", batch: "B3", units: .count(1_000)))
        guard case .accepted = ledger.submit(stock) else { preconditionFailure("stock rejected") }
        for (minute, id) in ids.enumerated() {
            let place = Command(at: Scenario.at(Int64(minute) + 1), action: .placeOrder(Scenario.order(id, qty: 1)))
            guard case .accepted = ledger.submit(place) else { preconditionFailure("order \(id) rejected") }
        }
        return ledger.takeRecorded()
    }

    @Test func handlesAreTheOrderTablesWhateverTheList() throws {
        let state = try Ledger(replaying: Self.events(), secretKey: ReplayValidationTests.key).state
        #expect(state.unreleased.count == Self.orderCount)
        #expect(LedgerState.settlementLookahead < Self.orderCount - 1, "a gap longer than the lookahead")
        let ids = Self.ids
        let lists: [[String]] = [
            ids,
            stride(from: 0, to: ids.count, by: 3).map { ids[$0] },
            [ids[0], ids[ids.count - 1]],
            ids.reversed(),
            ["nope"] + ids[..<5] + ["O999"] + ids[5..<10],
            [ids[7], ids[7], ids[3]],
            [],
        ]
        for list in lists {
            #expect(state.handles(ofReleased: list) == list.map { state.orders.handle(of: $0) }, "\(list)")
        }
    }

    @Test func aSettlementOutOfQueueOrderAppliesAsInOrder() throws {
        let events = Self.events()
        let released = [Self.ids[140], Self.ids[2]] + Self.ids[3..<100].reversed()
        func settled(_ list: [String]) throws -> LedgerSummary {
            let settlement = Event(sequence: UInt64(events.count + 1), at: Scenario.at(3 * 24 * 60),
                                   body: .settlementRan(released: list))
            return try Ledger(replaying: events + [settlement], secretKey: ReplayValidationTests.key).summary
        }
        let inQueueOrder = released.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! }
        let summary = try settled(released)
        #expect(summary == (try settled(inQueueOrder)))
        let releasedNow = Set(Self.ids.filter { summary.orders[$0]?.released == true })
        #expect(releasedNow == Set(released))
    }
}
