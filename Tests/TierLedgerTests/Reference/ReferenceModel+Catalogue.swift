import TierLedger

/// Suppliers, products, stock and the rules that price them (SPEC §3 rows 1–13).
extension ReferenceModel {
    /// SPEC §3 `supplier.charge_fee`, §6, §7: supplier payable +F, platform fees −F; the
    /// supplier's available balance may go negative.
    mutating func chargeFee(supplier: String, amount: Int128) throws(ModelRefusal) {
        guard amount > 0 else { throw ModelRefusal(.invalidValue, "fee amount must be > 0") }
        guard takenTotal + amount <= Self.takenMaximum else {
            throw ModelRefusal(.invalidValue, "fee would exceed the ledger's money range")
        }
        guard suppliers.contains(supplier) else {
            throw ModelRefusal(.unknownSupplier, "supplier \(supplier) is not registered")
        }
        takenTotal += amount
        post([(ModelAccount.payable(.supplier(supplier)), amount), (ModelAccount.fees, -amount)])
        writeStatement("fee", .supplier(supplier), amount: -amount, sequence: currentSequence)
    }

    /// SPEC §3 `product.list`: face > 0, cost > 0, refund_hours 0–87600; supplier known.
    mutating func listProduct(_ listing: ProductListing) throws(ModelRefusal) {
        guard listing.face.isPositive else { throw ModelRefusal(.invalidValue, "face must be > 0") }
        guard listing.cost.isPositive else { throw ModelRefusal(.invalidValue, "cost must be > 0") }
        if let hours = listing.refundHours, !(0...87_600).contains(hours) {
            throw ModelRefusal(.invalidValue, "refund_hours \(hours) is outside 0–87600")
        }
        guard suppliers.contains(listing.supplier) else {
            throw ModelRefusal(.unknownSupplier, "supplier \(listing.supplier) is not registered")
        }
        products[listing.sku] = ModelProduct(supplier: listing.supplier,
                                             cost: Int128(listing.cost.minorUnits),
                                             refundHours: listing.refundHours)
        inventory[listing.sku] = InventoryCounts()
    }

    /// The product of `sku` if listed, else `unknown_sku`.
    func listed(_ sku: String) throws(ModelRefusal) -> ModelProduct {
        guard let product = products[sku] else {
            throw ModelRefusal(.unknownSku, "sku \(sku) is not listed")
        }
        return product
    }

    /// The product of `sku` if listed and not delisted.
    func onSale(_ sku: String) throws(ModelRefusal) -> ModelProduct {
        let product = try listed(sku)
        guard !product.delisted else { throw ModelRefusal(.delisted, "sku \(sku) is delisted") }
        return product
    }

    /// SPEC §3 `product.reprice`: later orders use the new cost; placed ones keep theirs.
    mutating func reprice(sku: String, cost: Money) throws(ModelRefusal) {
        guard cost.isPositive else { throw ModelRefusal(.invalidValue, "cost must be > 0") }
        _ = try onSale(sku)
        products[sku]?.cost = Int128(cost.minorUnits)
    }

    mutating func delist(sku: String) throws(ModelRefusal) {
        _ = try onSale(sku)
        products[sku]?.delisted = true
    }

    /// SPEC §3 `stock.add`: 1–1,000,000 units; no code known to the ledger, nor twice in the
    /// batch (README); both are `code_already_known` naming the batch that has the code.
    mutating func addStock(sku: String, batch: String, units: StockUnits) throws(ModelRefusal) {
        let count: Int64
        switch units {
        case .codes(let codes): count = Int64(codes.count)
        case .count(let anonymous): count = anonymous
        }
        guard (1...1_000_000).contains(count) else {
            throw ModelRefusal(.invalidValue, "a batch holds 1–1000000 units, got \(count)")
        }
        _ = try onSale(sku)
        if case .codes(let codes) = units {
            var seen: Set<String> = []
            for code in codes {
                if let holder = codeBatches[code] {
                    throw ModelRefusal(.codeAlreadyKnown, "a code of this batch is in batch \(holder)")
                }
                guard seen.insert(code).inserted else {
                    throw ModelRefusal(.codeAlreadyKnown, "a code is repeated in batch \(batch)")
                }
            }
            for code in codes { codeBatches[code] = batch }
        }
        batches[batch] = ModelBatch(sku: sku, units: Array(repeating: .available, count: Int(count)))
        products[sku]?.batches.append(batch)
        inventory[sku]?.added += count
        inventory[sku]?.available += count
    }

    /// SPEC §3 `stock.void`: voids the newest undelivered, unreserved units of the batch;
    /// README: works on delisted skus, count 1–1,000,000. A batch of another sku is unknown.
    mutating func voidStock(sku: String, batch: String, count: Int64) throws(ModelRefusal) {
        guard (1...1_000_000).contains(count) else {
            throw ModelRefusal(.invalidValue, "void count must be 1–1000000, got \(count)")
        }
        _ = try listed(sku)
        guard let record = batches[batch], record.sku == sku else {
            throw ModelRefusal(.unknownBatch, "sku \(sku) has no batch \(batch)")
        }
        let availablePositions = record.units.indices.filter { record.units[$0] == .available }
        guard availablePositions.count >= count else {
            throw ModelRefusal(.notEnoughUnits,
                               "batch \(batch) has \(availablePositions.count) units to void")
        }
        let newest = availablePositions.suffix(Int(count))
        setUnits(newest.map { ModelUnitPlace(batch: batch, position: $0) }, to: .voided)
    }

    /// Range checks shared by the markup commands (SPEC §3): fixed ≥ 0, bps 0–100000,
    /// price > 0.
    static func checkRule(_ rule: MarkupRule) throws(ModelRefusal) {
        switch rule {
        case .fixed(let amount):
            guard !amount.isNegative else { throw ModelRefusal(.invalidValue, "fixed must be ≥ 0") }
        case .bps(let bps):
            guard (0...100_000).contains(bps) else {
                throw ModelRefusal(.invalidValue, "bps \(bps) is outside 0–100000")
            }
        case .price(let price):
            guard price.isPositive else { throw ModelRefusal(.invalidValue, "price must be > 0") }
        }
    }

    /// README: a markup rule's sku is `"*"` or a listed sku, delisted ones included.
    func checkRuleSku(_ sku: String) throws(ModelRefusal) {
        if sku != Self.anySku { _ = try listed(sku) }
    }

    mutating func setPlatformMarkup(sku: String, rule: MarkupRule) throws(ModelRefusal) {
        try Self.checkRule(rule)
        // A platform `price` rule is malformed input (SPEC §3 allows fixed or bps only); the
        // generator never makes one, and the model refuses it rather than guess a meaning.
        if case .price = rule { throw ModelRefusal(.invalidValue, "the platform has no price rule") }
        try checkRuleSku(sku)
        platformRules[sku] = rule
    }

    mutating func setFloor(sku: String, minimum: Money) throws(ModelRefusal) {
        _ = try listed(sku)
        products[sku]?.floor = Int128(minimum.minorUnits)
    }

    mutating func setCeiling(sku: String, maximum: Money) throws(ModelRefusal) {
        _ = try listed(sku)
        products[sku]?.ceiling = Int128(maximum.minorUnits)
    }

    /// SPEC §3 `distributor.join`; README: an unknown parent is `unknown_distributor` before the
    /// depth (an `invalid_value`) can even be known.
    mutating func joinDistributor(_ distributor: String, parent: String?) throws(ModelRefusal) {
        var depth = 1
        if let parent {
            guard let parentRecord = distributors[parent] else {
                throw ModelRefusal(.unknownDistributor, "parent \(parent) has not joined")
            }
            depth = parentRecord.depth + 1
        }
        guard depth <= 8 else {
            throw ModelRefusal(.invalidValue, "depth \(depth) is more than 8 tiers")
        }
        distributors[distributor] = ModelDistributor(parent: parent, depth: depth)
        addParty(.distributor(distributor))
    }

    func joined(_ distributor: String) throws(ModelRefusal) -> ModelDistributor {
        guard let record = distributors[distributor] else {
            throw ModelRefusal(.unknownDistributor, "distributor \(distributor) has not joined")
        }
        return record
    }

    /// SPEC §3.1 group 4 order: `unknown_sku` is listed before `unknown_distributor`.
    mutating func setDistributorMarkup(_ distributor: String, sku: String,
                                       rule: MarkupRule) throws(ModelRefusal) {
        try Self.checkRule(rule)
        try checkRuleSku(sku)
        _ = try joined(distributor)
        distributors[distributor]?.rules[sku] = rule
    }

    mutating func setOverride(_ distributor: String, bps: Int64) throws(ModelRefusal) {
        guard (0...10_000).contains(bps) else {
            throw ModelRefusal(.invalidValue, "override bps \(bps) is outside 0–10000")
        }
        _ = try joined(distributor)
        distributors[distributor]?.overrideBps = bps
    }
}
