/// Work the simulator has promised itself for a later time: a follow-up of an earlier command
/// (a reservation's payment, a refund, a restock), or a periodic round (settlement, payouts,
/// fees). Ordered by time, then by the order of scheduling, so that the agenda is total.
struct ScheduledTask: Comparable {
    var time: Int64
    var sequence: Int64
    var job: Job

    enum Job {
        case settlement
        case payoutRound
        case payout(supplier: Int32, distributor: Int32)
        case feeRound
        case fee(supplier: Int32, month: Int32)
        case join(tier: Int32)
        case starRule(distributor: Int32)
        /// A shop's quarterly look at its `"*"` markup.
        case starReview(distributor: Int32)
        case override(distributor: Int32)
        case restock(sku: Int32, units: Int64)
        case voidRemainder(sku: Int32)
        case listReplacement(slot: Int32, supplier: Int32)
        case payReservation(record: Int32, order: Int64)
        case cancelReservation(record: Int32, order: Int64)
        /// A payment callback repeated (a duplicate) or arriving after a cancel (rejected).
        case repeatPay(order: Int64, rejected: Bool)
        /// A client retry of an order with the very same content (a duplicate).
        case repeatOrder(key: Int64)
        case refund(order: Int64, amount: Int64)
        /// `refund`: −1 rejects the dispute, 0 refunds all that is refundable, else that amount.
        case openDispute(order: Int64, refund: Int64)
        case resolveDispute(dispute: Int64, refund: Int64)
        case burstOrder(buyer: Int32, remaining: Int32)
        case floorProbe(distributor: Int32, sku: Int32)
        case floorCorrection(distributor: Int32, sku: Int32)
    }

    static func < (lhs: ScheduledTask, rhs: ScheduledTask) -> Bool {
        (lhs.time, lhs.sequence) < (rhs.time, rhs.sequence)
    }

    static func == (lhs: ScheduledTask, rhs: ScheduledTask) -> Bool {
        lhs.time == rhs.time && lhs.sequence == rhs.sequence
    }
}
