/// How one event moves money (SPEC §6, §7): its double-entry postings, and for each supplier or
/// distributor the change to what sits in escrow for it (`pending`) and what it can withdraw
/// (`available`). Balances, statements, reconcile and the journal export all read these, so
/// the rules of §7 are written down once.
struct MoneyMovements: Equatable, Sendable {
    /// A statement line's kind (SPEC §8).
    enum Kind: String, Equatable, Sendable {
        case sale, release, refund, payout, fee
    }

    /// One party's share of the event.
    struct Line: Equatable, Sendable {
        var kind: Kind
        var party: Party
        /// The order, refund (or dispute), payout or fee id.
        var reference: String
        var pending: Int64
        var available: Int64
    }

    var postings: [Posting] = []
    /// Empty when made with `lines: false`.
    var lines: [Line] = []
    /// Whether `lines` are worked out (balances need only the postings).
    private var keepsLines = true

    static let none = MoneyMovements()

    /// The movements of `event`, given the orders as they stood before it.
    init(_ event: borrowing Event, orders: borrowing OrderCatalog) throws(ReplayError) {
        try self.init(event, sale: try PaidSale.recorded(by: event, orders: orders), orders: orders)
    }

    /// The movements of `event`, whose sale (`PaidSale.recorded(by: event, orders: orders)`)
    /// the caller has worked out already; without `lines` when `lines` is false. (`borrowing`:
    /// an initializer takes its arguments owned by default, so each event, and the order
    /// catalog, was copied in.)
    init(_ event: borrowing Event, sale: PaidSale?, orders: borrowing OrderCatalog, lines keepsLines: Bool = true)
        throws(ReplayError) {
        self.keepsLines = keepsLines
        if let sale {
            sale.withFact { self.sale($0) }
            return
        }
        switch event.body {
        case .orderPlaced, .orderPaid:
            assertionFailure("a sale's movements need the sale (PaidSale.recorded) from the caller")
        case .orderRefunded(let refund):
            try self.refund(refund, event: event, orders: orders)
        case .disputeResolved(_, _, _, let refund?):
            try self.refund(refund, event: event, orders: orders)
        case .settlementRan(let released):
            // The escrow line comes first; its amount is known at the end.
            postings.append(Posting(account: .escrow, amount: .zero))
            var total: Int64 = 0
            var overflows = false
            for order in released {
                try orders.forEachRemainingLeg(of: order, for: event) { legParty, remaining in
                    postings.append(Posting(account: .of(legParty), amount: Money(minorUnits: -remaining)))
                    if keepsLines, let party = legParty.party {
                        lines.append(Line(kind: .release, party: party, reference: order, pending: -remaining,
                                          available: remaining))
                    }
                    let (sum, overflow) = total.addingReportingOverflow(remaining)
                    total = sum
                    overflows = overflows || overflow
                }
            }
            guard !overflows else { throw ReplayError(sequence: event.sequence, message: "a total overflows 64 bits") }
            if total == 0 {
                postings.removeFirst()
            } else {
                postings[0].amount = Money(minorUnits: total)
            }
        case .payoutMade(let payout, let party, let amount):
            postings = [Posting(account: .payable(party), amount: amount),
                        Posting(account: .gateway, amount: Money(minorUnits: -amount.minorUnits))]
            if keepsLines {
                lines = [Line(kind: .payout, party: party, reference: payout, pending: 0, available: -amount.minorUnits)]
            }
        case .feeCharged(let fee, let supplier, let amount, _):
            postings = [Posting(account: .supplierPayable(supplier), amount: amount),
                        Posting(account: .platformFees, amount: Money(minorUnits: -amount.minorUnits))]
            if keepsLines {
                lines = [Line(kind: .fee, party: .supplier(supplier), reference: fee, pending: 0,
                              available: -amount.minorUnits)]
            }
        default:
            break
        }
    }

    private init() {}

    private mutating func sale(_ fact: borrowing OrderFact) {
        postings = [Posting(account: .gateway, amount: fact.gross),
                    Posting(account: .escrow, amount: Money(minorUnits: -fact.gross.minorUnits))]
        guard keepsLines else { return }
        for leg in fact.legs {
            guard let party = leg.party.party else { continue }
            lines.append(Line(kind: .sale, party: party, reference: fact.order, pending: leg.amount.minorUnits,
                              available: 0))
        }
    }

    private mutating func refund(_ refund: RefundFact, event: Event, orders: OrderCatalog) throws(ReplayError) {
        let entry = try orders.entry(refund.order, for: event)
        guard refund.reversals.count == entry.legCount else {
            throw ReplayError(event, "refund \(refund.refund) does not fit order \(refund.order)")
        }
        for (index, reversal) in refund.reversals.enumerated() where reversal.minorUnits != 0 {
            let legParty = orders.legParty(index, of: refund.order, entry)
            if refund.afterRelease { postings.append(Posting(account: .of(legParty), amount: reversal)) }
            if keepsLines, let party = legParty.party {
                lines.append(Line(kind: .refund, party: party, reference: refund.refund,
                                  pending: refund.afterRelease ? 0 : -reversal.minorUnits,
                                  available: refund.afterRelease ? -reversal.minorUnits : 0))
            }
        }
        if !refund.afterRelease { postings.append(Posting(account: .escrow, amount: refund.amount)) }
        postings.append(Posting(account: .gateway, amount: Money(minorUnits: -refund.amount.minorUnits)))
    }
}

extension LegParty {
    /// The supplier or distributor a leg pays; `nil` for the platform's markup.
    var party: Party? {
        switch self {
        case .supplier(let supplier): .supplier(supplier)
        case .distributor(let distributor): .distributor(distributor)
        case .platform: nil
        }
    }
}

extension Account {
    /// The payable account of a supplier or distributor.
    static func payable(_ party: Party) -> Account {
        switch party {
        case .supplier(let supplier): .supplierPayable(supplier)
        case .distributor(let distributor): .distributorPayable(distributor)
        }
    }
}
