/// Why a well-formed command is not allowed now (SPEC §3.1), in order of precedence:
/// when several apply, the one with the smallest `precedence` is reported.
public enum RejectionCode: String, Sendable, CaseIterable, Comparable {
    case timeWentBackwards = "time_went_backwards"
    case idConflict = "id_conflict"
    case invalidValue = "invalid_value"
    case unknownSupplier = "unknown_supplier"
    case unknownSku = "unknown_sku"
    case unknownDistributor = "unknown_distributor"
    case unknownBatch = "unknown_batch"
    case unknownOrder = "unknown_order"
    case unknownDispute = "unknown_dispute"
    case delisted
    case codeAlreadyKnown = "code_already_known"
    case notEnoughUnits = "not_enough_units"
    case notCancellable = "not_cancellable"
    case cancelled
    case disputeClosed = "dispute_closed"
    case notPaid = "not_paid"
    case fullyRefunded = "fully_refunded"
    case disputeOpen = "dispute_open"
    case refundWindowClosed = "refund_window_closed"
    case exceedsRefundable = "exceeds_refundable"
    case insufficientBalance = "insufficient_balance"
    case priceBelowUpstream = "price_below_upstream"
    case belowFloor = "below_floor"
    case aboveCeiling = "above_ceiling"
    case priceChanged = "price_changed"
    case outOfStock = "out_of_stock"
    case reservationExpiredSoldOut = "reservation_expired_sold_out"

    /// The precedence group of SPEC §3.1 (1 is checked first).
    public var precedence: Int {
        switch self {
        case .timeWentBackwards: 1
        case .idConflict: 2
        case .invalidValue: 3
        case .unknownSupplier, .unknownSku, .unknownDistributor, .unknownBatch, .unknownOrder,
             .unknownDispute: 4
        case .delisted, .codeAlreadyKnown, .notEnoughUnits, .notCancellable, .cancelled,
             .disputeClosed, .notPaid, .fullyRefunded, .disputeOpen, .refundWindowClosed,
             .exceedsRefundable, .insufficientBalance: 5
        case .priceBelowUpstream, .belowFloor, .aboveCeiling, .priceChanged: 6
        case .outOfStock, .reservationExpiredSoldOut: 7
        }
    }

    public static func < (lhs: RejectionCode, rhs: RejectionCode) -> Bool {
        lhs.precedence < rhs.precedence
    }
}
