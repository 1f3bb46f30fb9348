/// The price chain of one sale (SPEC §4): the cost, the platform's markup, then each
/// distributor's markup from the root down to the seller, and the split into legs.
///
/// Invariants: every markup and price is within the input money range (else construction
/// throws `MoneyOverflow`); `unitPrice` is the last step's price; the legs sum to the gross.
struct PriceChain {
    /// Step 0 is the platform, steps 1…k the distributors D_1 … D_k.
    private(set) var steps: [PriceStep] = []
    /// The index in `steps` of the first distributor step whose `price` rule is below its
    /// upstream price (an index: the chain is copied as it is returned, and a step holds ids).
    private(set) var firstBelowUpstream: Int?
    /// The override rates of D_1 … D_{k−1} as they are now (gathered on the same walk as the
    /// markups, so the split does not look the distributors up again; the seller's own rate
    /// takes nothing from its own sale, so it is not kept).
    private var overrideRates: [OverrideRate] = []

    var unitPrice: Money { steps.last?.price ?? .zero }

    /// `chainHandles` is D_1 … D_k (`DistributorState.chainHandles` of the seller);
    /// `skuHash` is `sku.stableHash`, computed once for every markup table of the chain. The
    /// state is borrowed: an initializer would otherwise take (and copy) the whole ledger
    /// state for every order.
    init(sku: String, skuHash: UInt64, cost: Money, chainHandles: [Int],
         state: borrowing LedgerState) throws(MoneyOverflow) {
        let keys = RuleKeys(sku: sku, skuHash: skuHash)
        let platformRule = keys.rule(in: state.platformRules)
        // Both arrays are allocated once, at their final size.
        steps.reserveCapacity(chainHandles.count + 1)
        overrideRates.reserveCapacity(max(chainHandles.count - 1, 0))
        try append(distributor: nil, rule: platformRule, upstream: cost)
        for (position, handle) in chainHandles.enumerated() {
            let (rule, rate) = state.distributors.read(handle: handle) { distributor in
                (keys.rule(in: distributor.rules),
                 OverrideRate(bps: distributor.overrideBps, sequence: distributor.overrideSequence))
            }
            try append(distributor: state.distributors.keys[handle], rule: rule,
                       upstream: steps[steps.count - 1].price)
            if position < chainHandles.count - 1 { overrideRates.append(rate) }
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
        if belowUpstream, firstBelowUpstream == nil { firstBelowUpstream = steps.count }
        steps.append(step)
    }

    /// The legs in the fixed order (supplier, platform, D_1 … D_k) after overrides, and the
    /// overrides taken, with each parent's override rate as it was when the chain was priced.
    func legs(quantity: Int64, supplier: String) -> ([Leg], [OverrideShare]) {
        // Step i ≥ 2 pays its parent D_{i−1}, whose rate is `overrideRates[i − 2]`.
        OrderSplit.legs(steps: steps, quantity: quantity, supplier: supplier) { overrideRates[$0] }
    }
}

/// The keys a markup table is searched with, hashed once per order: the sku, then `"*"`.
private struct RuleKeys {
    var sku: String
    var skuHash: UInt64
    // Read once here: inside `read(handle:)`, the lazy globals' first-use checks would make the
    // compiler copy (retain and release) each distributor it borrows.
    var anySku = Identifier.anySku
    var anySkuHash = Self.anySkuHash

    private static let anySkuHash = Identifier.anySku.stableHash

    init(sku: String, skuHash: UInt64) {
        self.sku = sku
        self.skuHash = skuHash
    }

    /// The rule for the sku in `rules`, else the `"*"` rule.
    func rule(in rules: HashTable<String, RuleState>) -> RuleState? {
        guard !rules.isEmpty else { return nil }
        // Not `??`: its autoclosure would capture (and copy) the distributor that owns `rules`.
        if let rule = rules.read(sku, hash: skuHash, { $0 }) { return rule }
        return rules.read(anySku, hash: anySkuHash) { $0 }
    }
}
