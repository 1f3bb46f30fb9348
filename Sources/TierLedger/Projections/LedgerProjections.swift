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
    /// The period reports over all time; with `--from`/`--to` they are folds of their own.
    private(set) var margins = MarginsProjection(period: .always)
    private(set) var market = MarketProjection(period: .always)
    private(set) var priceWar = PriceWarProjection(period: .always)
    /// `risk` with the SPEC's thresholds; other thresholds are a fold of their own.
    private(set) var risk = RiskProjection()
    /// Names, totals and recent sales for the HTML page.
    private(set) var activity = ActivityProjection()
    /// False for projections restored from a snapshot's report section alone: they answer
    /// reports but cannot take more events (the order catalog was not loaded).
    private(set) var isContinuable = true

    init() {}

    mutating func apply(_ event: Event) throws(ReplayError) {
        try apply(event, foldingSalesIn: nil)
    }

    /// `apply(event)`, with the price war and the market left to `folding`, which is handed
    /// the event's sale (and folds it on its own thread); `takeFolded` puts them back.
    mutating func apply(_ event: Event, foldingSalesIn folding: SaleFolding?) throws(ReplayError) {
        guard isContinuable else {
            throw ReplayError(event, "projections restored without their order catalog cannot continue")
        }
        guard event.sequence == lastSequence + 1 else {
            throw ReplayError(sequence: event.sequence, message: "expected sequence number \(lastSequence + 1)")
        }
        if case .ledgerCreated(let settings, _) = event.body {
            guard self.settings == nil else { throw ReplayError(event, "the ledger was created before") }
            self.settings = settings
        } else if settings == nil {
            throw ReplayError(event, "the first event must be ledger.created")
        }
        let sale = try PaidSale.recorded(by: event, orders: orders)
        try balances.apply(event, sale: sale, orders: orders)
        try inventory.apply(event, sale: sale, orders: orders)
        try margins.apply(event, sale: sale, orders: orders)
        // The market and the price war read a sale's summary alone (made once for both).
        if let summary = sale?.summary {
            if let folding {
                guard folding.add(summary) else {
                    throw ReplayError(sequence: event.sequence, message: "the price war or the market refused a sale")
                }
            } else {
                try market.apply(summary)
                try priceWar.apply(summary)
            }
        }
        try risk.apply(event, sale: sale, orders: orders)
        try activity.apply(event, sale: sale, orders: orders)
        try orders.apply(event)
        lastSequence = event.sequence
        if let at = event.at { lastTime = at }
    }

    /// The price war and the market as `folding` left them (every sale applied with
    /// `apply(_:foldingSalesIn:)` since they were handed to it).
    mutating func takeFolded(_ folded: SaleFolding.Folded) {
        market = folded.market
        priceWar = folded.priceWar
    }
}

/// The two sections of a projection snapshot: what reports read (bounded by the catalogue and
/// the distributor tree, quick to load), and what continuing the replay needs besides (the
/// order catalog, which grows with the log). A fresh snapshot answers a report from the first
/// section alone.
extension LedgerProjections {
    func writeReports(to writer: inout ByteWriter) {
        settings.write(to: &writer)
        writer.varint(lastSequence)
        lastTime.write(to: &writer)
        // Each projection in a length-prefixed part, so that a report reads only its own.
        for part in Part.allCases {
            var partWriter = ByteWriter(capacity: 1 << 12)
            write(part, to: &partWriter)
            writer.varint(partWriter.bytes.count)
            writer.bytes(partWriter.bytes)
        }
    }

    /// The projections of the report section, in their order there.
    enum Part: CaseIterable, Sendable {
        case balances, inventory, margins, market, priceWar, risk, activity
    }

    private func write(_ part: Part, to writer: inout ByteWriter) {
        switch part {
        case .balances: balances.write(to: &writer)
        case .inventory: inventory.write(to: &writer)
        case .margins: margins.write(to: &writer)
        case .market: market.write(to: &writer)
        case .priceWar: priceWar.write(to: &writer)
        case .risk: risk.write(to: &writer)
        case .activity: activity.write(to: &writer)
        }
    }

    private mutating func read(_ part: Part, from reader: inout ByteReader) throws(LogDecodingError) {
        switch part {
        case .balances: balances = try BalancesProjection(from: &reader)
        case .inventory: inventory = try InventoryProjection(from: &reader)
        case .margins: margins = try MarginsProjection(from: &reader)
        case .market: market = try MarketProjection(from: &reader)
        case .priceWar: priceWar = try PriceWarProjection(from: &reader)
        case .risk: risk = try RiskProjection(from: &reader)
        case .activity: activity = try ActivityProjection(from: &reader)
        }
    }

    func writeContinuation(to spilling: inout SpillingWriter) {
        orders.write(to: &spilling)
    }

    /// Projections from a snapshot's sections; without `continuation` they answer reports only,
    /// and then only `parts` are read (the others stay empty): a report loads what it prints.
    init(reports: inout ByteReader, continuation: ByteReader?, parts: Set<Part> = Set(Part.allCases))
        throws(LogDecodingError) {
        settings = try LedgerSettings?(from: &reports)
        lastSequence = try reports.varint()
        lastTime = try Timestamp?(from: &reports)
        let wanted = continuation == nil ? parts : Set(Part.allCases)
        for part in Part.allCases {
            let length = try reports.index()
            let bytes = try reports.raw(length)
            guard wanted.contains(part) else { continue }
            var reader = ByteReader(bytes)
            try read(part, from: &reader)
            guard reader.isAtEnd else { throw LogDecodingError("bytes left after a projection of the snapshot") }
        }
        guard reports.isAtEnd else { throw LogDecodingError("bytes left after the report section") }
        if var reader = continuation {
            orders = try OrderCatalog(from: &reader)
            guard reader.isAtEnd else { throw LogDecodingError("bytes left after the continuation section") }
        } else {
            isContinuable = false
        }
    }
}
