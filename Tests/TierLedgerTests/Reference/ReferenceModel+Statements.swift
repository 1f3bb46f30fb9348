import TierLedger

/// One line of a party's statement as the model sees it (SPEC §8 `statement`): written where
/// the model moves the party's money, with the party's pending and available balances right
/// after, read from the model's own tallies.
struct ModelStatementLine: Equatable {
    var sequence: UInt64
    var kind: String
    var amount: Int128
    var pending: Int128
    var available: Int128
}

/// Statements, written from SPEC §6–8 independently of the library's `MoneyMovements`: a sale
/// line for every leg of a paid order (a zero leg too: the party sold, and earned nothing), a
/// release or refund line for every leg whose amount is not zero, a payout or fee line.
extension ReferenceModel {
    /// Appends a line for `party` (a leg's party; the platform has no statement).
    mutating func writeStatement(_ kind: String, _ party: Party?, amount: Int128, sequence: UInt64) {
        guard let party, let balance = parties[party] else { return }
        statements[party, default: []].append(ModelStatementLine(
            sequence: sequence, kind: kind, amount: amount, pending: Int128(balance.pending.minorUnits),
            available: Int128(balance.available.minorUnits)))
    }

    /// The sequence number the event being applied will get: expiries before it already
    /// counted, the command's own event not yet.
    var currentSequence: UInt64 { lastSequence + 1 }
}
