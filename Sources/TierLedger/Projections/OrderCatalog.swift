/// Every order the log has recorded, with what has happened to its money since: the shared
/// memory of the projections (an `order.paid`, a refund or a settlement run names only the
/// order). It grows with the number of orders; everything else a projection keeps is bounded
/// by the catalogue and the distributor tree.
///
/// An order is a fixed-size `Entry` with no heap block of its own. What many orders share, its
/// price chain (seller, sku, supplier, cost, each step's rule and markup, the override rates),
/// is kept once, in canonical form, in a chain table of the catalog's own (`chains`, the log's
/// `LogDictionary` layout: its strings are the parties and skus, never order ids), and the
/// entry names it by handle. What follows from the chain and the quantity (prices, gross,
/// overrides, legs) is derived again when asked for, exactly as the log's decoder derives it.
/// The legs' remaining amounts lie in one chunked array, from the entry's `legStart`.
/// A fact that does not follow from its chain (no log can hold one, but the catalog takes any
/// fact) is kept whole in `irregular`, so `fact(of:)` always gives back what was added (units
/// and codes aside: they are the trace's business, and it reads the log).
///
/// Invariants: each entry's remaining legs are its legs minus the reversals of its refunds, and
/// never negative; `refunded` is their difference in total and never exceeds the gross; an
/// entry's chain handle is in `chains` exactly when its order is not in `irregular`.
struct OrderCatalog: Sendable {
    enum Status: UInt8, Equatable, Sendable {
        case reserved, paid, expired, cancelled
    }

    /// One order, in 88 bytes: what is its own (quantity, buyer, where it stands) and handles
    /// to what it shares. Read its chain-derived parts through the catalog (`fact(of:)`,
    /// `seller(of:)`, `sku(of:)`, `legParty(_:of:)`).
    struct Entry: Sendable {
        fileprivate(set) var buyer: Fingerprint
        /// The chain's handle in `chains`, or −1 for an irregular fact.
        fileprivate var chain: Int32
        /// How many legs the order has (at most 66: a chain has at most 64 steps).
        fileprivate(set) var legCount: UInt8
        /// Which of the stored optionals hold a value (bits from `Presence`).
        private var present = PresenceMask()
        var status: Status
        var released = false
        /// Where leg 0's remaining amount is in the catalog's `remainingAmounts`.
        fileprivate var legStart: Int
        private(set) var quantity: Int64
        private var storedExpectUnitPrice: Int64
        private(set) var gross: Int64
        /// Sequence number of the event that placed or reserved the order.
        private(set) var sequence: UInt64
        private var storedPaidSequence: UInt64 = 0
        private var storedPaidAt: Int64 = 0
        var refunded: Int64 = 0

        private enum Presence {
            static let expectUnitPrice: UInt8 = 1
            static let paidSequence: UInt8 = 4
            static let paidAt: UInt8 = 8
        }

        fileprivate init(fact: borrowing OrderFact, chain: Int32, legStart: Int, status: Status, sequence: UInt64,
                         paidSequence: UInt64?, paidAt: Timestamp?, refunded: Int64, released: Bool) {
            buyer = fact.buyer
            self.chain = chain
            legCount = UInt8(fact.legs.count)
            self.status = status
            self.released = released
            self.legStart = legStart
            quantity = fact.quantity
            gross = fact.gross.minorUnits
            self.sequence = sequence
            self.refunded = refunded
            storedExpectUnitPrice = present.store(fact.expectUnitPrice?.minorUnits, Presence.expectUnitPrice)
            self.paidSequence = paidSequence
            self.paidAt = paidAt
        }

        var isPaid: Bool { paidSequence != nil }

        /// Whether the order names a shared chain (false: its fact is kept whole).
        var sharesItsChain: Bool { chain >= 0 }

        var expectUnitPrice: Money? {
            present.value(storedExpectUnitPrice, Presence.expectUnitPrice).map(Money.init(minorUnits:))
        }

        var paidSequence: UInt64? {
            get { present.value(storedPaidSequence, Presence.paidSequence) }
            set { storedPaidSequence = present.store(newValue, Presence.paidSequence) }
        }

        var paidAt: Timestamp? {
            get { present.value(storedPaidAt, Presence.paidAt).map(Timestamp.init(millisecondsSinceEpoch:)) }
            set { storedPaidAt = present.store(newValue?.millisecondsSinceEpoch, Presence.paidAt) }
        }
    }

    /// What the entries share, in one box, so that a copy of the catalog (the projections are
    /// handed it for every event) retains one reference here instead of each of a dozen arrays.
    /// Copied on write like the arrays it replaces (`mutableShared`), so a catalog is still a
    /// value that one thread owns: hence `@unchecked Sendable`.
    private final class Shared: @unchecked Sendable {
        /// The catalog's chains and the strings they name (`chainHandle(of:supplier:)`).
        var chains = LogDictionary()
        /// Every order's legs' remaining amounts, back to back in the order orders were added.
        var remainingAmounts = ChunkedArray<Int64>()
        /// The whole facts (without units and codes) of orders whose legs, overrides or prices
        /// do not follow from their chain.
        var irregular: [String: OrderFact] = [:]

        init() {}

        init(copying other: Shared) {
            chains = other.chains
            remainingAmounts = other.remainingAmounts
            irregular = other.irregular
        }

        /// `body` for each string of chain `handle` with its role, in the order of the chain's
        /// layout, until it returns true. Read in place from the canonical form.
        func forEachString(ofChain handle: Int32, _ body: (ChainTemplate.StringRole, String) -> Bool) {
            // The tables' arrays one by one: a method of the whole dictionary, called on this
            // class's property, copied the dictionary (a retain per array) for every walk.
            let strings = chains.strings.values
            let range = chains.chains.range(of: Int(handle))
            _ = chains.chains.bytes.withUnsafeBufferPointer { bytes in
                let canonical = UnsafeBufferPointer(rebasing: bytes[range])
                return LogDictionary.anyString(inCanonical: canonical, known: strings.count) { body($0, strings[$1]) }
            }
        }
    }

    /// Read in place; every change goes through `mutableShared`.
    private var shared = Shared()

    /// `shared`, copied first when another catalog shares it: what every change goes through.
    private var mutableShared: Shared {
        mutating get {
            if !isKnownUniquelyReferenced(&shared) { shared = Shared(copying: shared) }
            return shared
        }
    }

    /// By order id, in the order the orders were placed or reserved.
    private var entries = HashTable<String, Entry>()

    init() {}

    var count: Int { entries.count }

    /// How many distinct chains the catalog keeps (each once, however many orders share it).
    var chainCount: Int { shared.chains.chains.count }

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

    /// `body` for every order, in the order they were added.
    func forEach(_ body: (_ order: String, Entry) throws(ReplayError) -> Void) throws(ReplayError) {
        for handle in 0..<entries.count {
            try body(entries.keys[handle], entries.read(handle: handle) { $0 })
        }
    }

    // MARK: What an entry shares

    /// The fact of `order` (whose entry is `entry`) as it was added, without units and codes.
    func fact(of order: String, _ entry: Entry) -> OrderFact {
        guard entry.chain >= 0 else {
            guard let fact = shared.irregular[order] else { preconditionFailure("an irregular order keeps its fact") }
            return fact
        }
        do {
            return try shared.chains.template(ofChain: Int(entry.chain)).fields
                .fact(order: order, quantity: entry.quantity, buyer: entry.buyer,
                      expectUnitPrice: entry.expectUnitPrice, units: [], codes: [])
        } catch {
            preconditionFailure("a catalog chain that was checked when added no longer derives its fact")
        }
    }

    /// `fact(of:_:)` of the entry of `order`; an error naming `event` when the log lacks it.
    func fact(of order: String, for event: Event) throws(ReplayError) -> OrderFact {
        fact(of: order, try entry(order, for: event))
    }

    /// The seller of the order whose entry is `entry`.
    func seller(of order: String, _ entry: Entry) -> String {
        chainString(.seller, of: order, entry) ?? fact(of: order, entry).distributor
    }

    /// The sku of the order whose entry is `entry`.
    func sku(of order: String, _ entry: Entry) -> String {
        chainString(.sku, of: order, entry) ?? fact(of: order, entry).sku
    }

    /// The string of `role` (the seller, the sku or the supplier) of a regular entry's chain.
    private func chainString(_ role: ChainTemplate.StringRole, of order: String, _ entry: Entry) -> String? {
        guard entry.chain >= 0 else { return nil }
        var found: String?
        shared.forEachString(ofChain: entry.chain) { stringRole, string in
            guard stringRole == role else { return false }
            found = string
            return true
        }
        return found
    }

    /// The parties of the legs of the order whose entry is `entry`, in leg order: `body` gets
    /// each leg's index and party. Supplier, platform, then the chain's distributors, read from
    /// the chain's canonical form without decoding it.
    private func forEachLegParty(of order: String, _ entry: Entry, _ body: (Int, LegParty) -> Void) {
        guard entry.chain >= 0 else {
            for (index, leg) in fact(of: order, entry).legs.enumerated() { body(index, leg.party) }
            return
        }
        var next = 0
        shared.forEachString(ofChain: entry.chain) { role, string in
            switch role {
            case .supplier:
                body(0, .supplier(string))
                body(1, .platform)
                next = 2
            case .distributor:
                body(next, .distributor(string))
                next += 1
            case .seller, .sku, .ruleSku:
                break
            }
            return false
        }
    }

    /// `body` for each distributor of the chain of the order whose entry is `entry`, from the
    /// platform's child down to the seller.
    func forEachChainDistributor(of order: String, _ entry: Entry, _ body: (String) -> Void) {
        guard entry.chain >= 0 else {
            for step in fact(of: order, entry).chain { if let distributor = step.distributor { body(distributor) } }
            return
        }
        shared.forEachString(ofChain: entry.chain) { role, string in
            if role == .distributor { body(string) }
            return false
        }
    }

    /// The party of leg `index` (`0 ..< entry.legCount`) of the order whose entry is `entry`.
    func legParty(_ index: Int, of order: String, _ entry: Entry) -> LegParty {
        var party = LegParty.platform
        forEachLegParty(of: order, entry) { leg, legParty in
            if leg == index { party = legParty }
        }
        return party
    }

    /// What each leg of `entry` still holds, in leg order.
    func remaining(of entry: Entry) -> [Int64] {
        let amounts = shared.remainingAmounts
        return (0..<Int(entry.legCount)).map { amounts[entry.legStart + $0] }
    }

    /// `body` for each leg of `order` that still holds money (its party and the amount), read
    /// in place. An error when the log lacks the order.
    func forEachRemainingLeg(of order: String, for event: Event,
                             _ body: (LegParty, Int64) -> Void) throws(ReplayError) {
        let entry = try entry(order, for: event)
        let amounts = shared.remainingAmounts
        forEachLegParty(of: order, entry) { index, party in
            // Never past the entry's own legs (a chain and its entry agree: checked when added
            // and when read from a snapshot).
            guard index < Int(entry.legCount) else { return }
            let amount = amounts[entry.legStart + index]
            if amount != 0 { body(party, amount) }
        }
    }

    /// Where the entry `event` refers to stands, read in place; an error when the log lacks it.
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
        insert(fact, hash: hash, status: status, sequence: event.sequence, paidSequence: paid ? event.sequence : nil,
               paidAt: paid ? event.at : nil, remaining: nil, refunded: 0, released: false)
    }

    /// Adds the entry of `fact` (a new order) with its standing; `remaining` defaults to the
    /// legs' amounts.
    private mutating func insert(_ fact: OrderFact, hash: UInt64, status: Status, sequence: UInt64,
                                 paidSequence: UInt64?, paidAt: Timestamp?, remaining: [Int64]?,
                                 refunded: Int64, released: Bool) {
        let tables = mutableShared
        var chain: Int32 = -1
        if let supplier = Self.derivableSupplier(of: fact) {
            chain = Int32(tables.chains.chainHandle(of: fact, supplier: supplier))
        } else {
            var whole = fact
            whole.units = []
            whole.codes = []
            tables.irregular[fact.order] = whole
        }
        let entry = Entry(fact: fact, chain: chain, legStart: tables.remainingAmounts.count, status: status,
                          sequence: sequence, paidSequence: paidSequence, paidAt: paidAt, refunded: refunded,
                          released: released)
        // All the legs in one access to the shared amounts: appending each to
        // `tables.remainingAmounts` was a dynamic exclusivity check a leg (`Shared` is a class).
        func appendLegs(to amounts: inout ChunkedArray<Int64>) {
            if let remaining {
                for amount in remaining { amounts.append(amount) }
            } else {
                for leg in fact.legs { amounts.append(leg.amount.minorUnits) }
            }
        }
        appendLegs(to: &tables.remainingAmounts)
        entries.add(entry, for: fact.order, hash: hash)
        #if DEBUG
        var stripped = fact
        stripped.units = []
        stripped.codes = []
        assert(self.fact(of: fact.order, entry) == stripped, "the catalog gives back the fact it took")
        #endif
    }

    /// The supplier of `fact` when everything the catalog does not keep follows from its chain
    /// and quantity as the log's decoder derives it (`ChainTemplate.fact`): step prices, unit
    /// price, gross, overrides and legs. `nil` for any other fact, which is kept whole.
    private static func derivableSupplier(of fact: borrowing OrderFact) -> String? {
        let steps = fact.chain
        guard case .supplier(let supplier)? = fact.legs.first?.party, (1...64).contains(steps.count),
              fact.overrides.count == max(steps.count - 2, 0), fact.legs.count == steps.count + 1,
              steps[0].distributor == nil,
              ChainTemplate.allowsOrders(cost: fact.cost, steps: steps, rates: fact.overrides.lazy.map(\.bps))
        else { return nil }
        var price = fact.cost.minorUnits
        for (index, step) in steps.enumerated() {
            // The canonical form keeps a rule's sku and sequence only with a rule, and a
            // distributor for every step but the platform's.
            guard (index == 0) == (step.distributor == nil), (step.rule == nil) == (step.ruleSku == nil),
                  step.rule != nil || step.ruleSequence == 0 else { return nil }
            let (next, overflow) = price.addingReportingOverflow(step.markup.minorUnits)
            guard !overflow, step.price.minorUnits == next else { return nil }
            price = next
        }
        guard fact.unitPrice.minorUnits == price,
              fact.gross.minorUnits == ChainTemplate.gross(unitPrice: price, quantity: fact.quantity)
        else { return nil }
        // Compared in place: building the derived legs and overrides took two allocations an order.
        var follows = true
        OrderSplit.split(steps: steps, quantity: fact.quantity, rate: { index in
            OverrideRate(bps: fact.overrides[index].bps, sequence: fact.overrides[index].bpsSequence)
        }) { share in
            switch share {
            case .override(let index, _, let amount):
                let override = fact.overrides[index]
                follows = follows && override.amount.minorUnits == amount
                    && override.parent == (steps[index + 1].distributor ?? "")
                    && override.child == (steps[index + 2].distributor ?? "")
            case .leg(let index, let amount):
                let leg = fact.legs[index]
                follows = follows && leg.amount.minorUnits == amount
                    && leg.party == OrderSplit.party(ofLeg: index, steps: steps, supplier: supplier)
            }
        }
        return follows ? supplier : nil
    }

    private mutating func reverse(_ refund: RefundFact, event: Event) throws(ReplayError) {
        let entry = try entry(refund.order, for: event)
        guard entry.isPaid, refund.reversals.count == Int(entry.legCount), refund.afterRelease == entry.released
        else { throw ReplayError(event, "refund \(refund.refund) does not fit order \(refund.order)") }
        var total: Int64 = 0
        for (index, reversal) in refund.reversals.enumerated() {
            // A reversal is checked before it is subtracted: a forged negative one would
            // overflow the subtraction.
            let holds = shared.remainingAmounts[entry.legStart + index]
            guard reversal.minorUnits >= 0, reversal.minorUnits <= holds else {
                throw ReplayError(event, "refund \(refund.refund) reverses more than a leg holds")
            }
            total = try total.adding(reversal.minorUnits, in: event.sequence)
        }
        guard total == refund.amount.minorUnits, refund.amount.minorUnits > 0 else {
            throw ReplayError(event, "the reversals of refund \(refund.refund) do not sum to its amount")
        }
        let refunded = try entry.refunded.adding(total, in: event.sequence)
        let tables = mutableShared
        for (index, reversal) in refund.reversals.enumerated() {
            tables.remainingAmounts.modify(at: entry.legStart + index) { $0 -= reversal.minorUnits }
        }
        update(refund.order) { $0.refunded = refunded }
    }

    // MARK: Whole orders

    /// One order whole: its fact and where it stands, what two catalogs' equality compares.
    struct WholeOrder: Equatable {
        var fact: OrderFact
        var status: Status
        var sequence: UInt64
        var paidSequence: UInt64?
        var paidAt: Timestamp?
        var remaining: [Int64]
        var refunded: Int64
        var released: Bool
    }

    /// `body` for every order whole, in the order they were added.
    func forEachWholeOrder(_ body: (WholeOrder) -> Void) {
        for handle in 0..<entries.count {
            let order = entries.keys[handle]
            let entry = entries.read(handle: handle) { $0 }
            body(WholeOrder(fact: fact(of: order, entry), status: entry.status, sequence: entry.sequence,
                            paidSequence: entry.paidSequence, paidAt: entry.paidAt,
                            remaining: remaining(of: entry), refunded: entry.refunded, released: entry.released))
        }
    }
}

/// The snapshot form of a catalog (projection format 3): its chain tables, then its entries
/// field by field, in the order the orders were added; an irregular order's whole fact follows
/// its entry. Integers are LEB128 as everywhere in a snapshot.
///
///     chain tables (`LogDictionary.writeSnapshot`: strings, no buyers, chains, no batches) ·
///     varint n · n × (string order · fingerprint buyer · signed quantity · opt money expect ·
///         signed gross · varint sequence · opt varint paid_seq · opt timestamp paid_at ·
///         signed refunded · byte status · bool released · varint legs · legs × signed remaining ·
///         signed chain, −1 then the order's fact (`OrderFact` form, no units and codes))
extension OrderCatalog: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        SpillingWriter.collect(into: &writer) { write(to: &$0) }
    }

    /// The same bytes, handed on in pieces as they are written (`SpillingWriter`).
    func write(to spilling: inout SpillingWriter) {
        shared.chains.writeSnapshot(to: &spilling)
        spilling.writer.varint(entries.count)
        let amounts = shared.remainingAmounts
        for handle in 0..<entries.count {
            let order = entries.keys[handle]
            entries.read(handle: handle) { entry in
                spilling.writer.string(order)
                entry.write(remaining: amounts, to: &spilling.writer)
                if entry.chain < 0 { shared.irregular[order]?.write(to: &spilling.writer) }
            }
            spilling.spillIfFull()
        }
    }

    /// An error when the bytes are not a catalog: an order twice, a chain the tables lack, or an
    /// entry its chain cannot derive a fact for (so that `fact(of:_:)` never fails later).
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init()
        let tables = mutableShared
        tables.chains = try LogDictionary(snapshot: &reader, keepsEncoderTables: true)
        let count = try reader.index()
        guard count <= reader.remaining else { throw LogDecodingError("catalog of \(count) past the end") }
        // What each chain allows (its leg count and unit price), worked out at its first use.
        var shapes = [(legs: Int, unitPrice: Int64)?](repeating: nil, count: tables.chains.chains.count)
        for _ in 0..<count {
            let order = try reader.string()
            let hash = order.stableHash
            guard entries.handle(of: order, hash: hash) == nil else {
                throw LogDecodingError("order \(order) appears twice")
            }
            var entry = try Entry(from: &reader, legStart: tables.remainingAmounts.count,
                                  remaining: &tables.remainingAmounts)
            if entry.chain < 0 {
                entry.chain = -1
                var fact = try OrderFact(from: &reader)
                guard fact.order == order, fact.legs.count == Int(entry.legCount), fact.buyer == entry.buyer,
                      fact.quantity == entry.quantity, fact.gross.minorUnits == entry.gross,
                      fact.expectUnitPrice == entry.expectUnitPrice else {
                    throw LogDecodingError("order \(order) does not match its fact")
                }
                fact.units = []
                fact.codes = []
                tables.irregular[order] = fact
            } else {
                let handle = Int(entry.chain)
                guard handle < shapes.count else { throw LogDecodingError("order \(order) names an unknown chain") }
                if shapes[handle] == nil {
                    // The chain's own checks, once; then any entry whose gross is in range
                    // derives its fact (`fact(of:_:)` never fails).
                    let template = try tables.chains.template(ofChain: handle).fields
                    guard ChainTemplate.allowsOrders(cost: template.cost, steps: template.steps,
                                                     rates: template.rates.lazy.map(\.bps)) else {
                        throw LogDecodingError("order \(order) names a chain no order can have")
                    }
                    let unitPrice = template.steps[template.steps.count - 1].price.minorUnits
                    shapes[handle] = (template.steps.count + 1, unitPrice)
                }
                guard let shape = shapes[handle], shape.legs == Int(entry.legCount) else {
                    throw LogDecodingError("order \(order) has legs its chain does not")
                }
                guard entry.gross == ChainTemplate.gross(unitPrice: shape.unitPrice, quantity: entry.quantity)
                else { throw LogDecodingError("order \(order) does not follow its chain") }
            }
            entries.add(entry, for: order, hash: hash)
        }
    }
}

extension OrderCatalog.Entry {
    /// The entry's fields in the snapshot layout above, its chain last.
    fileprivate func write(remaining: ChunkedArray<Int64>, to writer: inout ByteWriter) {
        buyer.write(to: &writer)
        writer.signed(quantity)
        expectUnitPrice.write(to: &writer)
        writer.signed(gross)
        writer.varint(sequence)
        paidSequence.write(to: &writer)
        paidAt.write(to: &writer)
        writer.signed(refunded)
        writer.byte(status.rawValue)
        released.write(to: &writer)
        writer.varint(Int(legCount))
        for index in 0..<Int(legCount) { writer.signed(remaining[legStart + index]) }
        writer.signed(Int64(chain))
    }

    /// Reads the fields `write(remaining:to:)` writes, appending the remaining amounts to
    /// `remaining` (from `legStart`, its count).
    fileprivate init(from reader: inout ByteReader, legStart: Int,
                     remaining: inout ChunkedArray<Int64>) throws(LogDecodingError) {
        buyer = try Fingerprint(from: &reader)
        quantity = try reader.signed()
        storedExpectUnitPrice = 0
        let expect = try Money?(from: &reader)
        gross = try reader.signed()
        sequence = try reader.varint()
        let paidSequence = try UInt64?(from: &reader)
        let paidAt = try Timestamp?(from: &reader)
        refunded = try reader.signed()
        guard let status = OrderCatalog.Status(rawValue: try reader.byte()) else {
            throw LogDecodingError("unknown order status")
        }
        self.status = status
        released = try Bool(from: &reader)
        let legs = try reader.index()
        guard (1...66).contains(legs) else { throw LogDecodingError("an order of \(legs) legs") }
        legCount = UInt8(legs)
        self.legStart = legStart
        for _ in 0..<legs {
            let amount = try reader.signed()
            guard amount >= 0 else { throw LogDecodingError("a negative remaining leg") }
            remaining.append(amount)
        }
        let chain = try reader.signed()
        guard chain >= -1, chain <= Int64(Int32.max), quantity > 0, refunded >= 0 else {
            throw LogDecodingError("an impossible order entry")
        }
        self.chain = Int32(chain)
        storedExpectUnitPrice = present.store(expect?.minorUnits, Presence.expectUnitPrice)
        self.paidSequence = paidSequence
        self.paidAt = paidAt
    }
}

/// Equal when the same orders were added in the same order, with equal facts and standing
/// (the handles inside differ between catalogs built differently, so they are not compared).
extension OrderCatalog: Equatable {
    static func == (left: OrderCatalog, right: OrderCatalog) -> Bool {
        guard left.entries.keys == right.entries.keys else { return false }
        var equal = true
        var leftOrders: [WholeOrder] = []
        left.forEachWholeOrder { leftOrders.append($0) }
        var index = 0
        right.forEachWholeOrder { order in
            equal = equal && leftOrders[index] == order
            index += 1
        }
        return equal
    }
}

