/// `explain order O` (SPEC §8): how an order's price and split were built, rule by rule, from
/// the frozen fact (replay never re-prices): the cost, the platform's and each distributor's
/// rule with the sequence number of the event that set it, the retail price, the overrides and
/// the legs. Rejected attempts with the same id follow, since a rejection does not use up the id.
///
/// Rows are in the order of SPEC §4's computation, not sorted: a price chain read in any other
/// order would not explain anything.
struct ExplainFold {
    let order: String
    private(set) var fact: OrderFact?
    /// Sequence number of the `order.placed` or `order.reserved` event.
    private(set) var sequence: UInt64 = 0
    private(set) var rejections: [(sequence: UInt64, rejection: OrderRejection)] = []

    init(order: String) {
        self.order = order
    }

    mutating func apply(_ event: Event) {
        switch event.body {
        case .orderPlaced(let fact), .orderReserved(let fact, _, _):
            guard fact.order == order else { return }
            self.fact = fact
            sequence = event.sequence
        case .orderRejected(let rejection) where rejection.order == order:
            rejections.append((event.sequence, rejection))
        default:
            break
        }
    }

    static let columns: [ReportTable.Column] = [
        .init("step"), .init("party"), .init("rule"), .init("seq", .integer), .init("markup", .money),
        .init("price", .money), .init("amount", .money),
    ]

    /// `step,party,rule,seq,markup,price,amount`; `amount` is the step's total for the
    /// quantity (markup × qty, cost × qty, the gross, an override, a leg).
    func table() throws(ReplayError) -> ReportTable {
        var table = ReportTable(columns: Self.columns)
        if let fact { try chainRows(fact, into: &table) }
        for (sequence, rejection) in rejections {
            let rule = "\(rejection.commandType) rejected \(rejection.code.rawValue): \(rejection.message)"
            table.append(["rejected", rejection.distributor ?? "", rule, String(sequence), "",
                          rejection.unitPrice?.description ?? "", ""])
        }
        return table
    }

    private func chainRows(_ fact: OrderFact, into table: inout ReportTable) throws(ReplayError) {
        let supplier = fact.legs.first?.party.name ?? ""
        table.append(["cost", supplier, "cost of \(fact.sku)", String(fact.costSequence), "",
                      fact.cost.description, try total(fact.cost, fact)])
        for (index, step) in fact.chain.enumerated() {
            let name = index == 0 ? "platform" : "tier \(index)"
            table.append([name, step.distributor ?? "platform", try rule(step),
                          step.ruleSequence == 0 ? "" : String(step.ruleSequence), step.markup.description,
                          step.price.description, try total(step.markup, fact)])
        }
        table.append(["retail", fact.distributor, "\(fact.quantity) × \(fact.unitPrice)", String(sequence),
                      "", fact.unitPrice.description, fact.gross.description])
        for share in fact.overrides {
            let childMarkup = fact.chain.first { $0.distributor == share.child }?.markup ?? .zero
            let rule = "\(share.bps) bps of \(share.child)'s \(try total(childMarkup, fact)), rounded down"
            let sequence = share.bpsSequence == 0 ? "" : String(share.bpsSequence)
            table.append(["override", share.parent, rule, sequence, "", "", share.amount.description])
        }
        for (index, leg) in fact.legs.enumerated() {
            table.append(["leg", leg.party.name, try legRule(index, leg, fact), "", "", "",
                          leg.amount.description])
        }
    }

    /// How a leg came out of the chain: its unit amount times the quantity, less the override
    /// it paid its parent, plus the one it took from its child.
    private func legRule(_ index: Int, _ leg: Leg, _ fact: OrderFact) throws(ReplayError) -> String {
        guard index > 0 else { return "cost \(fact.cost)×\(fact.quantity) = \(try total(fact.cost, fact))" }
        let step = index - 1
        guard step < fact.chain.count else { return "" }
        let markup = fact.chain[step].markup
        var rule = "markup \(markup)×\(fact.quantity) = \(try total(markup, fact))"
        let distributor = fact.chain[step].distributor
        for share in fact.overrides where share.child == distributor {
            rule += " − override \(share.amount) to \(share.parent)"
        }
        for share in fact.overrides where share.parent == distributor {
            rule += " + override \(share.amount) from \(share.child)"
        }
        return rule
    }

    /// `amount × qty` as text; a recorded fact whose product overflows is an inconsistent log.
    private func total(_ amount: Money, _ fact: OrderFact) throws(ReplayError) -> String {
        let product = try amount.minorUnits.multiplied(by: fact.quantity, in: sequence)
        return Money(minorUnits: product).description
    }

    /// `QQ-100 bps 300 of 86.00`: the rule that applied and what it was applied to.
    private func rule(_ step: PriceStep) throws(ReplayError) -> String {
        guard let rule = step.rule else { return "no rule: zero markup" }
        let sku = step.ruleSku ?? "*"
        let upstream = Money(minorUnits: try step.price.minorUnits.subtracting(step.markup.minorUnits,
                                                                              in: sequence))
        switch rule {
        case .fixed(let amount): return "\(sku) fixed \(amount)"
        case .bps(let bps): return "\(sku) bps \(bps) of \(upstream), half up"
        case .price(let price): return "\(sku) price \(price) over \(upstream)"
        }
    }
}

extension LedgerDirectory {
    /// The explanation of `order` as the ledger stood at `cut`; no rows when the log has
    /// nothing on it.
    public func explain(order: String, cut: ReplayCut = .everything, validPrefix: Bool = false)
        throws(StoreError) -> ReportTable {
        try explain(order: order, cut: cut, validPrefix: validPrefix, skimming: true)
    }

    /// `explain`, decoding every record unless `skimming` (to compare).
    func explain(order: String, cut: ReplayCut, validPrefix: Bool, skimming: Bool) throws(StoreError) -> ReportTable {
        var fold = ExplainFold(order: order)
        // One thread, skimming: explain looks at one order's records and passes over the rest
        // (see `scan`); the records it wants name the order.
        let interest: LogScanner.Interest? = skimming
            ? { mentions, tables in mentions.strings.contains { tables.strings.values[$0] == order } } : nil
        try replay(cut: cut, validPrefix: validPrefix, concurrently: false, interest: interest) {
            event throws(ReplayError) in fold.apply(event)
        }
        do throws(ReplayError) {
            return try fold.table()
        } catch {
            throw StoreError(.damaged, "the log of \(path) is inconsistent at \(error)")
        }
    }
}
