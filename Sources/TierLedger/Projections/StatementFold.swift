/// `statement --distributor D | --supplier S` (SPEC §8): every movement of one party's money
/// (the `MoneyMovements` lines of SPEC §6–7 that name it), each with what then sits in escrow
/// for the party (`pending`) and what it can withdraw (`available`).
///
/// With a period `[from, to)`, the lines are those dated inside it; the opening balances are
/// those after every event dated before `from`, and events dated at or after `to` are left out.
///
/// Invariants: each line's balances are the previous line's (or the opening ones) plus its
/// deltas, so closing = opening + Σ deltas; lines are in log order.
struct StatementFold: Projection {
    let party: Party
    let period: Period
    /// Whether the party registered or joined by the cut.
    private(set) var partyKnown = false
    private(set) var opening = Balances()
    private(set) var closing = Balances()
    private(set) var lines: [StatementLine] = []
    /// The time of the last event seen, for the closing row when the period has no end.
    private(set) var lastTime: Timestamp?

    struct Balances: Equatable, Sendable {
        var pending: Int64 = 0
        var available: Int64 = 0
    }

    init(party: Party, period: Period = .always) {
        self.party = party
        self.period = period
    }

    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError) {
        switch event.body {
        case .supplierRegistered(let supplier, _) where party == .supplier(supplier):
            partyKnown = true
        case .distributorJoined(let distributor, _, _) where party == .distributor(distributor):
            partyKnown = true
        default:
            break
        }
        guard let at = event.at else { return }
        lastTime = at
        if let to = period.to, at >= to { return }
        let inPeriod = period.contains(at)
        let movements: MoneyMovements
        if keepsEveryOrder {
            movements = try MoneyMovements(event, sale: sale, orders: orders)
        } else {
            guard let ours = try partyPart(of: event, orders: orders) else { return }
            movements = try MoneyMovements(ours, orders: orders)
        }
        for line in movements.lines where line.party == party {
            closing.pending = try closing.pending.adding(line.pending, in: event.sequence)
            closing.available = try closing.available.adding(line.available, in: event.sequence)
            guard inPeriod else {
                opening = closing
                continue
            }
            // A release moves money from pending to available: its amount is what moved. Every
            // other kind changes only one of the two, and its amount is that change.
            let amount = line.kind == .release ? line.available : line.pending + line.available
            lines.append(StatementLine(
                sequence: event.sequence, at: at, kind: line.kind.rawValue, reference: line.reference,
                amount: Money(minorUnits: amount), pending: Money(minorUnits: closing.pending),
                available: Money(minorUnits: closing.available)))
        }
    }

    /// The catalog beside a statement keeps only the orders the party has a leg in: no other
    /// order moves its money. A distributor's statement at 2 M commands held 1.1 GB with every
    /// order's fact.
    var keepsEveryOrder: Bool { !keepsOnlyItsOwn }

    /// False only to check that keeping fewer orders changes nothing (tests).
    var keepsOnlyItsOwn = true

    func keepsOrder(_ fact: OrderFact, reserved: Bool) -> Bool {
        fact.legs.contains { leg in
            switch (leg.party, party) {
            case (.supplier(let id), .supplier(let own)), (.distributor(let id), .distributor(let own)): id == own
            default: false
            }
        }
    }

    /// Whether a skimmed record may move the party's money: an order on a chain it has a leg
    /// in. The later records of its orders reach it as the catalog's (`CatalogReplay`); the
    /// other records a skim reads (rejections, the orders of others) move none of its money.
    func mayConcern(_ mentions: RecordMentions, _ tables: LogDictionary) -> Bool {
        guard let chain = mentions.chain else { return false }
        return tables.anyParty(ofChain: chain) { isSupplier, string in
            switch party {
            case .supplier(let id): isSupplier && tables.strings.values[string] == id
            case .distributor(let id): !isSupplier && tables.strings.values[string] == id
            }
        }
    }

    mutating func passedOver(at time: Timestamp) {
        lastTime = time
    }

    /// The part of `event` that can move the party's money when the catalog keeps only its
    /// orders: the event itself, a settlement run narrowed to the orders kept, or `nil` for an
    /// event about an order the party has no leg in.
    private func partyPart(of event: Event, orders: OrderCatalog) throws(ReplayError) -> Event? {
        switch event.body {
        case .orderPlaced(let fact), .orderReserved(let fact, _, _):
            return keepsOrder(fact, reserved: false) ? event : nil
        case .orderPaid(let order, _, _, _), .orderExpired(let order, _), .orderCancelled(let order, _):
            return orders[order] == nil ? nil : event
        case .orderRefunded(let refund), .disputeResolved(_, _, _, let refund?):
            return orders[refund.order] == nil ? nil : event
        case .settlementRan(let released):
            let kept = released.filter { orders[$0] != nil }
            guard !kept.isEmpty else { return nil }
            return kept.count == released.count
                ? event : Event(sequence: event.sequence, at: event.at, body: .settlementRan(released: kept))
        default:
            return event
        }
    }

    var statement: Statement {
        Statement(party: party, period: period,
                  opening: PartyBalance(pending: Money(minorUnits: opening.pending),
                                        available: Money(minorUnits: opening.available)),
                  closing: PartyBalance(pending: Money(minorUnits: closing.pending),
                                        available: Money(minorUnits: closing.available)),
                  closingTime: period.to ?? lastTime, lines: lines)
    }
}

/// One line of a statement: a sale, release, refund, payout or fee of the party.
public struct StatementLine: Equatable, Sendable {
    public var sequence: UInt64
    public var at: Timestamp
    /// `sale`, `release`, `refund`, `payout` or `fee`.
    public var kind: String
    /// The order (sale, release), refund or dispute (refund), payout or fee id.
    public var reference: String
    /// The line's effect: a sale +leg, a release the amount moved to available, a refund
    /// −reversal, a payout or fee −amount.
    public var amount: Money
    /// The balances after this line.
    public var pending: Money
    public var available: Money
}

/// A party's statement: opening balances, the lines, closing balances.
public struct Statement: Equatable, Sendable {
    public var party: Party
    public var period: Period
    public var opening: PartyBalance
    public var closing: PartyBalance
    /// `to` when the period has an end, else the time of the last event read.
    public var closingTime: Timestamp?
    public var lines: [StatementLine]

    /// `seq,at,kind,ref,amount,pending,available`: an `opening` row (at = `from`, empty when the
    /// period has no start), the lines in log order (numeric `seq` order, which is what a
    /// reader of a statement expects, rather than the byte order of the `seq` text), and a
    /// `closing` row. The two balance rows leave `seq`, `ref` and `amount` empty.
    public var table: ReportTable {
        var table = ReportTable(columns: [
            .init("seq", .integer), .init("at"), .init("kind"), .init("ref"), .init("amount", .money),
            .init("pending", .money), .init("available", .money),
        ])
        table.append(["", period.from?.rfc3339 ?? "", "opening", "", "", opening.pending.description,
                      opening.available.description])
        for line in lines {
            table.append([String(line.sequence), line.at.rfc3339, line.kind, line.reference,
                          line.amount.description, line.pending.description, line.available.description])
        }
        table.append(["", closingTime?.rfc3339 ?? "", "closing", "", "", closing.pending.description,
                      closing.available.description])
        return table
    }
}

extension Party {
    /// `distributor D1` or `supplier S1`, for messages.
    public var label: String {
        switch self {
        case .supplier(let supplier): "supplier \(supplier)"
        case .distributor(let distributor): "distributor \(distributor)"
        }
    }
}

extension LedgerDirectory {
    /// The statement of `party` over `period`, as the ledger stood at `cut`. A party that has
    /// not registered or joined by the cut is an error (exit 64), not an empty statement: a
    /// mistyped id must not look like a party with no money.
    public func statement(of party: Party, cut: ReplayCut = .everything, period: Period = .always,
                          validPrefix: Bool = false) throws(StoreError) -> Statement {
        try statement(of: party, cut: cut, period: period, validPrefix: validPrefix, keepingEveryOrder: false)
    }

    /// `statement`, decoding every record beside a catalog of every order when
    /// `keepingEveryOrder` (to compare).
    func statement(of party: Party, cut: ReplayCut, period: Period, validPrefix: Bool, keepingEveryOrder: Bool)
        throws(StoreError) -> Statement {
        var fold = StatementFold(party: party, period: period)
        fold.keepsOnlyItsOwn = !keepingEveryOrder
        // One thread, skimming: the fold passes over the orders of other parties (see `scan`),
        // and over every order after the period's end.
        let replay = try replay(fold, cut: cut, validPrefix: validPrefix, concurrently: keepingEveryOrder,
                                skimming: !keepingEveryOrder, horizon: keepingEveryOrder ? nil : period.to)
        defer { StateDisposal.dispose(replay) }
        guard replay.fold.partyKnown else {
            throw StoreError(.notInLedger,
                             "no \(party.label) in this ledger" + (cut.isEverything ? "" : " at the cut"))
        }
        return replay.fold.statement
    }
}

extension LedgerDirectory {
    /// `report statement`: the request must name the party.
    func statementReport(_ request: ReportRequest) throws(StoreError) -> ReportTable {
        guard let party = request.party else {
            throw StoreError(.notInLedger, "a statement needs --distributor D or --supplier S")
        }
        return try statement(of: party, cut: request.cut, period: request.period,
                             validPrefix: request.validPrefix).table
    }
}
