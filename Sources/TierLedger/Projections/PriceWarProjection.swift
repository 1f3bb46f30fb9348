/// `price-war` (SPEC §8): for each UTC calendar month and sku, the paid orders, their unit
/// prices (lowest, lower median over orders, highest), how many distributors sold, how often
/// one undercut all its active rivals, and how concentrated the sales were (HHI over units).
///
/// An **undercut** is a paid order by D at unit price u when at least one other seller of the
/// sku was paid for an order within the 7 days before it (`at − 7 days ≤ their last sale ≤
/// at`), and u is below the last paid price of every such seller. It is counted once per new
/// price of D: if D's last counted undercut of that sku was at u, another order at u is not
/// counted again. Undercuts are found over every paid order up to the cut, whatever the
/// period, so a month's row is the same with or without `--from`/`--to` when the whole month is
/// inside the period; the period only decides which orders (by payment time) the rows count.
///
/// Memory: every order's unit price is kept per month and sku, for the median; the undercut
/// watch keeps one last sale and one last undercut price per sku and seller.
///
/// Invariants, per row: orders = number of prices ≥ 1, units = Σ the sellers' units ≥ 1,
/// undercuts ≤ orders (checked for the touched row after every event in debug builds).
struct PriceWarProjection: Projection {
    struct Key: Hashable, Sendable, StablyHashable {
        /// `YYYY-MM`.
        var period: String
        var sku: String

        var stableHash: UInt64 { StableHash.finish(StableHash.combine(period.stableHash, sku.stableHash)) }

        /// Period, then sku, each in byte order.
        static func precedes(_ left: Key, _ right: Key) -> Bool {
            guard left.period == right.period else {
                return left.period.utf8.lexicographicallyPrecedes(right.period.utf8)
            }
            return left.sku.utf8.lexicographicallyPrecedes(right.sku.utf8)
        }
    }

    struct Row: Equatable, Sendable {
        var orders: Int64 = 0
        var units: Int64 = 0
        /// How many orders were paid at each unit price: enough for min, lower median and max,
        /// and bounded by the distinct prices rather than by the orders (snapshots stay small).
        var ordersByUnitPrice: [Int64: Int64] = [:]
        var unitsBySeller: [String: Int64] = [:]
        var undercuts: Int64 = 0

        /// A new row's tables start with room for a few entries: most rows have a handful of
        /// prices and sellers, and growing from empty rehashed them at 1, 2 and 4 entries.
        static func empty() -> Row {
            Row(ordersByUnitPrice: Dictionary(minimumCapacity: 4), unitsBySeller: Dictionary(minimumCapacity: 4))
        }

        mutating func count(_ sale: SaleSummary, undercut: Bool) throws(ReplayError) {
            orders += 1
            units = try units.adding(sale.quantity, in: sale.sequence)
            guard units < PriceWarProjection.unitsMaximum else {
                throw sale.error("more than 2^53 units of \(sale.sku) in one month")
            }
            ordersByUnitPrice[sale.unitPrice, default: 0] += 1
            unitsBySeller[sale.seller, default: 0] += sale.quantity
            if undercut { undercuts += 1 }
            assert(isConsistent, "price-war row broken after event \(sale.sequence)")
        }

        /// The lowest price, the lower median over orders (the ((n − 1) / 2)-th price in
        /// ascending order, counting from 0) and the highest; `nil` with no orders.
        var minimumLowerMedianMaximum: (Int64, Int64, Int64)? {
            let prices = ordersByUnitPrice.keys.sorted()
            guard let low = prices.first, let high = prices.last, orders > 0 else { return nil }
            let medianIndex = (orders - 1) / 2
            var seen: Int64 = 0
            for price in prices {
                seen += ordersByUnitPrice[price] ?? 0
                if seen > medianIndex { return (low, price, high) }
            }
            return nil
        }

        var isConsistent: Bool {
            orders >= 1 && ordersByUnitPrice.values.reduce(0, +) == orders && undercuts >= 0 && undercuts <= orders
                && units >= 1 && unitsBySeller.values.reduce(Int128(0)) { $0 + Int128($1) } == Int128(units)
        }
    }

    /// One sku's sellers as the undercut rule needs them.
    struct Watch: Equatable, Sendable {
        struct LastSale: Equatable, Sendable {
            var unitPrice: Int64
            var at: Timestamp
        }

        /// The sellers that sold within the window before the latest sale, and the last sale
        /// of each (`sales[i]` is `sellers[i]`'s), in no particular order: two short arrays
        /// that every sale walks, rather than a dictionary whose walk hashes and probes.
        private(set) var sellers: [String] = []
        /// The `stableHash` of each seller, compared before its name.
        private var sellerHashes: [UInt64] = []
        private(set) var sales: [LastSale] = []
        var lastUndercutPrices: [String: Int64] = [:]

        init() {}

        init(lastSales: [String: LastSale], lastUndercutPrices: [String: Int64]) {
            sellers = Array(lastSales.keys)
            sellerHashes = sellers.map(\.stableHash)
            sales = Array(lastSales.values)  // in the order of `keys`
            self.lastUndercutPrices = lastUndercutPrices
        }

        /// Seller → last sale, as the snapshot writes it.
        var lastSales: [String: LastSale] { Dictionary(uniqueKeysWithValues: zip(sellers, sales)) }

        /// Equal when they hold the same sales, in whatever order.
        static func == (left: Watch, right: Watch) -> Bool {
            left.lastSales == right.lastSales && left.lastUndercutPrices == right.lastUndercutPrices
        }

        /// Records a paid order and says whether it counts as an undercut. Sellers whose last
        /// sale has left the window are dropped (they cannot count again before they sell
        /// again), so the walk stays as short as the sku's active sellers.
        mutating func record(seller: String, unitPrice: Int64, at: Timestamp) -> Bool {
            let windowStart = at.millisecondsSinceEpoch - PriceWarProjection.undercutWindowMilliseconds
            let sellerHash = seller.stableHash
            var rivals = 0
            var belowEvery = true
            var own: Int?
            var index = 0
            // The result does not depend on the order of the walk. A stale seller is replaced
            // by the last one, which is then looked at in its place.
            while index < sellers.count {
                if sales[index].at.millisecondsSinceEpoch < windowStart {
                    let last = sellers.count - 1
                    sellers.swapAt(index, last)
                    sellers.removeLast()
                    sellerHashes.swapAt(index, last)
                    sellerHashes.removeLast()
                    sales.swapAt(index, last)
                    sales.removeLast()
                    continue
                }
                if sellerHashes[index] == sellerHash, sellers[index] == seller {
                    own = index
                } else {
                    rivals += 1
                    if unitPrice >= sales[index].unitPrice { belowEvery = false }
                }
                index += 1
            }
            let sale = LastSale(unitPrice: unitPrice, at: at)
            if let own {
                sales[own] = sale
            } else {
                sellers.append(seller)
                sellerHashes.append(sellerHash)
                sales.append(sale)
            }
            guard rivals > 0, belowEvery, lastUndercutPrices[seller] != unitPrice else { return false }
            lastUndercutPrices[seller] = unitPrice
            return true
        }
    }

    static let undercutWindowMilliseconds: Int64 = 7 * 24 * 3_600 * 1_000
    /// A row's units stay below 2^53 so that the HHI, Σ (units × 100)², is exact in 128 bits.
    /// A real ledger is far below (each order has at most 1000 units); only a forged log gets
    /// there, and it is an error naming the event.
    static let unitsMaximum: Int64 = 1 << 53

    let period: Period
    private(set) var rows = StableDictionary<Key, Row>()
    /// Sku → its sellers' last sales, over every paid order up to the cut.
    private(set) var watches = StableDictionary<String, Watch>()

    init(period: Period, rows: StableDictionary<Key, Row> = StableDictionary(),
         watches: StableDictionary<String, Watch> = StableDictionary()) {
        self.period = period
        self.rows = rows
        self.watches = watches
    }

    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError) {
        guard let sale else { return }
        try apply(sale.summary)
    }

    /// Folds a sale: all the price war needs of its event (`SaleFolding` calls it apart).
    mutating func apply(_ sale: SaleSummary) throws(ReplayError) {
        let undercut = watches.update(sale.sku, default: Watch()) { watch in
            watch.record(seller: sale.seller, unitPrice: sale.unitPrice, at: sale.at)
        }
        guard period.contains(sale.at) else { return }
        let key = Key(period: sale.month, sku: sale.sku)
        // Mutated in place, so the row's arrays are never copied.
        try rows.update(key, default: Row.empty()) { row throws(ReplayError) in
            try row.count(sale, undercut: undercut)
        }
    }

    static let columns: [ReportTable.Column] = [
        .init("period"), .init("sku"), .init("orders", .integer), .init("units", .integer),
        .init("min_price", .money), .init("median_price", .money), .init("max_price", .money),
        .init("sellers", .integer), .init("undercuts", .integer), .init("hhi", .integer),
    ]

    /// One row per month and sku with paid orders, by period then sku.
    var report: ReportTable {
        var table = ReportTable(columns: Self.columns)
        for key in rows.keys.sorted(by: Key.precedes) {
            guard let row = rows[key], let (low, median, high) = row.minimumLowerMedianMaximum else { continue }
            let money = [low, median, high].map { Money(minorUnits: $0).description }
            table.append([key.period, key.sku, String(row.orders), String(row.units)] + money
                + [String(row.unitsBySeller.count), String(row.undercuts), String(Self.hhi(row))])
        }
        return table
    }

    /// Herfindahl–Hirschman index over units: Σ (seller's share of units × 100)², from 0 to
    /// 10000, computed exactly as Σ (units_s × 100)² / units² and rounded half up.
    static func hhi(_ row: Row) -> Int128 {
        var squares: Int128 = 0
        for units in row.unitsBySeller.values {
            squares += (Int128(units) * 100) * (Int128(units) * 100)
        }
        return squares.dividedRoundingHalfAwayFromZero(by: Int128(row.units) * Int128(row.units))
    }
}
