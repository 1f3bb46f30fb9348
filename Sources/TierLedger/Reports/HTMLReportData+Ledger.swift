/// The HTML page's figures, read off the projections (SPEC §8): price trends from `price-war`,
/// margin compression from `market`, distributors from `margins`, stock from `inventory`, and
/// the rest from `activity` and `balances`. Nothing here recomputes a report.
extension HTMLReportData {
    /// Throws only when a total overflows 64 bits (a forged log): an error, never a wrap.
    init(_ projections: LedgerProjections, windowDays: Int64 = ActivityProjection.windowDays,
         thresholdDays: Int64 = 7) throws(ReplayError) {
        let last = projections.lastSequence
        let bytes = { (left: String, right: String) in left.utf8.lexicographicallyPrecedes(right.utf8) }
        let activity = projections.activity
        var trends = [String: [PricePoint]]()
        var paidOrders: Int64 = 0
        var unitsSold: Int64 = 0
        for (key, row) in projections.priceWar.rows {
            guard let (low, median, high) = row.minimumLowerMedianMaximum else { continue }
            trends[key.sku, default: []].append(PricePoint(
                month: key.period, orders: row.orders, units: row.units, minimum: Money(minorUnits: low),
                median: Money(minorUnits: median), maximum: Money(minorUnits: high)))
            paidOrders = try paidOrders.adding(row.orders, in: last)
            unitsSold = try unitsSold.adding(row.units, in: last)
        }
        let skuTrends = trends.keys.sorted(by: bytes).map { sku in
            SkuPriceTrend(sku: sku, name: activity.skuNames[sku],
                          months: (trends[sku] ?? []).sorted { bytes($0.month, $1.month) })
        }
        let months = projections.market.months.keys.sorted(by: bytes).compactMap { month in
            projections.market.months[month].map {
                MarketMonth(month: month, sales: Money(minorUnits: $0.sales), ownMargin: Money(minorUnits: $0.ownMargin))
            }
        }
        let distributors = projections.margins.rows.keys.sorted(by: bytes).compactMap { id -> DistributorMargin? in
            guard let row = projections.margins.rows[id] else { return nil }
            return DistributorMargin(
                distributor: id, name: activity.distributorNames[id], tier: row.tier, orders: row.orders,
                sales: Money(minorUnits: row.sales), ownMargin: Money(minorUnits: row.ownMargin),
                downlineMargin: Money(minorUnits: row.downlineMargin), overrideIn: Money(minorUnits: row.overrideIn),
                overrideOut: Money(minorUnits: row.overrideOut), refunds: Money(minorUnits: row.refunds),
                net: Money(minorUnits: row.net))
        }
        var inventory = [InventoryCover]()
        for sku in projections.inventory.skus.keys.sorted(by: bytes) {
            guard !activity.delisted.contains(sku), let row = projections.inventory.skus[sku] else { continue }
            inventory.append(InventoryCover(sku: sku, name: activity.skuNames[sku], available: row.counts.available,
                                            unitsSoldRecently: try activity.recentUnits(sku, asOf: last)))
        }
        var sales: Int64 = 0
        var ownMargin: Int64 = 0
        for month in months {
            sales = try sales.adding(month.sales.minorUnits, in: last)
            ownMargin = try ownMargin.adding(month.ownMargin.minorUnits, in: last)
        }
        let balances = projections.balances.balances
        let headline = Headline(
            firstEventAt: activity.firstEventAt, paidOrders: paidOrders, unitsSold: unitsSold,
            sales: Money(minorUnits: sales),
            refunds: Money(minorUnits: activity.refunds),
            ownMargin: Money(minorUnits: ownMargin),
            platformMarkup: Money(minorUnits: -(balances[.platformMarkup] ?? 0)),
            platformFees: Money(minorUnits: -(balances[.platformFees] ?? 0)),
            inEscrow: Money(minorUnits: -(balances[.escrow] ?? 0)),
            distributors: Int64(projections.margins.rows.count), skus: Int64(projections.inventory.skus.count),
            rejectedOrders: activity.rejectedOrders)
        self.init(
            currency: projections.settings?.currency ?? LedgerSettings.defaultCurrency,
            lastSequence: projections.lastSequence, lastEventAt: projections.lastTime, headline: headline,
            priceTrends: SkuPriceTrend.mostSold(skuTrends, limit: HTMLReport.priceTrendLimit),
            marketMonths: months, distributors: distributors, inventory: inventory,
            inventoryWindowDays: windowDays, coverThresholdDays: thresholdDays)
    }

    /// The page's figures for `events` (a whole log from `ledger.created`, in order).
    static func fromEvents(_ events: [Event]) throws(ReplayError) -> HTMLReportData {
        var projections = LedgerProjections()
        for event in events { try projections.apply(event) }
        return try HTMLReportData(projections)
    }
}

extension LedgerDirectory {
    /// The figures of `report html` for the events inside `cut` (from a snapshot when one fits).
    public func htmlReportData(cut: ReplayCut = .everything, validPrefix: Bool = false,
                               progress: ReplayProgress? = nil, note: (String) -> Void = { _ in })
        throws(StoreError) -> HTMLReportData {
        let projections = try replayProjections(cut: cut, validPrefix: validPrefix, progress: progress, note: note)
        defer { StateDisposal.dispose(projections) }
        do throws(ReplayError) {
            return try HTMLReportData(projections)
        } catch {
            throw StoreError(.damaged, "the log of \(path) is inconsistent at \(error)")
        }
    }
}
