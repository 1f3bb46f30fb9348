import TierLedger

/// The running tallies that make up most of the summary: balances, inventory counts and party
/// balances, each changed at exactly one choke point below. The tests run unoptimised and
/// compare summaries after every command, so recounting everything each time would dominate
/// the run; `recountedSummary` still recounts from scratch, and a test holds the two equal.
extension ReferenceModel {
    /// Posts one event's entries (SPEC §7: they sum to zero), keeping payable parties'
    /// available balances (README: the credit balance of the payable account).
    mutating func post(_ entries: [(account: String, amount: Int128)]) {
        precondition(entries.reduce(Int128(0)) { $0 + $1.amount } == 0, "postings do not balance")
        for entry in entries where entry.amount != 0 {
            let updated = balance(entry.account) + entry.amount
            balances[entry.account] = updated == 0 ? nil : Self.money(updated)
            if let party = accountParties[entry.account] {
                parties[party]?.available = Self.money(-updated)
            }
        }
    }

    /// Moves units to `state`, keeping the sku's counts.
    mutating func setUnits(_ places: [ModelUnitPlace], to state: ModelUnitState) {
        for place in places {
            guard let batch = batches[place.batch] else { preconditionFailure("unknown batch") }
            Self.count(batch.units[place.position], in: &inventory[batch.sku], by: -1)
            Self.count(state, in: &inventory[batch.sku], by: 1)
            batches[place.batch]?.units[place.position] = state
        }
    }

    private static func count(_ state: ModelUnitState, in counts: inout InventoryCounts?,
                              by delta: Int64) {
        switch state {
        case .available: counts?.available += delta
        case .reserved: counts?.reserved += delta
        case .delivered: counts?.delivered += delta
        case .voided: counts?.voided += delta
        }
    }

    /// Adds (`sign` 1) or removes (−1) `amounts`, one per leg, to the pending balances of the
    /// legs' parties (README: pending = remaining legs of paid, unreleased orders).
    mutating func movePending(of order: ModelOrder, _ amounts: [Int128], sign: Int128) {
        for index in amounts.indices {
            guard let party = order.legParties[index], let current = parties[party] else { continue }
            let updated = Int128(current.pending.minorUnits) + sign * amounts[index]
            parties[party]?.pending = Self.money(updated)
        }
    }

    mutating func addParty(_ party: Party) {
        let account = ModelAccount.payable(party)
        accountParties[account] = party
        parties[party] = PartyBalance(pending: .zero, available: Self.money(-balance(account)))
    }
}
