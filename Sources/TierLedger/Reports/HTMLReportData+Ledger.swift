/// TEMPORARY: fills `HTMLReportData` straight from the events, until the margins, market and
/// price-war projections (SPEC §8) exist; then `LedgerDirectory.htmlReportData` should build
/// the struct from their rows instead, and this file goes. It follows SPEC §8's definitions:
/// an order counts in the month it was paid; own margin = (u − p_{k−1}) × qty; downline margin,
/// overrides and refunds as in `margins`; prices are unit prices of paid orders, median the
/// lower median over orders.
struct HTMLReportSource {
    struct PriceCell {
        var prices: [Int64] = []
        var units: Int64 = 0
    }

    struct DistributorCell {
        var name: String
        var tier: Int64
        var orders: Int64 = 0
        var sales: Int64 = 0
        var ownMargin: Int64 = 0
        var downline: Int64 = 0
        var overrideIn: Int64 = 0
        var overrideOut: Int64 = 0
        var refunds: Int64 = 0
    }

    private(set) var projections = LedgerProjections()
    var currency = LedgerSettings.defaultCurrency
    var firstEventAt: Timestamp?
    var skuNames: [String: String] = [:]
    var delisted: Set<String> = []
    var distributors: [String: DistributorCell] = [:]
    /// sku → month → prices of that month's paid orders.
    var prices: [String: [String: PriceCell]] = [:]
    var market: [String: (sales: Int64, own: Int64)] = [:]
    /// Every paid order's sku, paid time and units, for the recent rate of sales.
    var sales: [(sku: String, at: Int64, units: Int64)] = []
    var headline = HTMLReportData.Headline(
        firstEventAt: nil, paidOrders: 0, unitsSold: 0, sales: .zero, refunds: .zero, ownMargin: .zero,
        platformMarkup: .zero, platformFees: .zero, inEscrow: .zero, distributors: 0, skus: 0,
        rejectedOrders: 0)

    mutating func apply(_ event: Event) throws(ReplayError) {
        try collect(event)
        if firstEventAt == nil, let at = event.at { firstEventAt = at }
        // After `collect`, which read the orders as they stood before the event: no copy of the
        // catalog may outlive that read, or this mutation would copy it whole on every event.
        try projections.apply(event)
    }

    private mutating func collect(_ event: Event) throws(ReplayError) {
        switch event.body {
        case .ledgerCreated(let settings, _):
            currency = settings.currency
        case .productListed(let listing):
            skuNames[listing.sku] = listing.name
        case .productDelisted(let sku):
            delisted.insert(sku)
        case .distributorJoined(let distributor, let name, let parent):
            let tier = parent.flatMap { distributors[$0]?.tier }.map { $0 + 1 } ?? 1
            distributors[distributor] = DistributorCell(name: name, tier: tier)
        case .orderPlaced(let fact):
            try paid(fact, event)
        case .orderPaid(let order, _, _, _):
            try paid(try projections.orders.entry(order, for: event).fact, event)
        case .orderRefunded(let refund), .disputeResolved(_, _, _, let refund?):
            try refunded(refund, event, fact: try projections.orders.entry(refund.order, for: event).fact)
        case .orderRejected:
            headline.rejectedOrders += 1
        default:
            break
        }
    }

    private mutating func paid(_ fact: OrderFact, _ event: Event) throws(ReplayError) {
        guard let at = event.at, fact.chain.count >= 2, let last = fact.chain.last else {
            throw ReplayError(event, "order \(fact.order) has no seller in its price chain")
        }
        let sequence = event.sequence
        let quantity = fact.quantity
        let gross = fact.gross.minorUnits
        let own = try last.markup.minorUnits.multiplied(by: quantity, in: sequence)
        let month = at.monthText
        var seller = distributors[fact.distributor] ?? DistributorCell(name: fact.distributor, tier: 1)
        seller.orders += 1
        seller.sales = try seller.sales.adding(gross, in: sequence)
        seller.ownMargin = try seller.ownMargin.adding(own, in: sequence)
        distributors[fact.distributor] = seller
        // Steps 1…k−1 belong to the seller's ancestors: their markups are downline margin.
        for step in fact.chain.dropFirst().dropLast() {
            guard let ancestor = step.distributor else { continue }
            let markup = try step.markup.minorUnits.multiplied(by: quantity, in: sequence)
            try add(markup, to: \.downline, of: ancestor, in: sequence)
        }
        for share in fact.overrides {
            try add(share.amount.minorUnits, to: \.overrideIn, of: share.parent, in: sequence)
            try add(share.amount.minorUnits, to: \.overrideOut, of: share.child, in: sequence)
        }
        var cell = prices[fact.sku]?[month] ?? PriceCell()
        cell.prices.append(fact.unitPrice.minorUnits)
        cell.units += quantity
        prices[fact.sku, default: [:]][month] = cell
        let monthly = market[month] ?? (0, 0)
        market[month] = (
            try monthly.sales.adding(gross, in: sequence), try monthly.own.adding(own, in: sequence)
        )
        sales.append((fact.sku, at.millisecondsSinceEpoch, quantity))
        headline.paidOrders += 1
        headline.unitsSold += quantity
        headline.sales = Money(minorUnits: try headline.sales.minorUnits.adding(gross, in: sequence))
        headline.ownMargin = Money(minorUnits: try headline.ownMargin.minorUnits.adding(own, in: sequence))
    }

    /// Adds `amount` to one figure of a distributor that has joined (the engine never records
    /// an order of one that has not).
    private mutating func add(
        _ amount: Int64, to figure: WritableKeyPath<DistributorCell, Int64>, of distributor: String,
        in sequence: UInt64
    ) throws(ReplayError) {
        guard var cell = distributors[distributor] else { return }
        cell[keyPath: figure] = try cell[keyPath: figure].adding(amount, in: sequence)
        distributors[distributor] = cell
    }

    private mutating func refunded(_ refund: RefundFact, _ event: Event, fact: OrderFact) throws(ReplayError)
    {
        for (leg, reversal) in zip(fact.legs, refund.reversals) {
            guard case .distributor(let distributor) = leg.party else { continue }
            try add(reversal.minorUnits, to: \.refunds, of: distributor, in: event.sequence)
        }
        headline.refunds = Money(
            minorUnits: try headline.refunds.minorUnits.adding(
                refund.amount.minorUnits,
                in: event.sequence))
    }
}

extension HTMLReportSource {
    /// The page's figures as of the last event applied.
    func data(windowDays: Int64 = 30, thresholdDays: Int64 = 7) -> HTMLReportData {
        let bytes = { (left: String, right: String) in left.utf8.lexicographicallyPrecedes(right.utf8) }
        var headline = self.headline
        headline.firstEventAt = firstEventAt
        let balances = projections.balances.balances
        headline.platformMarkup = Money(minorUnits: -(balances[.platformMarkup] ?? 0))
        headline.platformFees = Money(minorUnits: -(balances[.platformFees] ?? 0))
        headline.inEscrow = Money(minorUnits: -(balances[.escrow] ?? 0))
        headline.distributors = Int64(distributors.count)
        headline.skus = Int64(projections.inventory.skus.count)
        let trends = prices.keys.sorted(by: bytes).map { sku in
            let months = (prices[sku] ?? [:]).sorted { bytes($0.key, $1.key) }.map { month, cell in
                let sorted = cell.prices.sorted()
                return HTMLReportData.PricePoint(
                    month: month, orders: Int64(sorted.count), units: cell.units,
                    minimum: Money(minorUnits: sorted.first ?? 0),
                    median: Money(minorUnits: sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2]),
                    maximum: Money(minorUnits: sorted.last ?? 0))
            }
            return HTMLReportData.SkuPriceTrend(sku: sku, name: skuNames[sku], months: months)
        }
        let marketMonths = market.keys.sorted(by: bytes).compactMap { month in
            market[month].map {
                HTMLReportData.MarketMonth(
                    month: month, sales: Money(minorUnits: $0.sales),
                    ownMargin: Money(minorUnits: $0.own))
            }
        }
        let margins = distributors.keys.sorted(by: bytes).compactMap {
            id -> HTMLReportData.DistributorMargin? in
            guard let cell = distributors[id] else { return nil }
            // Sums of bounded ledger figures (SPEC §2); wrapping arithmetic only guards the page.
            let net = cell.ownMargin &+ cell.downline &+ cell.overrideIn &- cell.overrideOut &- cell.refunds
            return HTMLReportData.DistributorMargin(
                distributor: id, name: cell.name, tier: cell.tier, orders: cell.orders,
                sales: Money(minorUnits: cell.sales), ownMargin: Money(minorUnits: cell.ownMargin),
                downlineMargin: Money(minorUnits: cell.downline),
                overrideIn: Money(minorUnits: cell.overrideIn),
                overrideOut: Money(minorUnits: cell.overrideOut), refunds: Money(minorUnits: cell.refunds),
                net: Money(minorUnits: net))
        }
        return HTMLReportData(
            currency: currency, lastSequence: projections.lastSequence, lastEventAt: projections.lastTime,
            headline: headline,
            priceTrends: HTMLReportData.SkuPriceTrend.mostSold(trends, limit: HTMLReport.priceTrendLimit),
            marketMonths: marketMonths, distributors: margins, inventory: inventory(windowDays: windowDays),
            inventoryWindowDays: windowDays, coverThresholdDays: thresholdDays)
    }

    /// Every listed, not delisted sku: available units and units paid for in the window of
    /// `windowDays` that ends at the last event (`(end − window, end]`).
    func inventory(windowDays: Int64) -> [HTMLReportData.InventoryCover] {
        let end = projections.lastTime?.millisecondsSinceEpoch ?? 0
        let start = end - windowDays * 86_400_000
        var recent: [String: Int64] = [:]
        for sale in sales.reversed() {
            guard sale.at > start else { break }  // paid times never decrease along the log
            recent[sale.sku, default: 0] += sale.units
        }
        return projections.inventory.skus.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .compactMap { sku in
                guard !delisted.contains(sku), let row = projections.inventory.skus[sku] else { return nil }
                return HTMLReportData.InventoryCover(
                    sku: sku, name: skuNames[sku], available: row.counts.available,
                    unitsSoldRecently: recent[sku] ?? 0)
            }
    }
}

extension HTMLReportData {
    /// The page's figures for `events` (a whole log from `ledger.created`, in order).
    static func fromEvents(_ events: [Event]) throws(ReplayError) -> HTMLReportData {
        var source = HTMLReportSource()
        for event in events { try source.apply(event) }
        return source.data()
    }
}

extension LedgerDirectory {
    /// The figures of `report html` for the events inside `cut`.
    public func htmlReportData(
        cut: ReplayCut = .everything, validPrefix: Bool = false
    )
        throws(StoreError) -> HTMLReportData
    {
        var source = HTMLReportSource()
        try replay(cut: cut, validPrefix: validPrefix) { event throws(ReplayError) in try source.apply(event)
        }
        return source.data()
    }
}
