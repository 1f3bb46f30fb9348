/// Refunds and disputes. Each paid order has at most one: about 1.5% are refunded (12% at a
/// few refund-heavy shops), in full or in part, within the product's refund window; about
/// 0.5% are disputed, and the platform refunds or rejects a few days later.
extension MarketSimulator {
    /// Schedules the order's refund or dispute, if it gets one; `false` for a clean order.
    mutating func scheduleAfterSales(order: Int64, sku: Int, seller: Int, gross: Int64) -> Bool {
        let refundOdds: Int64 = distributors[seller].refundHeavy ? 1_200 : 150
        let draw = random.draw(in: 0...9_999)
        if draw < refundOdds { return scheduleRefund(order: order, sku: sku, gross: gross) }
        guard draw < refundOdds + 50 else { return false }
        let plan = random.draw(in: 0...99)
        let refund: Int64 = plan < 50 ? -1 : (plan < 85 ? 0 : partialAmount(of: gross))
        schedule(.openDispute(order: order, refund: refund), at: now + delay(seconds: 3_600...259_200))
        return true
    }

    /// A refund well inside the window (with room for the quietest hour's gap), or none when
    /// the product allows none.
    private mutating func scheduleRefund(order: Int64, sku: Int, gross: Int64) -> Bool {
        let hours = products[sku].refundHours
        guard hours != 0 else { return false }
        let hour: Int64 = 3_600_000
        let window = hours < 0 ? 72 * hour
            : Swift.min(48 * hour, hours * hour - 2 * shape.quietStepMilliseconds)
        guard window >= 600_000 else { return false }
        let amount = random.odds(45, in: 100) ? gross : partialAmount(of: gross)
        schedule(.refund(order: order, amount: amount), at: now + random.draw(in: 600_000...window))
        return true
    }

    /// 10–90% of `gross`, at least 0.01 and less than all of it.
    private mutating func partialAmount(of gross: Int64) -> Int64 {
        guard gross >= 2 else { return gross }
        return Swift.min(gross - 1, Swift.max(1, gross * random.draw(in: 10...90) / 100))
    }

    mutating func refundAction(order: Int64, amount: Int64) -> Command.Action? {
        refundSerial += 1
        let reasons = MarketVocabulary.refundReasons
        let reason: String? = random.odds(60, in: 100) ? random.element(of: reasons) : nil
        return .refundOrder(refund: SimulatedIdentifiers.make("R", refundSerial, width: 8),
                            order: orderID(order), amount: Money(minorUnits: amount), reason: reason)
    }

    mutating func openDisputeAction(order: Int64, refund: Int64) -> Command.Action? {
        disputeSerial += 1
        schedule(.resolveDispute(dispute: disputeSerial, refund: refund),
                 at: now + delay(seconds: 86_400...604_800))
        return .openDispute(dispute: disputeID(disputeSerial), order: orderID(order),
                            reason: random.element(of: MarketVocabulary.disputeReasons))
    }

    mutating func resolveDisputeAction(dispute: Int64, refund: Int64) -> Command.Action? {
        switch refund {
        case ..<0: .resolveDispute(dispute: disputeID(dispute), outcome: .reject, amount: nil)
        case 0: .resolveDispute(dispute: disputeID(dispute), outcome: .refund, amount: nil)
        default: .resolveDispute(dispute: disputeID(dispute), outcome: .refund,
                                 amount: Money(minorUnits: refund))
        }
    }

    private func disputeID(_ dispute: Int64) -> String {
        SimulatedIdentifiers.make("DP", dispute, width: 7)
    }
}
