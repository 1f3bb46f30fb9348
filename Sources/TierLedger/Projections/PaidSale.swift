/// A sale as the period reports count it (SPEC §8): an order at the moment it is paid, which is
/// when `order.placed` records it or when `order.paid` pays a reservation (on time or late).
/// An order belongs to the period in which it was paid, whenever it was priced.
///
/// Invariants (checked when it is read, so that a forged fact is an error, not a wrong
/// report): the chain has the platform and at least the seller, the seller is its last step,
/// `unitPrice = p_k`, `gross = p_k × qty`, and `0 < cost ≤ gross` (prices are positive and no
/// markup is negative, SPEC §4), so `0 ≤ ownMargin < gross`.
///
/// A class, immutable: each projection an event is handed to binds its sale, and binding a
/// struct copied the whole fact (a retain of each of its strings and arrays, and a release
/// after); binding a reference is one.
final class PaidSale: Sendable {
    let fact: OrderFact
    let at: Timestamp
    /// `p_{k−1} × qty`: what the seller paid its upstream.
    let cost: Int64
    /// `gross − cost`.
    let ownMargin: Int64
    /// The UTC month of `at`, `YYYY-MM`, which several projections key by.
    let month: String
    /// The event that records the sale (`order.placed` or `order.paid`): its sequence number
    /// and type, for the errors of the projections that fold `summary`.
    let sequence: UInt64
    let eventType: String

    /// `body` applied to the fact, which it borrows. Binding `let fact = sale.fact` made a
    /// copy after all (the retains and releases the class was meant to save), in each of three
    /// projections.
    func withFact<Result, Failure: Error>(_ body: (borrowing OrderFact) throws(Failure) -> Result)
        throws(Failure) -> Result {
        try body(fact)
    }

    private init(fact: OrderFact, at: Timestamp, cost: Int64, ownMargin: Int64, month: String, sequence: UInt64,
                 eventType: String) {
        self.fact = fact
        self.at = at
        self.cost = cost
        self.ownMargin = ownMargin
        self.month = month
        self.sequence = sequence
        self.eventType = eventType
    }

    /// What the price war and the market read of a sale: no arrays, so that a summary handed
    /// to another thread (`SaleFolding`) keeps none of the event's heap blocks alive there.
    var summary: SaleSummary {
        SaleSummary(sku: fact.sku, seller: fact.distributor, quantity: fact.quantity,
                    unitPrice: fact.unitPrice.minorUnits, gross: fact.gross.minorUnits, ownMargin: ownMargin,
                    at: at, month: month, sequence: sequence, eventType: eventType)
    }

    /// The sale `event` records, or `nil` when it records none.
    static func recorded(by event: Event, orders: OrderCatalog) throws(ReplayError) -> PaidSale? {
        let fact: OrderFact
        switch event.body {
        case .orderPlaced(let placed): fact = placed
        case .orderPaid(let order, _, _, _): fact = try orders.fact(of: order, for: event)
        default: return nil
        }
        guard let at = event.at else { throw ReplayError(event, "a sale without a time") }
        let steps = fact.chain.count
        guard steps >= 2, fact.quantity >= 1, fact.chain[steps - 1].distributor == fact.distributor else {
            throw ReplayError(event, "order \(fact.order) has no price chain down to its seller")
        }
        let sequence = event.sequence
        let cost = try fact.chain[steps - 2].price.minorUnits.multiplied(by: fact.quantity, in: sequence)
        let gross = try fact.chain[steps - 1].price.minorUnits.multiplied(by: fact.quantity, in: sequence)
        guard gross == fact.gross.minorUnits, fact.unitPrice == fact.chain[steps - 1].price,
              cost > 0, cost <= gross else {
            throw ReplayError(event, "the gross of order \(fact.order) does not follow its price chain")
        }
        return PaidSale(fact: fact, at: at, cost: cost, ownMargin: try gross.subtracting(cost, in: sequence),
                        month: at.monthText, sequence: sequence, eventType: event.body.typeName)
    }
}

extension EventBody {
    /// The refund this event records: `order.refunded`, or `dispute.resolved` with a refund.
    var recordedRefund: RefundFact? {
        switch self {
        case .orderRefunded(let refund): refund
        case .disputeResolved(_, _, _, let refund?): refund
        default: nil
        }
    }
}

/// A sale as the price war and the market fold it (`PaidSale.summary`).
struct SaleSummary: Sendable {
    var sku: String
    var seller: String
    var quantity: Int64
    var unitPrice: Int64
    var gross: Int64
    /// `gross − cost`.
    var ownMargin: Int64
    var at: Timestamp
    /// `YYYY-MM` of `at`.
    var month: String
    /// The event that records the sale: its sequence number and type.
    var sequence: UInt64
    var eventType: String

    /// A replay error about this sale, as `ReplayError(event, message)` words it.
    func error(_ message: String) -> ReplayError {
        ReplayError(sequence: sequence, eventType: eventType, message)
    }
}
