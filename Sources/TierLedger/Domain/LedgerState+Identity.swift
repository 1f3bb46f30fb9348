/// Duplicates and id conflicts (SPEC §3): the same id with the same content (every field but
/// `at`) is a duplicate of the original event; the same id with other content is a conflict.
extension LedgerState {
    /// The sequence number of the event this command repeats, if it is a duplicate.
    func duplicateOf(_ action: Command.Action, _ prints: CommandFingerprints) -> UInt64? {
        switch action {
        case .registerSupplier(let supplier, let name):
            guard let existing = suppliers[supplier], existing.name == name else { return nil }
            return existing.sequence
        case .chargeFee(let fee, let supplier, let amount, let memo):
            guard let existing = fees[fee], existing.supplier == supplier, existing.amount == amount,
                  existing.memo == memo else { return nil }
            return existing.sequence
        case .listProduct(let listing):
            guard let existing = products[listing.sku], existing.listing == listing else { return nil }
            return existing.listedSequence
        case .addStock(let sku, let batch, let units):
            guard let existing = batches[batch], existing.sku == sku,
                  Self.sameUnits(existing.addition, units, prints.codes) else { return nil }
            return existing.sequence
        case .joinDistributor(let distributor, let name, let parent):
            guard let existing = distributors[distributor], existing.name == name,
                  existing.parent == parent else { return nil }
            return existing.sequence
        case .placeOrder(let request):
            return sameOrder(request, ttlSeconds: nil, prints.buyer)
        case .reserveOrder(let request, let ttlSeconds):
            return sameOrder(request, ttlSeconds: ttlSeconds, prints.buyer)
        case .payOrder(let order):
            // Read in place: `orders[order]` would copy the order (every pay finds one).
            return orders.read(order) { $0.status == .paid ? $0.paidSequence : nil } ?? nil
        case .cancelOrder(let order):
            guard let existing = orders[order], existing.status == .cancelled else { return nil }
            return existing.cancelledSequence
        case .refundOrder(let refund, let order, let amount, let reason):
            guard let existing = refunds[refund], existing.order == order, existing.amount == amount,
                  existing.reason == reason else { return nil }
            return existing.sequence
        case .openDispute(let dispute, let order, let reason):
            guard let existing = disputes[dispute], existing.order == order,
                  existing.reason == reason else { return nil }
            return existing.openedSequence
        case .resolveDispute(let dispute, let outcome, _):
            guard let existing = disputes[dispute], existing.outcome == outcome else { return nil }
            return existing.resolvedSequence
        case .makePayout(let payout, let party, let amount):
            guard let existing = payouts[payout], existing.party == party,
                  existing.amount == amount else { return nil }
            return existing.sequence
        case .repriceProduct, .delistProduct, .voidStock, .setPlatformMarkup, .setFloor, .setCeiling,
             .setDistributorMarkup, .setOverride, .runSettlement:
            return nil
        }
    }

    /// A message when the command reuses an id with other content (checked after duplicates).
    func idConflict(_ action: Command.Action) -> String? {
        func conflict(_ kind: String, _ id: String, _ sequence: UInt64) -> String {
            "\(kind) \(id) was already recorded with other content at seq \(sequence)"
        }
        switch action {
        case .registerSupplier(let supplier, _):
            return suppliers[supplier].map { conflict("supplier", supplier, $0.sequence) }
        case .chargeFee(let fee, _, _, _):
            return fees[fee].map { conflict("fee", fee, $0.sequence) }
        case .listProduct(let listing):
            return products[listing.sku].map { conflict("sku", listing.sku, $0.listedSequence) }
        case .addStock(_, let batch, _):
            return batches[batch].map { conflict("batch", batch, $0.sequence) }
        case .joinDistributor(let distributor, _, _):
            return distributors[distributor].map { conflict("distributor", distributor, $0.sequence) }
        case .placeOrder(let request), .reserveOrder(let request, _):
            return orders[request.order].map { conflict("order", request.order, $0.placedSequence) }
        case .refundOrder(let refund, _, _, _):
            return refunds[refund].map { conflict("refund", refund, $0.sequence) }
        case .openDispute(let dispute, _, _):
            return disputes[dispute].map { conflict("dispute", dispute, $0.openedSequence) }
        case .makePayout(let payout, _, _):
            return payouts[payout].map { conflict("payout", payout, $0.sequence) }
        default:
            return nil
        }
    }

    private func sameOrder(_ request: OrderRequest, ttlSeconds: Int64?,
                           _ buyer: Fingerprint?) -> UInt64? {
        guard let existing = orders[request.order], existing.ttlSeconds == ttlSeconds else { return nil }
        guard seller(of: existing) == request.distributor, sku(of: existing) == request.sku,
              existing.quantity == request.quantity, existing.expectUnitPrice == request.expectUnitPrice,
              existing.buyer == buyer else { return nil }
        return existing.placedSequence
    }

    private static func sameUnits(_ recorded: StockAddition, _ requested: StockUnits,
                                  _ prints: [Fingerprint]) -> Bool {
        switch (recorded, requested) {
        case (.count(let a), .count(let b)):
            return a == b
        case (.codes(let recordedCodes), .codes):
            return recordedCodes == prints
        default:
            return false
        }
    }
}
