/// `trace order O | code X | buyer X` (SPEC §8): every event that touched the thing, in log
/// order, each with a one-line detail. A trace is one filtered pass over the log (no index):
/// its cost grows with the log, which is fine for answering one dispute at a time.
///
/// - An order: its rejections, placing or reservation, payment, expiry, cancellation,
///   refunds, disputes and the settlement run that released it.
/// - A code: the `stock.added` that brought it (its batch and position), every order event
///   that took, delivered or returned that unit, a void of it, and the refunds and disputes of
///   the order that delivered it.
/// - A buyer: every event of its orders (as for an order) and its rejected attempts.
///
/// Invariants: rows are in log order; `holder` is the order whose units include the code's
/// unit right now (reserved or delivered), `deliverer` the order that delivered it.
struct TraceFold: Projection {
    let target: TraceTarget
    /// Orders whose events are shown (all of them for an order or a buyer; for a code, only
    /// the refunds and disputes of the delivering order are, see `concerns`).
    private(set) var followed: Set<String> = []
    /// The code's unit and its sku, once its `stock.added` is seen.
    private(set) var unit: (sku: String, batch: String, position: Int64)?
    private(set) var holder: String?
    private(set) var deliverer: String?
    private(set) var rows: [[String]] = []

    init(_ target: TraceTarget) {
        self.target = target
        if case .order(let order) = target { followed = [order] }
    }

    static func == (lhs: TraceFold, rhs: TraceFold) -> Bool {
        lhs.target == rhs.target && lhs.followed == rhs.followed && lhs.unit?.sku == rhs.unit?.sku
            && lhs.unit?.batch == rhs.unit?.batch && lhs.unit?.position == rhs.unit?.position
            && lhs.holder == rhs.holder && lhs.deliverer == rhs.deliverer && lhs.rows == rhs.rows
    }

    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError) {
        switch event.body {
        case .stockAdded(let sku, let batch, .codes(let codes)):
            guard unit == nil, case .code(let code) = target, let index = codes.firstIndex(of: code) else {
                return
            }
            unit = (sku, batch, Int64(index))
            add(event, "the code was added to \(sku) batch \(batch) at position \(index) "
                + "(\(codes.count) \(codes.count == 1 ? "code" : "codes") in the batch)")
        case .stockVoided(_, let batch, _, let reason, let units):
            guard covers(units) else { return }
            add(event, "the unit was voided from batch \(batch): \(reason)")
        case .orderPlaced(let fact):
            guard takes(fact) else { return }
            deliverer = isCodeTrace ? fact.order : nil
            add(event, Self.placed(fact))
        case .orderReserved(let fact, _, let deadline):
            guard takes(fact) else { return }
            add(event, Self.reserved(fact, deadline: deadline))
        case .orderPaid(let order, let late, let units, _):
            try paid(order, late: late, units: units, event: event, orders: orders)
        case .orderExpired(let order, let units), .orderCancelled(let order, let units):
            guard followed.contains(order) || (holder == order && covers(units)) else { return }
            if holder == order { holder = nil }
            add(event, Self.returned(event.body, units: units))
        case .orderRejected(let rejection):
            guard rejects(rejection) else { return }
            add(event, "\(rejection.commandType) rejected \(rejection.code.rawValue): \(rejection.message)")
        default:
            try afterSale(event, orders: orders)
        }
    }

    /// Refunds, disputes and settlement runs of followed orders.
    private mutating func afterSale(_ event: Event, orders: OrderCatalog) throws(ReplayError) {
        switch event.body {
        case .orderRefunded(let refund):
            guard concerns(refund.order) else { return }
            add(event, Self.refunded(refund, fact: try orders.fact(of: refund.order, for: event)))
        case .disputeOpened(let dispute, let order, let reason):
            guard concerns(order) else { return }
            add(event, "dispute \(dispute) opened: \(reason)")
        case .disputeResolved(let dispute, let order, let outcome, let refund):
            guard concerns(order) else { return }
            var detail = "dispute \(dispute) resolved: \(outcome.rawValue)"
            if let refund {
                detail += "; " + Self.refunded(refund, fact: try orders.fact(of: order, for: event))
            }
            add(event, detail)
        case .settlementRan(let released):
            guard !isCodeTrace else { return }
            for order in released where followed.contains(order) {
                let entry = try orders.entry(order, for: event)
                add(event, "released \(order) to balances: "
                    + Self.legs(orders.fact(of: order, entry).legs, orders.remaining(of: entry)))
            }
        default:
            break
        }
    }

    private mutating func paid(_ order: String, late: Bool, units: [UnitRun], event: Event,
                               orders: OrderCatalog) throws(ReplayError) {
        if isCodeTrace {
            if late, covers(units) {
                holder = order
                deliverer = order
            } else if !late, holder == order {
                deliverer = order
            } else {
                return
            }
        } else if !followed.contains(order) {
            return
        }
        let fact = try orders.fact(of: order, for: event)
        let detail = late
            ? "paid \(fact.gross) late, after the reservation expired; units taken anew: \(Self.units(units))"
            : "paid \(fact.gross); the reserved units \(Self.units(fact.units)) delivered"
        add(event, detail)
    }

    /// The catalog beside a trace keeps only the orders it may look up: those it follows, and
    /// for a code its holder and the reservations of its sku (every reservation until the sku
    /// is known): a late payment takes units anew, so such a reservation may come to hold the
    /// code, and its fact gives the amount paid. A trace of one order at 2 M commands held
    /// 1.1 GB with every order's fact.
    var keepsEveryOrder: Bool { !keepsOnlyFollowed }

    /// False only to check that keeping fewer orders changes nothing (tests).
    var keepsOnlyFollowed = true

    func keepsOrder(_ fact: OrderFact, reserved: Bool) -> Bool {
        switch target {
        case .order, .buyer: followed.contains(fact.order)
        case .code: reserved && (unit.map { fact.sku == $0.sku } ?? true) || holder == fact.order
        }
    }

    /// Whether a skimmed record may concern this trace: it names the order, the buyer or an
    /// order followed; for a code, the holder or the deliverer, a run over the code's unit, or
    /// it reserves units of the code's sku. Until the code's batch is added its sku is not
    /// known, so every reservation is taken: once it has expired, a late payment takes units
    /// anew, perhaps the code, and the trace needs its fact.
    func mayConcern(_ mentions: RecordMentions, _ tables: LogDictionary) -> Bool {
        switch target {
        case .order(let order):
            return mentions.strings.contains { tables.strings.values[$0] == order }
        case .buyer(let buyer):
            return mentions.buyers.contains { tables.buyers.values[$0] == buyer }
                || mentions.strings.contains { followed.contains(tables.strings.values[$0]) }
        case .code:
            if mentions.kind == .orderReserved {
                guard let unit, let chain = mentions.chain else { return true }
                return tables.anyString(ofChain: chain) { role, string in
                    role == .sku && tables.strings.values[string] == unit.sku
                }
            }
            guard let unit else { return false }
            return mentions.strings.contains { handle in
                let id = tables.strings.values[handle]
                return id == holder || id == deliverer
            } || mentions.runs.contains { run in
                let (offset, overflow) = unit.position.subtractingReportingOverflow(run.start)
                return !overflow && offset >= 0 && offset < run.count && tables.strings.values[run.batch] == unit.batch
            }
        }
    }

    private var isCodeTrace: Bool {
        if case .code = target { return true }
        return false
    }

    /// Whether this new order belongs to the trace; a code's order becomes its holder.
    private mutating func takes(_ fact: OrderFact) -> Bool {
        switch target {
        case .order(let order):
            return fact.order == order
        case .buyer(let buyer):
            guard fact.buyer == buyer else { return false }
            followed.insert(fact.order)
            return true
        case .code:
            guard covers(fact.units) else { return false }
            holder = fact.order
            return true
        }
    }

    private func rejects(_ rejection: OrderRejection) -> Bool {
        switch target {
        case .order(let order): rejection.order == order
        // A rejected pay carries no buyer: it belongs to the buyer whose order it names.
        case .buyer(let buyer):
            rejection.buyer == buyer || (rejection.buyer == nil && followed.contains(rejection.order))
        case .code: false
        }
    }

    /// Whether a refund or dispute of `order` is shown: any followed order's, or for a code
    /// the delivering order's.
    private func concerns(_ order: String) -> Bool {
        isCodeTrace ? deliverer == order : followed.contains(order)
    }

    private func covers(_ runs: [UnitRun]) -> Bool {
        guard let unit else { return false }
        return runs.contains { run in
            let (offset, overflow) = unit.position.subtractingReportingOverflow(run.start)
            return run.batch == unit.batch && !overflow && offset >= 0 && offset < run.count
        }
    }

    private mutating func add(_ event: Event, _ detail: String) {
        rows.append([String(event.sequence), event.at?.rfc3339 ?? "", event.body.typeName, detail])
    }

    /// `seq,at,event,detail`, in log order (numeric `seq` order).
    var table: ReportTable {
        ReportTable(columns: [.init("seq", .integer), .init("at"), .init("event"), .init("detail")], rows: rows)
    }
}

extension LedgerDirectory {
    /// The trace of `subject` as the ledger stood at `cut`; no rows when the log has nothing on it.
    public func trace(_ subject: TraceSubject, cut: ReplayCut = .everything, validPrefix: Bool = false)
        throws(StoreError) -> ReportTable {
        try trace(subject, cut: cut, validPrefix: validPrefix, keepingEveryOrder: false)
    }

    /// `trace`, decoding every record beside a catalog of every order when `keepingEveryOrder`
    /// (to compare).
    func trace(_ subject: TraceSubject, cut: ReplayCut, validPrefix: Bool, keepingEveryOrder: Bool)
        throws(StoreError) -> ReportTable {
        let target = try TraceTarget(subject) { () throws(StoreError) in
            FingerprintKey(secret: try readSecretKey())
        }
        var fold = TraceFold(target)
        fold.keepsOnlyFollowed = !keepingEveryOrder
        // One thread, skimming: a trace does nothing with most events (see `scan`).
        let replay = try replay(fold, cut: cut, validPrefix: validPrefix, concurrently: keepingEveryOrder,
                                skimming: !keepingEveryOrder)
        defer { StateDisposal.dispose(replay) }
        return replay.fold.table
    }
}
