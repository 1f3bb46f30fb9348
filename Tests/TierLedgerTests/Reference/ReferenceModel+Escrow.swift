import TierLedger

/// Refunds, disputes, settlement and payouts (SPEC §3, §6, §7).
extension ReferenceModel {
    /// Money as the ledger prints it, for messages.
    static func text(_ amount: Int128) -> String {
        Int64(exactly: amount).map { Money(minorUnits: $0).description } ?? "\(amount) minor units"
    }

    /// The largest-remainder split of SPEC §6, written out independently of the library's
    /// `RefundApportioning`: floor(A × r_j / R) each, then one more unit each to the largest
    /// remainders (A × r_j) mod R, ties to the earlier leg.
    static func apportion(_ amount: Int128, over remaining: [Int128]) -> [Int128] {
        let total = remaining.reduce(0, +)
        precondition(amount > 0 && amount <= total, "refund must be within what remains")
        var parts = remaining.map { amount * $0 / total }
        let missing = amount - parts.reduce(0, +)
        // Sorting indices by (remainder descending, index ascending) is the tie rule verbatim.
        let byRemainder = remaining.indices.sorted { left, right in
            let leftRemainder = amount * remaining[left] % total
            let rightRemainder = amount * remaining[right] % total
            return leftRemainder != rightRemainder ? leftRemainder > rightRemainder : left < right
        }
        for index in byRemainder.prefix(Int(missing)) { parts[index] += 1 }
        return parts
    }

    /// The state checks that `order.refund` and `dispute.open` share, in §3.1 group-5 order
    /// (README: cancelled, then not_paid for an unpaid reservation, then fully_refunded, then
    /// dispute_open).
    func checkRefundable(_ id: String, _ order: ModelOrder) throws(ModelRefusal) {
        switch order.status {
        case .cancelled: throw ModelRefusal(.cancelled, "order \(id) was cancelled")
        case .reserved, .expired: throw ModelRefusal(.notPaid, "order \(id) is not paid")
        case .paid: break
        }
        guard order.refundable > 0 else {
            throw ModelRefusal(.fullyRefunded, "order \(id) is fully refunded")
        }
        if let dispute = order.openDispute {
            throw ModelRefusal(.disputeOpen, "dispute \(dispute) is open on order \(id)")
        }
    }

    /// SPEC §3 `order.refund`; README: the window frozen with the order, `at ≤ paid_at +
    /// refund_hours`, 0 allows none, absent allows any time.
    mutating func refund(_ id: String, amount: Int128, at: Timestamp) throws(ModelRefusal) {
        guard amount > 0 else { throw ModelRefusal(.invalidValue, "refund amount must be > 0") }
        guard let order = orders[id] else { throw ModelRefusal(.unknownOrder, "no order \(id)") }
        try checkRefundable(id, order)
        if let hours = order.refundHours, let paidAt = order.paidAt {
            guard hours > 0, at <= paidAt.adding(seconds: hours * 3_600) else {
                throw ModelRefusal(.refundWindowClosed,
                                   "order \(id) could be refunded for \(hours) h after \(paidAt)")
            }
        }
        guard amount <= order.refundable else {
            throw ModelRefusal(.exceedsRefundable,
                               "order \(id) has \(Self.text(order.refundable)) refundable")
        }
        reverse(id, amount: amount, at: at)
    }

    /// SPEC §6–7: before release the refund comes out of escrow (escrow +A, gateway −A); after,
    /// back from each leg's account (+reversal), which may go negative (gateway −A).
    mutating func reverse(_ id: String, amount: Int128, at: Timestamp) {
        guard var order = orders[id] else { preconditionFailure("refund of an unknown order") }
        let parts = Self.apportion(amount, over: order.remainingLegs)
        order.reverse(parts)
        refundLog.append(ModelRefundRecord(order: id, at: at, reversals: parts))
        if order.released {
            var entries: [(account: String, amount: Int128)] = [(ModelAccount.gateway, -amount)]
            for index in parts.indices {
                entries.append((ModelAccount.leg(order.legParties[index]), parts[index]))
            }
            post(entries)
        } else {
            post([(ModelAccount.escrow, amount), (ModelAccount.gateway, -amount)])
            movePending(of: order, parts, sign: -1)
        }
        for index in parts.indices where parts[index] != 0 {
            writeStatement("refund", order.legParties[index], amount: -parts[index], sequence: currentSequence)
        }
        orders[id] = order
    }

    /// SPEC §3 `dispute.open`: paid order, not fully refunded, no open dispute. It does not look
    /// at the refund window, and a released order can be disputed.
    mutating func openDispute(_ dispute: String, order id: String) throws(ModelRefusal) {
        guard let order = orders[id] else { throw ModelRefusal(.unknownOrder, "no order \(id)") }
        try checkRefundable(id, order)
        orders[id]?.openDispute = dispute
        disputes[dispute] = ModelDispute(order: id)
    }

    /// SPEC §3 `dispute.resolve`: `refund` refunds `amount` (default all refundable) ignoring
    /// the window; `reject` lets the next due settlement release the order. README: another
    /// outcome than the one it had is `dispute_closed`.
    mutating func resolveDispute(_ dispute: String, outcome: DisputeOutcome, amount: Money?,
                                 at: Timestamp, sequence: UInt64) throws(ModelRefusal) {
        if let amount, !amount.isPositive {
            throw ModelRefusal(.invalidValue, "refund amount must be > 0")
        }
        guard let record = disputes[dispute] else {
            throw ModelRefusal(.unknownDispute, "no dispute \(dispute)")
        }
        if let earlier = record.outcome {
            throw ModelRefusal(.disputeClosed, "dispute \(dispute) was resolved \(earlier.rawValue)")
        }
        guard let order = orders[record.order] else { preconditionFailure("dispute without order") }
        if outcome == .refund {
            let refund = amount.map { Int128($0.minorUnits) } ?? order.refundable
            guard refund <= order.refundable else {
                let refundable = Self.text(order.refundable)
                throw ModelRefusal(.exceedsRefundable,
                                   "order \(record.order) has \(refundable) refundable")
            }
            reverse(record.order, amount: refund, at: at)
        }
        orders[record.order]?.openDispute = nil
        disputes[dispute]?.outcome = outcome
        disputes[dispute]?.resolveSequence = sequence
    }

    /// SPEC §6: releases every paid order with paid_at + hold ≤ at, not released, no open
    /// dispute, not fully refunded: escrow +R, each leg's account −remaining leg.
    mutating func runSettlement(at: Timestamp) {
        // Sorted only for determinism of the walk; the result does not depend on the order.
        for id in orders.keys.sorted() {
            guard let order = orders[id], order.status == .paid, !order.released,
                  order.openDispute == nil, order.refundable > 0, let paidAt = order.paidAt,
                  paidAt.adding(seconds: settings.holdSeconds) <= at
            else { continue }
            let remaining = order.remainingLegs
            var entries: [(account: String, amount: Int128)] =
                [(ModelAccount.escrow, remaining.reduce(0, +))]
            for index in remaining.indices {
                entries.append((ModelAccount.leg(order.legParties[index]), -remaining[index]))
            }
            post(entries)
            movePending(of: order, remaining, sign: -1)
            for index in remaining.indices where remaining[index] != 0 {
                writeStatement("release", order.legParties[index], amount: remaining[index],
                               sequence: currentSequence)
            }
            orders[id]?.released = true
        }
    }

    /// SPEC §3 `payout.make`: amount ≤ the party's available balance (payable +A, gateway −A).
    mutating func payout(_ party: Party, amount: Int128) throws(ModelRefusal) {
        guard amount > 0 else { throw ModelRefusal(.invalidValue, "payout amount must be > 0") }
        switch party {
        case .supplier(let id):
            guard suppliers.contains(id) else {
                throw ModelRefusal(.unknownSupplier, "supplier \(id) is not registered")
            }
        case .distributor(let id):
            _ = try joined(id)
        }
        guard amount <= available(party) else {
            throw ModelRefusal(.insufficientBalance,
                               "\(party) has \(Self.text(available(party))) available")
        }
        post([(ModelAccount.payable(party), amount), (ModelAccount.gateway, -amount)])
        writeStatement("payout", party, amount: -amount, sequence: currentSequence)
    }
}
