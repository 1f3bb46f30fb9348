import TierLedger

/// The model's `LedgerSummary`: the running tallies as they stand, and the same summary
/// recounted from the primary state (units, orders, postings) as the definition they must
/// match.
extension ReferenceModel {
    var summary: LedgerSummary {
        LedgerSummary(lastSequence: lastSequence, ledgerTime: ledgerTime, balances: balances,
                      inventory: inventory, orders: orders.mapValues(\.view), parties: parties)
    }

    /// `amount` as `Money`; the money range (README) guarantees it fits.
    static func money(_ amount: Int128) -> Money {
        guard let minorUnits = Int64(exactly: amount) else {
            preconditionFailure("model amount \(amount) does not fit in Money")
        }
        return Money(minorUnits: minorUnits)
    }

    /// The summary counted from scratch: inventory from every unit's state, pending from every
    /// order's remaining legs, available from the payable balances (README Balances).
    var recountedSummary: LedgerSummary {
        var summary = self.summary
        summary.inventory = [:]
        for (sku, product) in products {
            var counts = InventoryCounts()
            for batch in product.batches {
                for state in batches[batch]?.units ?? [] {
                    counts.added += 1
                    switch state {
                    case .available: counts.available += 1
                    case .reserved: counts.reserved += 1
                    case .delivered: counts.delivered += 1
                    case .voided: counts.voided += 1
                    }
                }
            }
            summary.inventory[sku] = counts
        }
        var pending: [Party: Int128] = [:]
        for order in orders.values where order.status == .paid && !order.released {
            for (index, remaining) in order.remainingLegs.enumerated() {
                if let party = order.legParties[index] { pending[party, default: 0] += remaining }
            }
        }
        summary.parties = [:]
        let all = suppliers.map { Party.supplier($0) } + distributors.keys.map { .distributor($0) }
        for party in all {
            summary.parties[party] = PartyBalance(
                pending: Self.money(pending[party] ?? 0),
                available: Self.money(-balance(ModelAccount.payable(party))))
        }
        return summary
    }
}
