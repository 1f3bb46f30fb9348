/// The price chain of one sale (SPEC §4): the cost, the platform's markup, then each
/// distributor's markup from the root down to the seller. `OrderSplit` splits it into legs.
///
/// Invariants: every markup and price is within the input money range (else construction
/// throws `MoneyOverflow`); `unitPrice` is the last step's price.
struct PriceChain {
    /// Step 0 is the platform, steps 1…k the distributors D_1 … D_k.
    private(set) var steps: [PriceStep] = []
    /// The index in `steps` of the first distributor step whose `price` rule is below its
    /// upstream price (an index: the chain is copied as it is returned, and a step holds ids).
    private(set) var firstBelowUpstream: Int?

    var unitPrice: Money { steps.last?.price ?? .zero }

    /// `chainHandles` is D_1 … D_k (`DistributorState.chainHandles` of the seller);
    /// `skuHash` is `sku.stableHash`, computed once for every markup table of the chain. The
    /// state is borrowed: an initializer would otherwise take (and copy) the whole ledger
    /// state for every order.
    init(sku: String, skuHash: UInt64, cost: Money, chainHandles: [Int],
         state: borrowing LedgerState) throws(MoneyOverflow) {
        let keys = RuleKeys(sku: sku, skuHash: skuHash)
        let platformRule = keys.rule(in: state.platformRules)
        // Allocated once, at its final size.
        steps.reserveCapacity(chainHandles.count + 1)
        try append(distributor: nil, rule: platformRule, upstream: cost)
        for handle in chainHandles {
            let rule = state.distributors.read(handle: handle) { keys.rule(in: $0.rules) }
            try append(distributor: state.distributors.keys[handle], rule: rule,
                       upstream: steps[steps.count - 1].price)
        }
    }

    /// `rule` is consumed: the step takes its sku instead of copying the whole rule.
    private mutating func append(distributor: String?, rule: consuming RuleState?,
                                 upstream: Money) throws(MoneyOverflow) {
        let markupRule = rule?.rule
        let markup: Money
        var belowUpstream = false
        switch markupRule {
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
        if belowUpstream, firstBelowUpstream == nil { firstBelowUpstream = steps.count }
        steps.append(PriceStep(distributor: distributor, rule: markupRule, ruleSku: rule?.sku,
                               ruleSequence: rule?.sequence ?? 0, markup: markup, price: price))
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
