/// The distributor tree: about 10% tier-1 stations, 30% tier-2 sub-stations and 60% tier-3
/// shops; 60% open at the start, the rest join over the two years. A shop trades once its
/// `"*"` markup is set: only then do buyers and competitors see it.
extension MarketSimulator {
    mutating func buildOpeningDistributors() {
        let total = shape.distributorCount
        let tierOne = Swift.max(1, total / 10)
        let tierTwo = total >= 3 ? Swift.max(1, total * 3 / 10) : total - tierOne
        let counts = [tierOne, tierTwo, total - tierOne - tierTwo]
        offers = (0..<3).map { _ in [[Int32]](repeating: [], count: shape.slotCount) }
        carryWordCount = (shape.slotCount + 63) / 64
        let firstJoin = MarketShape.startMilliseconds + 86_400_000
        let lastJoin = MarketShape.startMilliseconds + MarketShape.spanMilliseconds - 30 * 86_400_000
        for (tierIndex, count) in counts.enumerated() where count > 0 {
            let opening = Swift.max(1, count * 6 / 10)
            for _ in 0..<opening {
                let distributor = registerDistributor(tier: tierIndex + 1)
                appendSetup(joinCommand(distributor))
                appendSetup(openShopAction(distributor: distributor))
                if tierIndex < 2, random.odds(30, in: 100) {
                    appendSetup(overrideAction(distributor: distributor))
                }
            }
            for _ in opening..<count {
                schedule(.join(tier: Int32(tierIndex + 1)), at: random.draw(in: firstJoin...lastJoin))
            }
        }
    }

    /// A late joiner: it joins now, sets its `"*"` markup a few minutes later and, for some
    /// stations with sub-stations to come, an override.
    mutating func joinAction(tier: Int) -> Command.Action? {
        let distributor = registerDistributor(tier: tier)
        schedule(.starRule(distributor: Int32(distributor)), at: now + delay(seconds: 60...1_200))
        if tier < 3, random.odds(30, in: 100) {
            schedule(.override(distributor: Int32(distributor)), at: now + delay(seconds: 60...3_600))
        }
        return joinCommand(distributor)
    }

    private func joinCommand(_ distributor: Int) -> Command.Action {
        let chain = distributors[distributor].chain
        let tier = distributors[distributor].tier
        let parent = tier > 1 ? distributorIDs[Int(chain[tier - 2])] : nil
        let word = MarketVocabulary.shopWords[distributor % MarketVocabulary.shopWords.count]
        let kind = MarketVocabulary.shopKinds[(distributor / 7) % MarketVocabulary.shopKinds.count]
        return .joinDistributor(distributor: distributorIDs[distributor],
                                name: "\(word) \(kind) \(distributor + 1)", parent: parent)
    }

    /// Adds a distributor of `tier` under a random distributor of the tier above.
    private mutating func registerDistributor(tier: Int) -> Int {
        let index = distributors.count
        var chain = SIMD4<Int32>(repeating: -1)
        if tier > 1 {
            let candidates = distributors.indices.filter { distributors[$0].tier == tier - 1 }
            let parent = random.element(of: candidates)
            chain = distributors[parent].chain
            childrenOf[parent].append(Int32(index))
        }
        chain[tier - 1] = Int32(index)
        let sizes: [Int64] = [1, 1, 1, 1, 2, 2, 3, 4, 6, 10, 16, 30]
        let base: Int64 = tier == 3 ? 6 : 3
        distributors.append(SimulatedDistributor(
            tier: tier, chain: chain, appetitePercent: random.draw(in: 85...115),
            weight: base * random.element(of: sizes), refundHeavy: random.odds(2, in: 100)))
        distributorIDs.append(SimulatedIdentifiers.make("D", Int64(index + 1), width: 4))
        distributorBalances.append(0)
        childrenOf.append([])
        carriedSlots.append([])
        carriedFloorSlots.append([])
        carryBits.append(contentsOf: repeatElement(0, count: carryWordCount))
        ruleFilters.append(contentsOf: repeatElement(0, count: 4))
        return index
    }

    /// Sets a new shop's `"*"` markup (bps at the market's current target margin, or a small
    /// fixed amount for some stations) and opens it: its catalogue goes on offer.
    mutating func openShopAction(distributor: Int) -> Command.Action {
        let tier = distributors[distributor].tier
        let rule: SimulatedRule
        if tier == 1, random.odds(10, in: 100) {
            rule = .fixed(random.draw(in: 20...200))
        } else {
            let bps = Self.markupBps(forMarginBps: targetMarginBps(distributor: distributor))
            rule = .bps(bps * random.draw(in: 95...105) / 100)
        }
        distributors[distributor].starRule = rule
        distributors[distributor].trading = true
        sellerWeights.append(weight: distributors[distributor].weight)
        tradingSellers.append(Int32(distributor))
        chooseCatalogue(distributor: distributor)
        schedule(.starReview(distributor: Int32(distributor)),
                 at: now + delay(seconds: 86_400...7_776_000))
        return .setDistributorMarkup(distributor: distributorIDs[distributor], sku: Identifier.anySku,
                                     rule: rule.markupRule ?? .bps(0))
    }

    /// The slots a shop carries, drawn by popularity: stations carry more than shops.
    /// Floored skus are sold by tier-3 shops only (authorised resellers).
    private mutating func chooseCatalogue(distributor: Int) {
        let tier = distributors[distributor].tier
        let percent: ClosedRange<Int64> = switch tier {
        case 1: 15...35
        case 2: 8...20
        default: 3...10
        }
        let share = shape.slotCount * Int(random.draw(in: percent)) / 100
        let wanted = Swift.min(shape.slotCount, Swift.max(2, share))
        var carried = [Bool](repeating: false, count: shape.slotCount)
        var slots = [Int32]()
        for _ in 0..<(wanted * 4) where slots.count < wanted {
            let slot = slotPopularity.pick(using: &random)
            guard !carried[slot], tier == 3 || !isFloorSlot[slot] else { continue }
            carried[slot] = true
            slots.append(Int32(slot))
        }
        slots.sort()
        for slot in slots {
            carryBits[distributor * carryWordCount + Int(slot) >> 6] |= 1 << UInt64(slot & 63)
            offers[tier - 1][Int(slot)].append(Int32(distributor))
            if isFloorSlot[Int(slot)] { carriedFloorSlots[distributor].append(slot) }
        }
        carriedSlots[distributor] = slots
    }

    /// Whether `distributor` carries `slot`.
    @inline(__always)
    func carries(_ distributor: Int, slot: Int) -> Bool {
        carryBits[distributor * carryWordCount + slot >> 6] >> UInt64(slot & 63) & 1 == 1
    }

    mutating func overrideAction(distributor: Int) -> Command.Action {
        let bps = random.draw(in: 300...2_000)
        distributors[distributor].overrideBps = bps
        return .setOverride(distributor: distributorIDs[distributor], bps: bps)
    }

    /// A station revises the override it takes from its sub-stations.
    mutating func overrideChangeAction() -> Command.Action? {
        let distributor = Int(random.draw(in: 0...Int64(distributors.count - 1)))
        guard distributors[distributor].tier < 3, !childrenOf[distributor].isEmpty else { return nil }
        let bps = random.draw(in: 0...2_500)
        distributors[distributor].overrideBps = bps
        return .setOverride(distributor: distributorIDs[distributor], bps: bps)
    }
}
