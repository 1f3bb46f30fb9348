/// A comparable digest of a ledger's state: what the reference model and the engine must agree
/// on after every command. Dictionaries here are for comparison only, never iterated into output.
public struct LedgerSummary: Equatable, Sendable {
    /// Sequence number of the last recorded event (1 = `ledger.created`).
    public var lastSequence: UInt64
    /// The `at` of the last recorded event; `nil` before the first command.
    public var ledgerTime: Timestamp?
    /// Account name (SPEC §7) → balance, debit positive; only accounts whose balance is not zero.
    public var balances: [String: Money]
    /// Sku → unit counts.
    public var inventory: [String: InventoryCounts]
    /// Order id → state, for every order that was accepted (placed or reserved).
    public var orders: [String: OrderSummary]
    /// Every registered supplier and joined distributor → what it has pending and available.
    public var parties: [Party: PartyBalance]

    public init(lastSequence: UInt64, ledgerTime: Timestamp?, balances: [String: Money],
                inventory: [String: InventoryCounts], orders: [String: OrderSummary],
                parties: [Party: PartyBalance]) {
        self.lastSequence = lastSequence
        self.ledgerTime = ledgerTime
        self.balances = balances
        self.inventory = inventory
        self.orders = orders
        self.parties = parties
    }
}

/// Unit counts of one sku; `added = available + reserved + delivered + voided`.
public struct InventoryCounts: Equatable, Sendable {
    public var added: Int64
    public var available: Int64
    public var reserved: Int64
    public var delivered: Int64
    public var voided: Int64

    public init(added: Int64 = 0, available: Int64 = 0, reserved: Int64 = 0, delivered: Int64 = 0,
                voided: Int64 = 0) {
        self.added = added
        self.available = available
        self.reserved = reserved
        self.delivered = delivered
        self.voided = voided
    }
}

public enum OrderStatus: String, Equatable, Sendable {
    /// Reserved, not paid, deadline not yet processed.
    case reserved
    /// Reserved, not paid, expired (its units went back to stock).
    case expired
    case cancelled
    case paid
}

public struct OrderSummary: Equatable, Sendable {
    public var status: OrderStatus
    public var unitPrice: Money
    public var gross: Money
    /// Net legs after overrides in the fixed order: supplier, platform, D_1 … D_k.
    public var legs: [Money]
    /// Σ of all refunds (direct and through disputes).
    public var refunded: Money
    public var released: Bool
    /// The id of the dispute open on this order, if any.
    public var openDispute: String?

    public init(status: OrderStatus, unitPrice: Money, gross: Money, legs: [Money], refunded: Money,
                released: Bool, openDispute: String?) {
        self.status = status
        self.unitPrice = unitPrice
        self.gross = gross
        self.legs = legs
        self.refunded = refunded
        self.released = released
        self.openDispute = openDispute
    }
}

/// A party's money: `pending` sits in escrow (remaining legs of paid, unreleased orders);
/// `available` is the credit balance of its payable account (may be negative).
public struct PartyBalance: Equatable, Sendable {
    public var pending: Money
    public var available: Money

    public init(pending: Money, available: Money) {
        self.pending = pending
        self.available = available
    }
}
