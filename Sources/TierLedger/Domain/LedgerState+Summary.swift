/// The comparable digest of the state, and the O(n) invariant scan used in debug builds.
extension LedgerState {
    var summary: LedgerSummary {
        var balanceNames = [String: Money]()
        for (account, balance) in nonZeroBalances { balanceNames[account.name] = balance }
        var inventory = [String: InventoryCounts]()
        for (sku, product) in zip(products.keys, products.values) { inventory[sku] = product.counts }
        var orderSummaries = [String: OrderSummary]()
        var parties = [Party: PartyBalance]()
        for supplier in suppliers.keys {
            parties[.supplier(supplier)] = PartyBalance(pending: .zero,
                                                        available: available(.supplier(supplier)))
        }
        for distributor in distributors.keys {
            parties[.distributor(distributor)] = PartyBalance(
                pending: .zero, available: available(.distributor(distributor)))
        }
        for (handle, order) in orders.states.enumerated() {
            orderSummaries[order.id] = OrderSummary(
                status: order.status, unitPrice: order.unitPrice, gross: order.gross,
                legs: orders.legs(of: handle), refunded: order.refunded, released: order.released,
                openDispute: order.openDispute)
            guard order.status == .paid, !order.released else { continue }
            for (index, remaining) in orders.remainingLegs(of: handle).enumerated() {
                let party: Party? = switch legAccount(of: order, index) {
                case .supplierPayable(let handle): .supplier(suppliers.keys[handle])
                case .distributorPayable(let handle): .distributor(distributors.keys[handle])
                default: nil
                }
                if let party {
                    parties[party]?.pending.minorUnits += remaining.minorUnits
                }
            }
        }
        return LedgerSummary(lastSequence: lastSequence, ledgerTime: ledgerTime, balances: balanceNames,
                             inventory: inventory, orders: orderSummaries, parties: parties)
    }

    /// Every invariant of `LedgerState`; O(size of the state): for `verify` and full rebuilds.
    ///
    /// From `splitFrom` orders on (and with more than one core, unless
    /// `TIERLEDGER_REPLAY_THREADS=1` keeps replays on one thread), the orders' second half is
    /// checked on a thread of its own: `verify` runs this once its replay is over, when the
    /// replay's second core has nothing left to do (at 2 M commands the orders took about 80 ms
    /// of one core).
    func checkInvariants(splitFrom: Int = 1 << 16) -> Bool {
        guard balances.total == 0 else { return false }
        let count = orders.count
        guard count >= max(splitFrom, 2), EventPipeline.isWorthwhile else {
            return (0..<count).allSatisfy(orderIsConsistent) && products.keys.allSatisfy(skuIsConsistent)
        }
        let half = count / 2
        let state = self
        let secondHalf = BackgroundTask(name: "tierledger-check") { (half..<count).allSatisfy(state.orderIsConsistent) }
        let firstHalf = (0..<half).allSatisfy(orderIsConsistent) && products.keys.allSatisfy(skuIsConsistent)
        return secondHalf.wait() && firstHalf
    }

    /// The invariants of what `body` touched (its order and its sku): cheap enough to assert
    /// after every event in debug builds. Double entry is checked by every posting.
    func checkInvariants(touchedBy body: EventBody) -> Bool {
        let (order, sku) = body.touches
        if let order, let handle = orders.handle(of: order), !orderIsConsistent(handle) { return false }
        let skuOfOrder = order.flatMap { orders.read($0, sku(of:)) }
        return [sku, skuOfOrder].allSatisfy { $0.map(skuIsConsistent) ?? true }
    }

    /// The order's legs are not negative and sum to its gross, as many remain, none negative,
    /// and refunds took at most the gross. Walks the legs in place: `verify` checks every order,
    /// and two arrays an order were a twentieth of its scanning thread.
    func orderIsConsistent(_ handle: OrderTable.Handle) -> Bool {
        let (gross, refunded) = orders.read(handle: handle) { ($0.gross, $0.refunded) }
        var total: Int64 = 0
        var overflows = false
        var legs = 0
        var negative = false
        orders.forEachLeg(of: handle) { _, amount in
            let (sum, overflow) = total.addingReportingOverflow(amount.minorUnits)
            total = sum
            overflows = overflows || overflow
            negative = negative || amount.isNegative
            legs += 1
        }
        var remaining = 0
        orders.forEachRemainingLeg(of: handle) { _, amount in
            negative = negative || amount.isNegative
            remaining += 1
        }
        return !overflows && total == gross.minorUnits && !negative && remaining == legs && refunded <= gross
    }

    func skuIsConsistent(_ sku: String) -> Bool {
        guard let product = products[sku] else { return true }
        let counts = product.counts
        guard counts.added == counts.available + counts.reserved + counts.delivered + counts.voided,
              counts.available >= 0, counts.reserved >= 0 else { return false }
        var available: Int64 = 0
        for handle in product.batches {
            guard let batch = batches[handle: handle], batch.sku == sku, batch.available.checkInvariants()
            else { return false }
            available += batch.available.count
        }
        return available == counts.available
    }
}

extension Ledger {
    /// The comparable digest of the current state.
    public var summary: LedgerSummary { state.summary }
}

extension EventBody {
    /// The order and the sku an event changes, for local invariant checks.
    var touches: (order: String?, sku: String?) {
        switch self {
        case .orderPlaced(let fact), .orderReserved(let fact, _, _): (fact.order, fact.sku)
        case .orderPaid(let order, _, _, _), .orderExpired(let order, _), .orderCancelled(let order, _),
             .disputeOpened(_, let order, _), .disputeResolved(_, let order, _, _): (order, nil)
        case .orderRefunded(let refund): (refund.order, nil)
        case .stockAdded(let sku, _, _), .stockVoided(let sku, _, _, _, _): (nil, sku)
        default: (nil, nil)
        }
    }
}
