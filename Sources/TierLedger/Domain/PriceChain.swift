/// The price chain of one sale (SPEC §4): the cost, the platform's markup, then each
/// distributor's markup from the root down to the seller, and the split into legs.
///
/// Invariants: every markup and price is within the input money range (else construction
/// throws `MoneyOverflow`); `unitPrice` is the last step's price; the legs sum to the gross.
struct PriceChain {
    /// Step 0 is the platform, steps 1…k the distributors D_1 … D_k.
    private(set) var steps: [PriceStep] = []
    /// The first distributor step whose `price` rule is below its upstream price.
    private(set) var firstBelowUpstream: PriceStep?
    /// Each distributor's override rate as it is now, D_1 … D_k (gathered on the same walk as
    /// the markups, so the split does not look the distributors up again).
    private var overrideRates: [OverrideRate] = []

    var unitPrice: Money { steps.last?.price ?? .zero }

    /// `sellerChain` is D_1 … D_k. The state is borrowed: an initializer would otherwise take
    /// (and copy) the whole ledger state for every order.
    init(sku: String, cost: Money, sellerChain: [String],
         state: borrowing LedgerState) throws(MoneyOverflow) {
        let platformRule = state.platformRules[sku] ?? state.platformRules[Identifier.anySku]
        steps.reserveCapacity(sellerChain.count + 1)
        overrideRates.reserveCapacity(sellerChain.count)
        try append(distributor: nil, rule: platformRule, upstream: cost)
        for distributorID in sellerChain {
            let (rule, rate) = state.distributors.read(distributorID) { distributor in
                (distributor.rules[sku] ?? distributor.rules[Identifier.anySku],
                 OverrideRate(bps: distributor.overrideBps, sequence: distributor.overrideSequence))
            } ?? (nil, OverrideRate(bps: 0, sequence: 0))
            try append(distributor: distributorID, rule: rule, upstream: steps[steps.count - 1].price)
            overrideRates.append(rate)
        }
    }

    private mutating func append(distributor: String?, rule: RuleState?,
                                 upstream: Money) throws(MoneyOverflow) {
        let markup: Money
        var belowUpstream = false
        switch rule?.rule {
        case nil: markup = .zero
        case .fixed(let fixed): markup = fixed
        case .bps(let bps): markup = try BasisPoints.halfUp(upstream, bps)
        case .price(let price):
            markup = try price.subtracting(upstream)
            belowUpstream = markup.isNegative
        }
        let price = try upstream.adding(markup)
        guard markup <= Money.inputMaximum, price <= Money.inputMaximum else {
            throw MoneyOverflow(operation: "\(upstream) + \(markup)")
        }
        let step = PriceStep(distributor: distributor, rule: rule?.rule, ruleSku: rule?.sku,
                             ruleSequence: rule?.sequence ?? 0, markup: markup, price: price)
        if belowUpstream, firstBelowUpstream == nil { firstBelowUpstream = step }
        steps.append(step)
    }

    /// The legs in the fixed order (supplier, platform, D_1 … D_k) after overrides, and the
    /// overrides taken, with each parent's override rate as it is now.
    func legs(quantity: Int64, supplier: String) -> ([Leg], [OverrideShare]) {
        // Step i ≥ 2 pays its parent D_{i−1}, whose rate is `overrideRates[i − 2]`; the
        // seller's own rate (the last) takes nothing from this order.
        let rates = Array(overrideRates.dropLast())
        return OrderSplit.legs(steps: steps, rates: rates, quantity: quantity, supplier: supplier)
    }
}
