/// What the HTML page needs beside the other projections: when the log starts, the names of
/// skus and distributors, which skus are delisted, refunds and rejected orders in total, and
/// each sku's units paid per UTC day over the last `windowDays` (for days of stock cover).
///
/// Invariants: each sku keeps `windowDays` day slots, so the state is bounded by the catalogue,
/// not by the log; totals never decrease.
struct ActivityProjection: Projection {
    /// Units paid per UTC day in a ring of `windowDays` slots: slot `day mod windowDays` holds
    /// the latest day that fell on it. Recording is O(1) and nothing is ever pruned: a slot's
    /// old day is simply outside the window when it is read.
    struct DailyUnits: Equatable, Sendable {
        var days = [Int64](repeating: .min, count: Int(ActivityProjection.windowDays))
        var units = [Int64](repeating: 0, count: Int(ActivityProjection.windowDays))

        mutating func add(_ count: Int64, day: Int64, _ event: Event) throws(ReplayError) {
            let window = ActivityProjection.windowDays
            let slot = Int(((day % window) + window) % window)
            if days[slot] != day {
                days[slot] = day
                units[slot] = 0
            }
            units[slot] = try units[slot].adding(count, in: event.sequence)
        }

        /// Units of the `windowDays` days ending with `lastDay`.
        func total(endingWith lastDay: Int64, asOf sequence: UInt64) throws(ReplayError) -> Int64 {
            var total: Int64 = 0
            for (day, count) in zip(days, units) where day <= lastDay && day > lastDay - ActivityProjection.windowDays {
                total = try total.adding(count, in: sequence)
            }
            return total
        }
    }

    static let windowDays: Int64 = 30
    static let millisecondsPerDay: Int64 = 86_400_000

    private(set) var firstEventAt: Timestamp?
    private(set) var skuNames: [String: String] = [:]
    private(set) var distributorNames: [String: String] = [:]
    private(set) var delisted: Set<String> = []
    private(set) var refunds: Int64 = 0
    private(set) var rejectedOrders: Int64 = 0
    /// sku → its units paid per UTC day, in a ring of `windowDays` slots.
    private(set) var dailyUnits = StableDictionary<String, DailyUnits>()
    /// The UTC day of the latest paid order.
    private(set) var latestSaleDay: Int64?

    init() {}

    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError) {
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
        if let sale {
            try record(sku: sale.fact.sku, units: sale.fact.quantity, at: sale.at, event)
        }
    }

    private mutating func record(sku: String, units: Int64, at: Timestamp, _ event: Event) throws(ReplayError) {
        // Floor division: a day starts at midnight UTC on either side of 1970.
        let milliseconds = at.millisecondsSinceEpoch
        let day = milliseconds / Self.millisecondsPerDay - (milliseconds % Self.millisecondsPerDay < 0 ? 1 : 0)
        latestSaleDay = max(latestSaleDay ?? day, day)
        try dailyUnits.update(sku, default: DailyUnits()) { daily throws(ReplayError) in
            try daily.add(units, day: day, event)
        }
    }

    /// Units of `sku` paid in the `windowDays` days ending with the latest sale's day; an error
    /// (naming `sequence`, the last event read) only if the sum overflows, in a forged log.
    func recentUnits(_ sku: String, asOf sequence: UInt64) throws(ReplayError) -> Int64 {
        guard let latestSaleDay, let daily = dailyUnits[sku] else { return 0 }
        return try daily.total(endingWith: latestSaleDay, asOf: sequence)
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
        dailyUnits = try StableDictionary(from: &reader)
        latestSaleDay = try Int64?(from: &reader)
    }
}

extension ActivityProjection.DailyUnits: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        days.write(to: &writer)
        units.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        days = try [Int64](from: &reader)
        units = try [Int64](from: &reader)
        guard days.count == Int(ActivityProjection.windowDays), units.count == days.count else {
            throw LogDecodingError("a sales ring of the wrong size")
        }
    }
}
