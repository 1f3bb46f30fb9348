/// `risk` (SPEC §8): buyers, sellers and attempts that finance or fraud staff should look at.
/// One finding per kind and subject:
///
/// - `bulk_buyer` (subject: the buyer's fingerprint in hex): at least `bulkOrders` accepted
///   orders (placed or reserved) or `bulkUnits` units inside one window `[t, t + window)`;
///   `first_seq` is the order that reached the threshold.
/// - `floor_breach` (subject: the seller, whose chain priced below the floor): every
///   `order.rejected` with `below_floor`; `first_seq` is the first such rejection.
/// - `high_refund_rate` (subject: the seller): judged at the end of the cut, at least
///   `refundMinimumOrders` paid orders and at least `refundRatePercent` % of them refunded (any
///   refund, a dispute's too); `first_seq` is the first event after which the rule held.
/// - `self_dealing` (subject: the distributor that bought): an accepted order whose buyer
///   fingerprint equals that of a distributor id in the seller's chain (the seller itself or an
///   ancestor); `first_seq` is its first such order. Found at report time from the order
///   catalog, because comparing needs the ledger's secret key, which a projection never holds.
///
/// Invariants: a buyer's window holds fewer orders than `bulkOrders` and fewer units than
/// `bulkUnits` until it is flagged, and is dropped then; a window whose newest order is a whole
/// window old is dropped within one more window of ledger time. So the windows held are those
/// of the buyers active in the last two windows, not of every buyer ever. Counts never
/// decrease.
struct RiskProjection: Projection {
    let thresholds: RiskThresholds
    /// Unflagged buyers' recent orders, oldest first.
    private(set) var windows: [Fingerprint: [WindowEntry]] = [:]
    /// When windows that can no longer grow are next dropped (see `pruneWindows`).
    private(set) var nextPrune: Timestamp?
    private(set) var bulkBuyers: [Fingerprint: BulkFinding] = [:]
    private(set) var sellers = StableDictionary<String, RefundTally>()
    private(set) var floorBreaches: [String: FloorBreach] = [:]
    /// The current floor of every sku that has one, to show beside a breach.
    private(set) var floors: [String: Money] = [:]

    struct WindowEntry: Equatable, Sendable {
        var at: Timestamp
        var units: Int64
    }

    struct BulkFinding: Equatable, Sendable {
        var sequence: UInt64
        var orders: Int64
        var units: Int64
        var from: Timestamp
        var to: Timestamp
    }

    struct RefundTally: Equatable, Sendable {
        var paid: Int64 = 0
        var refunded: Int64 = 0
        /// The first event after which the rule held; kept even if the rate drops again.
        var firstSequence: UInt64?
    }

    struct FloorBreach: Equatable, Sendable {
        var firstSequence: UInt64
        var attempts: Int64 = 0
        var skus: [String: SkuBreach] = [:]
    }

    /// Attempts on one sku, the lowest unit price tried and the floor it was tried against.
    struct SkuBreach: Equatable, Sendable {
        var attempts: Int64 = 0
        var lowest: Money?
        var floor: Money?
    }

    init(thresholds: RiskThresholds = .standard) {
        self.thresholds = thresholds
    }

    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError) {
        if let at = event.at { pruneWindows(at: at) }
        switch event.body {
        case .orderPlaced(let fact):
            try order(fact, event: event)
            try paid(fact.distributor, event: event)
        case .orderReserved(let fact, _, _):
            try order(fact, event: event)
        case .orderPaid(let order, _, _, _):
            try paid(orders.seller(of: order, try orders.entry(order, for: event)), event: event)
        case .orderRefunded(let refund):
            try refunded(refund, event: event, orders: orders)
        case .disputeResolved(_, _, _, let refund?):
            try refunded(refund, event: event, orders: orders)
        case .orderRejected(let rejection) where rejection.code == .belowFloor:
            breach(rejection, event: event)
        case .floorSet(let sku, let minimum):
            floors[sku] = minimum.isPositive ? minimum : nil
        default:
            break
        }
    }

    /// Slides the buyer's window to end at this order and flags the buyer once it holds
    /// enough orders or units.
    private mutating func order(_ fact: OrderFact, event: Event) throws(ReplayError) {
        guard let at = event.at, bulkBuyers[fact.buyer] == nil else { return }
        // Keep the orders with t > at − window: together with this one they fit in [t, t + window).
        // The window is changed where it lies in the dictionary (`default:` puts an empty one
        // there first): a copy taken out would be copied again, to a new heap block, by its
        // first change.
        let entry = WindowEntry(at: at, units: fact.quantity)
        let (orders, units, from) = try Self.slide(&windows[fact.buyer, default: []], from: windowStart(at),
                                                   adding: entry, event)
        if orders >= thresholds.bulkOrders || units >= thresholds.bulkUnits {
            bulkBuyers[fact.buyer] = BulkFinding(sequence: event.sequence, orders: orders, units: units,
                                                 from: from, to: at)
            windows[fact.buyer] = nil
        }
    }

    /// Drops the window's orders at or before `start`, adds `entry`; the orders, units and
    /// first time of the window then.
    private static func slide(_ window: inout [WindowEntry], from start: Int64, adding entry: WindowEntry,
                              _ event: Event) throws(ReplayError) -> (orders: Int64, units: Int64, from: Timestamp) {
        window.removeAll { $0.at.millisecondsSinceEpoch <= start }
        window.append(entry)
        var units: Int64 = 0
        for entry in window { units = try units.adding(entry.units, in: event.sequence) }
        return (Int64(window.count), units, window[0].at)
    }

    /// Drops the windows whose newest order is at or before `at − window`: a later order of
    /// that buyer would drop all of it anyway. Runs at most once a window of ledger time, so
    /// its cost is spread over the events of that time.
    private mutating func pruneWindows(at: Timestamp) {
        if let nextPrune, at < nextPrune { return }
        let start = windowStart(at)
        // Removed in place: `filter` built a new dictionary at every prune, a hundred thousand
        // times over two years of ledger time.
        let stale = windows.compactMap { buyer, window in
            (window.last?.at.millisecondsSinceEpoch ?? .min) > start ? nil : buyer
        }
        for buyer in stale { windows[buyer] = nil }
        nextPrune = at.adding(seconds: thresholds.bulkWindowMinutes * 60)
    }

    /// `at − window` in milliseconds; a forged time near the range's end saturates, not traps.
    private func windowStart(_ at: Timestamp) -> Int64 {
        let (start, overflow) = at.millisecondsSinceEpoch.subtractingReportingOverflow(
            thresholds.bulkWindowMilliseconds)
        return overflow ? .min : start
    }

    private mutating func paid(_ seller: String, event: Event) throws(ReplayError) {
        let thresholds = thresholds
        try sellers.update(seller, default: RefundTally()) { tally throws(ReplayError) in
            tally.paid = try tally.paid.adding(1, in: event.sequence)
            tally = Self.judged(tally, event: event, thresholds)
        }
    }

    /// Counts an order the first time any refund touches it.
    private mutating func refunded(_ refund: RefundFact, event: Event, orders: OrderCatalog) throws(ReplayError) {
        let entry = try orders.entry(refund.order, for: event)
        guard entry.refunded == 0 else { return }
        let thresholds = thresholds
        try sellers.update(orders.seller(of: refund.order, entry), default: RefundTally()) { tally throws(ReplayError) in
            tally.refunded = try tally.refunded.adding(1, in: event.sequence)
            tally = Self.judged(tally, event: event, thresholds)
        }
    }

    /// `tally`, marked with `event` if the rule holds for it for the first time. (Static, so
    /// that it can run inside the change of the seller's tally.)
    private static func judged(_ tally: RefundTally, event: Event, _ thresholds: RiskThresholds) -> RefundTally {
        var tally = tally
        if tally.firstSequence == nil, flags(tally, thresholds) { tally.firstSequence = event.sequence }
        return tally
    }

    func flags(_ tally: RefundTally) -> Bool { Self.flags(tally, thresholds) }

    /// refunded / paid ≥ pct / 100, compared without division (in 128 bits, so the products
    /// cannot overflow).
    private static func flags(_ tally: RefundTally, _ thresholds: RiskThresholds) -> Bool {
        tally.paid >= thresholds.refundMinimumOrders
            && Int128(tally.refunded) * 100 >= Int128(tally.paid) * Int128(thresholds.refundRatePercent)
    }

    private mutating func breach(_ rejection: OrderRejection, event: Event) {
        let seller = rejection.distributor ?? "?"
        var finding = floorBreaches[seller] ?? FloorBreach(firstSequence: event.sequence)
        finding.attempts += 1
        let sku = rejection.sku ?? "?"
        var perSku = finding.skus[sku] ?? SkuBreach()
        perSku.attempts += 1
        if let price = rejection.unitPrice, perSku.lowest.map({ price < $0 }) ?? true {
            perSku.lowest = price
            perSku.floor = floors[sku]
        }
        finding.skus[sku] = perSku
        floorBreaches[seller] = finding
    }
}

// MARK: Snapshot form (in this file, which owns the state)

extension RiskProjection: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        for value in [thresholds.bulkOrders, thresholds.bulkUnits, thresholds.bulkWindowMinutes,
                      thresholds.refundMinimumOrders, thresholds.refundRatePercent] { writer.signed(value) }
        windows.write(to: &writer)
        nextPrune.write(to: &writer)
        bulkBuyers.write(to: &writer)
        sellers.write(to: &writer)
        floorBreaches.write(to: &writer)
        floors.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        var thresholds = RiskThresholds.standard
        thresholds.bulkOrders = try reader.signed()
        thresholds.bulkUnits = try reader.signed()
        thresholds.bulkWindowMinutes = try reader.signed()
        thresholds.refundMinimumOrders = try reader.signed()
        thresholds.refundRatePercent = try reader.signed()
        self.init(thresholds: thresholds)
        windows = try [Fingerprint: [WindowEntry]](from: &reader)
        nextPrune = try Timestamp?(from: &reader)
        bulkBuyers = try [Fingerprint: BulkFinding](from: &reader)
        sellers = try StableDictionary(from: &reader)
        floorBreaches = try [String: FloorBreach](from: &reader)
        floors = try [String: Money](from: &reader)
    }
}

extension RiskProjection.WindowEntry: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        at.write(to: &writer)
        writer.signed(units)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(at: try Timestamp(from: &reader), units: try reader.signed())
    }
}

extension RiskProjection.BulkFinding: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.varint(sequence)
        writer.signed(orders)
        writer.signed(units)
        from.write(to: &writer)
        to.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(sequence: try reader.varint(), orders: try reader.signed(), units: try reader.signed(),
                  from: try Timestamp(from: &reader), to: try Timestamp(from: &reader))
    }
}

extension RiskProjection.RefundTally: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.signed(paid)
        writer.signed(refunded)
        firstSequence.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(paid: try reader.signed(), refunded: try reader.signed(), firstSequence: try UInt64?(from: &reader))
    }
}

extension RiskProjection.SkuBreach: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.signed(attempts)
        lowest.write(to: &writer)
        floor.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(attempts: try reader.signed(), lowest: try Money?(from: &reader), floor: try Money?(from: &reader))
    }
}

extension RiskProjection.FloorBreach: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.varint(firstSequence)
        writer.signed(attempts)
        skus.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(firstSequence: try reader.varint(), attempts: try reader.signed(),
                  skus: try [String: RiskProjection.SkuBreach](from: &reader))
    }
}
