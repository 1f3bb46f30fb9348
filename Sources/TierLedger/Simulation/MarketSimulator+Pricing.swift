/// Prices as the engine computes them (SPEC §4), the legs of a sale, and the margin the
/// market aims for month by month.
extension MarketSimulator {
    /// The market's target own margin for a tier-3 shop, in basis points of its selling
    /// price: from 26.5% at the start to 17.5% at the end, falling evenly, with a random mood
    /// of ±0.6 points each month. Stations aim a little lower (they also live on their
    /// sub-stations' markups and overrides). Shops undercut down to 92% of their target, so
    /// the market's margin runs from about 25% to about 18%.
    static var openingMarginBps: Int64 { 2_650 }
    static var closingMarginBps: Int64 { 1_750 }

    func scheduleMarginBps() -> Int64 {
        let span = MarketShape.spanMilliseconds
        let elapsed = Swift.min(Swift.max(0, now - MarketShape.startMilliseconds), span)
        let fall = (Self.openingMarginBps - Self.closingMarginBps) * elapsed / span
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

    /// The distributor's rule for the sku, else its `"*"` rule. The rule table is probed
    /// only when the distributor's filter says it may hold a rule for the sku.
    @inline(__always)
    func rule(of distributor: Int, sku: Int) -> SimulatedRule {
        let word = ruleFilters[distributor * 4 + (sku >> 6) & 3]
        if word >> UInt64(sku & 63) & 1 == 1,
           let rule = skuRules.rule(for: Self.ruleKey(distributor, sku)) {
            return rule
        }
        return distributors[distributor].starRule
    }

    mutating func setSkuRule(distributor: Int, sku: Int, rule: SimulatedRule) {
        skuRules.set(rule, for: Self.ruleKey(distributor, sku))
        ruleFilters[distributor * 4 + (sku >> 6) & 3] |= 1 << UInt64(sku & 63)
    }

    /// The price chain of `sku` sold by `seller`, and whether the engine would sell at it.
    func quote(sku: Int, seller: Int) -> PriceQuote {
        var quote = PriceQuote()
        let cost = products[sku].costMinorUnits
        let skuPlatformRule = products[sku].platformRule
        let platformRule = skuPlatformRule == .none ? platformStarRule : skuPlatformRule
        quote.costMinorUnits = cost
        quote.platformMarkup = platformRule.markup(over: cost)
        var price = cost + quote.platformMarkup
        let chain = distributors[seller].chain
        let depth = distributors[seller].tier
        for level in 0..<depth {
            let markup = rule(of: Int(chain[level]), sku: sku).markup(over: price)
            if markup < 0 { quote.belowUpstream = true }
            quote.markups[level] = markup
            quote.upstream = price
            price += markup
        }
        quote.depth = depth
        quote.unitPrice = price
        let floor = products[sku].floorMinorUnits
        let ceiling = products[sku].ceilingMinorUnits
        quote.outsideBounds = (floor > 0 && price < floor) || (ceiling > 0 && price > ceiling)
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
