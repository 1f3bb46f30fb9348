import TierLedger

/// The model's `LedgerSummary`, built from scratch on every call so that it cannot drift from
/// the state it describes.
extension ReferenceModel {
    var summary: LedgerSummary {
        LedgerSummary(lastSequence: lastSequence, ledgerTime: ledgerTime,
                      balances: summaryBalances, inventory: summaryInventory,
                      orders: summaryOrders, parties: summaryParties)
    }

    static func money(_ amount: Int128) -> Money {
        guard let minorUnits = Int64(exactly: amount) else {
            preconditionFailure("model amount \(amount) does not fit in Money")
        }
        return Money(minorUnits: minorUnits)
    }

    /// Only accounts whose balance is not zero (SPEC §8 `balances`).
    private var summaryBalances: [String: Money] {
        var result: [String: Money] = [:]
        for (account, balance) in balances where balance != 0 {
            result[account] = Self.money(balance)
        }
        return result
    }

    /// Every listed sku, delisted ones included (SPEC §8 `inventory`: "every listed sku").
    private var summaryInventory: [String: InventoryCounts] {
        var result: [String: InventoryCounts] = [:]
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
            result[sku] = counts
        }
        return result
    }

    private var summaryOrders: [String: OrderSummary] {
        var result: [String: OrderSummary] = [:]
        for (id, order) in orders {
            result[id] = OrderSummary(
                status: order.status, unitPrice: Self.money(order.unitPrice),
                gross: Self.money(order.gross), legs: order.legs.map(Self.money),
                refunded: Self.money(order.refunded), released: order.released,
                openDispute: order.openDispute)
        }
        return result
    }

    /// README Balances: pending = Σ remaining legs over paid, unreleased orders; available =
    /// the credit balance of the party's payable account.
    private var summaryParties: [Party: PartyBalance] {
        var pending: [Party: Int128] = [:]
        for order in orders.values where order.status == .paid && !order.released {
            for (index, remaining) in order.remainingLegs.enumerated() {
                if let party = order.legParties[index] { pending[party, default: 0] += remaining }
            }
        }
        var result: [Party: PartyBalance] = [:]
        let parties = suppliers.map { Party.supplier($0) } + distributors.keys.map { .distributor($0) }
        for party in parties {
            result[party] = PartyBalance(pending: Self.money(pending[party] ?? 0),
                                         available: Self.money(available(party)))
        }
        return result
    }
}
