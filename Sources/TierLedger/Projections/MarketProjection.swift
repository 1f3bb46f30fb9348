/// `market` (SPEC §8): margin compression month by month. For each UTC calendar month in
/// which orders were paid: the sales (Σ gross), the sellers' own margin (Σ `m_k × qty`, what
/// the selling distributors kept over their upstream price), the margin as a percentage of
/// sales, and its change in percentage points from the previous listed month.
///
/// Months are those of payment; with a period only payments inside it count, so the first and
/// last months may be partial. Refunds do not change a month's figures: this is the price
/// level the market sold at (`margins` carries refunds).
///
/// Invariant: every listed month has sales > 0 and 0 ≤ own margin ≤ sales for facts the engine
/// wrote (checked after every event in debug builds).
struct MarketProjection: Projection {
    struct Month: Equatable, Sendable {
        var sales: Int64 = 0
        var ownMargin: Int64 = 0
    }

    let period: Period
    /// `YYYY-MM` → totals.
    private(set) var months: [String: Month] = [:]

    init(period: Period, months: [String: Month] = [:]) {
        self.period = period
        self.months = months
    }

    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError) {
        guard let sale else { return }
        try apply(sale.summary)
    }

    /// Folds a sale: all the market needs of its event (`SaleFolding` calls it apart).
    mutating func apply(_ sale: SaleSummary) throws(ReplayError) {
        guard period.contains(sale.at) else { return }
        // Found once and changed where it is: reading the month and storing it back hashed
        // its key twice a sale (SipHash, 1.6% of a cold replay).
        let index = months.index(forKey: sale.month)
        var month = index.map { months.values[$0] } ?? Month()
        month.sales = try month.sales.adding(sale.gross, in: sale.sequence)
        month.ownMargin = try month.ownMargin.adding(sale.ownMargin, in: sale.sequence)
        if let index {
            months.values[index] = month
        } else {
            months[sale.month] = month
        }
        assert(checkInvariants(), "market invariants broken after event \(sale.sequence)")
    }

    func checkInvariants() -> Bool {
        months.values.allSatisfy { $0.sales > 0 && $0.ownMargin >= 0 && $0.ownMargin <= $0.sales }
    }

    static let columns: [ReportTable.Column] = [
        .init("period"), .init("sales", .money), .init("own_margin", .money), .init("margin_pct", .decimal),
        .init("change_pp", .decimal),
    ]

    /// One row per month with paid orders, oldest first (`YYYY-MM` sorts by time). `change_pp`
    /// is this month's `margin_pct` minus the previous listed month's, both already rounded to
    /// two places, so the column adds up; empty for the first month or when either is empty.
    var report: ReportTable {
        var table = ReportTable(columns: Self.columns, totaledColumns: ["sales", "own_margin"])
        var previous: Hundredths?
        for key in months.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let month = months[key] else { continue }
            let percentage = Hundredths.percentage(month.ownMargin, of: month.sales)
            let change = percentage.flatMap { current in previous.map { current - $0 } }
            table.append([key, Money(minorUnits: month.sales).description,
                          Money(minorUnits: month.ownMargin).description,
                          percentage?.description ?? "", change?.description ?? ""])
            previous = percentage
        }
        return table
    }
}
