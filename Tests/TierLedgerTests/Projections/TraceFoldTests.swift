import Foundation
import Testing
@testable import TierLedger

/// `trace` and `explain` on the party scenario and the example market.
@Suite struct TraceFoldTests {
    static func events(_ table: ReportTable) -> [String] {
        table.rows.map { "\($0[0]) \($0[2])" }
    }

    /// OR1 was reserved (seq 21), expired when OW1 came (24), was paid late with units taken
    /// anew (31) and released by the next day's run (64).
    @Test func anOrdersWholeLife() throws {
        let table = try PartyScenario.ledger().trace(.order("OR1"))
        #expect(Self.events(table) == ["21 order.reserved", "24 order.expired", "31 order.paid", "64 settlement.ran"])
        #expect(table.rows[2][3] == "paid 28.60 late, after the reservation expired; units taken anew: B1[8-9]")
        #expect(table.rows[3][3] == "released OR1 to balances: S1 20.00, platform 2.00, D1 4.52, D2 2.08")
    }

    /// A rejected attempt is part of an order id's trace; the id is not used up.
    @Test func rejectionsAreInTheTrace() throws {
        let ledger = try PartyScenario.ledger()
        let table = try ledger.trace(.order("OW5"))
        #expect(Self.events(table) == ["29 order.rejected"])
        #expect(table.rows[0][3] == "order.place rejected price_changed: unit price is 11.50, not the expected 11.00")
    }

    /// K1-1004 is B1 position 3: reserved by OR1, back when OR1 expired, delivered by OW1,
    /// whose dispute was rejected. OR1's late payment took other units, so it is not shown.
    @Test func aCodesHistoryFollowsItsUnit() throws {
        let ledger = try PartyScenario.ledger()
        let table = try ledger.trace(.code("K1-1004"))
        #expect(Self.events(table) == ["6 stock.added", "21 order.reserved", "24 order.expired", "25 order.placed",
                                       "62 dispute.opened", "63 dispute.resolved"])
        #expect(table.rows[0][3] == "the code was added to K1 batch B1 at position 3 (30 codes in the batch)")
        let fingerprint = FingerprintKey(secret: PartyScenario.key).code("K1-1004")
        #expect(try ledger.trace(.codeFingerprint(fingerprint)) == table)
        // K1-1029 (position 28) was voided, never sold.
        #expect(Self.events(try ledger.trace(.code("K1-1029"))) == ["6 stock.added", "37 stock.voided"])
        // K1-1011 (position 10) was reserved by OR3 and delivered when it was paid in time;
        // K1-1009 (position 8) was taken anew by OR1's late payment.
        #expect(Self.events(try ledger.trace(.code("K1-1011"))) == ["6 stock.added", "32 order.reserved", "33 order.paid"])
        #expect(Self.events(try ledger.trace(.code("K1-1009"))) == ["6 stock.added", "31 order.paid"])
        // OD3-1 delivered K1-1001; its refund after release is part of the code's story.
        #expect(Self.events(try ledger.trace(.code("K1-1001")))
            == ["6 stock.added", "20 order.placed", "65 order.refunded"])
    }

    /// R is reserved before CODE-TWO's batch is added, expires, and is paid late, taking
    /// CODE-TWO anew (O2 took R's old unit). A code trace skims what cannot concern it, so it
    /// must still keep a reservation made before the code existed: its payment needs its fact.
    @Test func aLatePaymentTakesACodeAddedAfterItsReservation() throws {
        let ledger = try PartyScenario.ledger("""
            {"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":"S1","name":"S"}
            {"type":"product.list","at":"2026-03-01T08:00:00Z","sku":"K","supplier":"S1","name":"K","face":"10.00","cost":"8.00"}
            {"type":"stock.add","at":"2026-03-01T08:00:00Z","sku":"K","batch":"B1","codes":["CODE-ONE"]}
            {"type":"distributor.join","at":"2026-03-01T08:00:00Z","distributor":"D1","name":"D"}
            {"type":"order.reserve","at":"2026-03-01T09:00:00Z","order":"R","distributor":"D1","sku":"K","qty":1,"buyer":"b1","ttl_seconds":60}
            {"type":"order.place","at":"2026-03-01T09:05:00Z","order":"O2","distributor":"D1","sku":"K","qty":1,"buyer":"b2"}
            {"type":"stock.add","at":"2026-03-01T09:06:00Z","sku":"K","batch":"B2","codes":["CODE-TWO"]}
            {"type":"order.pay","at":"2026-03-01T09:07:00Z","order":"R"}
            """)
        let table = try ledger.trace(.code("CODE-TWO"))
        #expect(Self.events(table) == ["9 stock.added", "10 order.paid"])
        #expect(table.rows[0][3] == "the code was added to K batch B2 at position 0 (1 code in the batch)")
        #expect(table.rows[1][3] == "paid 8.00 late, after the reservation expired; units taken anew: B2[0]")
        let every = try ledger.trace(.code("CODE-TWO"), cut: .everything, validPrefix: false, keepingEveryOrder: true)
        #expect(table == every)
    }

    /// A trace skims the records that cannot concern it, keeps only the orders it may look up
    /// (those it follows, and for a code every reservation) and reads on one thread: every
    /// trace of every order, buyer and code of the ledgers of `SkimmingLedger.all`, whole
    /// and at a cut, equals the trace that decodes every record beside a catalog of every order
    /// on two threads; so does `explain` of every order, skimming or not.
    @Test(arguments: SkimmingLedger.all)
    func aTraceKeepingOnlyTheOrdersItFollowsSaysTheSame(_ source: SkimmingLedger) throws {
        let ledger = try source.ledger()
        let events = try ledger.readEvents()
        var subjects: [TraceSubject] = []
        var seen = Set<String>()
        func add(_ subject: TraceSubject, _ key: String) {
            if seen.insert(key).inserted { subjects.append(subject) }
        }
        for event in events {
            switch event.body {
            case .orderPlaced(let fact), .orderReserved(let fact, _, _):
                add(.order(fact.order), "o" + fact.order)
                add(.buyerFingerprint(fact.buyer), "b" + fact.buyer.hex)
            case .orderRejected(let rejection):
                add(.order(rejection.order), "o" + rejection.order)
            case .stockAdded(_, _, .codes(let codes)):
                for code in codes { add(.codeFingerprint(code), "c" + code.hex) }
            default:
                break
            }
        }
        #expect(subjects.count > 20)
        var rows = 0
        let cuts = [ReplayCut.everything, ReplayCut(untilSequence: UInt64(events.count / 2))]
        for subject in subjects {
            for cut in cuts {
                let kept = try ledger.trace(subject, cut: cut, validPrefix: false, keepingEveryOrder: false)
                let every = try ledger.trace(subject, cut: cut, validPrefix: false, keepingEveryOrder: true)
                #expect(kept == every, "\(subject) at \(cut)")
                rows += kept.rows.count
                if case .order(let order) = subject {
                    #expect(try ledger.explain(order: order, cut: cut, validPrefix: false, skimming: true)
                        == ledger.explain(order: order, cut: cut, validPrefix: false, skimming: false), "\(order)")
                }
            }
        }
        #expect(rows > subjects.count)
    }

    /// A buyer's orders, their later events and its rejected attempts.
    @Test func aBuyersOrders() throws {
        let ledger = try PartyScenario.ledger()
        let carol = try ledger.trace(.buyer("carol"))
        #expect(Self.events(carol) == ["21 order.reserved", "22 order.reserved", "23 order.cancelled", "24 order.expired",
                                       "31 order.paid", "64 settlement.ran"])
        let whale = try ledger.trace(.buyer("whale"))
        #expect(Self.events(whale).filter { $0.hasSuffix("order.rejected") } == ["29 order.rejected"])
        #expect(Self.events(whale).count == 13)
        let fingerprint = FingerprintKey(secret: PartyScenario.key).buyer("whale")
        #expect(try ledger.trace(.buyerFingerprint(fingerprint)) == whale)
    }

    @Test func nothingFoundIsAnEmptyTraceAndACutIsAPrefix() throws {
        let ledger = try PartyScenario.ledger()
        #expect(try ledger.trace(.order("nope")).rows.isEmpty)
        #expect(try ledger.trace(.code("not-a-code")).rows.isEmpty)
        #expect(try ledger.trace(.buyer("nobody")).rows.isEmpty)
        let cut = try ledger.trace(.order("OR1"), cut: ReplayCut(untilSequence: 30))
        #expect(Self.events(cut) == ["21 order.reserved", "24 order.expired"])
    }

    /// OD3-2: three tiers, two overrides (SPEC §4): 10.00 → 11.00 → 13.00 → 14.30 → 16.00;
    /// D1 takes floor(1.30 × 20 %) = 0.26 of D2, D2 floor(1.70 × 5 %) = 0.08 of D3.
    @Test func explainBuildsThePriceRuleByRule() throws {
        let table = try PartyScenario.ledger().explain(order: "OD3-2")
        let steps = table.rows.map { "\($0[0]) \($0[1]) \($0[3]) \($0[4]) \($0[5]) \($0[6])" }
        #expect(steps == [
            "cost S1 4  10.00 10.00", "platform platform 8 1.00 11.00 1.00", "tier 1 D1 14 2.00 13.00 2.00",
            "tier 2 D2 15 1.30 14.30 1.30", "tier 3 D3 16 1.70 16.00 1.70", "retail D3 69  16.00 16.00",
            "override D1 18   0.26", "override D2 19   0.08", "leg S1    10.00", "leg platform    1.00",
            "leg D1    2.26", "leg D2    1.12", "leg D3    1.62",
        ])
        #expect(table.rows[3][2] == "* bps 1000 of 13.00, half up")
        #expect(table.rows[4][2] == "K1 price 16.00 over 14.30")
        #expect(table.rows[11][2] == "markup 1.30×1 = 1.30 − override 0.26 to D1 + override 0.08 from D3")
    }

    @Test func explainShowsRejectionsAndNothingForAnUnknownOrder() throws {
        let ledger = try PartyScenario.ledger()
        let rejected = try ledger.explain(order: "OF2")
        #expect(rejected.rows == [["rejected", "D4", "order.place rejected below_floor: unit price 51.50 is below the "
            + "floor 52.00", "36", "", "51.50", ""]])
        #expect(try ledger.explain(order: "nope").rows.isEmpty)
        #expect(try ledger.explain(order: "OD3-2", cut: ReplayCut(untilSequence: 68)).rows.isEmpty)
    }

    @Test func goldens() throws {
        let scenario = try PartyScenario.ledger()
        ReportGoldens.assertMatches(try scenario.trace(.order("OR1")), "trace-order-OR1")
        ReportGoldens.assertMatches(try scenario.trace(.code("K1-1004")), "trace-code-K1-1004")
        ReportGoldens.assertMatches(try scenario.trace(.buyer("carol")), "trace-buyer-carol")
        ReportGoldens.assertMatches(try scenario.explain(order: "OD3-2"), "explain-order-OD3-2")
        let market = try ReportGoldens.exampleMarket()
        ReportGoldens.assertMatches(try market.trace(.order("O1")), "trace-order-O1")
        ReportGoldens.assertMatches(try market.explain(order: "O1"), "explain-order-O1")
    }
}
