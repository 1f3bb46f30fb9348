/// Decisions for every command but place, reserve and pay: each check is one `guard`, in the
/// precedence order of SPEC §3.1 (invalid values, unknown references, state, then the rest).
extension LedgerState {
    static let quantityRange: ClosedRange<Int64> = 1...1_000
    static let unitCountRange: ClosedRange<Int64> = 1...1_000_000
    static let markupBpsRange: ClosedRange<Int64> = 0...100_000
    static let overrideBpsRange: ClosedRange<Int64> = 0...10_000
    static let refundHoursRange: ClosedRange<Int64> = 0...87_600
    static let ttlSecondsRange: ClosedRange<Int64> = 1...604_800
    static let depthMaximum = 8

    /// Decides a command that is not an order command. `due` are the reservations that expire
    /// before it is applied (their units count as available to `stock.void`); `codes` are the
    /// fingerprints of a `stock.add`'s codes, in order (`CommandFingerprints`).
    func decide(_ command: Command, returning due: [ReservationQueue.Entry],
                codes prints: [Fingerprint]) throws(Rejection) -> EventBody {
        switch command.action {
        case .registerSupplier(let supplier, let name):
            return .supplierRegistered(supplier: supplier, name: name)
        case .chargeFee(let fee, let supplier, let amount, let memo):
            try requirePositive(amount, "amount")
            try requireVolume(adding: amount)
            try requireSupplier(supplier)
            return .feeCharged(fee: fee, supplier: supplier, amount: amount, memo: memo)
        case .listProduct(let listing):
            try requirePositive(listing.face, "face")
            try requirePositive(listing.cost, "cost")
            if let hours = listing.refundHours, !Self.refundHoursRange.contains(hours) {
                throw Rejection(.invalidValue, "refund_hours \(hours) is outside 0–87600")
            }
            try requireSupplier(listing.supplier)
            return .productListed(listing)
        case .repriceProduct(let sku, let cost):
            try requirePositive(cost, "cost")
            try requireListed(sku)
            return .productRepriced(sku: sku, cost: cost)
        case .delistProduct(let sku):
            try requireListed(sku)
            return .productDelisted(sku: sku)
        case .addStock(let sku, let batch, let units):
            return try decideAddStock(sku: sku, batch: batch, units: units, prints)
        case .voidStock(let sku, let batch, let count, let reason):
            return try decideVoid(sku: sku, batch: batch, count: count, reason: reason, due: due)
        case .setPlatformMarkup(let sku, let rule):
            try requireRule(rule, allowPrice: false)
            try requireSkuSelector(sku)
            return .platformMarkupSet(sku: sku, rule: rule)
        case .setFloor(let sku, let minimum):
            try requireKnownSku(sku)
            return .floorSet(sku: sku, minimum: minimum)
        case .setCeiling(let sku, let maximum):
            try requireKnownSku(sku)
            return .ceilingSet(sku: sku, maximum: maximum)
        case .joinDistributor(let distributor, let name, let parent):
            if let parent {
                guard let parentState = distributors[parent] else {
                    throw Rejection(.unknownDistributor, "parent \(parent) has not joined")
                }
                guard parentState.depth < Self.depthMaximum else {
                    throw Rejection(.invalidValue, "a child of \(parent) would be at depth "
                        + "\(parentState.depth + 1); at most \(Self.depthMaximum) tiers")
                }
            }
            return .distributorJoined(distributor: distributor, name: name, parent: parent)
        case .setDistributorMarkup(let distributor, let sku, let rule):
            try requireRule(rule, allowPrice: true)
            try requireSkuSelector(sku)  // unknown_sku precedes unknown_distributor
            try requireDistributor(distributor)
            return .distributorMarkupSet(distributor: distributor, sku: sku, rule: rule)
        case .setOverride(let distributor, let bps):
            guard Self.overrideBpsRange.contains(bps) else {
                throw Rejection(.invalidValue, "override bps \(bps) is outside 0–10000")
            }
            try requireDistributor(distributor)
            return .overrideSet(distributor: distributor, bps: bps)
        case .cancelOrder(let order):
            return try decideCancel(order: order)
        case .refundOrder(let refund, let order, let amount, let reason):
            return try decideRefund(refund: refund, order: order, amount: amount, reason: reason,
                                    at: command.at)
        case .openDispute(let dispute, let order, let reason):
            return try decideOpenDispute(dispute: dispute, order: order, reason: reason)
        case .resolveDispute(let dispute, let outcome, let amount):
            return try decideResolve(dispute: dispute, outcome: outcome, amount: amount)
        case .runSettlement:
            return .settlementRan(released: releasable(at: command.at))
        case .makePayout(let payout, let party, let amount):
            try requirePositive(amount, "amount")
            switch party {
            case .supplier(let supplier): try requireSupplier(supplier)
            case .distributor(let distributor): try requireDistributor(distributor)
            }
            let available = self.available(party)
            guard amount <= available else {
                throw Rejection(.insufficientBalance, "payout \(amount) exceeds the available \(available)")
            }
            return .payoutMade(payout: payout, party: party, amount: amount)
        case .placeOrder, .reserveOrder, .payOrder:
            preconditionFailure("order commands are decided by decideOrder")
        }
    }

    // MARK: Stock

    private func decideAddStock(sku: String, batch: String, units: StockUnits,
                                _ prints: [Fingerprint]) throws(Rejection) -> EventBody {
        let count: Int64 = switch units {
        case .codes(let codes): Int64(codes.count)
        case .count(let count): count
        }
        guard Self.unitCountRange.contains(count) else {
            throw Rejection(.invalidValue, "a batch holds 1–1000000 units, not \(count)")
        }
        try requireListed(sku)
        guard case .codes = units else {
            return .stockAdded(sku: sku, batch: batch, units: .count(count))
        }
        precondition(prints.count == count, "a stock.add's codes and their fingerprints differ in number")
        // The batch's own prints so far, indexed by position (no `Set`: a seeded SipHash each).
        var seen = HandleIndex(minimumCapacity: prints.count)
        for (index, print) in prints.enumerated() {
            prefetchCodeOwner(after: index, in: prints)
            let hash = print.stableHash
            if let owner = codeOwners.read(print, hash: hash, { $0 }) {
                throw Rejection(.codeAlreadyKnown, "code #\(index + 1) is already in batch \(owner)")
            }
            guard seen.find(hash: hash, matches: { prints[$0] == print }) == nil else {
                throw Rejection(.codeAlreadyKnown, "code #\(index + 1) appears twice in batch \(batch)")
            }
            seen.insert(hash: hash, handle: index)
        }
        return .stockAdded(sku: sku, batch: batch, units: .codes(prints))
    }

    private func decideVoid(sku: String, batch: String, count: Int64, reason: String,
                            due: [ReservationQueue.Entry]) throws(Rejection) -> EventBody {
        guard Self.unitCountRange.contains(count) else {
            throw Rejection(.invalidValue, "void count must be 1–1000000, not \(count)")
        }
        try requireKnownSku(sku)
        guard let batchState = batches[batch], batchState.sku == sku else {
            throw Rejection(.unknownBatch, "sku \(sku) has no batch \(batch)")
        }
        var available = batchState.available.count
        for entry in due {
            for run in orders[entry.order]?.heldUnits ?? [] where run.batch == batch {
                available += run.count
            }
        }
        guard count <= available else {
            throw Rejection(.notEnoughUnits, "batch \(batch) has \(available) undelivered, "
                + "unreserved units; cannot void \(count)")
        }
        var ranges = batchState.available
        let voided = ranges.takeHighest(min(count, ranges.count))
        return .stockVoided(sku: sku, batch: batch, count: count, reason: reason,
                            units: voided.map { UnitRun(batch: batch, start: $0.lowerBound,
                                                        count: $0.upperBound - $0.lowerBound) })
    }

    // MARK: Orders after placing

    private func decideCancel(order: String) throws(Rejection) -> EventBody {
        guard let state = orders[order] else {
            throw Rejection(.unknownOrder, "order \(order) is not known")
        }
        guard state.status != .paid else {
            throw Rejection(.notCancellable, "order \(order) is paid; refund it instead")
        }
        let units = state.status == .reserved ? state.heldUnits : []
        return .orderCancelled(order: order, units: units)
    }

    /// The paid order a refund or dispute is about, with the shared checks.
    private func paidOrder(_ order: String) throws(Rejection) -> OrderState {
        guard let state = orders[order] else {
            throw Rejection(.unknownOrder, "order \(order) is not known")
        }
        guard state.status != .cancelled else {
            throw Rejection(.cancelled, "order \(order) was cancelled")
        }
        guard state.status == .paid else {
            throw Rejection(.notPaid, "order \(order) is not paid")
        }
        guard state.refundable.isPositive else {
            throw Rejection(.fullyRefunded, "order \(order) is fully refunded")
        }
        if let dispute = state.openDispute {
            throw Rejection(.disputeOpen, "order \(order) has dispute \(dispute) open")
        }
        return state
    }

    private func decideRefund(refund: String, order: String, amount: Money, reason: String?,
                              at time: Timestamp) throws(Rejection) -> EventBody {
        try requirePositive(amount, "amount")
        let state = try paidOrder(order)
        if let hours = state.refundHours, let paidAt = state.paidAt {
            let closes = paidAt.adding(hours: hours)
            guard hours > 0, time <= closes else {
                throw Rejection(.refundWindowClosed, hours == 0
                    ? "sku \(sku(of: state)) allowed no refunds when order \(order) was placed"
                    : "the refund window of order \(order) closed at \(closes)")
            }
        }
        return .orderRefunded(try refundFact(refund, state, amount, reason))
    }

    private func refundFact(_ refund: String, _ state: OrderState, _ amount: Money,
                            _ reason: String?) throws(Rejection) -> RefundFact {
        guard amount <= state.refundable else {
            throw Rejection(.exceedsRefundable, "refund \(amount) exceeds the refundable \(state.refundable)")
        }
        guard let handle = orders.handle(of: state.id) else { preconditionFailure("a refunded order is known") }
        let reversals = RefundApportioning.apportion(amount: amount, remaining: orders.remainingLegs(of: handle))
        return RefundFact(refund: refund, order: state.id, amount: amount, reason: reason,
                          reversals: reversals, afterRelease: state.released)
    }

    private func decideOpenDispute(dispute: String, order: String,
                                   reason: String) throws(Rejection) -> EventBody {
        _ = try paidOrder(order)
        return .disputeOpened(dispute: dispute, order: order, reason: reason)
    }

    private func decideResolve(dispute: String, outcome: DisputeOutcome,
                               amount: Money?) throws(Rejection) -> EventBody {
        if let amount { try requirePositive(amount, "amount") }
        guard let state = disputes[dispute] else {
            throw Rejection(.unknownDispute, "dispute \(dispute) is not known")
        }
        if let previous = state.outcome {
            throw Rejection(.disputeClosed, "dispute \(dispute) was already resolved: \(previous.rawValue)")
        }
        guard outcome == .refund else {
            return .disputeResolved(dispute: dispute, order: state.order, outcome: outcome, refund: nil)
        }
        guard let order = orders[state.order] else {
            preconditionFailure("a dispute's order is always known")
        }
        guard order.refundable.isPositive else {
            throw Rejection(.fullyRefunded, "order \(state.order) is fully refunded")
        }
        let fact = try refundFact(dispute, order, amount ?? order.refundable, nil)
        return .disputeResolved(dispute: dispute, order: state.order, outcome: outcome, refund: fact)
    }

    /// Paid orders due for release at `time`, in the order they were paid (SPEC §6).
    func releasable(at time: Timestamp) -> [String] {
        var due = [String]()
        for handle in unreleased {
            // Borrowed: copying each waiting order would retain its arrays.
            let (paidAt, isDue, id) = orders.read(handle: handle) { state in
                (state.paidAt, !state.released && state.openDispute == nil && state.refundable.isPositive,
                 state.id)
            }
            guard let paidAt else { continue }
            if paidAt.adding(seconds: settings.holdSeconds) > time { break }
            if isDue { due.append(id) }
        }
        return due
    }

    // MARK: Shared checks

    func requirePositive(_ amount: Money, _ field: String) throws(Rejection) {
        guard amount.isPositive else {
            throw Rejection(.invalidValue, "\(field) must be more than 0.00, not \(amount)")
        }
    }

    /// Keeps Σ payments and fees within the volume bound, so that no balance can overflow.
    func requireVolume(adding amount: Money) throws(Rejection) {
        guard volume <= Self.volumeMaximumMinorUnits - amount.minorUnits else {
            throw Rejection(.invalidValue, "the ledger's total volume would exceed its limit")
        }
    }

    func requireSupplier(_ supplier: String) throws(Rejection) {
        guard suppliers.contains(supplier) else {
            throw Rejection(.unknownSupplier, "supplier \(supplier) is not registered")
        }
    }

    func requireDistributor(_ distributor: String) throws(Rejection) {
        guard distributors.contains(distributor) else {
            throw Rejection(.unknownDistributor, "distributor \(distributor) has not joined")
        }
    }

    func requireKnownSku(_ sku: String) throws(Rejection) {
        guard products.contains(sku) else {
            throw Rejection(.unknownSku, "sku \(sku) is not listed")
        }
    }

    /// Known and not delisted.
    func requireListed(_ sku: String) throws(Rejection) {
        guard let product = products[sku] else {
            throw Rejection(.unknownSku, "sku \(sku) is not listed")
        }
        guard !product.delisted else {
            throw Rejection(.delisted, "sku \(sku) is delisted")
        }
    }

    func requireSkuSelector(_ sku: String) throws(Rejection) {
        if sku != Identifier.anySku { try requireKnownSku(sku) }
    }

    func requireRule(_ rule: MarkupRule, allowPrice: Bool) throws(Rejection) {
        switch rule {
        case .fixed(let amount):
            // SPEC §3: fixed ≥ 0. The parser takes no sign; a library caller's command or a
            // recorded rule (an import) could carry one, and a negative markup would let a
            // chain's prices fall below zero, out of what pricing's checked sums assume.
            guard !amount.isNegative else {
                throw Rejection(.invalidValue, "a fixed markup must be at least 0.00, not \(amount)")
            }
        case .bps(let bps):
            guard Self.markupBpsRange.contains(bps) else {
                throw Rejection(.invalidValue, "markup bps \(bps) is outside 0–100000")
            }
        case .price(let price):
            guard allowPrice else { throw Rejection(.invalidValue, "the platform has no price rule") }
            try requirePositive(price, "price")
        }
    }
}
