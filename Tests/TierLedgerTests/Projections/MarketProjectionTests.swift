import Testing
@testable import TierLedger

/// `market` on a hand-computed scenario over four months.
@Suite struct MarketProjectionTests {
    typealias S = AnalyticsScenario

    static func time(_ text: String) -> Timestamp {
        guard let time = Timestamp.parseRFC3339(text) else { preconditionFailure(text) }
        return time
    }

    /// K1 costs 100.00, no platform markup. A marks up 10% (110.00), later a fixed 5.00; B a
    /// fixed 1.00 (101.00).
    /// - March: A sells 1 (110.00, own 10.00), B sells 2 (202.00, own 2.00): 12.00 / 312.00 =
    ///   3.846…% → 3.85.
    /// - April: A's reservation of March 31 is paid on April 1 (110.00, own 10.00), B sells 1
    ///   (101.00, own 1.00): 11.00 / 211.00 = 5.213…% → 5.21, +1.36 pp; a refund changes nothing.
    /// - May: nothing, so no row. June: A sells 1 at 105.00 (own 5.00): 4.761…% → 4.76, −0.45 pp
    ///   against April, the previous listed month.
    static func fourMonths() -> AnalyticsScenario {
        var scenario = AnalyticsScenario()
        scenario.accept(S.catalogue() + [
            .joinDistributor(distributor: "A", name: "A", parent: nil),
            .joinDistributor(distributor: "B", name: "B", parent: nil),
            .setDistributorMarkup(distributor: "A", sku: "*", rule: .bps(1_000)),
            .setDistributorMarkup(distributor: "B", sku: "*", rule: .fixed(S.money("1.00"))),
        ], at: time("2026-03-01T08:00:00Z"))
        scenario.accept(.placeOrder(S.order("O1", by: "A")), at: time("2026-03-10T10:00:00Z"))
        scenario.accept(.placeOrder(S.order("O2", by: "B", quantity: 2)), at: time("2026-03-20T10:00:00Z"))
        scenario.accept(.reserveOrder(S.order("O3", by: "A"), ttlSeconds: 3_600),
                        at: time("2026-03-31T23:55:00Z"))
        scenario.accept(.payOrder(order: "O3"), at: time("2026-04-01T00:05:00Z"))
        scenario.accept(.placeOrder(S.order("O4", by: "B")), at: time("2026-04-02T10:00:00Z"))
        scenario.accept(.refundOrder(refund: "R1", order: "O1", amount: S.money("110.00"), reason: nil),
                        at: time("2026-04-03T10:00:00Z"))
        scenario.accept(.setDistributorMarkup(distributor: "A", sku: "*", rule: .fixed(S.money("5.00"))),
                        at: time("2026-05-15T10:00:00Z"))
        scenario.accept(.placeOrder(S.order("O5", by: "A")), at: time("2026-06-01T00:00:00Z"))
        return scenario
    }

    @Test func marginCompressionMonthByMonth() throws {
        let market = try Self.fourMonths().fold().market
        #expect(market.report.csv == """
            period,sales,own_margin,margin_pct,change_pp
            2026-03,312.00,12.00,3.85,
            2026-04,211.00,11.00,5.21,1.36
            2026-06,105.00,5.00,4.76,-0.45

            """)
        #expect(market.checkInvariants())
    }

    @Test func aPeriodSelectsPaymentsInsideIt() throws {
        let scenario = Self.fourMonths()
        let april = try scenario.fold(Period(from: Self.time("2026-04-01T00:00:00Z"),
                                             to: Self.time("2026-06-01T00:00:00Z"))).market
        #expect(april.report.rows == [["2026-04", "211.00", "11.00", "5.21", ""]],
                "the first listed month has no change; June 1 00:00 is outside [from, to)")
        let fromMidMarch = try scenario.fold(Period(from: Self.time("2026-03-15T00:00:00Z"))).market
        #expect(fromMidMarch.report.rows.first == ["2026-03", "202.00", "2.00", "0.99", ""],
                "March counts only B's order: 2.00 / 202.00 = 0.990…%")
        #expect(fromMidMarch.report.rows.count == 3)
    }
}
