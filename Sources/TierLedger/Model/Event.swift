/// One recorded fact of the log, with its sequence number and the time it was recorded.
///
/// Events are the system of record: state and every report are folds over them, and replay
/// never re-decides or re-prices. Each kind has a version (`EventBody.version`) so that old
/// records stay readable when a kind grows.
public struct Event: Equatable, Sendable {
    /// 1-based position in the log; `ledger.created` is 1.
    public var sequence: UInt64
    /// The command's `at`; `nil` only for `ledger.created`, which precedes all time.
    public var at: Timestamp?
    public var body: EventBody

    public init(sequence: UInt64, at: Timestamp?, body: EventBody) {
        self.sequence = sequence
        self.at = at
        self.body = body
    }
}

/// The facts, one case per kind.
public enum EventBody: Equatable, Sendable {
    case ledgerCreated(LedgerSettings, formatVersion: Int64)
    case supplierRegistered(supplier: String, name: String)
    case feeCharged(fee: String, supplier: String, amount: Money, memo: String?)
    case productListed(ProductListing)
    case productRepriced(sku: String, cost: Money)
    case productDelisted(sku: String)
    case stockAdded(sku: String, batch: String, units: StockAddition)
    /// `units` are the voided positions (the newest available units of the batch).
    case stockVoided(sku: String, batch: String, count: Int64, reason: String, units: [UnitRun])
    case platformMarkupSet(sku: String, rule: MarkupRule)
    case floorSet(sku: String, minimum: Money)
    case ceilingSet(sku: String, maximum: Money)
    case distributorJoined(distributor: String, name: String, parent: String?)
    case distributorMarkupSet(distributor: String, sku: String, rule: MarkupRule)
    case overrideSet(distributor: String, bps: Int64)
    /// A sale paid at once.
    case orderPlaced(OrderFact)
    /// A sale whose units are held until `deadline`, not yet paid.
    case orderReserved(OrderFact, ttlSeconds: Int64, deadline: Timestamp)
    /// Payment of a reservation. `units` is empty when the reserved units are delivered; a late
    /// payment (after expiry) lists the units taken anew.
    case orderPaid(order: String, late: Bool, units: [UnitRun], codes: [Fingerprint])
    /// A reservation's deadline passed; its units went back to their places.
    case orderExpired(order: String, units: [UnitRun])
    /// A reservation was cancelled; `units` went back (empty if it had expired already).
    case orderCancelled(order: String, units: [UnitRun])
    case orderRejected(OrderRejection)
    case orderRefunded(RefundFact)
    case disputeOpened(dispute: String, order: String, reason: String)
    /// `refund` is present when the outcome is `refund`.
    case disputeResolved(dispute: String, order: String, outcome: DisputeOutcome, refund: RefundFact?)
    /// The orders released by this run, in the order they were paid.
    case settlementRan(released: [String])
    case payoutMade(payout: String, party: Party, amount: Money)
}

/// What a `stock.add` recorded: code fingerprints (never the secrets) or a count of
/// anonymous units.
public enum StockAddition: Equatable, Sendable {
    case codes([Fingerprint])
    case count(Int64)

    public var unitCount: Int64 {
        switch self {
        case .codes(let codes): Int64(codes.count)
        case .count(let count): count
        }
    }
}

/// A run of consecutive unit positions within one batch: positions `start ..< start + count`.
public struct UnitRun: Equatable, Hashable, Sendable {
    public var batch: String
    public var start: Int64
    public var count: Int64

    public init(batch: String, start: Int64, count: Int64) {
        self.batch = batch
        self.start = start
        self.count = count
    }
}

/// Who a leg of an order belongs to.
public enum LegParty: Hashable, Sendable {
    case supplier(String)
    case platform
    case distributor(String)
}

/// One step of the frozen price chain: the platform (step 0) or distributor `D_i`.
public struct PriceStep: Hashable, Sendable {
    /// `nil` for the platform step.
    public var distributor: String?
    /// The rule that applied; `nil` when no rule matched (zero markup).
    public var rule: MarkupRule?
    /// The sku the rule was set for (a sku id or `"*"`); `nil` with no rule.
    public var ruleSku: String?
    /// Sequence number of the event that set the rule; 0 with no rule.
    public var ruleSequence: UInt64
    public var markup: Money
    /// `p_i`: the unit price after this step.
    public var price: Money

    public init(distributor: String?, rule: MarkupRule?, ruleSku: String?, ruleSequence: UInt64,
                markup: Money, price: Money) {
        self.distributor = distributor
        self.rule = rule
        self.ruleSku = ruleSku
        self.ruleSequence = ruleSequence
        self.markup = markup
        self.price = price
    }
}

/// An override taken by `parent` (D_{i−1}) out of `child`'s (D_i) leg.
public struct OverrideShare: Equatable, Sendable {
    public var parent: String
    public var child: String
    public var bps: Int64
    /// Sequence number of the event that set the parent's override; 0 if never set.
    public var bpsSequence: UInt64
    public var amount: Money

    public init(parent: String, child: String, bps: Int64, bpsSequence: UInt64, amount: Money) {
        self.parent = parent
        self.child = child
        self.bps = bps
        self.bpsSequence = bpsSequence
        self.amount = amount
    }
}

/// A leg of an order: what one party gets of the gross, after overrides.
public struct Leg: Equatable, Sendable {
    public var party: LegParty
    public var amount: Money

    public init(party: LegParty, amount: Money) {
        self.party = party
        self.amount = amount
    }
}

/// Everything an accepted order froze when it was placed or reserved (SPEC §4).
public struct OrderFact: Equatable, Sendable {
    public var order: String
    public var distributor: String
    public var sku: String
    public var quantity: Int64
    public var buyer: Fingerprint
    public var expectUnitPrice: Money?
    public var cost: Money
    /// Sequence number of the listing or reprice that set `cost`.
    public var costSequence: UInt64
    /// Step 0 is the platform; steps 1…k are D_1 … D_k (root first).
    public var chain: [PriceStep]
    public var overrides: [OverrideShare]
    /// Fixed order: supplier, platform, D_1 … D_k.
    public var legs: [Leg]
    public var unitPrice: Money
    public var gross: Money
    /// The product's refund window when the order was made (`nil` = no limit, 0 = none).
    public var refundHours: Int64?
    /// Units taken (delivered for a placed order, held for a reservation).
    public var units: [UnitRun]
    /// Code fingerprints of the units, in unit order; empty for anonymous units.
    public var codes: [Fingerprint]

    public init(order: String, distributor: String, sku: String, quantity: Int64, buyer: Fingerprint,
                expectUnitPrice: Money?, cost: Money, costSequence: UInt64, chain: [PriceStep],
                overrides: [OverrideShare], legs: [Leg], unitPrice: Money, gross: Money,
                refundHours: Int64?, units: [UnitRun], codes: [Fingerprint]) {
        self.order = order
        self.distributor = distributor
        self.sku = sku
        self.quantity = quantity
        self.buyer = buyer
        self.expectUnitPrice = expectUnitPrice
        self.cost = cost
        self.costSequence = costSequence
        self.chain = chain
        self.overrides = overrides
        self.legs = legs
        self.unitPrice = unitPrice
        self.gross = gross
        self.refundHours = refundHours
        self.units = units
        self.codes = codes
    }
}

/// A rejected `order.place`, `order.reserve` or `order.pay`, recorded so that "I paid and got
/// nothing" can be answered and floor breaches counted (SPEC §4).
public struct OrderRejection: Equatable, Sendable {
    public var order: String
    /// `order.place`, `order.reserve` or `order.pay`.
    public var commandType: String
    public var code: RejectionCode
    public var message: String
    /// The request's fields when it was a place or reserve (absent for a pay).
    public var distributor: String?
    public var sku: String?
    public var quantity: Int64?
    public var buyer: Fingerprint?
    /// The unit price the chain produced, when pricing got that far.
    public var unitPrice: Money?

    public init(order: String, commandType: String, code: RejectionCode, message: String,
                distributor: String? = nil, sku: String? = nil, quantity: Int64? = nil,
                buyer: Fingerprint? = nil, unitPrice: Money? = nil) {
        self.order = order
        self.commandType = commandType
        self.code = code
        self.message = message
        self.distributor = distributor
        self.sku = sku
        self.quantity = quantity
        self.buyer = buyer
        self.unitPrice = unitPrice
    }
}

/// A refund and how it was split over the order's legs.
public struct RefundFact: Equatable, Sendable {
    /// The refund id, or the dispute id for a refund through `dispute.resolve`.
    public var refund: String
    public var order: String
    public var amount: Money
    public var reason: String?
    /// One reversal per leg, in the order's fixed leg order; they sum to `amount`.
    public var reversals: [Money]
    /// Whether the order had been released (the money comes back from balances).
    public var afterRelease: Bool

    public init(refund: String, order: String, amount: Money, reason: String?, reversals: [Money],
                afterRelease: Bool) {
        self.refund = refund
        self.order = order
        self.amount = amount
        self.reason = reason
        self.reversals = reversals
        self.afterRelease = afterRelease
    }
}
