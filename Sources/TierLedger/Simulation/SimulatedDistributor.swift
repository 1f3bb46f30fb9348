/// One distributor as the simulator tracks it: place in the tree, rules, habits. What
/// pricing reads (chain, `"*"` rule, per-sku rule count, tier) comes first, in one cache line.
///
/// Invariant: `chain[0 ..< tier]` holds the distributor indices from the root down to this
/// one (`chain[tier − 1]` is itself).
struct SimulatedDistributor {
    var chain: SIMD4<Int32>
    var starRule: SimulatedRule = .none
    var tierValue: Int32
    var overrideBps: Int64 = 0
    /// 85–115: how far above (or below) the market's target margin this shop prices.
    var appetitePercent: Int64
    /// Relative share of buyers (and of price reviews).
    var weight: Int64
    /// Refunds about eight times as often as others (for the risk report).
    var refundHeavy: Bool
    /// Set once its `"*"` rule is set: only then do buyers and competitors see it.
    var trading = false

    init(tier: Int, chain: SIMD4<Int32>, appetitePercent: Int64, weight: Int64, refundHeavy: Bool) {
        self.chain = chain
        self.tierValue = Int32(tier)
        self.appetitePercent = appetitePercent
        self.weight = weight
        self.refundHeavy = refundHeavy
    }

    /// 1 for a root station, 2 for a sub-station, 3 for a shop.
    var tier: Int { Int(tierValue) }
}
