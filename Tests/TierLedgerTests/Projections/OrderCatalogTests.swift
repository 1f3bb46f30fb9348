import Testing
@testable import TierLedger

/// The catalog keeps an order's legs as amounts and rebuilds their parties from the chain;
/// `fact` must still give back exactly the fact that was added (units and codes aside).
@Suite struct OrderCatalogTests {
    private static func step(_ distributor: String?, markup: Int64, price: Int64) -> PriceStep {
        PriceStep(distributor: distributor, rule: nil, ruleSku: nil, ruleSequence: 0,
                  markup: Money(minorUnits: markup), price: Money(minorUnits: price))
    }

    /// Platform, D1, D2: legs supplier, platform, D1, D2, as every logged order has them.
    private static func fact(legs: [Leg]) -> OrderFact {
        OrderFact(order: "O1", distributor: "D2", sku: "SKU", quantity: 2, buyer: Fingerprint(high: 7, low: 8),
                  expectUnitPrice: nil, cost: Money(minorUnits: 100), costSequence: 3,
                  chain: [step(nil, markup: 10, price: 110), step("D1", markup: 20, price: 130),
                          step("D2", markup: 30, price: 160)],
                  overrides: [OverrideShare(parent: "D1", child: "D2", bps: 1_000, bpsSequence: 5,
                                            amount: Money(minorUnits: 6))],
                  legs: legs, unitPrice: Money(minorUnits: 160), gross: Money(minorUnits: 320), refundHours: 48,
                  units: [UnitRun(batch: "B", start: 0, count: 2)], codes: [Fingerprint(high: 1, low: 1)])
    }

    private static func leg(_ party: LegParty, _ amount: Int64) -> Leg { Leg(party: party, amount: Money(minorUnits: amount)) }

    private static func stripped(_ fact: OrderFact) -> OrderFact {
        var fact = fact
        fact.units = []
        fact.codes = []
        return fact
    }

    @Test func legsThatFollowTheChainComeBackWithTheirParties() {
        let fact = Self.fact(legs: [Self.leg(.supplier("S"), 200), Self.leg(.platform, 20),
                                    Self.leg(.distributor("D1"), 46), Self.leg(.distributor("D2"), 54)])
        let entry = OrderCatalog.Entry(fact: fact, status: .paid, sequence: 9, paidSequence: 9, paidAt: nil)
        #expect(entry.fact == Self.stripped(fact))
        #expect(entry.legCount == 4 && entry.remaining == [200, 20, 46, 54])
        #expect((0..<4).map(entry.legParty) == fact.legs.map(\.party))
        #expect(entry.order == "O1" && entry.seller == "D2" && entry.sku == "SKU" && entry.quantity == 2)
    }

    /// No log holds such legs, but the catalog takes any fact and must not rewrite it.
    @Test(arguments: [
        [leg(.platform, 20), leg(.supplier("S"), 200), leg(.distributor("D1"), 46), leg(.distributor("D2"), 54)],
        [leg(.supplier("S"), 200), leg(.platform, 20), leg(.distributor("D2"), 46), leg(.distributor("D1"), 54)],
        [leg(.supplier("S"), 220), leg(.platform, 100)],
        [leg(.supplier("S"), 200), leg(.platform, 20), leg(.distributor("D1"), 46), leg(.distributor("D2"), 50),
         leg(.distributor("D3"), 4)],
    ])
    func legsThatDoNotFollowTheChainAreKeptWhole(legs: [Leg]) {
        let fact = Self.fact(legs: legs)
        let entry = OrderCatalog.Entry(fact: fact, status: .reserved, sequence: 4, paidSequence: nil, paidAt: nil)
        #expect(entry.fact == Self.stripped(fact))
        #expect((0..<entry.legCount).map(entry.legParty) == legs.map(\.party))
        #expect(entry.remaining == legs.map(\.amount.minorUnits))
    }

    /// A snapshot writes the entry's whole fact and reads it back into the same entry.
    @Test func snapshotFormRoundTrips() throws {
        let fact = Self.fact(legs: [Self.leg(.supplier("S"), 200), Self.leg(.platform, 20),
                                    Self.leg(.distributor("D1"), 46), Self.leg(.distributor("D2"), 54)])
        let entries = [
            OrderCatalog.Entry(fact: fact, status: .paid, sequence: 9, paidSequence: 9,
                               paidAt: Timestamp(millisecondsSinceEpoch: 1_000)),
            OrderCatalog.Entry(fact: fact, status: .paid, sequence: 9, paidSequence: 9, paidAt: nil,
                               remaining: [190, 19, 46, 50], refunded: 15, released: true),
        ]
        for entry in entries {
            var writer = ByteWriter()
            entry.write(to: &writer)
            let read = try writer.bytes.withUnsafeBufferPointer { buffer in
                var reader = ByteReader(buffer)
                return try OrderCatalog.Entry(from: &reader)
            }
            #expect(read == entry)
        }
    }

    /// Every order has an entry for as long as the catalog lives: its size must not grow back
    /// unnoticed.
    @Test func entriesStaySmall() {
        #expect(MemoryLayout<OrderCatalog.Entry>.stride <= 216)
    }

    @Test func paymentFieldsReadBackWhatWasStored() {
        let fact = Self.fact(legs: [Self.leg(.supplier("S"), 320), Self.leg(.platform, 0)])
        var entry = OrderCatalog.Entry(fact: fact, status: .reserved, sequence: 4, paidSequence: nil, paidAt: nil)
        #expect(entry.paidSequence == nil && entry.paidAt == nil && !entry.isPaid)
        entry.paidSequence = 0
        entry.paidAt = Timestamp(millisecondsSinceEpoch: Int64.min)
        #expect(entry.paidSequence == 0 && entry.isPaid)
        #expect(entry.paidAt == Timestamp(millisecondsSinceEpoch: Int64.min))
        entry.paidAt = nil
        #expect(entry.paidAt == nil && entry.paidSequence == 0)
        #expect(entry.fact == Self.stripped(fact))
    }
}
