/// The state a ledger's events fold into: catalogue, stock, distributor tree, orders, money.
///
/// Invariants (checked by `checkInvariants`, in debug builds after every event):
/// - account balances sum to zero (double entry);
/// - each order's legs sum to its gross and none is negative; refunds never exceed the gross;
/// - for each sku, added = available + reserved + delivered + voided;
/// - each batch's available ranges agree with the sku's available count.
struct LedgerState: Sendable {
    var settings: LedgerSettings
    var lastSequence: UInt64 = 0
    var ledgerTime: Timestamp?

    // Keyed by id in `HashTable`s (a fixed, cheap hash; see `HandleIndex`): every command
    // looks several of these up.
    var suppliers = HashTable<String, SupplierState>()
    var fees = HashTable<String, FeeRecord>()
    var products = HashTable<String, ProductState>()
    var batches = HashTable<String, BatchState>()
    /// Which batch holds each known code.
    var codeOwners = HashTable<Fingerprint, String>()
    /// How many codes ahead a walk over a batch's codes asks for their slots in `codeOwners`
    /// (`prefetchCodeOwner(after:in:)`): a table of millions of codes misses the cache at each
    /// lookup.
    static var codeLookahead: Int { 16 }
    /// Platform markup rules by sku or `"*"`.
    var platformRules = HashTable<String, RuleState>()
    var distributors = HashTable<String, DistributorState>()
    var orders = OrderTable()
    var refunds = HashTable<String, RefundRecord>()
    var disputes = HashTable<String, DisputeState>()
    var payouts = HashTable<String, PayoutRecord>()
    /// Live reservations by deadline.
    var reservations = ReservationQueue()
    /// Handles of paid, unreleased orders in the order they were paid (for settlement).
    var unreleased: [OrderTable.Handle] = []
    var balances = AccountBalances()
    /// Σ of all payments and fees ever taken, bounded so that no balance can overflow.
    var volume: Int64 = 0

    /// The largest `volume` a ledger may reach (README "Money range").
    static let volumeMaximumMinorUnits: Int64 = 4_000_000_000_000_000_000

    init(settings: LedgerSettings) {
        self.settings = settings
    }

    /// The ids an order names, from the handles it keeps.
    func sku(of order: OrderState) -> String { products.keys[order.productHandle] }
    func seller(of order: OrderState) -> String { distributors.keys[order.sellerHandle] }
}

struct SupplierState: Sendable {
    var name: String
    var sequence: UInt64
}

struct FeeRecord: Sendable {
    var supplier: String
    var amount: Money
    var memo: String?
    var sequence: UInt64
}

/// A markup rule with the sku it was set for and the event that set it.
struct RuleState: Sendable {
    var rule: MarkupRule
    var sku: String
    var sequence: UInt64
}

struct ProductState: Sendable {
    /// The listing as first made (duplicates compare against it).
    var listing: ProductListing
    var listedSequence: UInt64
    /// The handle of the listing's supplier in `LedgerState.suppliers`.
    var supplierHandle: Int
    var cost: Money
    var costSequence: UInt64
    var delisted = false
    /// `Money.zero` means no floor / no ceiling.
    var floor = Money.zero
    var ceiling = Money.zero
    /// Handles (in `LedgerState.batches`) of the batches in the order they were added
    /// (first-in first-out).
    var batches: [Int] = []
    /// Index into `batches` before which no batch has available units.
    var firstBatchWithAvailable = 0
    var counts = InventoryCounts()
}

struct BatchState: Sendable {
    var sku: String
    var addition: StockAddition
    var sequence: UInt64
    /// Position of this batch in its product's `batches`.
    var index: Int
    var available: UnitRanges
}

struct DistributorState: Sendable {
    var name: String
    var parent: String?
    /// Root distributors have depth 1.
    var depth: Int
    var sequence: UInt64
    /// D_1 … D_k: the chain from the root down to this distributor.
    var chain: [String]
    /// The same chain as handles in `LedgerState.distributors` (fixed once it joins), so that
    /// pricing an order walks it without hashing an id.
    var chainHandles: [Int]
    var rules = HashTable<String, RuleState>()
    var overrideBps: Int64 = 0
    var overrideSequence: UInt64 = 0
}

/// What the state machine keeps of an order: what duplicate detection, payment, refunds,
/// disputes and settlement decide on. The frozen chain, overrides and codes stay in the log
/// (the order's event), so the state does not grow with every price step of every order.
///
/// Kept small (168 bytes and no heap block, against 296 bytes and a leg array when it held the
/// seller, sku and supplier ids, its legs and plain optionals): a ledger holds one per order for
/// as long as it is open, so this layout is most of the memory of `verify`, `append` and
/// `ingest`. The sku, seller and supplier are their handles (`LedgerState.sku(of:)` gives the
/// id); the legs live in `OrderTable` (`legs(of:)`); each optional is a value with a bit in
/// `present` (an `Int64?` field takes 16 bytes, padding included).
///
/// Invariants: `heldUnits` is empty unless the order is a live reservation; `legCount` legs
/// from `legStart` are the order's in `OrderTable`.
struct OrderState: Sendable {
    var id: String
    var buyer: Fingerprint
    var quantity: Int64
    var unitPrice: Money
    var gross: Money
    var refunded = Money.zero
    var placedSequence: UInt64
    /// Units currently reserved for this order (a live reservation only: once paid, the units
    /// are delivered and nothing decides on them any more).
    var heldUnits: [UnitRun]
    var openDispute: String?
    /// Where the order's legs start in `OrderTable`'s leg amounts (set when it is inserted).
    fileprivate(set) var legStart = 0
    private var storedExpectUnitPrice: Int64 = 0
    private var storedTtlSeconds: Int64 = 0
    private var storedRefundHours: Int64 = 0
    private var storedPaidAt: Int64 = 0
    private var storedPaidSequence: UInt64 = 0
    private var storedCancelledSequence: UInt64 = 0
    private var storedProductHandle: Int32
    private var storedSupplierHandle: Int32
    private var storedSellerHandle: Int32
    var status: OrderStatus
    var released = false
    /// Which of the stored optionals hold a value (bits from `Presence`).
    private var present = PresenceMask()
    /// How many legs the order has (at most 66: a chain has at most 64 steps).
    fileprivate(set) var legCount: UInt8 = 0

    private enum Presence {
        static let expectUnitPrice: UInt8 = 1
        static let ttlSeconds: UInt8 = 2
        static let refundHours: UInt8 = 4
        static let paidAt: UInt8 = 8
        static let paidSequence: UInt8 = 16
        static let cancelledSequence: UInt8 = 32
        /// A flag, not a field: `legsReversed`.
        static let legsReversed: UInt8 = 64
    }

    /// Whether a refund reversed part of the legs (`OrderTable.reverse`), so that what is left
    /// of them is kept apart; most orders are never refunded, and their legs are read without
    /// looking there. (A bit of `present`: a field of its own would make the order 8 bytes
    /// larger.)
    fileprivate(set) var legsReversed: Bool {
        get { present.contains(Presence.legsReversed) }
        set { present.set(Presence.legsReversed, to: newValue) }
    }

    init(_ fact: borrowing OrderFact, handles: (product: Int, supplier: Int, seller: Int),
         ttlSeconds: Int64?, placedSequence: UInt64, status: OrderStatus) {
        id = fact.order
        storedProductHandle = Self.compact(handles.product)
        storedSupplierHandle = Self.compact(handles.supplier)
        storedSellerHandle = Self.compact(handles.seller)
        quantity = fact.quantity
        buyer = fact.buyer
        unitPrice = fact.unitPrice
        gross = fact.gross
        self.placedSequence = placedSequence
        self.status = status
        heldUnits = status == .reserved ? fact.units : []
        openDispute = nil
        expectUnitPrice = fact.expectUnitPrice
        self.ttlSeconds = ttlSeconds
        refundHours = fact.refundHours
    }

    /// A table handle in 32 bits: a ledger with 2^31 skus, suppliers or distributors would not
    /// fit in memory long before.
    private static func compact(_ handle: Int) -> Int32 {
        guard let compact = Int32(exactly: handle) else { preconditionFailure("table handle \(handle) exceeds 32 bits") }
        return compact
    }

    /// Handles of the sku, its supplier and the seller in `LedgerState`'s tables, so that
    /// stock, settlement and refunds find them without hashing an id.
    var productHandle: Int { Int(storedProductHandle) }
    var supplierHandle: Int { Int(storedSupplierHandle) }
    var sellerHandle: Int { Int(storedSellerHandle) }

    var expectUnitPrice: Money? {
        get { present.value(storedExpectUnitPrice, Presence.expectUnitPrice).map(Money.init(minorUnits:)) }
        set { storedExpectUnitPrice = present.store(newValue?.minorUnits, Presence.expectUnitPrice) }
    }

    /// `nil` for `order.place`; the reservation's ttl otherwise (part of its content).
    var ttlSeconds: Int64? {
        get { present.value(storedTtlSeconds, Presence.ttlSeconds) }
        set { storedTtlSeconds = present.store(newValue, Presence.ttlSeconds) }
    }

    /// The product's refund window when the order was made (`nil` = no limit, 0 = none).
    var refundHours: Int64? {
        get { present.value(storedRefundHours, Presence.refundHours) }
        set { storedRefundHours = present.store(newValue, Presence.refundHours) }
    }

    var paidAt: Timestamp? {
        get { present.value(storedPaidAt, Presence.paidAt).map(Timestamp.init(millisecondsSinceEpoch:)) }
        set { storedPaidAt = present.store(newValue?.millisecondsSinceEpoch, Presence.paidAt) }
    }

    var paidSequence: UInt64? {
        get { present.value(storedPaidSequence, Presence.paidSequence) }
        set { storedPaidSequence = present.store(newValue, Presence.paidSequence) }
    }

    var cancelledSequence: UInt64? {
        get { present.value(storedCancelledSequence, Presence.cancelledSequence) }
        set { storedCancelledSequence = present.store(newValue, Presence.cancelledSequence) }
    }

    var refundable: Money { Money(minorUnits: gross.minorUnits - refunded.minorUnits) }
}

/// Orders by id, stored densely: a handle is an index into `states`, so an event looks its
/// order up by id once, and settlement's queue holds integers instead of ids. The states are
/// a `ChunkedArray`: the table grows with every order and is never copied whole. So are the
/// legs: every order's leg amounts one after another, instead of an array (a heap block) per
/// order; the few orders a refund touched keep their remaining legs aside.
///
/// Invariants: `handle(of: states[h].id) == h` for every handle `h`; orders are never removed;
/// an order's legs are `legAmounts[legStart ..< legStart + legCount]`, in the fixed order
/// (supplier, platform, D_1 … D_k of the seller's chain), and sum to its gross; its remaining
/// legs (`refundedLegs`, or its legs when it has no entry there) have as many, none negative;
/// an order has an entry in `refundedLegs` exactly when its `legsReversed` is set.
struct OrderTable: Sendable {
    typealias Handle = Int

    /// Order id → handle (see `HandleIndex` for why not a `Dictionary`).
    private var index = HandleIndex()
    private(set) var states = ChunkedArray<OrderState>()
    private var legAmounts = ChunkedArray<Money>()
    /// Each leg minus what refunds reversed, for the orders a refund touched.
    private var refundedLegs: [Handle: [Money]] = [:]

    var count: Int { states.count }

    func handle(of id: String) -> Handle? {
        find(id, hash: id.stableHash)
    }

    /// `handle(of:)` with the id's `stableHash` computed by the caller.
    func handle(of id: String, hash: UInt64) -> Handle? {
        find(id, hash: hash)
    }

    private func find(_ id: String, hash: UInt64) -> Handle? {
        index.find(hash: hash) { handle in states.read(at: handle) { $0.id == id } }
    }

    subscript(id: String) -> OrderState? {
        guard let handle = handle(of: id) else { return nil }
        return states[handle]
    }

    /// `body` applied to the order with id `id`, if known, which it borrows (`self[id]`
    /// returns a copy, which retains the order's arrays and ids).
    func read<Result>(_ id: String, _ body: (OrderState) -> Result) -> Result? {
        guard let handle = handle(of: id) else { return nil }
        return read(handle: handle, body)
    }

    /// `body` applied to the order, which it borrows (binding `self[handle: h]` to a constant
    /// would copy the order and retain its arrays).
    func read<Result>(handle: Handle, _ body: (OrderState) -> Result) -> Result {
        states.read(at: handle, body)
    }

    subscript(handle handle: Handle) -> OrderState {
        _read { yield states[handle] }
        _modify { yield &states[handle] }
    }

    /// The order's legs' amounts as frozen, in the fixed leg order.
    func legs(of handle: Handle) -> [Money] {
        let (start, count) = states.read(at: handle) { ($0.legStart, Int($0.legCount)) }
        return (start ..< start + count).map { legAmounts[$0] }
    }

    /// Each leg minus what refunds reversed, in the fixed leg order.
    func remainingLegs(of handle: Handle) -> [Money] {
        guard states.read(at: handle, { $0.legsReversed }) else { return legs(of: handle) }
        return refundedLegs[handle] ?? legs(of: handle)
    }

    /// `body(index, amount)` for each remaining leg of the order, in order, without building
    /// an array (settlement releases every order once).
    func forEachRemainingLeg(of handle: Handle, _ body: (Int, Money) -> Void) {
        // One read of the order for the flag and the legs' place: calling `forEachLeg` after
        // reading the flag alone was 0.7% more of `verify`'s instructions.
        let (start, count, reversed) = states.read(at: handle) { ($0.legStart, Int($0.legCount), $0.legsReversed) }
        if reversed, let remaining = refundedLegs[handle] {
            for (index, amount) in remaining.enumerated() { body(index, amount) }
            return
        }
        for index in 0..<count { body(index, legAmounts[start + index]) }
    }

    /// `body(index, amount)` for each leg of the order as it was recorded, without building an
    /// array (`verify` checks every order's legs).
    func forEachLeg(of handle: Handle, _ body: (Int, Money) -> Void) {
        let (start, count) = states.read(at: handle) { ($0.legStart, Int($0.legCount)) }
        for index in 0..<count { body(index, legAmounts[start + index]) }
    }

    /// Takes `reversals` (one per leg, each at most what the leg has left) off the order's legs.
    mutating func reverse(_ reversals: [Money], of handle: Handle) {
        var remaining = remainingLegs(of: handle)
        precondition(reversals.count == remaining.count, "a refund reverses every leg of its order")
        for (index, reversal) in reversals.enumerated() {
            remaining[index] = Money(minorUnits: remaining[index].minorUnits - reversal.minorUnits)
        }
        refundedLegs[handle] = remaining
        states[handle].legsReversed = true
    }

    /// Adds a new order with its legs' amounts (in the fixed order); its id, whose `stableHash`
    /// is `hash` (worked out by the caller, who looked the id up already), must not be known.
    mutating func insert(_ state: consuming OrderState, hash: UInt64, legs: [Leg]) -> Handle {
        assert(hash == state.id.stableHash, "order \(state.id) inserted under another id's hash")
        precondition(find(state.id, hash: hash) == nil, "order \(state.id) is recorded twice")
        guard let legCount = UInt8(exactly: legs.count) else { preconditionFailure("an order has \(legs.count) legs") }
        let handle = states.count
        index.insert(hash: hash, handle: handle)
        state.legStart = legAmounts.count
        state.legCount = legCount
        // By index through the buffer: `for leg in legs` copied each leg, retaining and
        // releasing its party's string, around every append.
        legs.withUnsafeBufferPointer { legs in
            for index in legs.indices { legAmounts.append(legs[index].amount) }
        }
        states.append(state)
        return handle
    }
}

/// Where a new order's fact goes in the state: the handles of its sku and seller and the hash
/// of its id, found by whoever decided or checked the order (`LedgerState.decideOrder`,
/// `check(_:)`), so that applying it does not look them up again. Valid only for the state it
/// was found in, up to the order's own event.
struct OrderPlacement: Equatable, Sendable {
    var product: Int
    var seller: Int
    var orderHash: UInt64
}

struct RefundRecord: Sendable {
    var order: String
    var amount: Money
    var reason: String?
    var sequence: UInt64
}

struct DisputeState: Sendable {
    var order: String
    var reason: String
    var openedSequence: UInt64
    var outcome: DisputeOutcome?
    var resolvedSequence: UInt64?
}

struct PayoutRecord: Sendable {
    var party: Party
    var amount: Money
    var sequence: UInt64
}

extension LedgerState {
    /// Asks for the `codeOwners` slot of the code `codeLookahead` places after `index` in
    /// `codes`, if there is one: called at each step of a walk over a batch's codes.
    @inline(__always)
    func prefetchCodeOwner(after index: Int, in codes: [Fingerprint]) {
        let ahead = index + Self.codeLookahead
        if ahead < codes.count { codeOwners.prefetch(codes[ahead]) }
    }
}
