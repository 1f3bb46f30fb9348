/// `balances` (SPEC §8): every account's balance, from the postings of §7.
///
/// Invariant: the balances sum to zero (each event's postings do).
struct BalancesProjection: Projection {
    private(set) var balances = StableDictionary<Account, Int64>()

    init(balances: StableDictionary<Account, Int64> = StableDictionary()) {
        self.balances = balances
    }

    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError) {
        let movements = try MoneyMovements(event, sale: sale, orders: orders, lines: false)
        var sum: Int64 = 0
        for posting in movements.postings {
            let amount = posting.amount.minorUnits
            sum = try sum.adding(amount, in: event.sequence)
            try balances.update(posting.account, default: 0) { balance throws(ReplayError) in
                balance = try balance.adding(amount, in: event.sequence)
            }
        }
        guard sum == 0 else { throw ReplayError(event, "postings do not sum to zero") }
    }

    /// `account,balance`: every account whose balance is not zero, by account name.
    var report: ReportTable {
        var table = ReportTable(columns: [.init("account"), .init("balance", .money)], totaledColumns: ["balance"])
        let rows = balances.filter { _, balance in balance != 0 }.map { account, balance in (account.name, balance) }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        for (name, balance) in rows { table.append([name, Money(minorUnits: balance).description]) }
        return table
    }
}

/// `inventory` (SPEC §8): units of every listed sku by where they are.
///
/// Invariant: for each sku, added = available + reserved + delivered + voided, none negative.
struct InventoryProjection: Projection {
    struct Row: Equatable, Sendable {
        var supplier: String
        var counts = InventoryCounts()
    }

    private(set) var skus = StableDictionary<String, Row>()

    init(skus: StableDictionary<String, Row> = StableDictionary()) {
        self.skus = skus
    }

    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError) {
        switch event.body {
        case .productListed(let listing):
            skus.set(Row(supplier: listing.supplier), for: listing.sku)
        case .stockAdded(let sku, _, let units):
            try Self.check(units.unitCount, upTo: 1_000_000, event)
            try move(sku, event) { $0.added += units.unitCount; $0.available += units.unitCount }
        case .stockVoided(let sku, _, let count, _, _):
            try Self.check(count, upTo: 1_000_000, event)
            try move(sku, event) { $0.available -= count; $0.voided += count }
        case .orderPlaced:
            // The sale's fact: binding the event's copied the whole event.
            guard let sale else { break }
            let quantity = sale.fact.quantity
            try Self.check(quantity, upTo: 1_000, event)
            try move(sale.fact.sku, event) { $0.available -= quantity; $0.delivered += quantity }
        case .orderReserved(let fact, _, _):
            try Self.check(fact.quantity, upTo: 1_000, event)
            try move(fact.sku, event) { $0.available -= fact.quantity; $0.reserved += fact.quantity }
        case .orderPaid(let order, let late, _, _):
            let entry = try orders.entry(order, for: event)
            let quantity = entry.quantity
            if late {
                try move(orders.sku(of: order, entry), event) { $0.available -= quantity; $0.delivered += quantity }
            } else {
                try move(orders.sku(of: order, entry), event) { $0.reserved -= quantity; $0.delivered += quantity }
            }
        case .orderExpired(let order, _):
            let entry = try orders.entry(order, for: event)
            let quantity = entry.quantity
            try move(orders.sku(of: order, entry), event) { $0.reserved -= quantity; $0.available += quantity }
        case .orderCancelled(let order, let units):
            let entry = try orders.entry(order, for: event)
            guard !units.isEmpty else { break } // it had expired: its units were back already
            let quantity = entry.quantity
            try move(orders.sku(of: order, entry), event) { $0.reserved -= quantity; $0.available += quantity }
        default:
            break
        }
    }

    /// Unit counts of one event are bounded (SPEC §3), so the totals, at most 10^6 units an
    /// event, stay far from overflow.
    private static func check(_ count: Int64, upTo limit: Int64, _ event: Event) throws(ReplayError) {
        guard count >= 1, count <= limit else { throw ReplayError(event, "unit count \(count) out of range") }
    }

    /// Applies `change` to a sku's counts and checks the invariant.
    private mutating func move(_ sku: String, _ event: Event, _ change: (inout InventoryCounts) -> Void)
        throws(ReplayError) {
        guard let index = skus.index(forKey: sku) else { throw ReplayError(event, "sku \(sku) was never listed") }
        var counts = skus.value(at: index).counts
        change(&counts)
        guard counts.available >= 0, counts.reserved >= 0, counts.delivered >= 0, counts.voided >= 0,
              counts.added == counts.available + counts.reserved + counts.delivered + counts.voided
        else { throw ReplayError(event, "the units of sku \(sku) no longer add up") }
        skus.update(at: index) { $0.counts = counts }
    }

    /// `sku,supplier,added,available,reserved,delivered,voided`: every listed sku.
    var report: ReportTable {
        var table = ReportTable(columns: [
            .init("sku"), .init("supplier"), .init("added", .integer), .init("available", .integer),
            .init("reserved", .integer), .init("delivered", .integer), .init("voided", .integer),
        ], totaledColumns: ["added", "available", "reserved", "delivered", "voided"])
        for sku in skus.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let row = skus[sku] else { continue }
            let counts = row.counts
            table.append([sku, row.supplier, String(counts.added), String(counts.available),
                          String(counts.reserved), String(counts.delivered), String(counts.voided)])
        }
        return table
    }
}
