/// Applying recorded events: the only place state changes. Each event also posts its
/// double-entry lines (SPEC §7), which always sum to zero.
extension LedgerState {
    mutating func apply(_ event: Event) {
        precondition(event.sequence == lastSequence + 1, "events are applied in sequence")
        lastSequence = event.sequence
        if let at = event.at { ledgerTime = at }
        let sequence = event.sequence
        switch event.body {
        case .ledgerCreated(let settings, _):
            self.settings = settings
        case .supplierRegistered(let supplier, let name):
            suppliers[supplier] = SupplierState(name: name, sequence: sequence)
        case .feeCharged(let fee, let supplier, let amount, let memo):
            fees[fee] = FeeRecord(supplier: supplier, amount: amount, memo: memo, sequence: sequence)
            volume += amount.minorUnits
            balances.post([Posting(account: .supplierPayable(supplier), amount: amount),
                           Posting(account: .platformFees, amount: negated(amount))])
        case .productListed(let listing):
            products[listing.sku] = ProductState(listing: listing, listedSequence: sequence,
                                                 cost: listing.cost, costSequence: sequence)
        case .productRepriced(let sku, let cost):
            products[sku]?.cost = cost
            products[sku]?.costSequence = sequence
        case .productDelisted(let sku):
            products[sku]?.delisted = true
        case .stockAdded(let sku, let batch, let units):
            applyStockAdded(sku: sku, batch: batch, units: units, sequence: sequence)
        case .stockVoided(let sku, _, _, _, let units):
            for run in units { takeUnits(run, sku: sku) }
            products[sku]?.counts.available -= units.reduce(0) { $0 + $1.count }
            products[sku]?.counts.voided += units.reduce(0) { $0 + $1.count }
        case .platformMarkupSet(let sku, let rule):
            platformRules[sku] = RuleState(rule: rule, sku: sku, sequence: sequence)
        case .floorSet(let sku, let minimum):
            products[sku]?.floor = minimum
        case .ceilingSet(let sku, let maximum):
            products[sku]?.ceiling = maximum
        case .distributorJoined(let distributor, let name, let parent):
            let parentState = parent.flatMap { distributors[$0] }
            distributors[distributor] = DistributorState(
                name: name, parent: parent, depth: (parentState?.depth ?? 0) + 1, sequence: sequence,
                chain: (parentState?.chain ?? []) + [distributor])
        case .distributorMarkupSet(let distributor, let sku, let rule):
            distributors[distributor]?.rules[sku] = RuleState(rule: rule, sku: sku, sequence: sequence)
        case .overrideSet(let distributor, let bps):
            distributors[distributor]?.overrideBps = bps
            distributors[distributor]?.overrideSequence = sequence
        case .orderPlaced(let fact):
            applyOrderTaken(fact, ttlSeconds: nil, deadline: nil, sequence: sequence)
            applyPaid(fact.order, at: event.at, sequence: sequence)
        case .orderReserved(let fact, let ttlSeconds, let deadline):
            applyOrderTaken(fact, ttlSeconds: ttlSeconds, deadline: deadline, sequence: sequence)
            reservations.insert(.init(deadline: deadline, sequence: sequence, order: fact.order))
        case .orderPaid(let order, let late, let units, _):
            if late, let sku = orders[order]?.fact.sku {
                for run in units { takeUnits(run, sku: sku) }
                orders[order]?.heldUnits = units
                products[sku]?.counts.available -= units.reduce(0) { $0 + $1.count }
                products[sku]?.counts.delivered += units.reduce(0) { $0 + $1.count }
            } else if let fact = orders[order]?.fact {
                products[fact.sku]?.counts.reserved -= fact.quantity
                products[fact.sku]?.counts.delivered += fact.quantity
            }
            applyPaid(order, at: event.at, sequence: sequence)
            discardStaleReservations()
        case .orderExpired(let order, let units):
            returnUnits(order: order, units: units)
            orders[order]?.status = .expired
            discardStaleReservations()
        case .orderCancelled(let order, let units):
            returnUnits(order: order, units: units)
            orders[order]?.status = .cancelled
            orders[order]?.cancelledSequence = sequence
            discardStaleReservations()
        case .orderRejected:
            break
        case .orderRefunded(let fact):
            refunds[fact.refund] = RefundRecord(order: fact.order, amount: fact.amount,
                                                reason: fact.reason, sequence: sequence)
            applyRefund(fact)
        case .disputeOpened(let dispute, let order, let reason):
            disputes[dispute] = DisputeState(order: order, reason: reason, openedSequence: sequence)
            orders[order]?.openDispute = dispute
        case .disputeResolved(let dispute, let order, let outcome, let refund):
            disputes[dispute]?.outcome = outcome
            disputes[dispute]?.resolvedSequence = sequence
            orders[order]?.openDispute = nil
            if let refund { applyRefund(refund) }
        case .settlementRan(let released):
            applySettlement(released)
        case .payoutMade(let payout, let party, let amount):
            payouts[payout] = PayoutRecord(party: party, amount: amount, sequence: sequence)
            let account: Account = switch party {
            case .supplier(let supplier): .supplierPayable(supplier)
            case .distributor(let distributor): .distributorPayable(distributor)
            }
            balances.post([Posting(account: account, amount: amount),
                           Posting(account: .gateway, amount: negated(amount))])
        }
        assert(checkInvariants(touchedBy: event.body), "ledger invariants broken after event \(sequence)")
    }

    private func negated(_ amount: Money) -> Money { Money(minorUnits: -amount.minorUnits) }

    private mutating func applyStockAdded(sku: String, batch: String, units: StockAddition,
                                          sequence: UInt64) {
        guard var product = products[sku] else { return }
        let count = units.unitCount
        if case .codes(let prints) = units {
            for print in prints { codeOwners[print] = batch }
        }
        batches[batch] = BatchState(sku: sku, addition: units, sequence: sequence,
                                    index: product.batches.count, available: UnitRanges(total: count))
        product.batches.append(batch)
        product.counts.added += count
        product.counts.available += count
        products[sku] = product
    }

    /// Registers a placed or reserved order and takes its units out of stock.
    private mutating func applyOrderTaken(_ fact: OrderFact, ttlSeconds: Int64?, deadline: Timestamp?,
                                          sequence: UInt64) {
        for run in fact.units { takeUnits(run, sku: fact.sku) }
        products[fact.sku]?.counts.available -= fact.quantity
        if deadline == nil {
            products[fact.sku]?.counts.delivered += fact.quantity
        } else {
            products[fact.sku]?.counts.reserved += fact.quantity
        }
        orders[fact.order] = OrderState(
            fact: fact, ttlSeconds: ttlSeconds, placedSequence: sequence,
            status: deadline == nil ? .paid : .reserved, deadline: deadline,
            heldUnits: fact.units, remainingLegs: fact.legs.map(\.amount))
    }

    /// Payment: the gross goes into escrow and the order waits for settlement.
    private mutating func applyPaid(_ order: String, at time: Timestamp?, sequence: UInt64) {
        guard let gross = orders[order]?.fact.gross else { return }
        orders[order]?.status = .paid
        orders[order]?.paidAt = time
        orders[order]?.paidSequence = sequence
        volume += gross.minorUnits
        unreleased.append(order)
        balances.post([Posting(account: .gateway, amount: gross),
                       Posting(account: .escrow, amount: negated(gross))])
    }

    /// Takes the units of `run` out of its batch's available ranges; they must be there, or the
    /// log disagrees with the stock it describes.
    private mutating func takeUnits(_ run: UnitRun, sku: String) {
        guard var batch = batches[run.batch],
              batch.available.remove(exactly: run.start..<(run.start + run.count))
        else { preconditionFailure("recorded units \(run) are not available in stock") }
        batches[run.batch] = batch
        advanceFirstBatch(sku: sku)
    }

    private mutating func returnUnits(order: String, units: [UnitRun]) {
        guard let sku = orders[order]?.fact.sku else { return }
        var returned: Int64 = 0
        for run in units {
            guard var batch = batches[run.batch] else { continue }
            batch.available.putBack(run.start..<(run.start + run.count))
            batches[run.batch] = batch
            if let index = products[sku]?.firstBatchWithAvailable, batch.index < index {
                products[sku]?.firstBatchWithAvailable = batch.index
            }
            returned += run.count
        }
        products[sku]?.counts.available += returned
        products[sku]?.counts.reserved -= returned
        orders[order]?.heldUnits = []
    }

    private mutating func advanceFirstBatch(sku: String) {
        guard var product = products[sku] else { return }
        while product.firstBatchWithAvailable < product.batches.count,
              batches[product.batches[product.firstBatchWithAvailable]]?.available.count == 0 {
            product.firstBatchWithAvailable += 1
        }
        products[sku] = product
    }

    private mutating func discardStaleReservations() {
        while let first = reservations.first, orders[first.order]?.status != .reserved {
            reservations.removeFirst()
        }
    }

    private mutating func applyRefund(_ fact: RefundFact) {
        guard var order = orders[fact.order] else { return }
        var postings = [Posting]()
        for (index, reversal) in fact.reversals.enumerated() {
            order.remainingLegs[index] = Money(minorUnits: order.remainingLegs[index].minorUnits
                                                - reversal.minorUnits)
            if fact.afterRelease, reversal.minorUnits != 0 {
                postings.append(Posting(account: .of(order.fact.legs[index].party), amount: reversal))
            }
        }
        if !fact.afterRelease { postings.append(Posting(account: .escrow, amount: fact.amount)) }
        postings.append(Posting(account: .gateway, amount: negated(fact.amount)))
        order.refunded = Money(minorUnits: order.refunded.minorUnits + fact.amount.minorUnits)
        orders[fact.order] = order
        balances.post(postings)
    }

    private mutating func applySettlement(_ released: [String]) {
        for orderID in released {
            guard var order = orders[orderID] else { continue }
            var postings = [Posting]()
            var total: Int64 = 0
            for (index, remaining) in order.remainingLegs.enumerated() where remaining.minorUnits != 0 {
                postings.append(Posting(account: .of(order.fact.legs[index].party), amount: negated(remaining)))
                total += remaining.minorUnits
            }
            postings.append(Posting(account: .escrow, amount: Money(minorUnits: total)))
            order.released = true
            orders[orderID] = order
            balances.post(postings)
        }
        // Keep only orders that may still be released: unreleased and not fully refunded.
        unreleased.removeAll { id in
            guard let order = orders[id] else { return true }
            return order.released || !order.refundable.isPositive
        }
    }
}
