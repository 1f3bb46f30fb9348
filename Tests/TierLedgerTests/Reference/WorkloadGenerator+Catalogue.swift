import TierLedger

/// Catalogue, stock and rule commands: valid ones, and each way they can be refused.
extension WorkloadGenerator {
    mutating func makeRegisterSupplier() -> Command.Action {
        let supplier = "S\(integer(1...5))"
        // Re-registering with the first name is a duplicate; another name is id_conflict.
        let name = chance(85) ? "Supplier \(supplier)" : "Renamed \(supplier)"
        return .registerSupplier(supplier: supplier, name: name)
    }

    mutating func makeChargeFee() -> Command.Action {
        let roll = integer(1...100)
        let amount = roll <= 85 ? cents(1...2_000) : roll <= 92 ? .zero : cents(100_000...500_000)
        return .chargeFee(fee: fresh("F"), supplier: supplierReference(), amount: amount,
                          memo: chance(50) ? nil : "monthly")
    }

    mutating func makeListProduct() -> Command.Action {
        let sku: String
        if liveSkus.count < 8 && chance(85) {
            sku = fresh("sku")
        } else {
            sku = pickIfAny(knownSkus) ?? fresh("sku")
        }
        let maximum = Money.inputMaximumMinorUnits
        let roll = integer(1...100)
        let cost: Money
        switch roll {
        case 1...88: cost = cents(100...10_000)
        case 89...92: cost = .zero
        case 93...96: cost = Money(minorUnits: maximum - integer(0...1_000))
        default: cost = Money(minorUnits: maximum / 2 + integer(-10...10))
        }
        let face = chance(94)
            ? Money(minorUnits: min(maximum, max(100, cost.minorUnits) + integer(0...2_000))) : .zero
        let refundHours: Int64? = chance(5) ? 87_601 : pick(Self.refundHourChoices)
        return .listProduct(ProductListing(sku: sku, supplier: supplierReference(),
                                           name: "Card \(sku)", face: face, cost: cost,
                                           refundHours: refundHours))
    }

    mutating func makeReprice() -> Command.Action {
        let sku = skuReference()
        let roll = integer(1...100)
        let cost: Money
        switch roll {
        case 1...85: cost = cents(100...10_000)
        case 86...90: cost = .zero
        case 91...95: cost = Money(minorUnits: Money.inputMaximumMinorUnits - integer(0...1_000))
        default: cost = cents(1...99)
        }
        return .repriceProduct(sku: sku, cost: cost)
    }

    /// Delists while enough skus stay live; otherwise aims at delisted or unknown skus.
    mutating func makeDelist() -> Command.Action {
        if liveSkus.count >= 5, let live = pickIfAny(liveSkus) { return .delistProduct(sku: live) }
        return .delistProduct(sku: pickIfAny(delistedSkus) ?? "sku-none")
    }

    mutating func makeAddStock() -> Command.Action {
        let sku = skuReference()
        let batch = chance(93) ? fresh("B") : (pickIfAny(shadow.batches.keys.sorted()) ?? fresh("B"))
        let roll = integer(1...100)
        let units: StockUnits
        switch roll {
        case 1...45: units = .codes(makeCodes())
        case 46...88: units = .count(integer(1...15))
        case 89...92: units = .count(0)
        case 93...96: units = .count(1_000_001)
        default: units = .codes([])
        }
        return .addStock(sku: sku, batch: batch, units: units)
    }

    /// 1–6 codes, sometimes one the ledger already knows, sometimes one repeated in the batch.
    mutating func makeCodes() -> [String] {
        var codes = (0..<integer(1...6)).map { _ in randomCode() }
        if chance(8), let known = pickIfAny(shadow.codeBatches.keys.sorted()) {
            codes[Int(integer(0...Int64(codes.count - 1)))] = known
        }
        if chance(4), let first = codes.first { codes.append(first) }
        return codes
    }

    mutating func makeVoidStock() -> Command.Action {
        let sku = skuReference()
        let own = shadow.products[sku]?.batches ?? []
        let roll = integer(1...100)
        let batch: String
        if roll <= 75, let chosen = pickIfAny(own) {
            batch = chosen
        } else if roll <= 88, let other = pickIfAny(shadow.batches.keys.sorted()) {
            batch = other
        } else {
            batch = "B-none"
        }
        let countRoll = integer(1...100)
        let count: Int64 = countRoll <= 80 ? integer(1...3) : countRoll <= 90 ? integer(4...20)
            : countRoll <= 95 ? 0 : 1_000_001
        return .voidStock(sku: sku, batch: batch, count: count, reason: "audit")
    }

    /// Fixed or bps rules, the bps boundaries, and (for one sku only, so that it does not
    /// poison every order) a fixed markup big enough to push prices out of the money range.
    mutating func makePlatformMarkup() -> Command.Action {
        let sku = ruleSkuReference()
        let roll = integer(1...100)
        let rule: MarkupRule
        switch roll {
        case 1...35: rule = .fixed(cents(0...500))
        case 36...80: rule = .bps(integer(0...2_000))
        case 81...84: rule = .bps(100_000)
        case 85...88: rule = .bps(100_001)
        case 89...92: rule = .bps(-1)
        default:
            rule = sku == Identifier.anySku ? .bps(0)
                : .fixed(Money(minorUnits: Money.inputMaximumMinorUnits - integer(0...1_000)))
        }
        return .setPlatformMarkup(sku: sku, rule: rule)
    }

    /// A floor or ceiling near what some distributor charges now, so that orders breach it.
    mutating func makeBound(floor: Bool) -> Command.Action {
        let sku = skuReference()
        var value = Money.zero
        if chance(70) {
            let distributor = pickIfAny(knownDistributors) ?? "D-none"
            let price = quotedUnitPrice(sku: sku, distributor: distributor) ?? integer(100...10_000)
            value = Money(minorUnits: min(Money.inputMaximumMinorUnits,
                                          max(1, price + integer(-300...300))))
        }
        return floor ? .setFloor(sku: sku, minimum: value) : .setCeiling(sku: sku, maximum: value)
    }

    /// Grows the deep chain C1…C9 (C9 would be tier 9), joins new or known D ids, or names an
    /// unknown parent.
    mutating func makeJoin() -> Command.Action {
        let roll = integer(1...100)
        if roll <= 55 {
            let tier = (1...9).first { shadow.distributors["C\($0)"] == nil } ?? 9
            return .joinDistributor(distributor: "C\(tier)", name: "Distributor C\(tier)",
                                    parent: tier == 1 ? nil : "C\(tier - 1)")
        }
        if roll <= 90 {
            let distributor = "D\(integer(1...8))"
            let parent = chance(20) ? nil : pickIfAny(knownDistributors)
            return .joinDistributor(distributor: distributor, name: "Distributor \(distributor)",
                                    parent: parent)
        }
        return .joinDistributor(distributor: fresh("DN"), name: "Orphan", parent: "D-none")
    }

    mutating func makeDistributorMarkup() -> Command.Action {
        let distributor = distributorReference()
        let sku = ruleSkuReference()
        let roll = integer(1...100)
        let rule: MarkupRule
        switch roll {
        case 1...30: rule = .fixed(cents(0...300))
        case 31...60: rule = .bps(integer(0...3_000))
        case 61...85:
            // A retail price near the upstream price: mostly above, sometimes below it.
            let basis = sku == Identifier.anySku ? (pickIfAny(knownSkus) ?? "sku-none") : sku
            let upstream = upstreamPrice(sku: basis, distributor: distributor) ?? integer(100...10_000)
            rule = .price(Money(minorUnits: max(1, upstream + integer(-200...800))))
        case 86...88: rule = .price(.zero)
        case 89...91: rule = .bps(100_001)
        case 92...94: rule = .bps(-1)
        case 95...97: rule = .bps(100_000)
        default:
            rule = sku == Identifier.anySku ? .fixed(cents(0...100))
                : .fixed(Money(minorUnits: Money.inputMaximumMinorUnits - integer(0...1_000)))
        }
        return .setDistributorMarkup(distributor: distributor, sku: sku, rule: rule)
    }

    mutating func makeOverride() -> Command.Action {
        let roll = integer(1...100)
        let bps: Int64 = roll <= 75 ? integer(0...3_000) : roll <= 80 ? 10_000
            : roll <= 85 ? 10_001 : roll <= 90 ? -1 : 0
        return .setOverride(distributor: distributorReference(), bps: bps)
    }
}
