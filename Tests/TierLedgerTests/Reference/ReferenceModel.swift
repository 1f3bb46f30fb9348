import TierLedger

/// An independent, deliberately simple model of SPEC §3–§7 and the README's "Rules where the
/// SPEC is silent", written from those texts alone (TigerBeetle's auditor). The engine is held
/// to it command by command: same `Outcome`, same `LedgerSummary`.
///
/// Invariants:
/// - Money arithmetic is done in `Int128` minor units, so the money range (README) is checked by
///   plain comparisons and nothing can overflow on the way; results are stored as `Money`.
/// - A command is applied to a copy of the state and the copy is kept only when something is
///   recorded, so a non-recorded rejection cannot change anything by construction.
/// - `lastSequence` counts every recorded event: 1 is `ledger.created`.
struct ReferenceModel {
    /// README "Money range": every price, markup and gross of an order.
    static let amountMaximum = Int128(Money.inputMaximumMinorUnits)
    /// README "Money range": all payments and fees a ledger ever takes.
    static let takenMaximum: Int128 = 4_000_000_000_000_000_000
    static let anySku = Identifier.anySku

    let settings: LedgerSettings
    var lastSequence: UInt64 = 1
    var ledgerTime: Timestamp?
    /// Account → balance, debit positive (SPEC §7); only non-zero balances. Kept by `post`.
    var balances: [String: Money] = [:]
    /// Sku → unit counts. Kept by `listProduct`, `addStock` and `setUnits`.
    var inventory: [String: InventoryCounts] = [:]
    /// Every registered supplier and joined distributor → pending and available. Kept by
    /// `post` (available) and `movePending` (pending).
    var parties: [Party: PartyBalance] = [:]
    /// Payable account → its party, so that `post` can keep `parties` current.
    var accountParties: [String: Party] = [:]
    var firstUses: [ModelIdKey: ModelFirstUse] = [:]
    var suppliers: Set<String> = []
    var products: [String: ModelProduct] = [:]
    var batches: [String: ModelBatch] = [:]
    /// Every code ever added → the batch that has it (SPEC §3 `stock.add`: the error names it).
    var codeBatches: [String: String] = [:]
    var platformRules: [String: MarkupRule] = [:]
    var distributors: [String: ModelDistributor] = [:]
    var orders: [String: ModelOrder] = [:]
    var disputes: [String: ModelDispute] = [:]
    /// Every refund, in the order made, with its time: what the margins model reads.
    var refundLog: [ModelRefundRecord] = []
    /// Σ of payments and fees taken so far (README money range).
    var takenTotal: Int128 = 0
    /// Every party's statement lines, in the order the model wrote them.
    var statements: [Party: [ModelStatementLine]] = [:]

    init(settings: LedgerSettings) {
        self.settings = settings
    }

    /// Applies one command the way README "Order of checks" describes: duplicate detection,
    /// then `time_went_backwards`, then expiries, then the command's own checks.
    mutating func submit(_ command: Command) -> Outcome {
        let recall = recall(command.action)
        if case .duplicate(let sequence) = recall { return .duplicate(of: sequence) }
        if let ledgerTime, command.at < ledgerTime {
            return .rejected(.timeWentBackwards,
                             message: "at \(command.at) is before ledger time \(ledgerTime)",
                             recordedSequence: nil)
        }
        if case .conflict(let message) = recall {
            return .rejected(.idConflict, message: message, recordedSequence: nil)
        }
        var afterExpiry = self
        afterExpiry.expireReservations(at: command.at)
        var draft = afterExpiry
        let sequence = afterExpiry.lastSequence + 1
        do throws(ModelRefusal) {
            try draft.apply(command.action, at: command.at, sequence: sequence)
            draft.firstUse(command.action, sequence: sequence)
            draft.lastSequence = sequence
            draft.ledgerTime = command.at
            self = draft
            return .accepted(sequence: sequence)
        } catch {
            // README: only order.place/reserve/pay rejections are recorded (with the expiries
            // before them); any other rejection records nothing, not even the expiries.
            guard command.action.modelRecordsRejection else {
                return .rejected(error.code, message: error.message, recordedSequence: nil)
            }
            afterExpiry.lastSequence = sequence
            afterExpiry.ledgerTime = command.at
            self = afterExpiry
            return .rejected(error.code, message: error.message, recordedSequence: sequence)
        }
    }

    /// What the ledger already knows of this command's id.
    enum Recall {
        case fresh
        case duplicate(UInt64)
        case conflict(String)
    }

    /// SPEC §3 duplicates and README's list of what is recognised as one.
    func recall(_ action: Command.Action) -> Recall {
        switch action {
        case .payOrder(let order):
            // A repeated payment callback: duplicate of the event that paid the order.
            if let record = orders[order], record.status == .paid, let paid = record.paidSequence {
                return .duplicate(paid)
            }
            return .fresh
        case .cancelOrder(let order):
            if let record = orders[order], record.status == .cancelled,
               let cancelled = record.cancelSequence {
                return .duplicate(cancelled)
            }
            return .fresh
        case .resolveDispute(let dispute, let outcome, _):
            // README: the amount is not compared; another outcome is `dispute_closed`, later.
            if let record = disputes[dispute], record.outcome == outcome,
               let resolved = record.resolveSequence {
                return .duplicate(resolved)
            }
            return .fresh
        default:
            guard let key = action.modelIdentity, let first = firstUses[key] else { return .fresh }
            if first.action == action { return .duplicate(first.sequence) }
            return .conflict("\(key.kind) \(key.id) was first used by seq \(first.sequence) "
                + "with other content: \(first.action)")
        }
    }

    private mutating func firstUse(_ action: Command.Action, sequence: UInt64) {
        if let key = action.modelIdentity {
            firstUses[key] = ModelFirstUse(action: action, sequence: sequence)
        }
    }

    /// The command's own checks and effects; throws the first refusal in SPEC §3.1 precedence.
    private mutating func apply(_ action: Command.Action, at: Timestamp,
                                sequence: UInt64) throws(ModelRefusal) {
        switch action {
        case .registerSupplier(let supplier, _):
            suppliers.insert(supplier)
            addParty(.supplier(supplier))
        case .chargeFee(_, let supplier, let amount, _):
            try chargeFee(supplier: supplier, amount: Int128(amount.minorUnits))
        case .listProduct(let listing): try listProduct(listing)
        case .repriceProduct(let sku, let cost): try reprice(sku: sku, cost: cost)
        case .delistProduct(let sku): try delist(sku: sku)
        case .addStock(let sku, let batch, let units):
            try addStock(sku: sku, batch: batch, units: units)
        case .voidStock(let sku, let batch, let count, _):
            try voidStock(sku: sku, batch: batch, count: count)
        case .setPlatformMarkup(let sku, let rule): try setPlatformMarkup(sku: sku, rule: rule)
        case .setFloor(let sku, let minimum): try setFloor(sku: sku, minimum: minimum)
        case .setCeiling(let sku, let maximum): try setCeiling(sku: sku, maximum: maximum)
        case .joinDistributor(let distributor, _, let parent):
            try joinDistributor(distributor, parent: parent)
        case .setDistributorMarkup(let distributor, let sku, let rule):
            try setDistributorMarkup(distributor, sku: sku, rule: rule)
        case .setOverride(let distributor, let bps): try setOverride(distributor, bps: bps)
        case .placeOrder(let request):
            try takeOrder(request, ttlSeconds: nil, at: at, sequence: sequence)
        case .reserveOrder(let request, let ttlSeconds):
            try takeOrder(request, ttlSeconds: ttlSeconds, at: at, sequence: sequence)
        case .payOrder(let order): try pay(order, at: at, sequence: sequence)
        case .cancelOrder(let order): try cancel(order, sequence: sequence)
        case .refundOrder(_, let order, let amount, _):
            try refund(order, amount: Int128(amount.minorUnits), at: at)
        case .openDispute(let dispute, let order, _): try openDispute(dispute, order: order)
        case .resolveDispute(let dispute, let outcome, let amount):
            try resolveDispute(dispute, outcome: outcome, amount: amount, at: at, sequence: sequence)
        case .runSettlement: runSettlement(at: at)
        case .makePayout(_, let party, let amount):
            try payout(party, amount: Int128(amount.minorUnits))
        }
    }

    func balance(_ account: String) -> Int128 {
        Int128(balances[account]?.minorUnits ?? 0)
    }

    /// What a party can withdraw: the credit balance of its payable account (README Balances).
    func available(_ party: Party) -> Int128 {
        -balance(ModelAccount.payable(party))
    }
}
