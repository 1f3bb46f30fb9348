import Testing
@testable import TierLedger

/// The catalog keeps an order as a small entry that names its price chain, and derives its
/// prices, overrides and legs again when asked; `fact(of:)` must still give back exactly the
/// fact that was added (units and codes aside), whether it follows from its chain or not.
@Suite struct OrderCatalogTests {
    private static func step(_ distributor: String?, markup: Int64, price: Int64) -> PriceStep {
        PriceStep(distributor: distributor, rule: nil, ruleSku: nil, ruleSequence: 0,
                  markup: Money(minorUnits: markup), price: Money(minorUnits: price))
    }

    private static func leg(_ party: LegParty, _ amount: Int64) -> Leg { Leg(party: party, amount: Money(minorUnits: amount)) }

    private static let followingLegs = [leg(.supplier("S"), 200), leg(.platform, 20), leg(.distributor("D1"), 46),
                                        leg(.distributor("D2"), 54)]

    /// Platform, D1, D2: legs supplier, platform, D1, D2, as every logged order has them.
    private static func fact(_ order: String = "O1", legs: [Leg] = followingLegs) -> OrderFact {
        OrderFact(order: order, distributor: "D2", sku: "SKU", quantity: 2, buyer: Fingerprint(high: 7, low: 8),
                  expectUnitPrice: nil, cost: Money(minorUnits: 100), costSequence: 3,
                  chain: [step(nil, markup: 10, price: 110), step("D1", markup: 20, price: 130),
                          step("D2", markup: 30, price: 160)],
                  overrides: [OverrideShare(parent: "D1", child: "D2", bps: 1_000, bpsSequence: 5,
                                            amount: Money(minorUnits: 6))],
                  legs: legs, unitPrice: Money(minorUnits: 160), gross: Money(minorUnits: 320), refundHours: 48,
                  units: [UnitRun(batch: "B", start: 0, count: 2)], codes: [Fingerprint(high: 1, low: 1)])
    }

    private static func stripped(_ fact: OrderFact) -> OrderFact {
        var fact = fact
        fact.units = []
        fact.codes = []
        return fact
    }

    private static func catalog(_ facts: [OrderFact]) throws -> OrderCatalog {
        var catalog = OrderCatalog()
        for (index, fact) in facts.enumerated() {
            try catalog.apply(Event(sequence: UInt64(index + 2), at: Timestamp(millisecondsSinceEpoch: 1_000),
                                    body: .orderPlaced(fact)))
        }
        return catalog
    }

    /// The snapshot form of `catalog`.
    private static func bytes(of catalog: OrderCatalog) -> [UInt8] {
        var writer = ByteWriter()
        catalog.write(to: &writer)
        return writer.bytes
    }

    /// A catalog read back from its snapshot form.
    private static func catalog(reading bytes: [UInt8]) throws -> OrderCatalog {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = ByteReader(buffer)
            return try OrderCatalog(from: &reader)
        }
    }

    @Test func legsThatFollowTheChainComeBackWithTheirParties() throws {
        let fact = Self.fact()
        let catalog = try Self.catalog([fact])
        let entry = try #require(catalog["O1"])
        #expect(entry.sharesItsChain)
        #expect(catalog.fact(of: "O1", entry) == Self.stripped(fact))
        #expect(entry.legCount == 4 && catalog.remaining(of: entry) == [200, 20, 46, 54])
        #expect((0..<4).map { catalog.legParty($0, of: "O1", entry) } == fact.legs.map(\.party))
        #expect(catalog.seller(of: "O1", entry) == "D2" && catalog.sku(of: "O1", entry) == "SKU")
        #expect(entry.quantity == 2 && entry.gross == 320 && entry.buyer == fact.buyer)
        var distributors: [String] = []
        catalog.forEachChainDistributor(of: "O1", entry) { distributors.append($0) }
        #expect(distributors == ["D1", "D2"])
    }

    /// Orders on one chain keep it once; another quantity derives other legs from it.
    @Test func ordersOnOneChainShareIt() throws {
        var other = Self.fact("O2")
        other.quantity = 3
        other.gross = Money(minorUnits: 480)
        other.overrides[0].amount = Money(minorUnits: 9)
        other.legs = [Self.leg(.supplier("S"), 300), Self.leg(.platform, 30), Self.leg(.distributor("D1"), 69),
                      Self.leg(.distributor("D2"), 81)]
        var repriced = Self.fact("O3")
        repriced.chain[1].markup = Money(minorUnits: 21)
        repriced.chain[1].price = Money(minorUnits: 131)
        repriced.chain[2].price = Money(minorUnits: 161)
        repriced.unitPrice = Money(minorUnits: 161)
        repriced.gross = Money(minorUnits: 322)
        repriced.legs[2].amount = Money(minorUnits: 48)
        let facts = [Self.fact(), other, repriced]
        let catalog = try Self.catalog(facts)
        #expect(catalog.chainCount == 2)
        for fact in facts {
            let entry = try #require(catalog[fact.order])
            #expect(entry.sharesItsChain, "\(fact.order)")
            #expect(catalog.fact(of: fact.order, entry) == Self.stripped(fact))
        }
    }

    /// No log holds such legs, but the catalog takes any fact and must not rewrite it.
    @Test(arguments: [
        [leg(.platform, 20), leg(.supplier("S"), 200), leg(.distributor("D1"), 46), leg(.distributor("D2"), 54)],
        [leg(.supplier("S"), 200), leg(.platform, 20), leg(.distributor("D2"), 46), leg(.distributor("D1"), 54)],
        [leg(.supplier("S"), 220), leg(.platform, 100)],
        [leg(.supplier("S"), 200), leg(.platform, 20), leg(.distributor("D1"), 46), leg(.distributor("D2"), 50),
         leg(.distributor("D3"), 4)],
        [leg(.supplier("S"), 200), leg(.platform, 20), leg(.distributor("D1"), 50), leg(.distributor("D2"), 50)],
    ])
    func legsThatDoNotFollowTheChainAreKeptWhole(legs: [Leg]) throws {
        let fact = Self.fact(legs: legs)
        let catalog = try Self.catalog([fact])
        let entry = try #require(catalog["O1"])
        #expect(!entry.sharesItsChain)
        #expect(catalog.fact(of: "O1", entry) == Self.stripped(fact))
        #expect((0..<Int(entry.legCount)).map { catalog.legParty($0, of: "O1", entry) } == legs.map(\.party))
        #expect(catalog.remaining(of: entry) == legs.map(\.amount.minorUnits))
        #expect(catalog.seller(of: "O1", entry) == "D2" && catalog.sku(of: "O1", entry) == "SKU")
    }

    /// Each way a fact can differ from what its chain derives keeps it whole, and whole it
    /// comes back.
    @Test(arguments: 0..<8)
    func factsThatDoNotFollowTheirChainAreKeptWhole(variant: Int) throws {
        var fact = Self.fact()
        switch variant {
        case 0: fact.chain[2].price = Money(minorUnits: 170)  // a price that is not the sum
        case 1: fact.chain[0].distributor = "P"  // the platform step names a distributor
        case 2: fact.chain[1].ruleSku = "SKU"  // a rule's sku without a rule
        case 3: fact.overrides[0].amount = Money(minorUnits: 7)  // not the floor of the share
        case 4: fact.overrides.append(fact.overrides[0])  // more overrides than parents
        case 5: fact.unitPrice = Money(minorUnits: 161)
        case 6: fact.chain[1].ruleSequence = 4  // a rule's sequence without a rule
        default: fact.overrides[0].parent = "D9"  // a parent that is not the step above
        }
        let catalog = try Self.catalog([fact])
        let entry = try #require(catalog["O1"])
        #expect(!entry.sharesItsChain)
        #expect(catalog.fact(of: "O1", entry) == Self.stripped(fact))
    }

    /// A refund lowers the legs it reverses and nothing else; one that reverses more than a leg
    /// holds is refused and changes nothing.
    @Test func refundsReverseLegsInPlace() throws {
        var catalog = try Self.catalog([Self.fact(), Self.fact("O2")])
        func refund(_ id: String, _ reversals: [Int64]) -> Event {
            Event(sequence: 9, at: nil, body: .orderRefunded(RefundFact(
                refund: id, order: "O1", amount: Money(minorUnits: reversals.reduce(0, +)), reason: nil,
                reversals: reversals.map { Money(minorUnits: $0) }, afterRelease: false)))
        }
        try catalog.apply(refund("R1", [10, 1, 0, 4]))
        #expect(catalog.remaining(of: try #require(catalog["O1"])) == [190, 19, 46, 50])
        #expect(catalog["O1"]?.refunded == 15)
        #expect(catalog.remaining(of: try #require(catalog["O2"])) == [200, 20, 46, 54])
        let before = catalog
        #expect(throws: ReplayError.self) { try catalog.apply(refund("R2", [0, 0, 47, 0])) }
        #expect(catalog == before)
        #expect(catalog.remaining(of: try #require(catalog["O1"])) == [190, 19, 46, 50])
        #expect(catalog.fact(of: "O1", try #require(catalog["O1"])) == Self.stripped(Self.fact()))
    }

    /// A snapshot writes every order's whole fact and where it stands, and reads them back into
    /// an equal catalog that writes the same bytes.
    @Test func snapshotFormRoundTrips() throws {
        var catalog = try Self.catalog([Self.fact(), Self.fact("O2", legs: [Self.leg(.supplier("S"), 220),
                                                                           Self.leg(.platform, 100)])])
        try catalog.apply(Event(sequence: 8, at: nil, body: .orderRefunded(RefundFact(
            refund: "R1", order: "O1", amount: Money(minorUnits: 15), reason: nil,
            reversals: [10, 1, 0, 4].map { Money(minorUnits: $0) }, afterRelease: false))))
        try catalog.apply(Event(sequence: 9, at: nil, body: .settlementRan(released: ["O2"])))
        let bytes = Self.bytes(of: catalog)
        let read = try Self.catalog(reading: bytes)
        #expect(read == catalog)
        #expect(read["O2"]?.released == true && read["O1"]?.refunded == 15)
        #expect(Self.bytes(of: read) == bytes)
    }

    /// A restored catalog goes on as the one it was written from: an order on a chain it has
    /// shares that chain, and it writes the same bytes as the original after the same change.
    @Test func aRestoredCatalogGoesOn() throws {
        var catalog = try Self.catalog([Self.fact()])
        var read = try Self.catalog(reading: Self.bytes(of: catalog))
        let next = Event(sequence: 5, at: Timestamp(millisecondsSinceEpoch: 2_000), body: .orderPlaced(Self.fact("O2")))
        try catalog.apply(next)
        try read.apply(next)
        #expect(read.chainCount == 1 && read == catalog)
        #expect(Self.bytes(of: read) == Self.bytes(of: catalog))
    }

    /// A snapshot whose catalog names a chain it lacks, or gives an order legs its chain does
    /// not have, is refused with an error (the report then replays the log), never trusted.
    @Test func aCatalogThatDoesNotHoldTogetherIsRefused() throws {
        let bytes = Self.bytes(of: try Self.catalog([Self.fact()]))
        // The entry ends with its leg count, its remaining legs and its chain handle (0).
        func tail(_ remaining: [Int64], chain: Int64) -> [UInt8] {
            var writer = ByteWriter()
            writer.varint(remaining.count)
            for amount in remaining { writer.signed(amount) }
            writer.signed(chain)
            return writer.bytes
        }
        let end = tail([200, 20, 46, 54], chain: 0)
        #expect(bytes.suffix(end.count).elementsEqual(end))
        let head = Array(bytes.dropLast(end.count))
        #expect(throws: LogDecodingError("order O1 has legs its chain does not")) {
            _ = try Self.catalog(reading: head + tail([200, 20, 46], chain: 0))
        }
        #expect(throws: LogDecodingError("order O1 names an unknown chain")) {
            _ = try Self.catalog(reading: head + tail([200, 20, 46, 54], chain: 5))
        }
        #expect(throws: LogDecodingError("an impossible order entry")) {
            _ = try Self.catalog(reading: head + tail([200, 20, 46, 54], chain: -2))
        }
        // After the order's id and buyer: its quantity, no expected price, and its gross.
        func fields(gross: Int64) -> [UInt8] {
            var writer = ByteWriter()
            writer.signed(2)
            Money?.none.write(to: &writer)
            writer.signed(gross)
            return writer.bytes
        }
        let id: [UInt8] = [2] + Array("O1".utf8)
        let start = try #require(bytes.indices.first { bytes[$0...].starts(with: id) }) + id.count + 16
        #expect(bytes[start...].starts(with: fields(gross: 320)))
        var wrongGross = bytes
        wrongGross.replaceSubrange(start..<start + fields(gross: 320).count, with: fields(gross: 322))
        #expect(throws: LogDecodingError("order O1 does not follow its chain")) {
            _ = try Self.catalog(reading: wrongGross)
        }
    }

    /// An order twice in a snapshot's catalog is refused.
    @Test func aCatalogWithAnOrderTwiceIsRefused() throws {
        let bytes = Self.bytes(of: try Self.catalog([Self.fact(), Self.fact("O2")]))
        let second: [UInt8] = [2] + Array("O2".utf8)
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: second) })
        var twice = bytes
        twice[at + 2] = UInt8(ascii: "1")
        #expect(throws: LogDecodingError("order O1 appears twice")) { _ = try Self.catalog(reading: twice) }
    }

    /// Every order has an entry for as long as the catalog lives: its size must not grow back
    /// unnoticed.
    @Test func entriesStaySmall() {
        #expect(MemoryLayout<OrderCatalog.Entry>.stride <= 88)
    }

    @Test func paymentFieldsReadBackWhatWasStored() throws {
        var entry = try #require(try Self.catalog([Self.fact()])["O1"])
        #expect(entry.paidSequence == 2 && entry.isPaid)
        entry.paidSequence = nil
        #expect(entry.paidSequence == nil && !entry.isPaid)
        entry.paidSequence = 0
        entry.paidAt = Timestamp(millisecondsSinceEpoch: Int64.min)
        #expect(entry.paidSequence == 0 && entry.isPaid)
        #expect(entry.paidAt == Timestamp(millisecondsSinceEpoch: Int64.min))
        entry.paidAt = nil
        #expect(entry.paidAt == nil && entry.paidSequence == 0)
    }
}
