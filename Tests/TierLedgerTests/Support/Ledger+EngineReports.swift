@testable import TierLedger

/// Balances and inventory straight from the engine's state: the oracle the projections are
/// checked against after every command (`ProjectionAgreementTests`).
extension Ledger {
    /// `account,balance`: every account whose balance is not zero, by account name.
    var balancesReport: ReportTable {
        var table = ReportTable(columns: [.init("account"), .init("balance", .money)])
        let rows = state.nonZeroBalances.map { ($0.key.name, $0.value) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        for (name, balance) in rows { table.append([name, balance.description]) }
        return table
    }

    /// `sku,supplier,added,available,reserved,delivered,voided`: every listed sku.
    var inventoryReport: ReportTable {
        var table = ReportTable(columns: [
            .init("sku"), .init("supplier"), .init("added", .integer), .init("available", .integer),
            .init("reserved", .integer), .init("delivered", .integer), .init("voided", .integer),
        ])
        for sku in state.products.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let product = state.products[sku] else { continue }
            let counts = product.counts
            table.append([sku, product.listing.supplier, String(counts.added), String(counts.available),
                          String(counts.reserved), String(counts.delivered), String(counts.voided)])
        }
        return table
    }
}
