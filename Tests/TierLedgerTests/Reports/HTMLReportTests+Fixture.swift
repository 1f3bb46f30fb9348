@testable import TierLedger

extension HTMLReportTests {
    /// A hand-made page's data: six skus (four are drawn), a month without sales, twelve
    /// distributors (ten are drawn, one at a loss), and skus with and without recent sales.
    static let fixture: HTMLReportData = {
        let money = { (minorUnits: Int64) in Money(minorUnits: minorUnits) }
        let headline = HTMLReportData.Headline(
            firstEventAt: Timestamp.parseRFC3339("2025-01-01T00:00:00Z"), paidOrders: 1_234, unitsSold: 5_678,
            sales: money(260_000), refunds: money(1_234), ownMargin: money(58_000),
            platformMarkup: money(9_900),
            platformFees: money(300), inEscrow: money(12_345), distributors: 12, skus: 6, rejectedOrders: 3)
        func trend(
            _ index: Int, _ name: String, units: Int64, months: [String]
        ) -> HTMLReportData.SkuPriceTrend {
            let points = months.enumerated().map { offset, month in
                let median = Int64(1_000 - 50 * offset)
                return HTMLReportData.PricePoint(
                    month: month, orders: units / 2, units: units, minimum: money(median - 80),
                    median: money(median), maximum: money(median + 120))
            }
            return HTMLReportData.SkuPriceTrend(sku: "K\(index)", name: name, months: points)
        }
        let trends = [
            trend(1, "First", units: 1, months: ["2025-01"]),
            trend(2, "Second", units: 2, months: ["2025-01", "2025-02"]),
            trend(3, "Third", units: 3, months: ["2025-02"]),
            trend(4, "Fourth", units: 4, months: ["2025-01", "2025-02", "2025-03"]),
            trend(5, "Fifth", units: 5, months: ["2025-01", "2025-02", "2025-03", "2025-04"]),
            trend(6, "Sixth", units: 6, months: ["2025-01", "2025-02", "2025-04", "2025-05"]),
        ]
        let months = [
            HTMLReportData.MarketMonth(month: "2025-01", sales: money(100_000), ownMargin: money(25_000)),
            HTMLReportData.MarketMonth(month: "2025-02", sales: money(100_000), ownMargin: money(20_000)),
            HTMLReportData.MarketMonth(month: "2025-03", sales: money(60_000), ownMargin: money(13_000)),
        ]
        let nets: [Int64] = [
            90_000, 80_000, 70_000, 60_000, 50_000, 40_000, 30_000, 20_000, 10_000, -1_234, -2_000,
            -5_000,
        ]
        let distributors = nets.enumerated().map { index, net in
            HTMLReportData.DistributorMargin(
                distributor: "D" + (index < 9 ? "0" : "") + String(index + 1), name: "Shop \(index + 1)",
                tier: Int64(index % 3 + 1), orders: 10, sales: money(100_000), ownMargin: money(net / 2),
                downlineMargin: money(net / 2), overrideIn: .zero, overrideOut: .zero, refunds: .zero,
                net: money(net))
        }
        let inventory = [
            HTMLReportData.InventoryCover(sku: "K1", name: "First", available: 0, unitsSoldRecently: 10),
            HTMLReportData.InventoryCover(sku: "K2", name: "Second", available: 7, unitsSoldRecently: 60),
            HTMLReportData.InventoryCover(sku: "K3", name: "Third", available: 100, unitsSoldRecently: 100),
            HTMLReportData.InventoryCover(sku: "K4", name: "Fourth", available: 5, unitsSoldRecently: 0),
        ]
        return HTMLReportData(
            currency: "CNY", lastSequence: 999, lastEventAt: Timestamp.parseRFC3339("2025-05-31T12:00:00Z"),
            headline: headline, priceTrends: trends, marketMonths: months, distributors: distributors,
            inventory: inventory)
    }()
}
