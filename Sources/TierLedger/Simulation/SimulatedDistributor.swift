/// One distributor as the simulator tracks it: place in the tree, rules, habits.
///
/// Invariant: `chain[0 ..< tier]` holds the distributor indices from the root down to this
/// one (`chain[tier − 1]` is itself); `skuRuleCount` counts its per-sku rules in the
/// simulator's rule table, so that pricing skips the table for distributors without any.
struct SimulatedDistributor {
    var tier: Int
    var chain: SIMD4<Int32>
    var starRule: SimulatedRule = .none
    var skuRuleCount = 0
    var overrideBps: Int64 = 0
    /// 85–115: how far above (or below) the market's target margin this shop prices.
    var appetitePercent: Int64
    /// Relative share of buyers (and of price reviews).
    var weight: Int64
    /// Refunds about eight times as often as others (for the risk report).
    var refundHeavy: Bool
    /// Set once its `"*"` rule is set: only then do buyers and competitors see it.
    var trading = false
}
