/// The price war. Shops review their prices from time to time (big shops more often): they
/// lower their `"*"` markup toward the market's falling target margin, or look at a popular
/// sku, find the cheapest competitor of their tier and undercut it, never below the margin
/// they can live with. Floors hold a few skus up: shops stop at the floor, and the odd one
/// that goes below it sees its orders rejected `below_floor` until it corrects its price.
extension MarketSimulator {
    /// One shop's price review, weighted by shop size.
    mutating func reviewAction() -> Command.Action? {
        guard sellerWeights.count > 0 else { return nil }
        let distributor = Int(tradingSellers[sellerWeights.pick(using: &random)])
        if let repair = repairFloorSlots(distributor: distributor) { return repair }
        if random.odds(10, in: 100) { return lowerStarRule(distributor: distributor) }
        return undercutAction(distributor: distributor)
    }

    /// Every quarter or so each shop lowers its `"*"` markup to the market's target, so that
    /// small shops follow the market too.
    mutating func starReviewAction(distributor: Int) -> Command.Action? {
        schedule(.starReview(distributor: Int32(distributor)),
                 at: now + delay(seconds: 6_480_000...9_072_000))
        return repairFloorSlots(distributor: distributor) ?? lowerStarRule(distributor: distributor)
    }

    /// Lowers the shop's `"*"` markup toward its current target (a fixed one by 2–10%).
    mutating func lowerStarRule(distributor: Int) -> Command.Action? {
        let rule: SimulatedRule
        switch distributors[distributor].starRule {
        case .bps(let current):
            let wanted = Self.markupBps(forMarginBps: targetMarginBps(distributor: distributor))
                * random.draw(in: 97...103) / 100
            guard wanted < current else { return nil }
            rule = .bps(wanted)
        case .fixed(let current):
            let wanted = current * random.draw(in: 90...98) / 100
            guard wanted > 0, wanted < current else { return nil }
            rule = .fixed(wanted)
        default:
            return nil
        }
        distributors[distributor].starRule = rule
        return .setDistributorMarkup(distributor: distributorIDs[distributor], sku: Identifier.anySku,
                                     rule: rule.markupRule ?? .bps(0))
    }

    /// Undercuts the cheapest competitor on one of the shop's skus (popular ones more often),
    /// or repairs a price the engine would refuse (below upstream, outside floor or ceiling).
    private mutating func undercutAction(distributor: Int) -> Command.Action? {
        let carried = carriedSlots[distributor]
        guard !carried.isEmpty else { return nil }
        let top = Int64(carried.count - 1)
        let slot = Int(carried[Int(Swift.min(random.draw(in: 0...top), random.draw(in: 0...top)))])
        let sku = Int(slotSkus[slot])
        guard !products[sku].delisted, pendingBreaches[Self.ruleKey(distributor, sku)] == nil else {
            return nil
        }
        let mine = quote(sku: sku, seller: distributor)
        guard Self.upstreamIsSound(mine) else { return nil }
        let target = targetMarginBps(distributor: distributor)
        let lowest = Self.price(upstream: mine.upstream, marginBps: target * 92 / 100)
        var wanted = Self.price(upstream: mine.upstream, marginBps: target)
        let floor = products[sku].floorMinorUnits
        if let cheapest = cheapestCompetitor(of: distributor, slot: slot, sku: sku) {
            wanted = cheapest - Swift.max(1, cheapest * random.draw(in: 10...60) / 10_000)
            // Competitors at the floor tempt the odd shop to go below it.
            if floor > 0, wanted < floor, random.odds(35, in: 100) {
                return breachFloor(distributor: distributor, sku: sku, quote: mine)
            }
        }
        wanted = Swift.max(wanted, lowest)
        if wanted >= 2_000 { wanted = (wanted + 9) / 10 * 10 }
        if floor > 0, wanted < floor { wanted = floor + floor / 500 }
        let ceiling = products[sku].ceilingMinorUnits
        if ceiling > 0, wanted > ceiling { wanted = ceiling }
        guard wanted >= mine.upstream, !mine.isSellable || wanted < mine.unitPrice else { return nil }
        return setPrice(distributor: distributor, sku: sku, price: wanted, upstream: mine.upstream,
                        anyForm: floor == 0)
    }

    /// The cheapest sellable offer among up to five other shops of the same tier.
    private mutating func cheapestCompetitor(of distributor: Int, slot: Int, sku: Int) -> Int64? {
        let list = offers[distributors[distributor].tier - 1][slot]
        guard list.count > 1 else { return nil }
        var cheapest: Int64?
        for _ in 0..<5 {
            let competitor = Int(random.element(of: list))
            guard competitor != distributor else { continue }
            let offer = quote(sku: sku, seller: competitor)
            if offer.isSellable, offer.unitPrice < (cheapest ?? .max) { cheapest = offer.unitPrice }
        }
        return cheapest
    }

    /// Every step above the seller's own has a markup ≥ 0: the seller's rule alone decides
    /// whether it can sell.
    private static func upstreamIsSound(_ quote: PriceQuote) -> Bool {
        for level in 0..<Swift.max(0, quote.depth - 1) where quote.markups[level] < 0 { return false }
        return true
    }

    /// Sets the shop's rule for the sku so that it sells at about `price`: a fixed retail
    /// price (always on floored skus), a bps markup or a fixed markup over its upstream price.
    private mutating func setPrice(distributor: Int, sku: Int, price: Int64, upstream: Int64,
                                   anyForm: Bool) -> Command.Action {
        let draw = random.draw(in: 0...99)
        var rule: SimulatedRule = .price(price)
        if anyForm, upstream > 0, draw >= 55 {
            rule = draw < 80
                ? .bps(((price - upstream) * 10_000 + upstream - 1) / upstream)
                : .fixed(price - upstream)
        }
        setSkuRule(distributor: distributor, sku: sku, rule: rule)
        if !quote(sku: sku, seller: distributor).isSellable {
            rule = .price(price)
            setSkuRule(distributor: distributor, sku: sku, rule: rule)
        }
        return .setDistributorMarkup(distributor: distributorIDs[distributor], sku: skuIDs[sku],
                                     rule: rule.markupRule ?? .price(Money(minorUnits: price)))
    }

    /// A floored sku whose price the shop's or its stations' changes pushed out of bounds
    /// gets a fixed price just above the floor.
    mutating func repairFloorSlots(distributor: Int) -> Command.Action? {
        for slot in carriedFloorSlots[distributor] {
            let sku = Int(slotSkus[Int(slot)])
            guard pendingBreaches[Self.ruleKey(distributor, sku)] == nil else { continue }
            let offer = quote(sku: sku, seller: distributor)
            guard !offer.isSellable, Self.upstreamIsSound(offer) else { continue }
            let floor = products[sku].floorMinorUnits
            let lowest = Self.price(upstream: offer.upstream,
                                    marginBps: targetMarginBps(distributor: distributor) * 92 / 100)
            let price = Swift.max(floor + floor / 500, lowest)
            let ceiling = products[sku].ceilingMinorUnits
            guard ceiling == 0 || price <= ceiling else { continue }
            return setPrice(distributor: distributor, sku: sku, price: price, upstream: offer.upstream,
                            anyForm: false)
        }
        return nil
    }

    /// An over-eager undercut below the floor: a buyer's order is rejected `below_floor` a
    /// little later, and the shop corrects its price within hours.
    private mutating func breachFloor(distributor: Int, sku: Int, quote: PriceQuote) -> Command.Action? {
        let floor = products[sku].floorMinorUnits
        let price = floor - Swift.max(1, floor * random.draw(in: 100...400) / 10_000)
        guard price >= quote.upstream else { return nil }
        setSkuRule(distributor: distributor, sku: sku, rule: .price(price))
        pendingBreaches[Self.ruleKey(distributor, sku)] = true
        schedule(.floorProbe(distributor: Int32(distributor), sku: Int32(sku)),
                 at: now + delay(seconds: 120...2_400))
        schedule(.floorCorrection(distributor: Int32(distributor), sku: Int32(sku)),
                 at: now + delay(seconds: 7_200...28_800))
        return .setDistributorMarkup(distributor: distributorIDs[distributor], sku: skuIDs[sku],
                                     rule: .price(Money(minorUnits: price)))
    }

    mutating func floorProbeAction(distributor: Int, sku: Int) -> Command.Action? {
        let offer = quote(sku: sku, seller: distributor)
        let floor = products[sku].floorMinorUnits
        guard !products[sku].delisted, !offer.belowUpstream, floor > 0, offer.unitPrice < floor else {
            return nil
        }
        statistics.intendedRejections += 1
        let order = orderID(nextOrder())
        return .placeOrder(OrderRequest(order: order, distributor: distributorIDs[distributor],
                                        sku: skuIDs[sku], quantity: 1, buyer: buyerID(pickBuyer()),
                                        expectUnitPrice: nil))
    }

    mutating func floorCorrectionAction(distributor: Int, sku: Int) -> Command.Action? {
        pendingBreaches[Self.ruleKey(distributor, sku)] = nil
        return repairFloorSlots(distributor: distributor)
    }

    /// Floors for the floored slots (the supplier's minimum advertised price): 90% of the
    /// median tier-3 opening price, in whole jiao (0.10). The shops priced below it raise
    /// their price to the floor at once; the price war then stops at the floor, so these
    /// skus hold their prices through the second year while the others keep falling.
    mutating func buildFloors() {
        for slot in 0..<shape.slotCount where isFloorSlot[slot] {
            let sku = Int(slotSkus[slot])
            var prices = [Int64]()
            for seller in offers[2][slot] {
                let offer = quote(sku: sku, seller: Int(seller))
                if offer.isSellable { prices.append(offer.unitPrice) }
            }
            guard !prices.isEmpty else { continue }
            prices.sort()
            let floor = prices[(prices.count - 1) / 2] * 90 / 100 / 10 * 10
            products[sku].floorMinorUnits = floor
            appendSetup(.setFloor(sku: skuIDs[sku], minimum: Money(minorUnits: floor)))
        }
        for distributor in distributors.indices where !carriedFloorSlots[distributor].isEmpty {
            for _ in carriedFloorSlots[distributor] {
                guard let repair = repairFloorSlots(distributor: distributor) else { break }
                appendSetup(repair)
            }
        }
    }
}
