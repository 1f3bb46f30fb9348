import TierLedger

/// References into what the shadow ledger knows: mostly real entities, sometimes unknown ones.
/// Every pool is sorted before a pick, so the choice does not depend on hashing.
extension WorkloadGenerator {
    var knownSuppliers: [String] { shadow.suppliers.sorted() }
    var knownSkus: [String] { shadow.products.keys.sorted() }
    var liveSkus: [String] { knownSkus.filter { shadow.products[$0]?.delisted == false } }
    var delistedSkus: [String] { knownSkus.filter { shadow.products[$0]?.delisted == true } }
    var knownDistributors: [String] { shadow.distributors.keys.sorted() }

    /// A registered supplier (85%), a new one (10%) or one that never registers (5%).
    mutating func supplierReference() -> String {
        let roll = integer(1...100)
        if roll <= 85, let known = pickIfAny(knownSuppliers) { return known }
        if roll <= 95 { return "S\(integer(4...5))" }
        return "S-none"
    }

    /// A live ordinary sku (78%), a delisted one (8%), an unknown one (6%), any known one
    /// (8%, the huge `big` skus among them: their prices mostly leave the money range).
    mutating func skuReference() -> String {
        let roll = integer(1...100)
        let skus = knownSkus
        let ordinary = skus.filter { !$0.hasPrefix("big") && shadow.products[$0]?.delisted == false }
        if roll <= 78, let live = pickIfAny(ordinary) { return live }
        if roll <= 86, let delisted = pickIfAny(skus.filter { shadow.products[$0]?.delisted == true }) {
            return delisted
        }
        if roll <= 92 { return "sku-none" }
        return pickIfAny(skus) ?? "sku-none"
    }

    /// A markup rule's sku: `"*"`, a known sku, or an unknown one.
    mutating func ruleSkuReference() -> String {
        let roll = integer(1...100)
        if roll <= 40 { return Identifier.anySku }
        if roll <= 92, let known = pickIfAny(knownSkus) { return known }
        return "sku-none"
    }

    /// A joined distributor, a deep one (tier ≥ 3) a third of those times, or an unknown one.
    mutating func distributorReference() -> String {
        let roll = integer(1...100)
        let known = knownDistributors
        let deep = known.filter { (shadow.distributors[$0]?.depth ?? 0) >= 3 }
        if roll <= 30, let chosen = pickIfAny(deep) { return chosen }
        if roll <= 93, let chosen = pickIfAny(known) { return chosen }
        return "D-none"
    }

    /// The 20 most recent accepted orders with one of `statuses`, newest first.
    func recentOrders(_ statuses: Set<OrderStatus>) -> [String] {
        var recent: [String] = []
        for id in orderIds.reversed() where recent.count < 20 {
            if let status = shadow.orders[id]?.status, statuses.contains(status) { recent.append(id) }
        }
        return recent
    }

    /// An order id for `order.pay`/`cancel`/`refund`/`dispute.open`: from the groups in
    /// `weights` (percent each, in order; an empty group falls through to the next ones), else
    /// an unknown id.
    mutating func orderReference(_ weights: [(Set<OrderStatus>, Int64)]) -> String {
        var roll = integer(1...100)
        for (position, (_, weight)) in weights.enumerated() {
            if roll <= weight {
                for (fallback, _) in weights[position...] {
                    if let id = pickIfAny(recentOrders(fallback)) { return id }
                }
                return "O-none"
            }
            roll -= weight
        }
        return "O-none"
    }

    static let anyStatus: Set<OrderStatus> = [.reserved, .expired, .cancelled, .paid]

    /// The unit price the shadow would charge now, if the order could be priced at all.
    func quotedUnitPrice(sku: String, distributor: String) -> Int64? {
        guard let quote = shadow.quote(sku: sku, distributor: distributor, quantity: 1),
              !quote.overflows else { return nil }
        return Int64(exactly: quote.unitPrice)
    }

    /// The price just upstream of `distributor` for `sku` (p_{i-1}), for `price` rules.
    func upstreamPrice(sku: String, distributor: String) -> Int64? {
        guard let quote = shadow.quote(sku: sku, distributor: distributor, quantity: 1),
              !quote.overflows, quote.prices.count >= 2 else { return nil }
        return Int64(exactly: quote.prices[quote.prices.count - 2])
    }

    /// A short random code; the small alphabet makes accidental collisions happen too.
    mutating func randomCode() -> String {
        let alphabet = Array("ABCDEFGH23456789")
        let length = chance(20) ? 2 : integer(3...8)
        return String((0..<length).map { _ in pick(alphabet) })
    }

    /// An amount in `1…limit` minor units (or 1 when `limit` < 1).
    mutating func amount(upTo limit: Int64) -> Money {
        Money(minorUnits: integer(1...max(1, limit)))
    }
}
