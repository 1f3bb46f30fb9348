/// All projections that a replay keeps up to date, fed by one pass over the log (SPEC §8).
/// Each keeps its own state; the order catalog is shared memory they read, updated after
/// them so that each sees the orders as they stood before the event.
///
/// This is what a projection snapshot holds. Reports that depend on a question (a statement for
/// one party, margins for a period, a trace) are folds of their own, run beside these.
struct LedgerProjections: Equatable, Sendable {
    private(set) var settings: LedgerSettings?
    private(set) var lastSequence: UInt64 = 0
    private(set) var lastTime: Timestamp?
    private(set) var orders = OrderCatalog()
    private(set) var balances = BalancesProjection()
    private(set) var inventory = InventoryProjection()
    /// `risk` with the SPEC's thresholds; other thresholds are a fold of their own.
    private(set) var risk = RiskProjection()

    mutating func apply(_ event: Event) throws(ReplayError) {
        guard event.sequence == lastSequence + 1 else {
            throw ReplayError(sequence: event.sequence, message: "expected sequence number \(lastSequence + 1)")
        }
        if case .ledgerCreated(let settings, _) = event.body {
            guard self.settings == nil else { throw ReplayError(event, "the ledger was created before") }
            self.settings = settings
        } else if settings == nil {
            throw ReplayError(event, "the first event must be ledger.created")
        }
        try balances.apply(event, orders: orders)
        try inventory.apply(event, orders: orders)
        try risk.apply(event, orders: orders)
        try orders.apply(event)
        lastSequence = event.sequence
        if let at = event.at { lastTime = at }
    }
}
