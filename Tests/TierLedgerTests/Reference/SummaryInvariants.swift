import TierLedger

/// Properties every `LedgerSummary` must have, whoever produced it, and how one command may
/// change it. Each returns readable violations (empty = fine), sorted so output is stable; the
/// checks themselves walk dictionaries unsorted because only the sorted problems are output.
enum SummaryInvariants {
    /// SPEC §4, §7, §8 and README Balances, checked on one summary.
    static func violations(of summary: LedgerSummary) -> [String] {
        var problems: [String] = []
        var total: Int128 = 0
        for (account, balance) in summary.balances {
            total += Int128(balance.minorUnits)
            if balance == .zero { problems.append("zero balance listed for \(account)") }
        }
        if total != 0 { problems.append("balances sum to \(total) minor units, not 0") }
        problems += orderViolations(summary)
        for (sku, counts) in summary.inventory {
            let parts = counts.available + counts.reserved + counts.delivered + counts.voided
            let negative = counts.available < 0 || counts.reserved < 0 || counts.delivered < 0
                || counts.voided < 0
            if negative || counts.added != parts {
                problems.append("inventory \(sku): \(counts) does not add up")
            }
        }
        for (party, balance) in summary.parties {
            let payable = summary.balances[accountName(party)]?.minorUnits ?? 0
            if balance.available.minorUnits != -payable {
                problems.append("\(party): available \(balance.available), payable balance \(payable)")
            }
            if balance.pending.isNegative { problems.append("\(party): negative pending") }
        }
        return problems.sorted()
    }

    /// Legs sum to the gross and none is negative; refunded within 0…gross; escrow holds exactly
    /// what paid, unreleased orders have not refunded (SPEC §4.4, §6).
    static func orderViolations(_ summary: LedgerSummary) -> [String] {
        var problems: [String] = []
        var escrowExpected: Int128 = 0
        for (id, order) in summary.orders {
            var legs: Int128 = 0
            for leg in order.legs {
                legs += Int128(leg.minorUnits)
                if leg.isNegative { problems.append("order \(id): negative leg \(leg)") }
            }
            if legs != Int128(order.gross.minorUnits) {
                problems.append("order \(id): legs sum to \(legs), gross is \(order.gross)")
            }
            if order.refunded.isNegative || order.refunded > order.gross {
                problems.append("order \(id): refunded \(order.refunded) outside 0…\(order.gross)")
            }
            if order.status == .paid && !order.released {
                escrowExpected += Int128(order.gross.minorUnits - order.refunded.minorUnits)
            }
        }
        let escrow = Int128(summary.balances["liabilities:escrow"]?.minorUnits ?? 0)
        if escrow != -escrowExpected {
            problems.append("escrow is \(escrow), paid unreleased orders hold \(escrowExpected)")
        }
        return problems
    }

    static func accountName(_ party: Party) -> String {
        switch party {
        case .supplier(let id): "liabilities:payable:supplier:" + id
        case .distributor(let id): "liabilities:payable:distributor:" + id
        }
    }

    /// How `outcome` may change `before` into `after` (SPEC §3, README): a duplicate or an
    /// unrecorded rejection changes nothing at all; a recorded rejection only adds events,
    /// moves ledger time and applies expiries; an acceptance ends at its own sequence number.
    static func changeViolations(before: LedgerSummary, after: LedgerSummary, command: Command,
                                 outcome: Outcome) -> [String] {
        switch outcome {
        case .duplicate, .rejected(_, _, nil):
            return after == before ? [] : ["a \(outcome) changed the summary"]
        case .accepted(let sequence):
            var problems: [String] = []
            if after.lastSequence != sequence {
                problems.append("accepted as \(sequence), last is \(after.lastSequence)")
            }
            if after.ledgerTime != command.at { problems.append("ledger time is not the command's at") }
            return problems
        case .rejected(_, _, let recorded?):
            return recordedRejectionViolations(before: before, after: after, command: command,
                                               recorded: recorded)
        }
    }

    /// A recorded rejection: the expiries it triggered and one `order.rejected`, nothing else.
    static func recordedRejectionViolations(before: LedgerSummary, after: LedgerSummary,
                                            command: Command, recorded: UInt64) -> [String] {
        var problems: [String] = []
        if after.lastSequence != recorded {
            problems.append("recorded as \(recorded), last is \(after.lastSequence)")
        }
        if after.ledgerTime != command.at { problems.append("ledger time is not the command's at") }
        if after.balances != before.balances { problems.append("balances changed") }
        if after.parties != before.parties { problems.append("parties changed") }
        if Set(after.orders.keys) != Set(before.orders.keys) {
            problems.append("orders added or removed")
        }
        var expired: UInt64 = 0
        for (id, order) in after.orders {
            guard let old = before.orders[id], old != order else { continue }
            var expectedAfterExpiry = old
            expectedAfterExpiry.status = .expired
            if old.status == .reserved && order == expectedAfterExpiry {
                expired += 1
            } else {
                problems.append("order \(id) changed other than by expiring")
            }
        }
        if recorded != before.lastSequence + expired + 1 {
            problems.append("\(recorded - before.lastSequence) events for \(expired) expiries + 1")
        }
        if Set(after.inventory.keys) != Set(before.inventory.keys) { problems.append("skus changed") }
        for (sku, counts) in after.inventory {
            guard let old = before.inventory[sku] else { continue }
            let sameOtherwise = counts.added == old.added && counts.delivered == old.delivered
                && counts.voided == old.voided && counts.reserved <= old.reserved
            if !sameOtherwise { problems.append("inventory \(sku) changed other than by expiry") }
        }
        return problems.sorted()
    }
}
