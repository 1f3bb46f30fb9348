import TierLedger

// The model's plain records. Amounts the rules compute with are `Int128` minor units, so that
// every range check is one comparison against a limit and no intermediate can overflow; what
// the summary reports is kept as `Money` (an order's `view`, balances, party balances).

/// Why the model refuses a command: the SPEC §3.1 code and a message for people.
struct ModelRefusal: Error {
    var code: RejectionCode
    var message: String

    init(_ code: RejectionCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The namespaces of SPEC §2 ("each kind has its own namespace"); the key of an id's first use.
enum ModelIdKind: Hashable {
    case supplier, fee, sku, batch, distributor, order, refund, dispute, payout
}

struct ModelIdKey: Hashable {
    var kind: ModelIdKind
    var id: String
}

/// The accepted command that first used an id: duplicates must equal it (every field but `at`,
/// SPEC §3), anything else under that id is `id_conflict`.
struct ModelFirstUse {
    var action: Command.Action
    var sequence: UInt64
}

/// A listed sku. `cost` follows reprices; the first listing lives in `firstUses`.
struct ModelProduct {
    var supplier: String
    var cost: Int128
    var refundHours: Int64?
    var delisted = false
    /// 0 = no floor (SPEC §3: "0.00 clears").
    var floor: Int128 = 0
    /// 0 = no ceiling.
    var ceiling: Int128 = 0
    /// Batch ids in the order they were added: the first-in first-out order of SPEC §4.5.
    var batches: [String] = []
}

/// Where one unit of stock is. A unit never moves inside its batch, so "returned units go back
/// to their original place" (SPEC §4.5) holds by construction.
enum ModelUnitState: Equatable {
    case available, reserved, delivered, voided
}

struct ModelBatch {
    var sku: String
    /// One entry per unit, in the order added.
    var units: [ModelUnitState]
}

/// A unit's address: batch and position in it.
struct ModelUnitPlace: Equatable {
    var batch: String
    var position: Int
}

struct ModelDistributor {
    var parent: String?
    /// The root has depth 1; SPEC §3 allows depth ≤ 8.
    var depth: Int
    /// Sku or `"*"` → rule.
    var rules: [String: MarkupRule] = [:]
    var overrideBps: Int64 = 0
}

/// An accepted order (placed or reserved) with its price frozen (SPEC §4).
///
/// The reportable part is kept as the public `OrderSummary` itself (`view`), so that building
/// a summary after every command is a copy, not a conversion; the properties below read and
/// write through it, and `refunded` changes only together with `reversed`.
struct ModelOrder {
    /// Status, unit price, gross, net legs, refunded, released, open dispute.
    private(set) var view: OrderSummary
    var sku: String
    var quantity: Int128
    /// The party of each leg; `nil` for the platform leg.
    var legParties: [Party?]
    /// The price chain as quoted (prices, markups, overrides), for the margins model.
    let quote: ModelQuote
    /// What refunds have reversed of each leg so far (SPEC §6).
    private(set) var reversed: [Int128]
    /// The product's refund window when the order was placed or reserved (README).
    var refundHours: Int64?
    /// `at + ttl_seconds` for a reservation.
    var deadline: Timestamp?
    /// The sequence number of the `order.placed` / `order.reserved` event.
    var sequence: UInt64
    var units: [ModelUnitPlace]
    var paidAt: Timestamp?
    /// The event that paid it (the `order.placed` event for a placed order): what a repeated
    /// `order.pay` is a duplicate of.
    var paidSequence: UInt64?
    var cancelSequence: UInt64?

    init(sku: String, quantity: Int128, status: OrderStatus, quote: ModelQuote,
         refundHours: Int64?, deadline: Timestamp?, sequence: UInt64, units: [ModelUnitPlace]) {
        view = OrderSummary(status: status, unitPrice: ReferenceModel.money(quote.unitPrice),
                            gross: ReferenceModel.money(quote.gross),
                            legs: quote.legs.map(ReferenceModel.money), refunded: .zero,
                            released: false, openDispute: nil)
        self.sku = sku
        self.quantity = quantity
        legParties = quote.legParties
        self.quote = quote
        reversed = Array(repeating: 0, count: quote.legs.count)
        self.refundHours = refundHours
        self.deadline = deadline
        self.sequence = sequence
        self.units = units
    }

    var status: OrderStatus {
        get { view.status }
        set { view.status = newValue }
    }

    var released: Bool {
        get { view.released }
        set { view.released = newValue }
    }

    var openDispute: String? {
        get { view.openDispute }
        set { view.openDispute = newValue }
    }

    var gross: Int128 { Int128(view.gross.minorUnits) }
    /// Net legs after overrides: supplier, platform, D_1 … D_k (SPEC §4.4).
    var legs: [Int128] { view.legs.map { Int128($0.minorUnits) } }
    var refunded: Int128 { Int128(view.refunded.minorUnits) }
    var refundable: Int128 { gross - refunded }
    var remainingLegs: [Int128] { zip(legs, reversed).map { $0 - $1 } }

    /// Records one refund's reversal of each leg (SPEC §6).
    mutating func reverse(_ parts: [Int128]) {
        precondition(parts.count == reversed.count, "one reversal per leg")
        for index in parts.indices { reversed[index] += parts[index] }
        view.refunded = ReferenceModel.money(reversed.reduce(0, +))
    }
}

struct ModelDispute {
    var order: String
    var outcome: DisputeOutcome?
    var resolveSequence: UInt64?
}

/// The account names of SPEC §7.
enum ModelAccount {
    static let gateway = "assets:gateway"
    static let escrow = "liabilities:escrow"
    static let markup = "revenue:platform:markup"
    static let fees = "revenue:platform:fees"

    static func payable(_ party: Party) -> String {
        // Concatenation rather than interpolation: this runs for every party of every summary.
        switch party {
        case .supplier(let id): "liabilities:payable:supplier:" + id
        case .distributor(let id): "liabilities:payable:distributor:" + id
        }
    }

    /// The account a leg is paid into on release: a party's payable, or platform markup.
    static func leg(_ party: Party?) -> String {
        party.map(payable) ?? markup
    }
}

extension Command.Action {
    /// The id this command would create, for the commands that SPEC §3 / README recognise as
    /// duplicates by content. `order.pay`, `order.cancel` and `dispute.resolve` are duplicates by
    /// state instead, and the other commands never are.
    var modelIdentity: ModelIdKey? {
        switch self {
        case .registerSupplier(let supplier, _): ModelIdKey(kind: .supplier, id: supplier)
        case .chargeFee(let fee, _, _, _): ModelIdKey(kind: .fee, id: fee)
        case .listProduct(let listing): ModelIdKey(kind: .sku, id: listing.sku)
        case .addStock(_, let batch, _): ModelIdKey(kind: .batch, id: batch)
        case .joinDistributor(let distributor, _, _): ModelIdKey(kind: .distributor, id: distributor)
        case .placeOrder(let request): ModelIdKey(kind: .order, id: request.order)
        case .reserveOrder(let request, _): ModelIdKey(kind: .order, id: request.order)
        case .refundOrder(let refund, _, _, _): ModelIdKey(kind: .refund, id: refund)
        case .openDispute(let dispute, _, _): ModelIdKey(kind: .dispute, id: dispute)
        case .makePayout(let payout, _, _): ModelIdKey(kind: .payout, id: payout)
        default: nil
        }
    }

    /// SPEC §4: rejected `order.place`, `order.reserve` and `order.pay` are recorded as
    /// `order.rejected` (except `time_went_backwards` and `id_conflict`).
    var modelRecordsRejection: Bool {
        switch self {
        case .placeOrder, .reserveOrder, .payOrder: true
        default: false
        }
    }
}
