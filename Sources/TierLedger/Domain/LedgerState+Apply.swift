/// Applying recorded events: the only place state changes. Each event also posts its
/// double-entry lines (SPEC §7), which always sum to zero.
extension LedgerState {
    mutating func apply(_ event: borrowing Event) {
        apply(event, placement: nil)
    }

    /// `apply(event)` for an order placed or reserved whose ids were looked up already, when it
    /// was decided or checked: `placement` must be what `decideOrder` or `check(_:)` found for
    /// this very event in this state (`nil`: look them up).
    mutating func apply(_ event: borrowing Event, placement: OrderPlacement?) {
        precondition(event.sequence == lastSequence + 1, "events are applied in sequence")
        lastSequence = event.sequence
        if let at = event.at { ledgerTime = at }
        let sequence = event.sequence
        switch event.body {
        case .orderPlaced, .orderReserved, .orderPaid, .orderExpired, .orderCancelled, .orderRejected, .settlementRan:
            applyOrderFlow(event.body, at: event.at, sequence: sequence, placement: placement)
        case .ledgerCreated(let settings, _):
            self.settings = settings
        case .supplierRegistered(let supplier, let name):
            suppliers.set(SupplierState(name: name, sequence: sequence), for: supplier)
        case .feeCharged(let fee, let supplier, let amount, let memo):
            fees.set(FeeRecord(supplier: supplier, amount: amount, memo: memo, sequence: sequence), for: fee)
            volume += amount.minorUnits
            balances.post(amount, debit: postingAccount(.supplier(supplier)), credit: .platformFees)
        case .productListed(let listing):
            applyProductListed(listing, sequence: sequence)
        case .productRepriced(let sku, let cost):
            products.modify(sku) { product in
                product?.cost = cost
                product?.costSequence = sequence
            }
        case .productDelisted(let sku):
            products.modify(sku) { $0?.delisted = true }
        case .stockAdded(let sku, let batch, let units):
            applyStockAdded(sku: sku, batch: batch, units: units, sequence: sequence)
        case .stockVoided(let sku, _, _, _, let units):
            guard let product = products.handle(of: sku) else { break }
            takeUnits(units, product: product)
            let count = units.reduce(0) { $0 + $1.count }
            products.modify(handle: product) { product in
                product?.counts.available -= count
                product?.counts.voided += count
            }
        case .platformMarkupSet(let sku, let rule):
            platformRules.set(RuleState(rule: rule, sku: sku, sequence: sequence), for: sku)
        case .floorSet(let sku, let minimum):
            products.modify(sku) { $0?.floor = minimum }
        case .ceilingSet(let sku, let maximum):
            products.modify(sku) { $0?.ceiling = maximum }
        case .distributorJoined(let distributor, let name, let parent):
            applyDistributorJoined(distributor, name: name, parent: parent, sequence: sequence)
        case .distributorMarkupSet(let distributor, let sku, let rule):
            distributors.modify(distributor) { $0?.rules.set(RuleState(rule: rule, sku: sku, sequence: sequence), for: sku) }
        case .overrideSet(let distributor, let bps):
            distributors.modify(distributor) { state in
                state?.overrideBps = bps
                state?.overrideSequence = sequence
            }
        case .orderRefunded(let fact):
            refunds.set(RefundRecord(order: fact.order, amount: fact.amount, reason: fact.reason,
                                     sequence: sequence), for: fact.refund)
            applyRefund(fact)
        case .disputeOpened(let dispute, let order, let reason):
            disputes.set(DisputeState(order: order, reason: reason, openedSequence: sequence), for: dispute)
            if let handle = orders.handle(of: order) { orders[handle: handle].openDispute = dispute }
        case .disputeResolved(let dispute, let order, let outcome, let refund):
            disputes.modify(dispute) { state in
                state?.outcome = outcome
                state?.resolvedSequence = sequence
            }
            if let handle = orders.handle(of: order) { orders[handle: handle].openDispute = nil }
            if let refund { applyRefund(refund) }
        case .payoutMade(let payout, let party, let amount):
            payouts.set(PayoutRecord(party: party, amount: amount, sequence: sequence), for: payout)
            balances.post(amount, debit: postingAccount(party), credit: .gateway)
        }
        assert(checkInvariants(touchedBy: event.body), "ledger invariants broken after event \(sequence)")
    }

    /// The events of an order's life and settlement: the most frequent, so a function of their
    /// own. Their switch only lends the payloads on; in `apply`'s switch, where other kinds
    /// store theirs, the compiler copied the whole event first (a retain and a release of each
    /// of its strings and arrays, a tenth of `verify`'s applying thread).
    private mutating func applyOrderFlow(_ body: borrowing EventBody, at time: Timestamp?, sequence: UInt64,
                                         placement: OrderPlacement?) {
        switch body {
        case .orderPlaced(let fact):
            let handle = applyOrderTaken(fact, placement: placement, ttlSeconds: nil, reserved: false,
                                         sequence: sequence)
            applyPaid(handle, at: time, sequence: sequence)
        case .orderReserved(let fact, let ttlSeconds, let deadline):
            _ = applyOrderTaken(fact, placement: placement, ttlSeconds: ttlSeconds, reserved: true,
                                sequence: sequence)
            reservations.insert(.init(deadline: deadline, sequence: sequence, order: fact.order))
        case .orderPaid(let order, let late, let units, _):
            guard let handle = orders.handle(of: order) else { break }
            applyPayment(handle, late: late, units: units, at: time, sequence: sequence)
        case .orderExpired(let order, let units):
            guard let handle = orders.handle(of: order) else { break }
            returnUnits(order: handle, units: units)
            orders[handle: handle].status = .expired
            discardStaleReservations()
        case .orderCancelled(let order, let units):
            guard let handle = orders.handle(of: order) else { break }
            returnUnits(order: handle, units: units)
            orders[handle: handle].status = .cancelled
            orders[handle: handle].cancelledSequence = sequence
            discardStaleReservations()
        case .orderRejected:
            break
        case .settlementRan(let released):
            applySettlement(released)
        default:
            preconditionFailure("not an event of an order's life")
        }
    }

    private mutating func applyProductListed(_ listing: ProductListing, sequence: UInt64) {
        guard let supplier = suppliers.handle(of: listing.supplier) else {
            preconditionFailure("sku \(listing.sku) is listed by an unknown supplier")
        }
        products.set(ProductState(listing: listing, listedSequence: sequence, supplierHandle: supplier,
                                  cost: listing.cost, costSequence: sequence), for: listing.sku)
    }

    private mutating func applyDistributorJoined(_ distributor: String, name: String, parent: String?,
                                                 sequence: UInt64) {
        let parentState = parent.flatMap { distributors[$0] }
        // A new id (decide and `problem(with:)` check it), so it takes the next handle.
        precondition(distributors.handle(of: distributor) == nil, "distributor \(distributor) joins twice")
        let handle = distributors.count
        distributors.set(DistributorState(
            name: name, parent: parent, depth: (parentState?.depth ?? 0) + 1, sequence: sequence,
            chain: (parentState?.chain ?? []) + [distributor],
            chainHandles: (parentState?.chainHandles ?? []) + [handle]), for: distributor)
    }

    private mutating func applyStockAdded(sku: String, batch: String, units: StockAddition,
                                          sequence: UInt64) {
        guard let product = products.handle(of: sku) else { return }
        let batchIndex = products.read(handle: product) { $0.batches.count }
        let count = units.unitCount
        if case .codes(let prints) = units {
            for index in prints.indices {
                prefetchCodeOwner(after: index, in: prints)
                codeOwners.set(batch, for: prints[index])
            }
        }
        // A new id (decide and `problem(with:)` check it), so it takes the next handle.
        precondition(batches.handle(of: batch) == nil, "batch \(batch) is added twice")
        let handle = batches.count
        batches.set(BatchState(sku: sku, addition: units, sequence: sequence, index: batchIndex,
                               available: UnitRanges(total: count)), for: batch)
        products.modify(handle: product) { $0?.addBatch(handle, count: count) }
    }

    /// Registers a placed or reserved order and takes its units out of stock.
    private mutating func applyOrderTaken(_ fact: OrderFact, placement: OrderPlacement?, ttlSeconds: Int64?,
                                          reserved: Bool, sequence: UInt64) -> OrderTable.Handle {
        assert(placement == nil || placement == self.placement(of: fact), "a placement found for another state")
        guard let placement = placement ?? self.placement(of: fact) else {
            preconditionFailure("order \(fact.order) names an unknown sku or distributor")
        }
        let (product, seller) = (placement.product, placement.seller)
        let supplier = products.read(handle: product) { $0.supplierHandle }
        takeUnits(fact.units, product: product)
        products.modify(handle: product) { $0?.counts.take(fact.quantity, reserved: reserved) }
        return orders.insert(OrderState(fact, handles: (product, supplier, seller), ttlSeconds: ttlSeconds,
                                        placedSequence: sequence, status: reserved ? .reserved : .paid),
                             hash: placement.orderHash, legs: fact.legs)
    }

    /// Where `fact` goes (see `OrderPlacement`), looked up by its ids; `nil` when its sku or
    /// seller is unknown.
    func placement(of fact: borrowing OrderFact) -> OrderPlacement? {
        guard let product = products.handle(of: fact.sku),
              let seller = distributors.handle(of: fact.distributor) else { return nil }
        return OrderPlacement(product: product, seller: seller, orderHash: fact.order.stableHash)
    }

    /// Payment of a reservation: its held units are delivered, or a late payment takes `units`.
    private mutating func applyPayment(_ handle: OrderTable.Handle, late: Bool, units: [UnitRun],
                                       at time: Timestamp?, sequence: UInt64) {
        let (product, quantity) = orders.read(handle: handle) { ($0.productHandle, $0.quantity) }
        if late {
            takeUnits(units, product: product)
            let count = units.reduce(0) { $0 + $1.count }
            products.modify(handle: product) { product in
                product?.counts.available -= count
                product?.counts.delivered += count
            }
        } else {
            products.modify(handle: product) { product in
                product?.counts.reserved -= quantity
                product?.counts.delivered += quantity
            }
        }
        orders[handle: handle].heldUnits = []
        applyPaid(handle, at: time, sequence: sequence)
        discardStaleReservations()
    }

    /// Payment: the gross goes into escrow and the order waits for settlement.
    private mutating func applyPaid(_ handle: OrderTable.Handle, at time: Timestamp?, sequence: UInt64) {
        let gross = orders[handle: handle].gross
        orders[handle: handle].markPaid(at: time, sequence: sequence)
        volume += gross.minorUnits
        unreleased.append(handle)
        balances.post(gross, debit: .gateway, credit: .escrow)
    }

    /// Takes `units` (of the product at handle `product`) out of their batches' available
    /// ranges; they must be there, or the log disagrees with the stock it describes.
    private mutating func takeUnits(_ units: [UnitRun], product: Int) {
        for run in units {
            // Mutated in place through the table (one lookup, no copy of the ranges).
            let range = run.start..<(run.start + run.count)
            let taken = batches.modify(run.batch) { $0?.available.remove(exactly: range) ?? false } ?? false
            guard taken else {
                preconditionFailure("recorded units \(run) are not available in stock")
            }
        }
        advanceFirstBatch(product: product)
    }

    private mutating func returnUnits(order handle: OrderTable.Handle, units: [UnitRun]) {
        let product = orders[handle: handle].productHandle
        var returned: Int64 = 0
        for run in units {
            guard let batch = batches.handle(of: run.batch) else { continue }
            batches.modify(handle: batch) { $0?.available.putBack(run.start..<(run.start + run.count)) }
            let batchIndex = batches.read(handle: batch, \.index)
            products.modify(handle: product) { product in
                if let index = product?.firstBatchWithAvailable, batchIndex < index {
                    product?.firstBatchWithAvailable = batchIndex
                }
            }
            returned += run.count
        }
        products.modify(handle: product) { product in
            product?.counts.available += returned
            product?.counts.reserved -= returned
        }
        orders[handle: handle].heldUnits = []
    }

    /// Moves the product's first batch with available units past the batches emptied since.
    /// Taking units only empties batches, so one pass after all of an event's takes ends where
    /// a pass after each take would.
    private mutating func advanceFirstBatch(product: Int) {
        // Read, then write only when it moved: copying the product out and back would copy
        // its batch list on every order.
        let (first, batchHandles) = products.read(handle: product) {
            ($0.firstBatchWithAvailable, $0.batches)
        }
        var index = first
        while index < batchHandles.count, batches.read(handle: batchHandles[index], \.available.count) == 0 {
            index += 1
        }
        if index != first { products.modify(handle: product) { $0?.firstBatchWithAvailable = index } }
    }

    private mutating func discardStaleReservations() {
        while let first = reservations.first, orders.read(first.order, { $0.status }) != .reserved {
            reservations.removeFirst()
        }
    }

    private mutating func applyRefund(_ fact: RefundFact) {
        guard let handle = orders.handle(of: fact.order) else { return }
        orders.reverse(fact.reversals, of: handle)
        if fact.afterRelease {
            let order = orders[handle: handle]
            for (index, reversal) in fact.reversals.enumerated() where reversal.minorUnits != 0 {
                balances.add(reversal.minorUnits, to: legAccount(of: order, index))
            }
        }
        if !fact.afterRelease { balances.add(fact.amount.minorUnits, to: .escrow) }
        balances.add(-fact.amount.minorUnits, to: .gateway)
        balances.closeEvent()
        orders[handle: handle].refunded.minorUnits += fact.amount.minorUnits
    }

    /// The account of leg `index` of `order`: supplier, platform, then the seller's chain
    /// (`problem(with:)` checks that a recorded order's legs belong to exactly these parties).
    func legAccount(of order: OrderState, _ index: Int) -> PostingAccount {
        let chain = index < 2 ? [] : distributors.read(handle: order.sellerHandle) { $0.chainHandles }
        return Self.legAccount(index, supplier: order.supplierHandle, chain: chain)
    }

    /// `legAccount` with the seller's chain (as handles) looked up once by the caller.
    static func legAccount(_ index: Int, supplier: Int, chain: [Int]) -> PostingAccount {
        switch index {
        case 0: return .supplierPayable(supplier)
        case 1: return .platformMarkup
        default:
            precondition(index - 2 < chain.count, "an order has a leg outside its seller's chain")
            return .distributorPayable(chain[index - 2])
        }
    }

    private mutating func applySettlement(_ released: [String]) {
        for case let handle? in handles(ofReleased: released) {
            let (supplier, seller) = orders.read(handle: handle) { ($0.supplierHandle, $0.sellerHandle) }
            let chain = distributors.read(handle: seller) { $0.chainHandles }
            var total: Int64 = 0
            orders.forEachRemainingLeg(of: handle) { index, remaining in
                guard remaining.minorUnits != 0 else { return }
                let account = Self.legAccount(index, supplier: supplier, chain: chain)
                balances.add(-remaining.minorUnits, to: account)
                total += remaining.minorUnits
            }
            balances.add(total, to: .escrow)
            balances.closeEvent()
            orders[handle: handle].released = true
        }
        // Drop the orders that can no longer be released (released, or refunded in full) from
        // the front of the queue: the orders due at this settlement. The rest were paid later
        // (the queue is in payment order) and are looked at when a settlement reaches them;
        // until then `releasable` skips any that were refunded in full. Filtering the whole
        // queue at every settlement was 6% of `append` at 2 M commands.
        let hold = settings.holdSeconds
        var due = 0
        while due < unreleased.count {
            let paidAt = orders.read(handle: unreleased[due]) { $0.paidAt }
            if let paidAt, let now = ledgerTime, paidAt.adding(seconds: hold) > now { break }
            due += 1
        }
        let kept = unreleased[..<due].filter { handle in
            orders.read(handle: handle) { !$0.released && $0.refundable.isPositive }
        }
        unreleased.replaceSubrange(0..<due, with: kept)
    }
}

extension LedgerState {
    /// The handle of each order of `released` (a settlement's list), `nil` for an unknown id.
    ///
    /// A settlement releases orders in the order they were paid (`releasable`), which is the
    /// order of the queue of unreleased orders, so the list is matched against the queue in
    /// step: each id against the next few waiting orders' ids (those a settlement skips are
    /// few: disputed, or refunded in full). That reads orders about in the order they are
    /// stored, where looking each id up in the order table is a cache miss for its slot and
    /// another for its order. An id not among the next `settlementLookahead` waiting orders
    /// (only an edited log holds one) is looked up by id, so the work stays within that many
    /// comparisons an id; the handles are the same either way.
    func handles(ofReleased released: [String]) -> [OrderTable.Handle?] {
        var handles = [OrderTable.Handle?]()
        handles.reserveCapacity(released.count)
        var next = 0
        for id in released {
            var found: OrderTable.Handle?
            var position = next
            let end = min(unreleased.count, next + Self.settlementLookahead)
            while found == nil, position < end {
                let candidate = unreleased[position]
                position += 1
                if orders.read(handle: candidate, { $0.id == id }) {
                    found = candidate
                    next = position
                }
            }
            handles.append(found ?? orders.handle(of: id))
        }
        return handles
    }

    /// How many waiting orders past the last one matched `handles(ofReleased:)` compares an id
    /// with before it looks the id up instead.
    static var settlementLookahead: Int { 64 }
}

extension OrderState {
    mutating func markPaid(at time: Timestamp?, sequence: UInt64) {
        status = .paid
        paidAt = time
        paidSequence = sequence
    }
}

extension ProductState {
    mutating func addBatch(_ batch: Int, count: Int64) {
        batches.append(batch)
        counts.added += count
        counts.available += count
    }
}

extension InventoryCounts {
    /// Units taken out of available stock by an order: delivered, or held for a reservation.
    mutating func take(_ quantity: Int64, reserved: Bool) {
        available -= quantity
        if reserved { self.reserved += quantity } else { delivered += quantity }
    }
}
