import Testing
@testable import TierLedger

/// The three period projections folded over events in memory, beside the order catalog they
/// read, the way `LedgerDirectory.replayProjection` folds them from disk.
struct AnalyticsFold {
    var orders = OrderCatalog()
    var margins: MarginsProjection
    var market: MarketProjection
    var priceWar: PriceWarProjection

    init(period: Period = .always) {
        margins = MarginsProjection(period: period)
        market = MarketProjection(period: period)
        priceWar = PriceWarProjection(period: period)
    }

    init(_ events: [Event], period: Period = .always) throws {
        self.init(period: period)
        for event in events { try apply(event) }
    }

    mutating func apply(_ event: Event) throws(ReplayError) {
        try margins.apply(event, orders: orders)
        try market.apply(event, orders: orders)
        try priceWar.apply(event, orders: orders)
        try orders.apply(event)
    }
}

/// A ledger in memory driven by hand-written commands, keeping every recorded event.
struct AnalyticsScenario {
    /// 2026-03-01T08:00:00Z.
    static let start = Timestamp(millisecondsSinceEpoch: 1_772_352_000_000)

    var ledger = Ledger(settings: LedgerSettings(), secretKey: [UInt8](repeating: 9, count: 32))
    var events: [Event] = []

    static func at(days: Int64 = 0, minutes: Int64 = 0) -> Timestamp {
        start.adding(seconds: days * 86_400 + minutes * 60)
    }

    init() {
        events = ledger.takeRecorded()
    }

    /// Submits `action` at `at` and expects it to be accepted.
    mutating func accept(_ action: Command.Action, at: Timestamp,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = ledger.submit(Command(at: at, action: action))
        if case .accepted = outcome {} else {
            Issue.record("expected accepted, got \(outcome) for \(action)", sourceLocation: sourceLocation)
        }
        events += ledger.takeRecorded()
    }

    mutating func accept(_ actions: [Command.Action], at: Timestamp,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        for action in actions { accept(action, at: at, sourceLocation: sourceLocation) }
    }

    func fold(_ period: Period = .always) throws -> AnalyticsFold {
        try AnalyticsFold(events, period: period)
    }

    static func money(_ text: String) -> Money {
        guard let value = Money.parseSigned(text) else { preconditionFailure(text) }
        return value
    }

    static func order(_ id: String, by distributor: String, sku: String = "K1", quantity: Int64 = 1)
        -> OrderRequest {
        OrderRequest(order: id, distributor: distributor, sku: sku, quantity: quantity, buyer: "buyer-\(id)",
                     expectUnitPrice: nil)
    }

    /// Supplier S1 with sku `sku` at `cost`, `units` anonymous units, no platform markup.
    static func catalogue(sku: String = "K1", cost: String = "100.00", units: Int64 = 500)
        -> [Command.Action] {
        [.registerSupplier(supplier: "S1", name: "Supplier"),
         .listProduct(ProductListing(sku: sku, supplier: "S1", name: "Card", face: money("200.00"),
                                     cost: money(cost), refundHours: nil)),
         .addStock(sku: sku, batch: "B-\(sku)", units: .count(units))]
    }
}
