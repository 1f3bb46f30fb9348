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

    /// One order, in 216 bytes and the heap blocks of its chain, overrides and leg amounts.
    ///
    /// It keeps the order's fact field by field without its legs, whose parties follow from the
    /// price chain (supplier, platform, then D_1 … D_k) and whose amounts it keeps as integers:
    /// an array of `Leg`s, each with its party's id, was 270 MB of a 2 M-command replay, and the
    /// whole `OrderFact` with its optionals' padding and empty unit and code arrays another
    /// 80 bytes an order. `fact` puts the fact back together. Legs that do not follow the chain
    /// (no log can hold such an order, but a catalog takes any fact) are kept whole, so `fact`
    /// always returns what was added (units and codes aside: they are the trace's business, and
    /// it reads the log). Optionals are values with a bit in `present`.
    struct Entry: Equatable, Sendable {
        private var orderID: String
        private var sellerID: String
        private var skuID: String
        /// The party of leg 0.
        private var supplier: String
        private var buyer: Fingerprint
        private var chain: [PriceStep]
        private var overrides: [OverrideShare]
        /// The legs' amounts as frozen, in the fixed leg order.
        private var legAmounts: [Int64]
        /// The whole legs of a fact whose legs do not follow its chain; `nil` for every other.
        private var irregularLegs: [Leg]?
        /// Each leg minus what refunds reversed, in the fixed leg order (shares `legAmounts`'
        /// storage until a refund writes to it).
        var remaining: [Int64]
        private var storedQuantity: Int64
        private var storedExpectUnitPrice: Int64
        private var cost: Int64
        private var costSequence: UInt64
        private var unitPrice: Int64
        private var gross: Int64
        private var storedRefundHours: Int64
        /// Sequence number of the event that placed or reserved the order.
        var sequence: UInt64
        private var storedPaidSequence: UInt64 = 0
        private var storedPaidAt: Int64 = 0
        var refunded: Int64 = 0
        var status: Status
        var released = false
        /// Which of the stored optionals hold a value (bits from `Presence`).
        private var present = PresenceMask()

        private enum Presence {
            static let expectUnitPrice: UInt8 = 1
            static let refundHours: UInt8 = 2
            static let paidSequence: UInt8 = 4
            static let paidAt: UInt8 = 8
        }

        /// `remaining` defaults to the legs' amounts. (`fact` is borrowed: an initializer takes
        /// its arguments owned by default, which copied every fact in.)
        init(fact: borrowing OrderFact, status: Status, sequence: UInt64, paidSequence: UInt64?, paidAt: Timestamp?,
             remaining: [Int64]? = nil, refunded: Int64 = 0, released: Bool = false) {
            orderID = fact.order
            sellerID = fact.distributor
            skuID = fact.sku
            if case .supplier(let id) = fact.legs.first?.party { supplier = id } else { supplier = "" }
            buyer = fact.buyer
            chain = fact.chain
            overrides = fact.overrides
            legAmounts = fact.legs.map(\.amount.minorUnits)
            irregularLegs = Self.legsFollow(fact.chain, fact.legs) ? nil : fact.legs
            self.remaining = remaining ?? legAmounts
            storedQuantity = fact.quantity
            storedExpectUnitPrice = present.store(fact.expectUnitPrice?.minorUnits, Presence.expectUnitPrice)
            cost = fact.cost.minorUnits
            costSequence = fact.costSequence
            unitPrice = fact.unitPrice.minorUnits
            gross = fact.gross.minorUnits
            storedRefundHours = present.store(fact.refundHours, Presence.refundHours)
            self.sequence = sequence
            self.refunded = refunded
            self.status = status
            self.released = released
            self.paidSequence = paidSequence
            self.paidAt = paidAt
        }

        /// Whether `legs` are supplier, platform, then one leg per distributor step of `chain`.
        private static func legsFollow(_ chain: [PriceStep], _ legs: [Leg]) -> Bool {
            guard legs.count == chain.count + 1, case .supplier = legs[0].party, legs[1].party == .platform
            else { return false }
            for index in 2..<legs.count {
                guard let distributor = chain[index - 1].distributor,
                      legs[index].party == .distributor(distributor) else { return false }
            }
            return true
        }

        /// The order's fact as added, without units and codes.
        var fact: OrderFact {
            OrderFact(order: orderID, distributor: sellerID, sku: skuID, quantity: storedQuantity, buyer: buyer,
                      expectUnitPrice: present.value(storedExpectUnitPrice, Presence.expectUnitPrice)
                          .map(Money.init(minorUnits:)),
                      cost: Money(minorUnits: cost), costSequence: costSequence, chain: chain, overrides: overrides,
                      legs: legs, unitPrice: Money(minorUnits: unitPrice), gross: Money(minorUnits: gross),
                      refundHours: present.value(storedRefundHours, Presence.refundHours), units: [], codes: [])
        }

        var legs: [Leg] {
            if let irregularLegs { return irregularLegs }
            return legAmounts.indices.map { Leg(party: legParty($0), amount: Money(minorUnits: legAmounts[$0])) }
        }

        var legCount: Int { legAmounts.count }

        /// The party of leg `index` (`0 ..< legCount`).
        func legParty(_ index: Int) -> LegParty {
            if let irregularLegs { return irregularLegs[index].party }
            switch index {
            case 0: return .supplier(supplier)
            case 1: return .platform
            default: return .distributor(chain[index - 1].distributor ?? "")
            }
        }

        var order: String { orderID }
        var seller: String { sellerID }
        var sku: String { skuID }
        var quantity: Int64 { storedQuantity }
        var isPaid: Bool { paidSequence != nil }

        var paidSequence: UInt64? {
            get { present.value(storedPaidSequence, Presence.paidSequence) }
            set { storedPaidSequence = present.store(newValue, Presence.paidSequence) }
        }

        var paidAt: Timestamp? {
            get { present.value(storedPaidAt, Presence.paidAt).map(Timestamp.init(millisecondsSinceEpoch:)) }
            set { storedPaidAt = present.store(newValue?.millisecondsSinceEpoch, Presence.paidAt) }
        }
    }

    /// By order id, in the order the orders were placed or reserved.
    private(set) var entries = HashTable<String, Entry>()

    init() {}

    /// A catalog restored from a snapshot: `entries` in the order they were placed.
    init(entries: [Entry]) {
        for entry in entries { self.entries.set(entry, for: entry.order) }
    }

    subscript(order: String) -> Entry? { entries[order] }

    /// Whether a skimmed record names an order this catalog holds (`tables` resolve its handles).
    func keepsAny(of mentions: RecordMentions, _ tables: LogDictionary) -> Bool {
        guard !entries.isEmpty else { return false }
        return mentions.strings.contains { entries.handle(of: tables.strings.values[$0]) != nil }
    }

    /// The entry `event` refers to, or an error naming the event when the log does not have it.
    func entry(_ order: String, for event: Event) throws(ReplayError) -> Entry {
        guard let entry = entries[order] else { throw ReplayError(event, "order \(order) was never placed") }
        return entry
    }

    /// `body` for each leg of `order` that still holds money (its party and the amount), read
    /// in place: a settlement run walks every order it releases, and copying each entry out
    /// would retain its strings and arrays. An error when the log lacks the order.
    func forEachRemainingLeg(of order: String, for event: Event,
                             _ body: (LegParty, Int64) -> Void) throws(ReplayError) {
        let found: Void? = entries.read(order) { entry in
            for index in entry.remaining.indices where entry.remaining[index] != 0 {
                body(entry.legParty(index), entry.remaining[index])
            }
        }
        guard found != nil else { throw ReplayError(event, "order \(order) was never placed") }
    }

    /// Where the entry `event` refers to stands, read in place (an entry holds its order's whole
    /// fact, so copying one out costs a retain per array); an error when the log lacks it.
    private func standing(_ order: String, for event: Event) throws(ReplayError)
        -> (status: Status, isPaid: Bool, released: Bool) {
        guard let standing = entries.read(order, { ($0.status, $0.isPaid, $0.released) }) else {
            throw ReplayError(event, "order \(order) was never placed")
        }
        return standing
    }

    /// Changes the entry of `order` in place (`standing` has found it).
    private mutating func update(_ order: String, _ change: (inout Entry) -> Void) {
        entries.modify(order) { entry in
            if var changed = entry.take() {
                change(&changed)
                entry = changed
            }
        }
    }

    /// Applies `event` to a partial catalog: only the orders `keeping(fact, reserved)` accepts
    /// are added, and the events of any order the catalog lacks are passed over (`apply(_:)`
    /// refuses them: the log never placed that order).
    mutating func apply(_ event: Event, keeping: (OrderFact, Bool) -> Bool) throws(ReplayError) {
        switch event.body {
        case .orderPlaced(let fact) where !keeping(fact, false),
             .orderReserved(let fact, _, _) where !keeping(fact, true):
            return
        case .orderPaid(let order, _, _, _), .orderExpired(let order, _), .orderCancelled(let order, _):
            guard entries.handle(of: order) != nil else { return }
        case .orderRefunded(let refund), .disputeResolved(_, _, _, let refund?):
            guard entries.handle(of: refund.order) != nil else { return }
        case .settlementRan(let released):
            let kept = released.filter { entries.handle(of: $0) != nil }
            guard kept.count == released.count else {
                return try apply(Event(sequence: event.sequence, at: event.at, body: .settlementRan(released: kept)))
            }
        default:
            break
        }
        try apply(event)
    }

    mutating func apply(_ event: Event) throws(ReplayError) {
        switch event.body {
        case .orderPlaced(let fact):
            try add(fact, event: event, status: .paid)
        case .orderReserved(let fact, _, _):
            try add(fact, event: event, status: .reserved)
        case .orderPaid(let order, _, _, _):
            let standing = try standing(order, for: event)
            guard !standing.isPaid, standing.status != .cancelled else {
                throw ReplayError(event, "order \(order) cannot be paid again")
            }
            update(order) { entry in
                entry.status = .paid
                entry.paidSequence = event.sequence
                entry.paidAt = event.at
            }
        case .orderExpired(let order, _):
            guard try standing(order, for: event).status == .reserved else {
                throw ReplayError(event, "order \(order) is not reserved")
            }
            update(order) { $0.status = .expired }
        case .orderCancelled(let order, _):
            guard try !standing(order, for: event).isPaid else { throw ReplayError(event, "order \(order) is paid") }
            update(order) { $0.status = .cancelled }
        case .orderRefunded(let refund):
            try reverse(refund, event: event)
        case .disputeResolved(_, _, _, let refund?):
            try reverse(refund, event: event)
        case .settlementRan(let released):
            for order in released {
                let standing = try standing(order, for: event)
                guard standing.isPaid, !standing.released else {
                    throw ReplayError(event, "order \(order) is not a paid, unreleased order")
                }
                update(order) { $0.released = true }
            }
        default:
            break
        }
    }

    private mutating func add(_ fact: OrderFact, event: Event, status: Status) throws(ReplayError) {
        let hash = fact.order.stableHash
        guard entries.handle(of: fact.order, hash: hash) == nil else {
            throw ReplayError(event, "order \(fact.order) was placed before")
        }
        var total: Int64 = 0
        for leg in fact.legs {
            guard leg.amount.minorUnits >= 0 else { throw ReplayError(event, "a leg is negative") }
            total = try total.adding(leg.amount.minorUnits, in: event.sequence)
        }
        guard total == fact.gross.minorUnits, fact.quantity > 0 else {
            throw ReplayError(event, "the legs of order \(fact.order) do not sum to its gross")
        }
        let paid = status == .paid
        entries.add(Entry(fact: fact, status: status, sequence: event.sequence,
                          paidSequence: paid ? event.sequence : nil, paidAt: paid ? event.at : nil),
                    for: fact.order, hash: hash)
    }

    private mutating func reverse(_ refund: RefundFact, event: Event) throws(ReplayError) {
        var entry = try entry(refund.order, for: event)
        guard entry.isPaid, refund.reversals.count == entry.remaining.count, refund.afterRelease == entry.released
        else { throw ReplayError(event, "refund \(refund.refund) does not fit order \(refund.order)") }
        var total: Int64 = 0
        for (index, reversal) in refund.reversals.enumerated() {
            // A reversal is checked before it is subtracted: a forged negative one would
            // overflow the subtraction.
            guard reversal.minorUnits >= 0, reversal.minorUnits <= entry.remaining[index] else {
                throw ReplayError(event, "refund \(refund.refund) reverses more than a leg holds")
            }
            entry.remaining[index] -= reversal.minorUnits
            total = try total.adding(reversal.minorUnits, in: event.sequence)
        }
        guard total == refund.amount.minorUnits, refund.amount.minorUnits > 0 else {
            throw ReplayError(event, "the reversals of refund \(refund.refund) do not sum to its amount")
        }
        entry.refunded = try entry.refunded.adding(total, in: event.sequence)
        entries.set(entry, for: refund.order)
    }
}
