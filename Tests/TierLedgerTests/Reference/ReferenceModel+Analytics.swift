import TierLedger

/// A refund as the analytics model needs it: when it was made and what it took back from each
/// leg (supplier, platform, D_1 … D_k).
struct ModelRefundRecord {
    var order: String
    var at: Timestamp
    var reversals: [Int128]
}

/// The period reports of SPEC §8 (`margins`, `market`, `price-war`), computed from the model's
/// own records — its orders with their quoted chains, and its refund log — the way the SPEC
/// text reads, with none of the projections' code: every figure is recomputed from scratch,
/// rivals for an undercut are found by scanning all earlier orders, and the results are
/// formatted here. Rows come out as the reports' text cells, so a test compares them with the
/// projections' report tables directly.
extension ReferenceModel {
    /// A paid order as the period reports see it.
    struct PaidOrder {
        var id: String
        var sequence: UInt64
        var at: Timestamp
        var sku: String
        /// D_1 … D_k, root first; the seller is last.
        var chain: [String]
        var order: ModelOrder

        var seller: String { chain[chain.count - 1] }
        var quantity: Int128 { order.quantity }
        /// p_{k−1} × qty.
        var cost: Int128 { order.quote.prices[chain.count - 1] * order.quantity }
    }

    /// Every paid order, in the order it was paid (the sequence number of its payment).
    var paidOrders: [PaidOrder] {
        var paid: [PaidOrder] = []
        for (id, order) in orders where order.status == .paid {
            guard let sequence = order.paidSequence, let at = order.paidAt else { continue }
            let chain = order.legParties.dropFirst(2).map { party -> String in
                guard case .distributor(let distributor)? = party else { preconditionFailure("leg") }
                return distributor
            }
            paid.append(PaidOrder(id: id, sequence: sequence, at: at, sku: order.sku, chain: chain,
                                  order: order))
        }
        return paid.sorted { $0.sequence < $1.sequence }
    }

    static func contains(_ at: Timestamp, from: Timestamp?, to: Timestamp?) -> Bool {
        (from.map { at >= $0 } ?? true) && (to.map { at < $0 } ?? true)
    }

    /// `margins` rows, by distributor.
    func marginsRows(from: Timestamp? = nil, to: Timestamp? = nil) -> [[String]] {
        struct Row {
            var tier = 0
            var orders: Int128 = 0, units: Int128 = 0, sales: Int128 = 0, cost: Int128 = 0
            var downline: Int128 = 0, overrideIn: Int128 = 0, overrideOut: Int128 = 0
            var refunds: Int128 = 0
        }
        var rows = distributors.mapValues { Row(tier: $0.depth) }
        for paid in paidOrders where Self.contains(paid.at, from: from, to: to) {
            let quote = paid.order.quote
            rows[paid.seller]?.orders += 1
            rows[paid.seller]?.units += paid.quantity
            rows[paid.seller]?.sales += paid.order.gross
            rows[paid.seller]?.cost += paid.cost
            // D_i is chain[i − 1]; its markup m_i is markups[i]; o_i goes from D_i to D_{i−1}.
            for index in 1..<paid.chain.count {
                rows[paid.chain[index - 1]]?.downline += quote.markups[index] * paid.quantity
            }
            for index in stride(from: 2, through: paid.chain.count, by: 1) {
                rows[paid.chain[index - 2]]?.overrideIn += quote.overrides[index]
                rows[paid.chain[index - 1]]?.overrideOut += quote.overrides[index]
            }
        }
        for refund in refundLog where Self.contains(refund.at, from: from, to: to) {
            guard let order = orders[refund.order] else { preconditionFailure("refund of no order") }
            for (party, reversal) in zip(order.legParties, refund.reversals) {
                guard case .distributor(let distributor)? = party else { continue }
                rows[distributor]?.refunds += reversal
            }
        }
        return rows.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { id in
            let row = rows[id] ?? Row()
            let own = row.sales - row.cost
            let net = own + row.downline + row.overrideIn - row.overrideOut - row.refunds
            let amounts = [row.sales, row.cost, own, row.downline, row.overrideIn, row.overrideOut,
                           row.refunds, net].map(Self.text)
            return [id, "\(row.tier)", "\(row.orders)", "\(row.units)"] + amounts
                + [Self.percentText(own, of: row.sales)]
        }
    }

    /// `market` rows, by month of payment.
    func marketRows(from: Timestamp? = nil, to: Timestamp? = nil) -> [[String]] {
        var months: [String: (sales: Int128, own: Int128)] = [:]
        for paid in paidOrders where Self.contains(paid.at, from: from, to: to) {
            let month = paid.at.monthText
            months[month, default: (0, 0)].sales += paid.order.gross
            months[month, default: (0, 0)].own += paid.order.gross - paid.cost
        }
        var rows: [[String]] = []
        var previous: Int128?
        for month in months.keys.sorted() {
            guard let totals = months[month] else { continue }
            let hundredths = Self.percentHundredths(totals.own, of: totals.sales)
            let change = previous.map { Self.hundredthsText(hundredths - $0) } ?? ""
            rows.append([month, Self.text(totals.sales), Self.text(totals.own),
                         Self.hundredthsText(hundredths), change])
            previous = hundredths
        }
        return rows
    }

    /// `price-war` rows, by month then sku. Undercuts are found over all paid orders, then
    /// only the period's are counted.
    func priceWarRows(from: Timestamp? = nil, to: Timestamp? = nil) -> [[String]] {
        let paid = paidOrders
        var lastCounted: [String: Int128] = [:]  // "sku seller" → price of the last undercut
        var undercut = [Bool](repeating: false, count: paid.count)
        for (index, order) in paid.enumerated() {
            let price = Int128(order.order.view.unitPrice.minorUnits)
            // Each rival's latest earlier order of the sku, found by scanning back.
            var latest: [String: PaidOrder] = [:]
            for earlier in paid[..<index] where earlier.sku == order.sku && earlier.seller != order.seller {
                latest[earlier.seller] = earlier
            }
            let week: Int64 = 7 * 86_400 * 1_000
            let rivals = latest.values.filter {
                $0.at.millisecondsSinceEpoch >= order.at.millisecondsSinceEpoch - week
            }
            let below = rivals.allSatisfy { price < Int128($0.order.view.unitPrice.minorUnits) }
            let key = order.sku + " " + order.seller
            if !rivals.isEmpty && below && lastCounted[key] != price {
                undercut[index] = true
                lastCounted[key] = price
            }
        }
        var cells: [String: [(order: PaidOrder, undercut: Bool)]] = [:]
        for (index, order) in paid.enumerated() where Self.contains(order.at, from: from, to: to) {
            cells[order.at.monthText + "\u{0}" + order.sku, default: []].append((order, undercut[index]))
        }
        return cells.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { key in
            let cell = cells[key] ?? []
            let prices = cell.map { Int128($0.order.order.view.unitPrice.minorUnits) }.sorted()
            var unitsBySeller: [String: Int128] = [:]
            for entry in cell { unitsBySeller[entry.order.seller, default: 0] += entry.order.quantity }
            let units = unitsBySeller.values.reduce(0, +)
            let squares = unitsBySeller.values.reduce(Int128(0)) { $0 + $1 * $1 * 10_000 }
            let hhi = (2 * squares + units * units) / (2 * units * units)
            let parts = key.split(separator: "\u{0}").map(String.init)
            return parts + ["\(cell.count)", "\(units)", Self.text(prices[0]),
                            Self.text(prices[(prices.count - 1) / 2]), Self.text(prices[prices.count - 1]),
                            "\(unitsBySeller.count)", "\(cell.filter(\.undercut).count)", "\(hhi)"]
        }
    }

    /// own / sales × 100 in hundredths, half up (own ≥ 0 here: no markup is negative).
    static func percentHundredths(_ own: Int128, of sales: Int128) -> Int128 {
        (own * 20_000 + sales) / (2 * sales)
    }

    static func percentText(_ own: Int128, of sales: Int128) -> String {
        sales == 0 ? "" : hundredthsText(percentHundredths(own, of: sales))
    }

    /// Hundredths as text through `Money`, which prints minor units with the same two places.
    static func hundredthsText(_ hundredths: Int128) -> String {
        Money(minorUnits: Int64(hundredths)).description
    }
}
