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

    var suppliers: [String: SupplierState] = [:]
    var fees: [String: FeeRecord] = [:]
    var products: [String: ProductState] = [:]
    var batches: [String: BatchState] = [:]
    /// Which batch holds each known code.
    var codeOwners: [Fingerprint: String] = [:]
    /// Platform markup rules by sku or `"*"`.
    var platformRules: [String: RuleState] = [:]
    var distributors: [String: DistributorState] = [:]
    var orders: [String: OrderState] = [:]
    var refunds: [String: RefundRecord] = [:]
    var disputes: [String: DisputeState] = [:]
    var payouts: [String: PayoutRecord] = [:]
    /// Live reservations by deadline.
    var reservations = ReservationQueue()
    /// Paid, unreleased orders in the order they were paid (for settlement).
    var unreleased: [String] = []
    var balances = AccountBalances()
    /// Σ of all payments and fees ever taken, bounded so that no balance can overflow.
    var volume: Int64 = 0

    /// The largest `volume` a ledger may reach (README "Money range").
    static let volumeMaximumMinorUnits: Int64 = 4_000_000_000_000_000_000

    init(settings: LedgerSettings) {
        self.settings = settings
    }
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
    var cost: Money
    var costSequence: UInt64
    var delisted = false
    /// `Money.zero` means no floor / no ceiling.
    var floor = Money.zero
    var ceiling = Money.zero
    /// Batch ids in the order they were added (first-in first-out).
    var batches: [String] = []
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
    var rules: [String: RuleState] = [:]
    var overrideBps: Int64 = 0
    var overrideSequence: UInt64 = 0
}

struct OrderState: Sendable {
    var fact: OrderFact
    /// `nil` for `order.place`; the reservation's ttl otherwise (part of its content).
    var ttlSeconds: Int64?
    var placedSequence: UInt64
    var status: OrderStatus
    var deadline: Timestamp?
    var paidAt: Timestamp?
    var paidSequence: UInt64?
    var cancelledSequence: UInt64?
    /// Units currently reserved or delivered for this order.
    var heldUnits: [UnitRun]
    /// Each leg minus what refunds reversed, in the fixed leg order.
    var remainingLegs: [Money]
    var refunded = Money.zero
    var released = false
    var openDispute: String?

    var refundable: Money { Money(minorUnits: fact.gross.minorUnits - refunded.minorUnits) }
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
