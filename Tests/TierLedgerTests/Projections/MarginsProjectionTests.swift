import Testing
@testable import TierLedger

/// `margins` on hand-computed scenarios.
@Suite struct MarginsProjectionTests {
    typealias S = AnalyticsScenario

    /// S1 lists K1 at 80.00; the platform marks up 5%; D1 (fixed 2.00, override 10%) → D2 (K1
    /// +2.5%, override 50%) → D3 (price 90.00); D4 under D1 and D5 at the root sell nothing.
    /// O1: D3 sells 3, O2: D2 sells 2, both released a day later; then R1 refunds 90.00 of O1.
    static func threeLevelChain() -> AnalyticsScenario {
        var scenario = AnalyticsScenario()
        scenario.accept(S.catalogue(cost: "80.00") + [
            .setPlatformMarkup(sku: "*", rule: .bps(500)),
            .joinDistributor(distributor: "D1", name: "One", parent: nil),
            .joinDistributor(distributor: "D2", name: "Two", parent: "D1"),
            .joinDistributor(distributor: "D3", name: "Three", parent: "D2"),
            .joinDistributor(distributor: "D4", name: "Four", parent: "D1"),
            .joinDistributor(distributor: "D5", name: "Five", parent: nil),
            .setDistributorMarkup(distributor: "D1", sku: "*", rule: .fixed(S.money("2.00"))),
            .setDistributorMarkup(distributor: "D2", sku: "K1", rule: .bps(250)),
            .setDistributorMarkup(distributor: "D3", sku: "*", rule: .price(S.money("90.00"))),
            .setOverride(distributor: "D1", bps: 1_000),
            .setOverride(distributor: "D2", bps: 5_000),
        ], at: S.at())
        scenario.accept(.placeOrder(S.order("O1", by: "D3", quantity: 3)), at: S.at(minutes: 1))
        scenario.accept(.placeOrder(S.order("O2", by: "D2", quantity: 2)), at: S.at(minutes: 2))
        scenario.accept(.runSettlement, at: S.at(days: 1, minutes: 10))
        scenario.accept(.refundOrder(refund: "R1", order: "O1", amount: S.money("90.00"), reason: nil),
                        at: S.at(days: 2))
        return scenario
    }

    static let header = "distributor,tier,orders,units,sales,cost,own_margin,downline_margin,override_in,"
        + "override_out,refunds,net,margin_pct\n"

    /// Prices: p0 84.00, p1 86.00, p2 88.15, p3 90.00. O1 (×3): legs supplier 240.00, platform
    /// 12.00, D1 6.00 + o2 0.64, D2 6.45 − 0.64 + o3 2.77, D3 5.55 − 2.77. O2 (×2): D1 4.00 +
    /// 0.43, D2 4.30 − 0.43. R1 takes 90.00 of 270.00 = a third of each leg, the odd cent to
    /// the largest remainder: D1 2.21, D2 2.86, D3 0.93.
    @Test func aThreeLevelChainWithOverridesAndARefundAfterRelease() throws {
        let scenario = Self.threeLevelChain()
        let margins = try scenario.fold().margins
        #expect(margins.report.csv == Self.header + """
            D1,1,0,0,0.00,0.00,0.00,10.00,1.07,0.00,2.21,8.86,
            D2,2,1,2,176.30,172.00,4.30,6.45,2.77,1.07,2.86,9.59,2.44
            D3,3,1,3,270.00,264.45,5.55,0.00,0.00,2.77,0.93,1.85,2.06
            D4,2,0,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,
            D5,1,0,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,

            """)
        #expect(margins.checkInvariants())
        // With no payouts, each net is exactly what the distributor holds (all released).
        let parties = scenario.ledger.summary.parties
        for (distributor, row) in margins.rows {
            let balance = try #require(parties[.distributor(distributor)])
            #expect(balance.pending == .zero)
            #expect(balance.available.minorUnits == row.net, "\(distributor)")
        }
    }

    @Test func salesCountWhenPaidAndRefundsWhenMade() throws {
        let scenario = Self.threeLevelChain()
        let refundOnly = try scenario.fold(Period(from: S.at(days: 2))).margins.report.csv
        #expect(refundOnly == Self.header + """
            D1,1,0,0,0.00,0.00,0.00,0.00,0.00,0.00,2.21,-2.21,
            D2,2,0,0,0.00,0.00,0.00,0.00,0.00,0.00,2.86,-2.86,
            D3,3,0,0,0.00,0.00,0.00,0.00,0.00,0.00,0.93,-0.93,
            D4,2,0,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,
            D5,1,0,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,

            """)
        // Half-open: O2 at minute 2 is outside [.., minute 2); O1 is inside.
        let firstOrder = try scenario.fold(Period(to: S.at(minutes: 2))).margins
        #expect(firstOrder.rows["D3"]?.orders == 1)
        #expect(firstOrder.rows["D2"]?.orders == 0)
        #expect(firstOrder.rows["D2"]?.downlineMargin == 645)
        #expect(firstOrder.rows["D1"]?.overrideIn == 64)
        #expect(firstOrder.rows["D1"]?.refunds == 0)
        #expect(firstOrder.checkInvariants())
    }

    /// A reservation counts when it is paid, at the price frozen when it was reserved.
    @Test func aReservationCountsInThePeriodItIsPaidIn() throws {
        var scenario = AnalyticsScenario()
        scenario.accept(S.catalogue() + [
            .joinDistributor(distributor: "A", name: "A", parent: nil),
            .setDistributorMarkup(distributor: "A", sku: "*", rule: .fixed(S.money("5.00"))),
        ], at: S.at())
        scenario.accept(.reserveOrder(S.order("O1", by: "A", quantity: 2), ttlSeconds: 3_600),
                        at: S.at(minutes: 10))
        scenario.accept(.setDistributorMarkup(distributor: "A", sku: "*", rule: .fixed(S.money("9.00"))),
                        at: S.at(minutes: 20))
        scenario.accept(.payOrder(order: "O1"), at: S.at(minutes: 30))
        let beforePayment = try scenario.fold(Period(to: S.at(minutes: 30))).margins.rows["A"]
        #expect(beforePayment?.orders == 0)
        let afterPayment = try scenario.fold(Period(from: S.at(minutes: 30))).margins.rows["A"]
        #expect(afterPayment?.orders == 1)
        #expect(afterPayment?.sales == 21_000)
        #expect(afterPayment?.ownMargin == 1_000)
        #expect(afterPayment?.net == 1_000)
    }

    /// A recorded order whose legs do not follow its chain is an error naming the event, not a
    /// wrong report (possible only in a log forged past its checksums).
    @Test func aForgedOrderIsAnErrorNamingItsEvent() throws {
        var events = Self.threeLevelChain().events
        let index = try #require(events.firstIndex {
            if case .orderPlaced = $0.body { true } else { false }
        })
        guard case .orderPlaced(var fact) = events[index].body else { return }
        fact.legs[0].amount.minorUnits -= 1  // the supplier gives a cent to D3: still sums to G
        fact.legs[4].amount.minorUnits += 1
        events[index].body = .orderPlaced(fact)
        let message = "order.placed: the legs of order O1 do not follow its price chain"
        #expect(throws: ReplayError(sequence: events[index].sequence, message: message)) {
            _ = try AnalyticsFold(events)
        }
    }
}
