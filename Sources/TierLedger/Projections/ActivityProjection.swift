/// What the HTML page needs beside the other projections: when the log starts, the names of
/// skus and distributors, which skus are delisted, refunds and rejected orders in total, and
/// each sku's units paid per UTC day over the last `windowDays` (for days of stock cover).
///
/// Invariants: the daily sales kept are those of the last `windowDays` days up to the latest
/// paid order, so the state is bounded by the catalogue, not by the log; totals never decrease.
struct ActivityProjection: Projection {
    static let windowDays: Int64 = 30
    static let millisecondsPerDay: Int64 = 86_400_000

    private(set) var firstEventAt: Timestamp?
    private(set) var skuNames: [String: String] = [:]
    private(set) var distributorNames: [String: String] = [:]
    private(set) var delisted: Set<String> = []
    private(set) var refunds: Int64 = 0
    private(set) var rejectedOrders: Int64 = 0
    /// sku → UTC day number → units paid that day (the last `windowDays` days only).
    private(set) var dailyUnits: [String: [Int64: Int64]] = [:]
    /// The UTC day of the latest paid order.
    private(set) var latestSaleDay: Int64?

    init() {}

    mutating func apply(_ event: Event, orders: OrderCatalog) throws(ReplayError) {
        if firstEventAt == nil, let at = event.at { firstEventAt = at }
        switch event.body {
        case .productListed(let listing):
            skuNames[listing.sku] = listing.name
        case .productDelisted(let sku):
            delisted.insert(sku)
        case .distributorJoined(let distributor, let name, _):
            distributorNames[distributor] = name
        case .orderRejected:
            rejectedOrders += 1
        default:
            break
        }
        if let refund = event.body.recordedRefund {
            refunds = try refunds.adding(refund.amount.minorUnits, in: event.sequence)
        }
        if let sale = try PaidSale.recorded(by: event, orders: orders) {
            try record(sku: sale.fact.sku, units: sale.fact.quantity, at: sale.at, event)
        }
    }

    private mutating func record(sku: String, units: Int64, at: Timestamp, _ event: Event) throws(ReplayError) {
        // Floor division: a day starts at midnight UTC on either side of 1970.
        let milliseconds = at.millisecondsSinceEpoch
        let day = milliseconds / Self.millisecondsPerDay - (milliseconds % Self.millisecondsPerDay < 0 ? 1 : 0)
        if day != latestSaleDay {
            latestSaleDay = day
            // Drop the days that left the window; at most once a day of ledger time.
            let oldest = day - Self.windowDays + 1
            dailyUnits = dailyUnits.compactMapValues { days in
                let kept = days.filter { $0.key >= oldest }
                return kept.isEmpty ? nil : kept
            }
        }
        dailyUnits[sku, default: [:]][day] = try (dailyUnits[sku]?[day] ?? 0).adding(units, in: event.sequence)
    }

    /// Units of `sku` paid in the `windowDays` days ending with the latest sale's day.
    func recentUnits(_ sku: String) -> Int64 {
        (dailyUnits[sku] ?? [:]).values.reduce(0, +)
    }
}

extension ActivityProjection: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        firstEventAt.write(to: &writer)
        skuNames.write(to: &writer)
        distributorNames.write(to: &writer)
        delisted.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.write(to: &writer)
        writer.signed(refunds)
        writer.signed(rejectedOrders)
        dailyUnits.write(to: &writer)
        latestSaleDay.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        firstEventAt = try Timestamp?(from: &reader)
        skuNames = try [String: String](from: &reader)
        distributorNames = try [String: String](from: &reader)
        delisted = Set(try [String](from: &reader))
        refunds = try reader.signed()
        rejectedOrders = try reader.signed()
        dailyUnits = try [String: [Int64: Int64]](from: &reader)
        latestSaleDay = try Int64?(from: &reader)
    }
}
