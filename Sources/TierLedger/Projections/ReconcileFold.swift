/// `reconcile --distributor D --against FILE.csv` (SPEC §8): each order D claims against what
/// the ledger says D's net leg is, as of the cut.
///
/// The ledger's figure for an order is D's leg after overrides (SPEC §4) less what refunds
/// reversed of it (SPEC §6), for every *paid* order in whose chain D is (the seller or an
/// ancestor): a reservation never paid moved no money. An order the ledger has a zero figure
/// for and the file does not claim is left out: there is nothing to reconcile.
///
/// Invariant: `orders` holds exactly the orders with D in the chain, their reversals those of
/// the refunds seen.
struct ReconcileFold {
    let distributor: String
    let claims: ClaimsFile
    private(set) var distributorKnown = false
    private(set) var orders: [String: DistributorOrder] = [:]
    /// Claimed orders D has no leg in → who sold them, for the explanation.
    private(set) var others: [String: OrderFact] = [:]
    /// Claimed order ids → their rejected attempts (command, code, seq).
    private(set) var rejections: [String: [String]] = [:]

    /// One order with D in its chain.
    struct DistributorOrder: Equatable, Sendable {
        var fact: OrderFact
        /// The `order.placed` or `order.reserved` event, to name in an error.
        var sequence: UInt64
        /// D's index in the fixed leg order (supplier, platform, D_1 … D_k).
        var legIndex: Int
        var paid = false
        var status = "reserved, not paid"
        /// D's leg less the reversals so far.
        var remaining: Int64
        var refunds: [String] = []
    }

    init(distributor: String, claims: ClaimsFile) {
        self.distributor = distributor
        self.claims = claims
    }

    /// Whether a skimmed record may concern the reconciliation: an order on a chain D is in,
    /// or a record naming an order D has a leg in or the file claims.
    func mayConcern(_ mentions: RecordMentions, _ tables: LogDictionary) -> Bool {
        if let chain = mentions.chain,
           tables.anyParty(ofChain: chain, { isSupplier, string in
               !isSupplier && tables.strings.values[string] == distributor
           }) {
            return true
        }
        return mentions.strings.contains { handle in
            let id = tables.strings.values[handle]
            return orders[id] != nil || claims.claims[id] != nil
        }
    }

    mutating func apply(_ event: Event) throws(ReplayError) {
        switch event.body {
        case .distributorJoined(let joined, _, _) where joined == distributor:
            distributorKnown = true
        case .orderPlaced(let fact):
            add(fact, paid: true, event: event)
        case .orderReserved(let fact, _, _):
            add(fact, paid: false, event: event)
        case .orderPaid(let order, _, _, _):
            orders[order]?.paid = true
        case .orderExpired(let order, _):
            orders[order]?.status = "the reservation expired unpaid"
        case .orderCancelled(let order, _):
            orders[order]?.status = "cancelled before payment"
        case .orderRejected(let rejection) where claims.claims[rejection.order] != nil:
            rejections[rejection.order, default: []].append(
                "\(rejection.commandType) rejected \(rejection.code.rawValue) at seq \(event.sequence)")
        case .orderRefunded(let refund):
            try reverse(refund, label: "refund", event: event)
        case .disputeResolved(_, _, _, let refund?):
            try reverse(refund, label: "dispute", event: event)
        default:
            break
        }
    }

    private mutating func add(_ fact: OrderFact, paid: Bool, event: Event) {
        guard let legIndex = fact.legs.firstIndex(where: { $0.party == .distributor(distributor) }) else {
            if claims.claims[fact.order] != nil { others[fact.order] = fact }
            return
        }
        orders[fact.order] = DistributorOrder(fact: fact, sequence: event.sequence, legIndex: legIndex,
                                              paid: paid, remaining: fact.legs[legIndex].amount.minorUnits)
    }

    private mutating func reverse(_ refund: RefundFact, label: String, event: Event) throws(ReplayError) {
        guard var order = orders[refund.order] else { return }
        guard order.legIndex < refund.reversals.count else {
            throw ReplayError(event, "refund \(refund.refund) does not fit order \(refund.order)")
        }
        let reversal = refund.reversals[order.legIndex].minorUnits
        guard reversal != 0 else { return }
        order.remaining = try order.remaining.subtracting(reversal, in: event.sequence)
        let day = event.at.map { String($0.rfc3339.prefix(10)) } ?? "?"
        order.refunds.append("\(label) \(refund.refund) reversed \(Money(minorUnits: reversal)) on \(day)")
        orders[refund.order] = order
    }
}

/// What `reconcile` found: the rows, and whether anything differs (exit status 1).
public struct Reconciliation: Equatable, Sendable {
    public var table: ReportTable
    public var differs: Bool
}

extension ReconcileFold {
    /// `order,status,ledger,claimed,difference,explanation`, by order id (byte order). An
    /// absent figure counts as 0.00 in `difference` (= claimed − ledger), so the differences
    /// add up to the total claimed less the ledger's total.
    func reconciliation() throws(ReplayError) -> Reconciliation {
        var table = ReportTable(columns: [
            .init("order"), .init("status"), .init("ledger", .money), .init("claimed", .money),
            .init("difference", .money), .init("explanation"),
        ])
        var ids = Set(claims.claims.keys)
        for (id, order) in orders where order.paid && order.remaining != 0 { ids.insert(id) }
        var differs = false
        for id in ids.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let row = try row(id)
            differs = differs || row[1] != "match"
            table.append(row)
        }
        return Reconciliation(table: table, differs: differs)
    }

    private func row(_ id: String) throws(ReplayError) -> [String] {
        let claimed = claims.claims[id]?.amount
        guard let order = orders[id], order.paid else {
            let claimedText = claimed?.description ?? ""
            return [id, "missing_in_ledger", "", claimedText, claimedText, missingExplanation(id)]
        }
        let ledger = Money(minorUnits: order.remaining)
        let explanation = try explanation(order)
        let difference = try (claimed?.minorUnits ?? 0).subtracting(order.remaining, in: order.sequence)
        guard let claimed else {
            return [id, "missing_in_file", ledger.description, "", Money(minorUnits: difference).description,
                    explanation]
        }
        return [id, difference == 0 ? "match" : "mismatch", ledger.description, claimed.description,
                Money(minorUnits: difference).description, explanation]
    }

    /// `markup 2.58×2 = 5.16; override 0.51 to D1; refund R1 reversed 0.26 on 2026-03-01`.
    private func explanation(_ order: DistributorOrder) throws(ReplayError) -> String {
        let fact = order.fact
        let step = order.legIndex - 1
        guard step >= 1, step < fact.chain.count else { return "" }
        let markup = fact.chain[step].markup
        let total = try markup.minorUnits.multiplied(by: fact.quantity, in: order.sequence)
        var parts = ["markup \(markup)×\(fact.quantity) = \(Money(minorUnits: total))"]
        for share in fact.overrides where share.child == distributor && share.amount != .zero {
            parts.append("override \(share.amount) to \(share.parent)")
        }
        for share in fact.overrides where share.parent == distributor && share.amount != .zero {
            parts.append("override \(share.amount) from \(share.child)")
        }
        return (parts + order.refunds).joined(separator: "; ")
    }

    private func missingExplanation(_ id: String) -> String {
        if let order = orders[id] {
            return "order \(id) is in \(distributor)'s chain but \(order.status): no money moved"
        }
        if let fact = others[id] {
            let chain = fact.chain.compactMap(\.distributor).joined(separator: " > ")
            return "order \(id) was sold by \(fact.distributor) (chain \(chain)); "
                + "\(distributor) has no leg in it"
        }
        if let attempts = rejections[id] {
            return "order \(id) was only rejected: " + attempts.joined(separator: "; ")
        }
        return "the ledger has no order \(id)"
    }
}

extension LedgerDirectory {
    /// Reconciles `claims` against `distributor`'s legs as the ledger stood at `cut`. A
    /// distributor that has not joined by the cut is an error (exit 64).
    public func reconcile(distributor: String, claims: ClaimsFile, cut: ReplayCut = .everything,
                          validPrefix: Bool = false) throws(StoreError) -> Reconciliation {
        try reconcile(distributor: distributor, claims: claims, cut: cut, validPrefix: validPrefix, skimming: true)
    }

    /// `reconcile`, decoding every record unless `skimming` (to compare).
    func reconcile(distributor: String, claims: ClaimsFile, cut: ReplayCut, validPrefix: Bool, skimming: Bool)
        throws(StoreError) -> Reconciliation {
        // A box, so that the interest (asked between visits) reads the fold the visitor folds into.
        let fold = Box(ReconcileFold(distributor: distributor, claims: claims))
        // One thread, skimming: the fold keeps one distributor's orders and the claimed ones, and
        // passes over the rest (see `scan`).
        let interest: LogScanner.Interest? = skimming ? { fold.value.mayConcern($0, $1) } : nil
        try replay(cut: cut, validPrefix: validPrefix, concurrently: false, interest: interest) {
            event throws(ReplayError) in try fold.value.apply(event)
        }
        guard fold.value.distributorKnown else {
            throw StoreError(.notInLedger, "no distributor \(distributor) in this ledger"
                + (cut.isEverything ? "" : " at the cut"))
        }
        do throws(ReplayError) {
            return try fold.value.reconciliation()
        } catch {
            throw StoreError(.damaged, "the log of \(path) is inconsistent at \(error)")
        }
    }
}
