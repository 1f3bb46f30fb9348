/// `margins` (SPEC §8): what each distributor earned in a period, from its own sales, from
/// the markups it keeps on its downline's sales, and from overrides, less refunds.
///
/// Sales count in the period they were paid in; refunds in the period of the refund. Every
/// distributor that joined (by the cut, whenever that was) has a row, with or without sales.
///
/// Invariants, per row: `ownMargin = sales − cost` (own margin is counted as `m_k × qty`, cost as
/// `p_{k−1} × qty`), and `net`, counted from the distributor's recorded legs less the reversals
/// of its legs, equals `own + downline + override_in − override_out − refunds`; over all rows,
/// Σ override_in = Σ override_out. The rows an order touches are checked as it is counted (a
/// fact whose legs disagree with its chain is an error naming the event, in every build); all
/// of them after every event in debug builds.
struct MarginsProjection: Projection {
    struct Row: Equatable, Sendable {
        /// Depth in the tree; the root is 1.
        var tier: Int64
        var orders: Int64 = 0
        var units: Int64 = 0
        var sales: Int64 = 0
        var cost: Int64 = 0
        var ownMargin: Int64 = 0
        var downlineMargin: Int64 = 0
        var overrideIn: Int64 = 0
        var overrideOut: Int64 = 0
        var refunds: Int64 = 0
        /// Σ the distributor's recorded legs of the period's sales − Σ the reversals of its legs
        /// by the period's refunds: the net, counted from the legs rather than from the figures
        /// above, so that the two can be held equal.
        var net: Int64 = 0

        init(tier: Int64) {
            self.tier = tier
        }

        /// SPEC §8: `net = own_margin + downline_margin + override_in − override_out − refunds`.
        var isConsistent: Bool {
            var components = Int128(ownMargin) + Int128(downlineMargin) + Int128(overrideIn)
            components -= Int128(overrideOut) + Int128(refunds)
            return Int128(ownMargin) == Int128(sales) - Int128(cost) && components == Int128(net)
        }
    }

    typealias Rows = StableDictionary<String, Row>

    let period: Period
    private(set) var rows = Rows()

    init(period: Period, rows: Rows = Rows()) {
        self.period = period
        self.rows = rows
    }

    mutating func apply(_ event: Event, sale: PaidSale?, orders: OrderCatalog) throws(ReplayError) {
        if case .distributorJoined(let distributor, _, let parent) = event.body {
            try join(distributor, parent: parent, event)
        } else if let sale {
            guard period.contains(sale.at) else { return }
            try sale.withFact { fact throws(ReplayError) in try count(sale, fact: fact, event) }
        } else if let refund = event.body.recordedRefund, let at = event.at, period.contains(at) {
            try count(refund, fact: try orders.fact(of: refund.order, for: event), event)
        } else {
            return
        }
        assert(checkInvariants(), "margins invariants broken after event \(event.sequence)")
    }

    private mutating func join(_ distributor: String, parent: String?, _ event: Event) throws(ReplayError) {
        guard rows[distributor] == nil else { throw ReplayError(event, "\(distributor) joined before") }
        var tier: Int64 = 1
        if let parent {
            guard let parentRow = rows[parent] else {
                throw ReplayError(event, "parent \(parent) never joined")
            }
            tier = parentRow.tier + 1
        }
        rows.set(Row(tier: tier), for: distributor)
    }

    /// Counts one paid order for its seller (own sales), its ancestors (downline margin) and
    /// the overrides, then checks every touched row against the order's recorded legs.
    private mutating func count(_ sale: PaidSale, fact: borrowing OrderFact, _ event: Event) throws(ReplayError) {
        let sequence = event.sequence
        let quantity = fact.quantity
        let steps = fact.chain.count
        guard fact.legs.count == steps + 1 else {
            throw ReplayError(event, "order \(fact.order) has \(fact.legs.count) legs for \(steps) steps")
        }
        // Leg 1 + i is D_i's, step i's distributor (SPEC §4): checked first, so that each
        // distributor's row is then found once for both its margin and its leg.
        for index in fact.legs.indices.dropFirst(2) {
            guard case .distributor(let distributor) = fact.legs[index].party,
                  distributor == fact.chain[index - 1].distributor else {
                throw ReplayError(event, "leg \(index) of order \(fact.order) is not its chain's")
            }
        }
        // Each change finds its row once and changes it in place; the rows it touched are then
        // checked by position, without hashing their ids again.
        var touched = [Int]()
        touched.reserveCapacity(steps + 2 * fact.overrides.count)
        // Read out before the closure: capturing the borrowed fact would copy it.
        let sellerLeg = fact.legs[steps].amount.minorUnits
        let gross = fact.gross.minorUnits
        let sellerMarkup = fact.chain[steps - 1].markup.minorUnits
        touched.append(try change(fact.distributor, event) { row throws(ReplayError) in
            row.orders = try row.orders.adding(1, in: sequence)
            row.units = try row.units.adding(quantity, in: sequence)
            row.sales = try row.sales.adding(gross, in: sequence)
            row.cost = try row.cost.adding(sale.cost, in: sequence)
            row.ownMargin = try row.ownMargin.adding(sellerMarkup.multiplied(by: quantity, in: sequence), in: sequence)
            row.net = try row.net.adding(sellerLeg, in: sequence)
        })
        // Steps 1 … k−1 are the seller's strict ancestors, D_1 (the root) first.
        for index in fact.chain.indices.dropFirst().dropLast() {
            let step = fact.chain[index]
            let markup = try step.markup.minorUnits.multiplied(by: quantity, in: sequence)
            let leg = fact.legs[index + 1].amount.minorUnits
            touched.append(try change(step.distributor ?? "", event) { row throws(ReplayError) in
                row.downlineMargin = try row.downlineMargin.adding(markup, in: sequence)
                row.net = try row.net.adding(leg, in: sequence)
            })
        }
        for share in fact.overrides {
            let amount = share.amount.minorUnits
            touched.append(try change(share.parent, event) { row throws(ReplayError) in
                row.overrideIn = try row.overrideIn.adding(amount, in: sequence)
            })
            touched.append(try change(share.child, event) { row throws(ReplayError) in
                row.overrideOut = try row.overrideOut.adding(amount, in: sequence)
            })
        }
        for row in touched where !rows.value(at: row).isConsistent {
            throw ReplayError(event, "the legs of order \(fact.order) do not follow its price chain")
        }
    }

    /// Counts the reversals of the distributors' legs (SPEC §4: D_i's leg is at 1 + i).
    private mutating func count(_ refund: RefundFact, fact: OrderFact, _ event: Event) throws(ReplayError) {
        guard refund.reversals.count == fact.legs.count else {
            throw ReplayError(event, "refund \(refund.refund) does not fit order \(refund.order)")
        }
        for (leg, reversal) in zip(fact.legs, refund.reversals) {
            guard case .distributor(let distributor) = leg.party else { continue }
            try change(distributor, event) { row throws(ReplayError) in
                row.refunds = try row.refunds.adding(reversal.minorUnits, in: event.sequence)
                row.net = try row.net.subtracting(reversal.minorUnits, in: event.sequence)
            }
        }
    }

    /// Changes `distributor`'s row (found once; left as it was if `update` throws); returns
    /// where it is.
    @discardableResult
    private mutating func change(_ distributor: String, _ event: Event,
                                 _ update: (inout Row) throws(ReplayError) -> Void) throws(ReplayError) -> Int {
        guard let index = rows.index(forKey: distributor) else {
            throw ReplayError(event, "distributor \(distributor) never joined")
        }
        try rows.update(at: index) { row throws(ReplayError) in
            var changed = row
            try update(&changed)
            row = changed
        }
        return index
    }

    /// Every row consistent, and the overrides paid equal the overrides received. O(rows).
    func checkInvariants() -> Bool {
        var received: Int128 = 0
        var paid: Int128 = 0
        for row in rows.values {
            guard row.isConsistent else { return false }
            received += Int128(row.overrideIn)
            paid += Int128(row.overrideOut)
        }
        return received == paid
    }

    static let columns: [ReportTable.Column] = [
        .init("distributor"), .init("tier", .integer), .init("orders", .integer), .init("units", .integer),
        .init("sales", .money), .init("cost", .money), .init("own_margin", .money),
        .init("downline_margin", .money), .init("override_in", .money), .init("override_out", .money),
        .init("refunds", .money), .init("net", .money), .init("margin_pct", .decimal),
    ]

    /// One row per distributor, by id (byte order). `margin_pct` is empty without sales.
    var report: ReportTable {
        assert(checkInvariants(), "margins invariants broken")
        var table = ReportTable(columns: Self.columns, totaledColumns: [
            "orders", "units", "sales", "cost", "own_margin", "override_in", "override_out", "refunds", "net",
        ])
        for distributor in rows.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let row = rows[distributor] else { continue }
            let money = [row.sales, row.cost, row.ownMargin, row.downlineMargin, row.overrideIn,
                         row.overrideOut, row.refunds, row.net].map { Money(minorUnits: $0).description }
            let percentage = Hundredths.percentage(row.ownMargin, of: row.sales)?.description ?? ""
            table.append([distributor, String(row.tier), String(row.orders), String(row.units)]
                + money + [percentage])
        }
        return table
    }
}
