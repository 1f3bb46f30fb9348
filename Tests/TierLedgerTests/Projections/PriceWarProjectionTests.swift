import Testing
@testable import TierLedger

/// `price-war` on hand-computed scenarios: an undercut sequence and HHI examples.
@Suite struct PriceWarProjectionTests {
    typealias S = AnalyticsScenario

    /// Sells one order of `quantity` units of `sku` by `seller` at unit price `price` (a
    /// `price` rule), `days` and `minutes` after March 1 08:00.
    static func sell(_ scenario: inout AnalyticsScenario, _ order: String, _ seller: String, _ price: String,
                     sku: String = "K1", quantity: Int64 = 1, days: Int64, minutes: Int64 = 0) {
        let at = S.at(days: days, minutes: minutes)
        let rule = Command.Action.setDistributorMarkup(distributor: seller, sku: sku,
                                                       rule: .price(S.money(price)))
        scenario.accept(rule, at: at)
        scenario.accept(.placeOrder(S.order(order, by: seller, sku: sku, quantity: quantity)), at: at)
    }

    /// K1 (cost 100.00) sold by roots A, B, C in March; K2 in April and May.
    static func priceWar() -> AnalyticsScenario {
        var scenario = AnalyticsScenario()
        scenario.accept(S.catalogue() + [
            .listProduct(ProductListing(sku: "K2", supplier: "S1", name: "Card 2", face: S.money("200.00"),
                                        cost: S.money("100.00"), refundHours: nil)),
            .addStock(sku: "K2", batch: "B-K2", units: .count(500)),
            .joinDistributor(distributor: "A", name: "A", parent: nil),
            .joinDistributor(distributor: "B", name: "B", parent: nil),
            .joinDistributor(distributor: "C", name: "C", parent: nil),
        ], at: S.at())
        sell(&scenario, "O1", "A", "120.00", days: 0)  // no rival yet
        sell(&scenario, "O2", "B", "118.00", days: 1)  // below A 120: undercut 1
        sell(&scenario, "O3", "B", "118.00", days: 1, minutes: 1)  // same price again: not counted
        sell(&scenario, "O4", "A", "118.00", days: 2)  // not below B 118
        sell(&scenario, "O5", "C", "115.00", days: 3)  // below A 118 and B 118: undercut 2
        sell(&scenario, "O6", "B", "117.00", days: 3, minutes: 1)  // not below C 115
        sell(&scenario, "O7", "A", "116.00", days: 12)  // B and C last sold 9 days ago: no rival
        sell(&scenario, "O8", "C", "115.00", days: 12, minutes: 1)  // below A, but C's last undercut was 115
        sell(&scenario, "O9", "C", "114.00", days: 13)  // a new price below A 116: undercut 3
        sell(&scenario, "O10", "B", "113.00", days: 20)  // A is 8 days back; C exactly 7: undercut 4
        // April, K2: A 2 units at 150, then B 1 unit at 140 (below A: undercut). HHI (2, 1):
        // 66.67² + 33.33² = 5555.56 → 5556.
        sell(&scenario, "P1", "A", "150.00", sku: "K2", quantity: 2, days: 35)
        sell(&scenario, "P2", "B", "140.00", sku: "K2", days: 36)
        // May, K2: A 1 unit and B 199 units at 150: 0.5² + 99.5² = 9900.5, a half: 9901.
        sell(&scenario, "P3", "A", "150.00", sku: "K2", days: 70)
        sell(&scenario, "P4", "B", "150.00", sku: "K2", quantity: 199, days: 70, minutes: 1)
        return scenario
    }

    /// March K1 prices sorted: 113 114 115 115 116 117 118 118 118 120, lower median 116. Units
    /// A 3, B 4, C 3: HHI 30² + 40² + 30² = 3400.
    @Test func undercutsMediansAndConcentration() throws {
        let priceWar = try Self.priceWar().fold().priceWar
        #expect(priceWar.report.csv == """
            period,sku,orders,units,min_price,median_price,max_price,sellers,undercuts,hhi
            2026-03,K1,10,10,113.00,116.00,120.00,3,4,3400
            2026-04,K2,2,3,140.00,140.00,150.00,2,1,5556
            2026-05,K2,2,200,150.00,150.00,150.00,2,0,9901

            """)
    }

    /// The undercut watch sees every paid order; the period only picks the rows' orders. From
    /// March 13 08:00 the March row counts O9 and O10 (both undercuts); from March 13 07:00 it
    /// also counts O8, which is not an undercut because of C's earlier one at the same price.
    @Test func aPeriodKeepsTheUndercutHistory() throws {
        let scenario = Self.priceWar()
        let fromO9 = try scenario.fold(Period(from: S.at(days: 13), to: S.at(days: 35))).priceWar
        #expect(fromO9.report.rows == [["2026-03", "K1", "2", "2", "113.00", "113.00", "114.00", "2", "2",
                                        "5000"]])
        let fromO8 = try scenario.fold(Period(from: S.at(days: 12, minutes: 1))).priceWar
        #expect(fromO8.report.rows.first == ["2026-03", "K1", "3", "3", "113.00", "114.00", "115.00", "2",
                                             "2", "5556"])
        let all = try scenario.fold().priceWar.report.rows
        #expect(Array(fromO8.report.rows.dropFirst()) == Array(all.dropFirst()),
                "months wholly inside the period are the same as over all time")
    }

    /// The watch (short arrays, stale sellers swapped out) against the rule written plainly
    /// over a dictionary: the same undercut verdicts on seeded random sales, and equal watches
    /// whatever order their sellers sit in.
    @Test func watchAgreesWithThePlainRule() {
        for seed in UInt64(1)...20 {
            var generator = SplitMix64(seed: seed)
            var watch = PriceWarProjection.Watch()
            var lastSales: [String: PriceWarProjection.Watch.LastSale] = [:]
            var lastUndercuts: [String: Int64] = [:]
            var time: Int64 = 0
            for step in 0..<400 {
                time += Int64(generator.next() % (36 * 3_600_000))  // up to 36 hours later
                let seller = "D\(generator.next() % 12)"
                let price = 10_000 + Int64(generator.next() % 40) * 25
                let at = Timestamp(millisecondsSinceEpoch: time)
                let windowStart = time - PriceWarProjection.undercutWindowMilliseconds
                lastSales = lastSales.filter { $0.value.at.millisecondsSinceEpoch >= windowStart }
                let rivals = lastSales.filter { $0.key != seller }
                let expected = !rivals.isEmpty && rivals.values.allSatisfy { price < $0.unitPrice }
                    && lastUndercuts[seller] != price
                if expected { lastUndercuts[seller] = price }
                lastSales[seller] = .init(unitPrice: price, at: at)
                #expect(watch.record(seller: seller, unitPrice: price, at: at) == expected,
                        "seed \(seed) step \(step)")
                #expect(watch.lastSales == lastSales, "seed \(seed) step \(step)")
            }
            let rebuilt = PriceWarProjection.Watch(lastSales: watch.lastSales,
                                                   lastUndercutPrices: watch.lastUndercutPrices)
            #expect(rebuilt == watch)
        }
    }

    @Test func hhiIsExactAndRoundsHalfUp() {
        func hhi(_ units: [String: Int64]) -> Int128 {
            var row = PriceWarProjection.Row()
            row.unitsBySeller = units
            row.units = units.values.reduce(0, +)
            return PriceWarProjection.hhi(row)
        }
        #expect(hhi(["A": 5]) == 10_000)
        #expect(hhi(["A": 1, "B": 1]) == 5_000)
        #expect(hhi(["A": 1, "B": 1, "C": 1]) == 3_333)  // 3333.33…
        #expect(hhi(["A": 2, "B": 1]) == 5_556)  // 5555.55…
        #expect(hhi(["A": 1, "B": 199]) == 9_901)  // 9900.5 exactly
        #expect(hhi(["A": 1, "B": 1, "C": 1, "D": 1, "E": 1, "F": 1, "G": 1, "H": 1]) == 1_250)
        let large = PriceWarProjection.unitsMaximum - 1
        #expect(hhi(["A": large / 2, "B": large - large / 2]) == 5_000, "exact near the bound")
    }
}
