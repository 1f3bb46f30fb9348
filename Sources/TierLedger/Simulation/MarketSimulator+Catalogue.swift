/// The catalogue: suppliers, skus and their popularity, stock (batches, restocks, voids),
/// reprices, delistings with a replacement sku, platform markups and ceilings.
extension MarketSimulator {
    /// Writes the opening setup: suppliers, the catalogue and its stock, the first
    /// distributors with their markups, ceilings and floors. Times advance a second a command.
    mutating func buildOpeningMarket() {
        for index in 0..<shape.supplierCount {
            let id = SimulatedIdentifiers.make("S", Int64(index + 1), width: 3)
            let names = MarketVocabulary.supplierNames
            let round = index / names.count
            let name = names[index % names.count] + (round > 0 ? " \(round + 1)" : "")
            supplierIDs.append(id)
            supplierBalances.append(0)
            let first = (index * 5) % MarketVocabulary.brands.count
            supplierBrands.append((0..<3).map { (first + $0 * 7) % MarketVocabulary.brands.count })
            appendSetup(.registerSupplier(supplier: id, name: name))
        }
        platformStarRule = .bps(500)
        appendSetup(.setPlatformMarkup(sku: Identifier.anySku, rule: .bps(500)))
        buildSlots()
        for slot in 0..<shape.slotCount {
            let supplier = random.draw(in: 0...Int64(shape.supplierCount - 1))
            appendSetup(.listProduct(newProduct(slot: slot, supplier: Int(supplier))))
        }
        for slot in 0..<shape.slotCount where random.odds(2, in: 100) {
            let sku = Int(slotSkus[slot])
            let rule: SimulatedRule = random.odds(1, in: 2)
                ? .fixed(random.draw(in: 10...100)) : .bps(random.draw(in: 200...800))
            products[sku].platformRule = rule
            if let markupRule = rule.markupRule {
                appendSetup(.setPlatformMarkup(sku: skuIDs[sku], rule: markupRule))
            }
        }
        for slot in 0..<shape.slotCount {
            let sku = Int(slotSkus[slot])
            let units = batchSize(sku: sku) + reorderPoint(slot: slot)
            appendSetup(addBatch(sku: sku, units: units))
        }
        buildOpeningDistributors()
        for slot in 0..<shape.slotCount where random.odds(3, in: 100) {
            appendSetup(ceilingAction(slot: slot, clear: false))
        }
        buildFloors()
        now = lastTime
    }

    mutating func appendSetup(_ action: Command.Action) {
        now = MarketShape.startMilliseconds + Int64(setupCommands.count) * 1_000
        lastTime = now
        setupCommands.append(Command(at: nowTimestamp, action: action))
    }

    /// Popularity: slot `r` (0 is the most popular) has weight ∝ 1 / (r + 2), so the top 20
    /// skus sell about a third of all units. About 1% of slots (two of the top 20 among them)
    /// will carry a price floor.
    private mutating func buildSlots() {
        for rank in 0..<shape.slotCount {
            let weight = Swift.max(1, 1_000_000_000 / Int64(rank + 2))
            slotWeights.append(weight)
            slotWeightTotal += weight
            let floor = rank == 3 || rank == 11 || (rank >= 20 && random.odds(1, in: 100))
            isFloorSlot.append(floor && shape.slotCount >= 20)
        }
        slotSkus = [Int32](repeating: 0, count: shape.slotCount)
        slotPopularity = AliasTable(weights: slotWeights)
    }

    /// A new sku for `slot` (listed, not yet stocked): face and cost (50–90% of face, within
    /// 1.00–500.00), a refund window on a few, codes or anonymous units.
    mutating func newProduct(slot: Int, supplier: Int) -> ProductListing {
        productSerial += 1
        let brand = MarketVocabulary.brands[random.element(of: supplierBrands[supplier])]
        let faces = MarketVocabulary.faceValues
        let faceIndex = Swift.min(random.draw(in: 0...Int64(faces.count - 1)),
                            random.draw(in: 0...Int64(faces.count - 1)))
        let face = faces[Int(faceIndex)] * 100
        let cost = Swift.min(50_000, Swift.max(100, face * random.draw(in: 50...90) / 100))
        let refundDraw = random.draw(in: 0...99)
        let refundHours: Int64 = switch refundDraw {
        case 0..<2: 0
        case 2..<10: [24, 48, 72, 168][Int(refundDraw % 4)]
        default: -1
        }
        let id = SimulatedIdentifiers.make(brand.prefix + "-", productSerial, width: 4)
        let usesCodes = random.odds(60, in: 100)
        let initial = brand.prefix.utf8.first ?? UInt8(ascii: "K")
        products.append(SimulatedProduct(
            slot: Int32(slot), supplier: Int32(supplier), costMinorUnits: cost, faceMinorUnits: face,
            refundHours: refundHours, usesCodes: usesCodes, codeInitial: initial))
        productBatches.append([])
        skuIDs.append(id)
        slotSkus[slot] = Int32(products.count - 1)
        return ProductListing(sku: id, supplier: supplierIDs[supplier],
                              name: "\(brand.name) \(face / 100)",
                              face: Money(minorUnits: face), cost: Money(minorUnits: cost),
                              refundHours: refundHours >= 0 ? refundHours : nil)
    }

    // MARK: Stock

    /// Units that last about 18 days at the slot's expected pace (at least 10 codes or 20
    /// units; code batches at most 1,000 codes).
    func batchSize(sku: Int) -> Int64 {
        let product = products[sku]
        let weight = slotWeights[Int(product.slot)]
        let units = shape.expectedUnits(weight: weight, totalWeight: slotWeightTotal,
                                        over: 18 * 86_400_000)
        return product.usesCodes
            ? Swift.min(1_000, Swift.max(10, units)) : Swift.min(1_000_000, Swift.max(20, units))
    }

    /// Restock when fewer units than about a day and a half of sales are on hand or ordered.
    func reorderPoint(slot: Int) -> Int64 {
        let units = shape.expectedUnits(weight: slotWeights[slot], totalWeight: slotWeightTotal,
                                        over: 36 * 3_600_000)
        return Swift.max(3, units + 2)
    }

    /// A new batch of `units` for `sku`: its codes (new, never seen before) or a count.
    mutating func addBatch(sku: Int, units: Int64) -> Command.Action {
        batchSerial += 1
        let batch = Int32(batchAvailable.count)
        batchAvailable.append(units)
        batchPositions.append(Int32(productBatches[sku].count))
        productBatches[sku].append(batch)
        products[sku].available += units
        let id = SimulatedIdentifiers.make("B", batchSerial, width: 8)
        guard products[sku].usesCodes else {
            return .addStock(sku: skuIDs[sku], batch: id, units: .count(units))
        }
        var codes = [String]()
        codes.reserveCapacity(Int(units))
        for _ in 0..<units {
            codeSerial += 1
            codes.append(SimulatedIdentifiers.code(initial: products[sku].codeInitial,
                                                   serial: codeSerial, salt: codeSalt))
        }
        return .addStock(sku: skuIDs[sku], batch: id, units: .codes(codes))
    }

    /// Orders more stock when `sku` runs low; usually it arrives within two hours, now and
    /// then a slow supplier takes a day or two and the sku sells out meanwhile.
    mutating func restockIfLow(sku: Int) {
        let product = products[sku]
        guard !product.delisted,
              product.available + product.restocking < reorderPoint(slot: Int(product.slot))
        else { return }
        let units = batchSize(sku: sku)
        products[sku].restocking += units
        let wait = random.odds(3, in: 100)
            ? delay(seconds: 43_200...172_800) : delay(seconds: 300...7_200)
        schedule(.restock(sku: Int32(sku), units: units), at: now + wait)
    }

    mutating func restockAction(sku: Int, units: Int64) -> Command.Action? {
        products[sku].restocking -= units
        guard !products[sku].delisted else { return nil }
        return addBatch(sku: sku, units: units)
    }

    /// Takes `quantity` units first-in first-out (the caller checked they are available).
    @discardableResult
    mutating func takeUnits(sku: Int, quantity: Int64) -> BatchTakes {
        var takes = BatchTakes()
        var wanted = quantity
        var position = products[sku].firstBatchPosition
        let batches = productBatches[sku]
        while wanted > 0, position < batches.count {
            let batch = Int(batches[position])
            let taken = Swift.min(wanted, batchAvailable[batch])
            if taken > 0 {
                batchAvailable[batch] -= taken
                wanted -= taken
                if takes.count < BatchTakes.capacity { takes.append(batch: Int32(batch), units: taken) }
            }
            if batchAvailable[batch] == 0, position == products[sku].firstBatchPosition {
                products[sku].firstBatchPosition = position + 1
            }
            position += 1
        }
        precondition(wanted == 0, "takeUnits: the caller checks availability")
        products[sku].available -= quantity
        return takes
    }

    /// How many batches a first-in first-out take of `quantity` would touch.
    func batchesTouched(sku: Int, quantity: Int64) -> Int {
        var wanted = quantity
        var touched = 0
        var position = products[sku].firstBatchPosition
        let batches = productBatches[sku]
        while wanted > 0, position < batches.count {
            let available = batchAvailable[Int(batches[position])]
            if available > 0 {
                wanted -= available
                touched += 1
            }
            position += 1
        }
        return touched
    }

    /// Units of an expired or cancelled reservation go back to their batches.
    mutating func returnUnits(sku: Int, takes: BatchTakes) {
        for index in 0..<takes.count {
            let batch = Int(takes.batches[index])
            batchAvailable[batch] += takes.units[index]
            products[sku].available += takes.units[index]
            let position = Int(batchPositions[batch])
            products[sku].firstBatchPosition = Swift.min(products[sku].firstBatchPosition, position)
        }
    }

    /// A supplier voids a few units of a recent batch (leaked or recalled codes).
    mutating func voidAction() -> Command.Action? {
        let sku = Int(slotSkus[Int(random.draw(in: 0...Int64(shape.slotCount - 1)))])
        guard !products[sku].delisted, let batch = newestBatch(sku: sku, holding: 2) else { return nil }
        let count = random.draw(in: 1...Swift.min(5, batchAvailable[batch] - 1))
        batchAvailable[batch] -= count
        products[sku].available -= count
        restockIfLow(sku: sku)
        return .voidStock(sku: skuIDs[sku], batch: batchID(batch), count: count,
                          reason: random.element(of: MarketVocabulary.voidReasons))
    }

    /// After a delisting, the supplier voids what is left of the newest batch.
    mutating func voidRemainderAction(sku: Int) -> Command.Action? {
        guard let batch = newestBatch(sku: sku, holding: 1) else { return nil }
        let count = batchAvailable[batch]
        batchAvailable[batch] = 0
        products[sku].available -= count
        return .voidStock(sku: skuIDs[sku], batch: batchID(batch), count: count, reason: "delisted")
    }

    /// The newest of the sku's last three batches that holds at least `units` available units.
    private func newestBatch(sku: Int, holding units: Int64) -> Int? {
        let batches = productBatches[sku]
        for position in stride(from: batches.count - 1, through: Swift.max(0, batches.count - 3), by: -1)
        where batchAvailable[Int(batches[position])] >= units {
            return Int(batches[position])
        }
        return nil
    }

    func batchID(_ batch: Int) -> String {
        // Batch ids are numbered in the order batches are added, from B00000001.
        SimulatedIdentifiers.make("B", Int64(batch) + 1, width: 8)
    }

    // MARK: Catalogue changes

    /// A supplier changes a cost by −4% … +4% (a rise squeezes fixed retail prices).
    mutating func repriceAction() -> Command.Action? {
        let sku = Int(slotSkus[slotPopularity.pick(using: &random)])
        guard !products[sku].delisted else { return nil }
        let cost = products[sku].costMinorUnits
        let changed = Swift.min(50_000, Swift.max(100, cost * (100 + random.draw(in: -4...4)) / 100))
        guard changed != cost else { return nil }
        products[sku].costMinorUnits = changed
        return .repriceProduct(sku: skuIDs[sku], cost: Money(minorUnits: changed))
    }

    /// A sku outside the top 20 and without a floor is delisted; a new sku from the same
    /// supplier takes its place (and its buyers) a little later, and the old stock is voided.
    mutating func delistAction() -> Command.Action? {
        guard shape.slotCount > 20 else { return nil }
        let slot = Int(random.draw(in: 20...Int64(shape.slotCount - 1)))
        let sku = Int(slotSkus[slot])
        guard !isFloorSlot[slot], !products[sku].delisted else { return nil }
        products[sku].delisted = true
        schedule(.listReplacement(slot: Int32(slot), supplier: products[sku].supplier),
                 at: now + delay(seconds: 600...21_600))
        if products[sku].available > 0 {
            schedule(.voidRemainder(sku: Int32(sku)), at: now + delay(seconds: 3_600...86_400))
        }
        return .delistProduct(sku: skuIDs[sku])
    }

    mutating func listReplacementAction(slot: Int, supplier: Int) -> Command.Action? {
        let listing = newProduct(slot: slot, supplier: supplier)
        let sku = products.count - 1
        let units = batchSize(sku: sku) + reorderPoint(slot: slot)
        products[sku].restocking += units
        schedule(.restock(sku: Int32(sku), units: units), at: now + delay(seconds: 60...1_800))
        return .listProduct(listing)
    }

    /// The platform lowers its markup on one sku (a promotion); never on a floored sku.
    mutating func platformMarkupAction() -> Command.Action? {
        let slot = slotPopularity.pick(using: &random)
        let sku = Int(slotSkus[slot])
        guard !isFloorSlot[slot], !products[sku].delisted else { return nil }
        let cost = products[sku].costMinorUnits
        let skuRule = products[sku].platformRule
        let current = (skuRule == .none ? platformStarRule : skuRule).markup(over: cost)
        let lowered = current * random.draw(in: 40...90) / 100
        let rule: SimulatedRule = random.odds(1, in: 2) ? .fixed(lowered) : .bps(lowered * 10_000 / cost)
        guard rule.markup(over: cost) <= current, let markupRule = rule.markupRule else { return nil }
        products[sku].platformRule = rule
        return .setPlatformMarkup(sku: skuIDs[sku], rule: markupRule)
    }

    mutating func ceilingAction() -> Command.Action? {
        ceilingAction(slot: Int(random.draw(in: 0...Int64(shape.slotCount - 1))),
                      clear: random.odds(1, in: 5))
    }

    /// A generous ceiling (three times the platform price, in whole yuan) that no shop in the
    /// price war comes near, or clearing it.
    mutating func ceilingAction(slot: Int, clear: Bool) -> Command.Action {
        let sku = Int(slotSkus[slot])
        let product = products[sku]
        let platformRule = product.platformRule == .none ? platformStarRule : product.platformRule
        let platformPrice = product.costMinorUnits + platformRule.markup(over: product.costMinorUnits)
        let ceiling = clear ? 0 : (platformPrice * 3 + 99) / 100 * 100
        products[sku].ceilingMinorUnits = ceiling
        return .setCeiling(sku: skuIDs[sku], maximum: Money(minorUnits: ceiling))
    }
}
