/// Prices as the engine computes them (SPEC §4), the legs of a sale, and the margin the
/// market aims for month by month.
extension MarketSimulator {
    /// The market's target own margin for a tier-3 shop, in basis points of its selling
    /// price: from 29.0% at the start to 21.0% at the end, with a random mood each month.
    /// Stations aim lower (they live on volume and overrides).
    static let openingMarginBps: Int64 = 2_700
    static let closingMarginBps: Int64 = 1_850

    func scheduleMarginBps() -> Int64 {
        let elapsed = Swift.min(Swift.max(0, now - MarketShape.startMilliseconds), MarketShape.spanMilliseconds)
        let fall = (Self.openingMarginBps - Self.closingMarginBps) * elapsed / MarketShape.spanMilliseconds
        return Self.openingMarginBps - fall + monthlyNoiseBps[currentMonth]
    }

    /// What `distributor` aims for now: the schedule for its tier, scaled by its appetite.
    func targetMarginBps(distributor: Int) -> Int64 {
        let tierPercent: Int64 = switch distributors[distributor].tier {
        case 1: 75
        case 2: 85
        default: 100
        }
        return scheduleMarginBps() * tierPercent / 100 * distributors[distributor].appetitePercent / 100
    }

    /// The bps markup over upstream that leaves `margin` bps of the selling price.
    static func markupBps(forMarginBps margin: Int64) -> Int64 {
        (margin * 10_000 + (10_000 - margin) / 2) / (10_000 - margin)
    }

    /// The lowest price over `upstream` that leaves at least `margin` bps of itself.
    static func price(upstream: Int64, marginBps margin: Int64) -> Int64 {
        (upstream * 10_000 + (10_000 - margin) - 1) / (10_000 - margin)
    }

    static func ruleKey(_ distributor: Int, _ sku: Int) -> Int64 {
        Int64(distributor) << 32 | Int64(sku)
    }

    /// The distributor's rule for the sku, else its `"*"` rule.
    @inline(__always)
    func rule(of distributor: Int, sku: Int) -> SimulatedRule {
        if distributors[distributor].skuRuleCount > 0, let rule = skuRules.rule(for: Self.ruleKey(distributor, sku)) {
            return rule
        }
        return distributors[distributor].starRule
    }

    mutating func setSkuRule(distributor: Int, sku: Int, rule: SimulatedRule) {
        if skuRules.set(rule, for: Self.ruleKey(distributor, sku)) {
            distributors[distributor].skuRuleCount += 1
        }
    }

    /// The price chain of `sku` sold by `seller`, and whether the engine would sell at it.
    func quote(sku: Int, seller: Int) -> PriceQuote {
        let product = products[sku]
        var quote = PriceQuote()
        let platformRule = product.platformRule == .none ? platformStarRule : product.platformRule
        quote.costMinorUnits = product.costMinorUnits
        quote.platformMarkup = platformRule.markup(over: product.costMinorUnits)
        var price = product.costMinorUnits + quote.platformMarkup
        let distributor = distributors[seller]
        for level in 0..<distributor.tier {
            let markup = rule(of: Int(distributor.chain[level]), sku: sku).markup(over: price)
            if markup < 0 { quote.belowUpstream = true }
            quote.markups[level] = markup
            quote.upstream = price
            price += markup
        }
        quote.depth = distributor.tier
        quote.unitPrice = price
        quote.outsideBounds = (product.floorMinorUnits > 0 && price < product.floorMinorUnits)
            || (product.ceilingMinorUnits > 0 && price > product.ceilingMinorUnits)
        return quote
    }

    /// The legs of a sale at `quote` (supplier, then D_1 … D_k after overrides; the platform's
    /// leg is left out, it is never paid out).
    func legs(of quote: PriceQuote, sku: Int, seller: Int, quantity: Int64) -> OrderLegs {
        let chain = distributors[seller].chain
        var legs = OrderLegs(supplier: products[sku].supplier,
                             supplierAmount: quote.costMinorUnits * quantity, depth: quote.depth)
        for level in 0..<quote.depth {
            legs.distributors[level] = chain[level]
            legs.amounts[level] = quote.markups[level] * quantity
        }
        for level in stride(from: 1, to: quote.depth, by: 1) {
            let parentBps = distributors[Int(chain[level - 1])].overrideBps
            let share = quote.markups[level] * quantity * parentBps / 10_000
            legs.amounts[level] -= share
            legs.amounts[level - 1] += share
        }
        return legs
    }
}
