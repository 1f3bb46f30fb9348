/// Every order the log has recorded, with what has happened to its money since: the shared
/// memory of the projections (an `order.paid`, a refund or a settlement run names only the
/// order). It grows with the number of orders; everything else a projection keeps is bounded
/// by the catalogue and the distributor tree.
///
/// Invariants: each entry's remaining legs are its legs minus the reversals of its refunds, and
/// never negative; `refunded` is their difference in total and never exceeds the gross.
struct OrderCatalog: Equatable, Sendable {
    enum Status: UInt8, Equatable, Sendable {
        case reserved, paid, expired, cancelled
    }

    struct Entry: Equatable, Sendable {
        var fact: OrderFact
        var status: Status
        /// Sequence number of the event that placed or reserved the order.
        var sequence: UInt64
        var paidSequence: UInt64?
        var paidAt: Timestamp?
        /// Each leg minus what refunds reversed, in the fixed leg order.
        var remaining: [Int64]
        var refunded: Int64 = 0
        var released = false

        var isPaid: Bool { paidSequence != nil }
    }

    private(set) var entries: [String: Entry] = [:]

    init() {}

    /// A catalog restored from a snapshot.
    init(entries: [String: Entry]) {
        self.entries = entries
    }

    subscript(order: String) -> Entry? { entries[order] }

    /// The entry `event` refers to, or an error naming the event when the log does not have it.
    func entry(_ order: String, for event: Event) throws(ReplayError) -> Entry {
        guard let entry = entries[order] else { throw ReplayError(event, "order \(order) was never placed") }
        return entry
    }

    mutating func apply(_ event: Event) throws(ReplayError) {
        switch event.body {
        case .orderPlaced(let fact):
            try add(fact, event: event, status: .paid)
            entries[fact.order]?.paidSequence = event.sequence
            entries[fact.order]?.paidAt = event.at
        case .orderReserved(let fact, _, _):
            try add(fact, event: event, status: .reserved)
        case .orderPaid(let order, _, _, _):
            var entry = try entry(order, for: event)
            guard !entry.isPaid, entry.status != .cancelled else {
                throw ReplayError(event, "order \(order) cannot be paid again")
            }
            entry.status = .paid
            entry.paidSequence = event.sequence
            entry.paidAt = event.at
            entries[order] = entry
        case .orderExpired(let order, _):
            var entry = try entry(order, for: event)
            guard entry.status == .reserved else { throw ReplayError(event, "order \(order) is not reserved") }
            entry.status = .expired
            entries[order] = entry
        case .orderCancelled(let order, _):
            var entry = try entry(order, for: event)
            guard !entry.isPaid else { throw ReplayError(event, "order \(order) is paid") }
            entry.status = .cancelled
            entries[order] = entry
        case .orderRefunded(let refund):
            try reverse(refund, event: event)
        case .disputeResolved(_, _, _, let refund?):
            try reverse(refund, event: event)
        case .settlementRan(let released):
            for order in released {
                var entry = try entry(order, for: event)
                guard entry.isPaid, !entry.released else {
                    throw ReplayError(event, "order \(order) is not a paid, unreleased order")
                }
                entry.released = true
                entries[order] = entry
            }
        default:
            break
        }
    }

    private mutating func add(_ fact: OrderFact, event: Event, status: Status) throws(ReplayError) {
        guard entries[fact.order] == nil else { throw ReplayError(event, "order \(fact.order) was placed before") }
        var total: Int64 = 0
        for leg in fact.legs {
            guard leg.amount.minorUnits >= 0 else { throw ReplayError(event, "a leg is negative") }
            total = try total.adding(leg.amount.minorUnits, in: event.sequence)
        }
        guard total == fact.gross.minorUnits, fact.quantity > 0 else {
            throw ReplayError(event, "the legs of order \(fact.order) do not sum to its gross")
        }
        entries[fact.order] = Entry(fact: fact, status: status, sequence: event.sequence,
                                    remaining: fact.legs.map(\.amount.minorUnits))
    }

    private mutating func reverse(_ refund: RefundFact, event: Event) throws(ReplayError) {
        var entry = try entry(refund.order, for: event)
        guard entry.isPaid, refund.reversals.count == entry.remaining.count, refund.afterRelease == entry.released
        else { throw ReplayError(event, "refund \(refund.refund) does not fit order \(refund.order)") }
        var total: Int64 = 0
        for (index, reversal) in refund.reversals.enumerated() {
            let left = entry.remaining[index] - reversal.minorUnits
            guard reversal.minorUnits >= 0, left >= 0 else {
                throw ReplayError(event, "refund \(refund.refund) reverses more than a leg holds")
            }
            entry.remaining[index] = left
            total += reversal.minorUnits
        }
        guard total == refund.amount.minorUnits, refund.amount.minorUnits > 0 else {
            throw ReplayError(event, "the reversals of refund \(refund.refund) do not sum to its amount")
        }
        entry.refunded += total
        entries[refund.order] = entry
    }
}
