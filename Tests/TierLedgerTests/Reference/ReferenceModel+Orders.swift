import TierLedger

/// A price chain as SPEC §4 builds it, before any check is applied to it.
struct ModelQuote {
    /// p_0 … p_k.
    var prices: [Int128]
    /// m_0 … m_k.
    var markups: [Int128]
    /// Net legs after overrides: supplier, platform, D_1 … D_k.
    var legs: [Int128]
    /// o_0 … o_k: what D_{i−1} took out of D_i's leg (0 for i < 2), for the margins model.
    var overrides: [Int128]
    var legParties: [Party?]
    var gross: Int128
    /// Some price, markup or the gross is outside the money range (README): `invalid_value`.
    var overflows: Bool
    /// Some `price` rule is below its upstream price: `price_below_upstream`.
    var belowUpstream: Bool

    var unitPrice: Int128 { prices[prices.count - 1] }
}

/// Pricing, orders, reservations and their expiry (SPEC §4, §5).
extension ReferenceModel {
    /// `half_up(x, bps) = (x × bps + 5000) / 10000` for x ≥ 0 (SPEC §2).
    static func halfUp(_ amount: Int128, _ bps: Int64) -> Int128 {
        (amount * Int128(bps) + 5_000) / 10_000
    }

    /// The distributors from the root down to `distributor` (D_1 … D_k).
    func chain(to distributor: String) -> [String] {
        var chain: [String] = []
        var current: String? = distributor
        while let id = current, let record = distributors[id] {
            chain.append(id)
            current = record.parent
        }
        return chain.reversed()
    }

    /// SPEC §4 steps 1–4 for listed `sku` and joined `distributor`. The whole chain is always
    /// built (a `price` rule below upstream still gives p_i = price), so a later overflow is
    /// seen and, by precedence, wins over `price_below_upstream`.
    func quote(sku: String, distributor: String, quantity: Int128) -> ModelQuote? {
        guard let product = products[sku], distributors[distributor] != nil else { return nil }
        let cost = product.cost
        // Step 1: the platform rule for the sku, else "*", else zero.
        var markup: Int128 = 0
        switch platformRules[sku] ?? platformRules[Self.anySku] {
        case .fixed(let amount): markup = Int128(amount.minorUnits)
        case .bps(let bps): markup = Self.halfUp(cost, bps)
        case .price, nil: markup = 0
        }
        var prices = [cost + markup]
        var markups = [markup]
        var belowUpstream = false
        // Step 2: each distributor's rule for the sku, else its "*", else zero.
        let ids = chain(to: distributor)
        for id in ids {
            let upstream = prices[prices.count - 1]
            let rules = distributors[id]?.rules ?? [:]
            switch rules[sku] ?? rules[Self.anySku] {
            case .fixed(let amount): markup = Int128(amount.minorUnits)
            case .bps(let bps): markup = Self.halfUp(upstream, bps)
            case .price(let price): markup = Int128(price.minorUnits) - upstream
            case nil: markup = 0
            }
            if markup < 0 { belowUpstream = true }
            markups.append(markup)
            prices.append(upstream + markup)
        }
        let gross = prices[prices.count - 1] * quantity
        let limit = Self.amountMaximum
        let overflows = gross > limit || prices.contains { $0 > limit }
            || markups.contains { $0 > limit || $0 < -limit }
        var legs = [cost * quantity] + markups.map { $0 * quantity }
        var overrides = [Int128](repeating: 0, count: markups.count)
        // Step 4: for i = 2…k, D_{i-1} takes floor(m_i×qty × override(D_{i-1}) / 10000) out of
        // D_i's leg; each o_i is taken from the gross leg m_i×qty. Legs sit at index i + 1.
        if !belowUpstream && ids.count >= 2 {
            for index in 2...ids.count {
                let parentBps = distributors[ids[index - 2]]?.overrideBps ?? 0
                let override = markups[index] * quantity * Int128(parentBps) / 10_000
                legs[index + 1] -= override
                legs[index] += override
                overrides[index] = override
            }
        }
        let parties: [Party?] = [.supplier(product.supplier), nil] + ids.map { .distributor($0) }
        return ModelQuote(prices: prices, markups: markups, legs: legs, overrides: overrides,
                          legParties: parties,
                          gross: gross, overflows: overflows, belowUpstream: belowUpstream)
    }

    /// The available units of a sku, first-in first-out: oldest batch first, then by position.
    func availableUnits(of sku: String) -> [ModelUnitPlace] {
        var places: [ModelUnitPlace] = []
        for batch in products[sku]?.batches ?? [] {
            let units = batches[batch]?.units ?? []
            for (position, state) in units.enumerated() where state == .available {
                places.append(ModelUnitPlace(batch: batch, position: position))
            }
        }
        return places
    }

    /// Takes `quantity` units first-in first-out, or refuses with `code` naming what is left.
    mutating func takeUnits(of sku: String, quantity: Int128, as state: ModelUnitState,
                            refusing code: RejectionCode) throws(ModelRefusal) -> [ModelUnitPlace] {
        let available = availableUnits(of: sku)
        guard available.count >= quantity else {
            throw ModelRefusal(code, "\(sku) has \(available.count) units available, "
                + "\(quantity) wanted")
        }
        let taken = Array(available.prefix(Int(quantity)))
        setUnits(taken, to: state)
        return taken
    }
}
