/// Checks that a recorded event can be applied to the current state: the events the state
/// machine records always pass, but a log or an import file may have been edited, and replay
/// must refuse such an event with a message instead of trapping on it.
extension LedgerState {
    /// What is wrong with applying `event` now, or `nil` when it fits.
    func problem(with event: Event) -> String? {
        var placement: OrderPlacement?
        return problem(with: event, placement: &placement)
    }

    /// `problem(with:)`, and for an order placed or reserved that fits, where it goes: what
    /// `apply(_:placement:)` would otherwise look up again.
    func check(_ event: Event) -> (problem: String?, placement: OrderPlacement?) {
        var placement: OrderPlacement?
        let problem = problem(with: event, placement: &placement)
        return (problem, problem == nil ? placement : nil)
    }

    private func problem(with event: Event, placement: inout OrderPlacement?) -> String? {
        if case .ledgerCreated = event.body {
            return lastSequence == 0 ? nil : "ledger.created may only be the first event"
        }
        if lastSequence == 0 { return "the first event must be ledger.created" }
        if let at = event.at, let now = ledgerTime, at < now { return "time runs backwards" }
        switch event.body {
        case .ledgerCreated:
            return nil
        case .supplierRegistered(let supplier, _):
            return suppliers.contains(supplier) ? "supplier \(supplier) is registered twice" : nil
        case .feeCharged(let fee, let supplier, let amount, _):
            if fees.contains(fee) { return "fee \(fee) is recorded twice" }
            if !suppliers.contains(supplier) { return "unknown supplier \(supplier)" }
            return positiveWithinVolume(amount)
        case .productListed(let listing):
            if products.contains(listing.sku) { return "sku \(listing.sku) is listed twice" }
            if !suppliers.contains(listing.supplier) { return "unknown supplier \(listing.supplier)" }
            guard listing.cost.isPositive, listing.face.isPositive else { return "cost and face must be positive" }
            guard listing.refundHours.map(Self.refundHoursRange.contains) ?? true else {
                return "refund_hours out of range"
            }
            return nil
        case .productRepriced(let sku, let cost):
            if !products.contains(sku) { return "unknown sku \(sku)" }
            return cost.isPositive ? nil : "cost must be positive"
        case .productDelisted(let sku), .floorSet(let sku, _), .ceilingSet(let sku, _):
            return products.contains(sku) ? nil : "unknown sku \(sku)"
        case .stockAdded(let sku, let batch, let units):
            return stockAddedProblem(sku: sku, batch: batch, units: units)
        case .stockVoided(let sku, let batch, let count, _, let units):
            guard batches[batch]?.sku == sku, units.allSatisfy({ $0.batch == batch }),
                  Self.unitCountRange.contains(count), Self.checkedSum(units, \.count) == count
            else { return "void of \(count) units of batch \(batch) does not match its units" }
            return unitsProblem(units)
        case .platformMarkupSet(let sku, let rule):
            if (try? requireRule(rule, allowPrice: false)) == nil { return "the platform's rule is out of range" }
            return sku == Identifier.anySku || products.contains(sku) ? nil : "unknown sku \(sku)"
        case .distributorJoined(let distributor, _, let parent):
            if distributors.contains(distributor) { return "distributor \(distributor) joins twice" }
            guard let parent else { return nil }
            guard let parentState = distributors[parent] else { return "unknown parent \(parent)" }
            return parentState.depth < Self.depthMaximum ? nil : "the tree is deeper than 8 tiers"
        case .distributorMarkupSet(let distributor, let sku, let rule):
            if !distributors.contains(distributor) { return "unknown distributor \(distributor)" }
            if (try? requireRule(rule, allowPrice: true)) == nil { return "the markup rule is out of range" }
            return sku == Identifier.anySku || products.contains(sku) ? nil : "unknown sku \(sku)"
        case .overrideSet(let distributor, let bps):
            if !distributors.contains(distributor) { return "unknown distributor \(distributor)" }
            return Self.overrideBpsRange.contains(bps) ? nil : "override bps out of range"
        default:
            return orderProblem(event.body, at: event.at, placement: &placement)
        }
    }

    private func orderProblem(_ body: EventBody, at: Timestamp?, placement: inout OrderPlacement?) -> String? {
        switch body {
        case .orderPlaced(let fact):
            return factProblem(fact, placement: &placement) ?? positiveWithinVolume(fact.gross)
        case .orderReserved(let fact, let ttlSeconds, let deadline):
            guard Self.ttlSecondsRange.contains(ttlSeconds), let at,
                  at.adding(seconds: ttlSeconds) == deadline
            else {
                return "reservation of \(fact.order) has a ttl out of 1–604800 s or a deadline other than "
                    + "its time plus its ttl"
            }
            return factProblem(fact, placement: &placement)
        case .orderPaid(let order, let late, let units, _):
            // Orders are read in place (`read`): a copy would retain each order's arrays.
            guard let (status, quantity, sku, gross) = orders.read(order, {
                ($0.status, $0.quantity, sku(of: $0), $0.gross)
            }) else { return "unknown order \(order)" }
            if late {
                guard status == .expired, Self.checkedSum(units, \.count) == quantity,
                      units.allSatisfy({ batches.read($0.batch, { $0.sku }) == sku })
                else { return "late payment of \(order) does not fit its reservation" }
                return unitsProblem(units) ?? positiveWithinVolume(gross)
            }
            guard status == .reserved, units.isEmpty else { return "order \(order) is not reserved" }
            return positiveWithinVolume(gross)
        case .orderExpired(let order, let units):
            guard orders.read(order, { $0.status == .reserved && units == $0.heldUnits }) == true else {
                return "expiry of \(order) does not match a live reservation"
            }
            return nil
        case .orderCancelled(let order, let units):
            let fits = orders.read(order) { state in
                state.status == .reserved && units == state.heldUnits || state.status == .expired && units.isEmpty
            }
            guard fits == true else { return "cancellation of \(order) does not match an unpaid reservation" }
            return nil
        case .orderRejected:
            return nil
        case .orderRefunded(let fact):
            if refunds.contains(fact.refund) { return "refund \(fact.refund) is recorded twice" }
            return refundProblem(fact)
        case .disputeOpened(let dispute, let order, _):
            if disputes.contains(dispute) { return "dispute \(dispute) is opened twice" }
            guard orders.read(order, { $0.status == .paid && $0.openDispute == nil }) == true else {
                return "order \(order) cannot take a dispute"
            }
            return nil
        case .disputeResolved(let dispute, let order, let outcome, let refund):
            guard let state = disputes[dispute], state.outcome == nil, state.order == order,
                  (outcome == .refund) == (refund != nil)
            else { return "dispute \(dispute) cannot be resolved so" }
            return refund.flatMap { $0.order == order ? refundProblem($0) : "refund of another order" }
        case .settlementRan(let released):
            guard released.firstRepeatedIndex() == nil else { return "an order is released twice" }
            for (id, handle) in zip(released, handles(ofReleased: released)) {
                guard let handle, orders.read(handle: handle, {
                    $0.status == .paid && !$0.released && $0.openDispute == nil
                }) else { return "order \(id) cannot be released" }
            }
            return nil
        case .payoutMade(let payout, let party, let amount):
            if payouts.contains(payout) { return "payout \(payout) is recorded twice" }
            switch party {
            case .supplier(let id) where !suppliers.contains(id): return "unknown supplier \(id)"
            case .distributor(let id) where !distributors.contains(id): return "unknown distributor \(id)"
            default:
                guard amount.isPositive else { return "payout must be positive" }
                let available = available(party)
                return amount <= available ? nil : "payout \(amount) exceeds the available \(available)"
            }
        default:
            return "unexpected event kind"
        }
    }

    private func positiveWithinVolume(_ amount: Money) -> String? {
        guard amount.isPositive, volume <= Self.volumeMaximumMinorUnits - amount.minorUnits else {
            return "amount \(amount) is not positive or exceeds the ledger's volume limit"
        }
        return nil
    }

    private func stockAddedProblem(sku: String, batch: String, units: StockAddition) -> String? {
        guard products.contains(sku) else { return "unknown sku \(sku)" }
        guard !batches.contains(batch) else { return "batch \(batch) is added twice" }
        guard Self.unitCountRange.contains(units.unitCount) else { return "batch size out of range" }
        if case .codes(let codes) = units {
            guard codes.firstRepeatedIndex() == nil else { return "batch \(batch) repeats a known code" }
            for index in codes.indices {
                prefetchCodeOwner(after: index, in: codes)
                if codeOwners.handle(of: codes[index]) != nil { return "batch \(batch) repeats a known code" }
            }
        }
        return nil
    }

    /// The units are all available, each once.
    private func unitsProblem(_ units: [UnitRun]) -> String? {
        if units.count == 1, let run = units.first {
            // One run (most orders): checked in place, without a copy of the batch or trial
            // copies of its ranges.
            guard let end = Self.end(of: run),
                  batches.read(run.batch, { $0.available.contains(run.start..<end) }) == true
            else { return "units \(run.start)+\(run.count) of batch \(run.batch) are not available" }
            return nil
        }
        var trial = [String: UnitRanges]()
        for run in units {
            guard var ranges = trial[run.batch] ?? batches.read(run.batch, \.available), let end = Self.end(of: run),
                  ranges.remove(exactly: run.start..<end)
            else { return "units \(run.start)+\(run.count) of batch \(run.batch) are not available" }
            trial[run.batch] = ranges
        }
        return nil
    }

    /// The end of a run of at least one unit from a non-negative start, or `nil` for any other
    /// run (an edited log or import may hold one whose end does not fit in 64 bits).
    private static func end(of run: UnitRun) -> Int64? {
        let (end, overflow) = run.start.addingReportingOverflow(run.count)
        return run.count >= 1 && run.start >= 0 && !overflow ? end : nil
    }

    /// The sum of `value` over `elements`, or `nil` when it does not fit in 64 bits: the values
    /// come from a recorded event, so nothing bounds them yet.
    static func checkedSum<Element>(_ elements: [Element], _ value: (Element) -> Int64) -> Int64? {
        var sum: Int64 = 0
        for element in elements {
            let (next, overflow) = sum.addingReportingOverflow(value(element))
            if overflow { return nil }
            sum = next
        }
        return sum
    }

    /// An order's frozen fact is consistent and its units are available; `placement` is where
    /// it goes (set once its ids are found).
    private func factProblem(_ fact: OrderFact, placement: inout OrderPlacement?) -> String? {
        let orderHash = fact.order.stableHash
        guard orders.handle(of: fact.order, hash: orderHash) == nil else {
            return "order \(fact.order) is recorded twice"
        }
        guard let seller = distributors.handle(of: fact.distributor), let product = products.handle(of: fact.sku)
        else { return "order \(fact.order) names an unknown sku or distributor" }
        placement = OrderPlacement(product: product, seller: seller, orderHash: orderHash)
        // `read` borrows the seller and the product instead of copying them whole.
        let chain = distributors.read(handle: seller, \.chain)
        let supplier = products.read(handle: product, \.listing.supplier)
        guard Self.quantityRange.contains(fact.quantity),
              Self.checkedSum(fact.legs, \.amount.minorUnits) == fact.gross.minorUnits,
              fact.legs.allSatisfy({ !$0.amount.isNegative }), fact.legs.count == chain.count + 2,
              Self.checkedSum(fact.units, \.count) == fact.quantity,
              fact.units.allSatisfy({ batches.read($0.batch, \.sku) == fact.sku })
        else { return "order \(fact.order) has inconsistent legs or units" }
        // The state keeps leg amounts only and derives their parties (`legAccount`).
        guard Self.legsBelong(fact.legs, supplier: supplier, chain: chain) else {
            return "order \(fact.order) has legs of parties other than its supplier, the platform and its "
                + "seller's chain"
        }
        return unitsProblem(fact.units)
    }

    /// Whether `legs` belong, in order, to `supplier`, the platform and each of `chain`.
    private static func legsBelong(_ legs: [Leg], supplier: String, chain: [String]) -> Bool {
        guard legs.count == chain.count + 2, legs[0].party == .supplier(supplier),
              legs[1].party == .platform else { return false }
        for (leg, distributor) in zip(legs[2...], chain) where leg.party != .distributor(distributor) {
            return false
        }
        return true
    }

    private func refundProblem(_ fact: RefundFact) -> String? {
        let remainingLegs = orders.handle(of: fact.order).map(orders.remainingLegs(of:)) ?? []
        let fits = orders.read(fact.order) { order in
            order.status == .paid && order.released == fact.afterRelease
                && fact.reversals.count == remainingLegs.count && fact.amount.isPositive
                && Self.checkedSum(fact.reversals, \.minorUnits) == fact.amount.minorUnits
                && zip(fact.reversals, remainingLegs).allSatisfy({ !$0.isNegative && $0 <= $1 })
        }
        guard fits == true else { return "refund \(fact.refund) does not fit order \(fact.order)" }
        return nil
    }
}
