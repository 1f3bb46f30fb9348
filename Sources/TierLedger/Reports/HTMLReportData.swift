/// The figures `report html` shows, as plain values: what the page needs and nothing about
/// where it came from. The margins, market and price-war projections (SPEC §8) fill it; until
/// they are wired in, `HTMLReportData+Ledger.swift` derives it straight from the events.
///
/// Money is `Money` (minor units), counts are `Int64`, months are `YYYY-MM` (UTC). The page
/// decides what to show from these (the top ten distributors, the skus most at risk), so that
/// whoever fills the struct does not have to repeat those rules.
public struct HTMLReportData: Equatable, Sendable {
    public var currency: String
    /// The last record the figures include, and its time.
    public var lastSequence: UInt64
    public var lastEventAt: Timestamp?
    public var headline: Headline
    /// The most-sold skus' price trends, most units first (at most four are drawn; see
    /// `SkuPriceTrend.mostSold`).
    public var priceTrends: [SkuPriceTrend]
    /// The market's sales and distributor own margin, one entry per month with paid orders.
    public var marketMonths: [MarketMonth]
    /// Every distributor's margins (SPEC §8 `margins`); the page draws the ten with the
    /// highest net.
    public var distributors: [DistributorMargin]
    /// Every listed sku's available units and units sold in the last `inventoryWindowDays`.
    public var inventory: [InventoryCover]
    public var inventoryWindowDays: Int64
    /// A sku with fewer days of cover than this is flagged.
    public var coverThresholdDays: Int64

    public init(
        currency: String, lastSequence: UInt64, lastEventAt: Timestamp?, headline: Headline,
        priceTrends: [SkuPriceTrend], marketMonths: [MarketMonth], distributors: [DistributorMargin],
        inventory: [InventoryCover], inventoryWindowDays: Int64 = 30, coverThresholdDays: Int64 = 7
    ) {
        self.currency = currency
        self.lastSequence = lastSequence
        self.lastEventAt = lastEventAt
        self.headline = headline
        self.priceTrends = priceTrends
        self.marketMonths = marketMonths
        self.distributors = distributors
        self.inventory = inventory
        self.inventoryWindowDays = inventoryWindowDays
        self.coverThresholdDays = coverThresholdDays
    }

    /// The figures of the headline table.
    public struct Headline: Equatable, Sendable {
        public var firstEventAt: Timestamp?
        public var paidOrders: Int64
        public var unitsSold: Int64
        /// Σ gross of paid orders.
        public var sales: Money
        /// Σ refunds (including dispute refunds).
        public var refunds: Money
        /// Σ the sellers' own margin (unit price − upstream price, times units).
        public var ownMargin: Money
        /// Revenue accounts' balances, as positive amounts.
        public var platformMarkup: Money
        public var platformFees: Money
        /// What sits in escrow now.
        public var inEscrow: Money
        public var distributors: Int64
        public var skus: Int64
        /// Recorded `order.rejected` events (floor breaches, sold-out orders, …).
        public var rejectedOrders: Int64

        public init(
            firstEventAt: Timestamp?, paidOrders: Int64, unitsSold: Int64, sales: Money, refunds: Money,
            ownMargin: Money, platformMarkup: Money, platformFees: Money, inEscrow: Money,
            distributors: Int64, skus: Int64, rejectedOrders: Int64
        ) {
            self.firstEventAt = firstEventAt
            self.paidOrders = paidOrders
            self.unitsSold = unitsSold
            self.sales = sales
            self.refunds = refunds
            self.ownMargin = ownMargin
            self.platformMarkup = platformMarkup
            self.platformFees = platformFees
            self.inEscrow = inEscrow
            self.distributors = distributors
            self.skus = skus
            self.rejectedOrders = rejectedOrders
        }
    }

    /// One sku's unit prices month by month (SPEC §8 `price-war` rows of that sku).
    public struct SkuPriceTrend: Equatable, Sendable {
        public var sku: String
        public var name: String?
        public var months: [PricePoint]

        public init(sku: String, name: String?, months: [PricePoint]) {
            self.sku = sku
            self.name = name
            self.months = months
        }

        public var unitsSold: Int64 { months.reduce(0) { $0 + $1.units } }

        /// The `limit` skus with the most units sold, most first, ties by sku (byte order).
        public static func mostSold(_ trends: [SkuPriceTrend], limit: Int = 4) -> [SkuPriceTrend] {
            let ranked = trends.map { ($0, $0.unitsSold) }.sorted {
                $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.sku.utf8.lexicographicallyPrecedes($1.0.sku.utf8)
            }
            return Array(ranked.prefix(limit).map(\.0))
        }
    }

    public struct PricePoint: Equatable, Sendable {
        public var month: String
        public var orders: Int64
        public var units: Int64
        public var minimum: Money
        /// The lower median over orders.
        public var median: Money
        public var maximum: Money

        public init(month: String, orders: Int64, units: Int64, minimum: Money, median: Money, maximum: Money)
        {
            self.month = month
            self.orders = orders
            self.units = units
            self.minimum = minimum
            self.median = median
            self.maximum = maximum
        }
    }

    /// One month of SPEC §8 `market`.
    public struct MarketMonth: Equatable, Sendable {
        public var month: String
        public var sales: Money
        public var ownMargin: Money

        public init(month: String, sales: Money, ownMargin: Money) {
            self.month = month
            self.sales = sales
            self.ownMargin = ownMargin
        }
    }

    /// One row of SPEC §8 `margins` (the columns the page shows).
    public struct DistributorMargin: Equatable, Sendable {
        public var distributor: String
        public var name: String?
        public var tier: Int64
        public var orders: Int64
        public var sales: Money
        public var ownMargin: Money
        public var downlineMargin: Money
        public var overrideIn: Money
        public var overrideOut: Money
        public var refunds: Money
        /// own + downline + override in − override out − refunds.
        public var net: Money

        public init(
            distributor: String, name: String?, tier: Int64, orders: Int64, sales: Money, ownMargin: Money,
            downlineMargin: Money, overrideIn: Money, overrideOut: Money, refunds: Money, net: Money
        ) {
            self.distributor = distributor
            self.name = name
            self.tier = tier
            self.orders = orders
            self.sales = sales
            self.ownMargin = ownMargin
            self.downlineMargin = downlineMargin
            self.overrideIn = overrideIn
            self.overrideOut = overrideOut
            self.refunds = refunds
            self.net = net
        }
    }

    public struct InventoryCover: Equatable, Sendable {
        public var sku: String
        public var name: String?
        public var available: Int64
        /// Units of orders paid in the window that ends at `lastEventAt`.
        public var unitsSoldRecently: Int64

        public init(sku: String, name: String?, available: Int64, unitsSoldRecently: Int64) {
            self.sku = sku
            self.name = name
            self.available = available
            self.unitsSoldRecently = unitsSoldRecently
        }
    }
}

extension HTMLReportData {
    /// A sku at risk of running out, with its days of cover in tenths of a day.
    public struct RiskRow: Equatable, Sendable {
        public var item: InventoryCover
        public var coverTenths: Int64
        public var belowThreshold: Bool
    }

    /// Inventory at risk of running out: among the skus that sold in the window, the ten with
    /// the fewest days of cover, where days of cover = available units ÷ (units sold in the
    /// window ÷ window days), rounded down to a tenth; fewest first, ties by sku.
    public var inventoryAtRisk: [RiskRow] {
        let rows = inventory.filter { $0.unitsSoldRecently > 0 && $0.available >= 0 }.map { item in
            let tenths =
                Int128(item.available) * Int128(inventoryWindowDays) * 10 / Int128(item.unitsSoldRecently)
            let cover = Int64(clamping: tenths)
            return RiskRow(item: item, coverTenths: cover, belowThreshold: cover < coverThresholdDays * 10)
        }
        return Array(
            rows.sorted {
                $0.coverTenths != $1.coverTenths
                    ? $0.coverTenths < $1.coverTenths
                    : $0.item.sku.utf8.lexicographicallyPrecedes($1.item.sku.utf8)
            }.prefix(10))
    }

    /// The ten distributors with the highest net margin, highest first, ties by id.
    public var topDistributors: [DistributorMargin] {
        Array(
            distributors.sorted {
                $0.net != $1.net
                    ? $0.net > $1.net : $0.distributor.utf8.lexicographicallyPrecedes($1.distributor.utf8)
            }.prefix(10))
    }

    /// `part / whole × 100` in hundredths of a per cent, rounded half up (SPEC §8 `margin_pct`,
    /// half away from zero for a negative part); nil unless `whole` is positive.
    public static func percentHundredths(_ part: Money, of whole: Money) -> Int64? {
        guard whole.minorUnits > 0 else { return nil }
        let numerator = Int128(part.minorUnits) * 10_000
        let denominator = Int128(whole.minorUnits)
        let half = denominator / 2
        let rounded = numerator >= 0 ? (numerator + half) / denominator : (numerator - half) / denominator
        return Int64(clamping: rounded)
    }
}
