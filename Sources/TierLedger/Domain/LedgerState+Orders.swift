/// Decisions for `order.place`, `order.reserve` and `order.pay` (SPEC §4, §5). Their
/// rejections are recorded as `order.rejected`, so every failure carries what is known.
extension LedgerState {
    /// `buyer` is the fingerprint of a place's or reserve's buyer (`nil` for a pay). A placed or
    /// reserved order comes with where it goes (`OrderPlacement`), for applying its event.
    func decideOrder(_ command: Command, buyer: Fingerprint?) throws(OrderRejected)
        -> (body: EventBody, placement: OrderPlacement?) {
        switch (command.action, buyer) {
        case (.placeOrder(let request), let buyer?):
            let (fact, placement) = try priceOrder(request, ttlSeconds: nil, at: command.at, buyer: buyer)
            return (.orderPlaced(fact), placement)
        case (.reserveOrder(let request, let ttlSeconds), let buyer?):
            let (fact, placement) = try priceOrder(request, ttlSeconds: ttlSeconds, at: command.at, buyer: buyer)
            return (.orderReserved(fact, ttlSeconds: ttlSeconds, deadline: command.at.adding(seconds: ttlSeconds)),
                    placement)
        case (.payOrder(let order), _):
            return (try decidePay(order: order), nil)
        default:
            preconditionFailure("decideOrder takes place and reserve with a buyer, and pay")
        }
    }

    private func decidePay(order: String) throws(OrderRejected) -> EventBody {
        func reject(_ code: RejectionCode, _ message: String) -> OrderRejected {
            OrderRejected(rejection: OrderRejection(order: order, commandType: "order.pay",
                                                    code: code, message: message))
        }
        // Read in place: `orders[order]` would copy the order.
        guard let state = orders.read(order, { PaymentTerms($0, sku: products.keys[$0.productHandle]) }) else {
            throw reject(.unknownOrder, "order \(order) is not known")
        }
        guard volume <= Self.volumeMaximumMinorUnits - state.gross.minorUnits else {
            throw reject(.invalidValue, "the ledger's total volume would exceed its limit")
        }
        switch state.status {
        case .cancelled:
            throw reject(.cancelled, "order \(order) was cancelled")
        case .reserved:
            return .orderPaid(order: order, late: false, units: [], codes: [])
        case .expired:
            let available = products[handle: state.productHandle]?.counts.available ?? 0
            guard available >= state.quantity else {
                throw reject(.reservationExpiredSoldOut, "the reservation of order \(order) expired "
                    + "and only \(available) units of \(state.sku) are available; refund the payment")
            }
            let (units, codes) = peekUnits(product: state.productHandle, quantity: state.quantity)
            return .orderPaid(order: order, late: true, units: units, codes: codes)
        case .paid:
            preconditionFailure("a paid order's pay is a duplicate")
        }
    }

    /// Prices a new order along its chain and takes its units (SPEC §4), in §3.1 precedence.
    /// `buyer` is `request.buyer`'s fingerprint.
    private func priceOrder(_ request: OrderRequest, ttlSeconds: Int64?, at: Timestamp,
                            buyer: Fingerprint) throws(OrderRejected) -> (OrderFact, OrderPlacement) {
        // The unit price once the chain has produced one (rejections after pricing carry it).
        var pricedUnit: Money?
        // Built only for a rejection: most orders are accepted.
        func reject(_ code: RejectionCode, _ message: String) -> OrderRejected {
            OrderRejected(rejection: OrderRejection(
                order: request.order, commandType: ttlSeconds == nil ? "order.place" : "order.reserve",
                code: code, message: message, distributor: request.distributor, sku: request.sku,
                quantity: request.quantity, buyer: buyer, unitPrice: pricedUnit))
        }
        guard Self.quantityRange.contains(request.quantity) else {
            throw reject(.invalidValue, "qty \(request.quantity) is outside 1–1000")
        }
        if let ttlSeconds, !Self.ttlSecondsRange.contains(ttlSeconds) {
            throw reject(.invalidValue, "ttl_seconds \(ttlSeconds) is outside 1–604800")
        }
        if let ttlSeconds, at.adding(seconds: ttlSeconds) > Timestamp.latest {
            throw reject(.invalidValue, "the deadline, at plus ttl_seconds, falls after \(Timestamp.latest)")
        }
        // unknown_sku precedes unknown_distributor in SPEC §3.1's list. The sku is hashed once,
        // for the catalogue and every markup table of the chain.
        let skuHash = request.sku.stableHash
        guard let productHandle = products.handle(of: request.sku, hash: skuHash) else {
            throw reject(.unknownSku, "sku \(request.sku) is not listed")
        }
        guard let seller = distributors.handle(of: request.distributor) else {
            throw reject(.unknownDistributor, "distributor \(request.distributor) has not joined")
        }
        let sellerChain = distributors.read(handle: seller, \.chainHandles)
        // The fields pricing needs, borrowed (a copy of the product would retain its arrays).
        let product = products.read(handle: productHandle, ProductTerms.init)
        let chain: PriceChain
        do throws(MoneyOverflow) {
            chain = try PriceChain(sku: request.sku, skuHash: skuHash, cost: product.cost,
                                   chainHandles: sellerChain, state: self)
        } catch {
            throw reject(.invalidValue, "the price chain leaves the money range: \(error)")
        }
        let unitPrice = chain.unitPrice
        pricedUnit = unitPrice
        guard let gross = Self.checkedProduct(unitPrice, request.quantity) else {
            throw reject(.invalidValue, "gross \(unitPrice) × \(request.quantity) exceeds 9000000000000.00")
        }
        if ttlSeconds == nil, volume > Self.volumeMaximumMinorUnits - gross.minorUnits {
            throw reject(.invalidValue, "the ledger's total volume would exceed its limit")
        }
        guard !product.delisted else { throw reject(.delisted, "sku \(request.sku) is delisted") }
        if let step = chain.firstBelowUpstream.map({ chain.steps[$0] }) {
            let upstream = Money(minorUnits: step.price.minorUnits - step.markup.minorUnits)
            throw reject(.priceBelowUpstream, "the price rule of \(step.distributor ?? "?") sets "
                + "\(step.price), below its upstream price \(upstream)")
        }
        if product.floor.isPositive, unitPrice < product.floor {
            throw reject(.belowFloor, "unit price \(unitPrice) is below the floor \(product.floor)")
        }
        if product.ceiling.isPositive, unitPrice > product.ceiling {
            throw reject(.aboveCeiling, "unit price \(unitPrice) is above the ceiling \(product.ceiling)")
        }
        if let expected = request.expectUnitPrice, expected != unitPrice {
            throw reject(.priceChanged, "unit price is \(unitPrice), not the expected \(expected)")
        }
        guard product.available >= request.quantity else {
            throw reject(.outOfStock, "only \(product.available) units of \(request.sku) "
                + "are available; \(request.quantity) wanted")
        }
        let (units, codes) = peekUnits(product: productHandle, quantity: request.quantity)
        let (legs, overrides) = split(chain.steps, sellerChain: sellerChain, quantity: request.quantity,
                                      supplier: product.supplier)
        let fact = OrderFact(
            order: request.order, distributor: request.distributor, sku: request.sku,
            quantity: request.quantity, buyer: buyer, expectUnitPrice: request.expectUnitPrice,
            cost: product.cost, costSequence: product.costSequence, chain: chain.steps,
            overrides: overrides, legs: legs, unitPrice: unitPrice, gross: gross,
            refundHours: product.refundHours, units: units, codes: codes)
        return (fact, OrderPlacement(product: productHandle, seller: seller, orderHash: request.order.stableHash))
    }

    /// The legs and overrides of a priced chain (`OrderSplit`), with each parent's override rate
    /// as it is now: step i ≥ 2 pays its parent D_{i−1} (handle `sellerChain[i − 2]`); the
    /// seller's own rate takes nothing from its own sale.
    private func split(_ steps: [PriceStep], sellerChain: [Int], quantity: Int64,
                       supplier: String) -> ([Leg], [OverrideShare]) {
        // The closure reads a copy of the table (three references): capturing `self` would copy
        // the whole state.
        let distributorTable = distributors
        return OrderSplit.legs(steps: steps, quantity: quantity, supplier: supplier) { offset in
            distributorTable.read(handle: sellerChain[offset]) {
                OverrideRate(bps: $0.overrideBps, sequence: $0.overrideSequence)
            }
        }
    }

    /// `amount × quantity` when it stays within the input money range.
    static func checkedProduct(_ amount: Money, _ quantity: Int64) -> Money? {
        let (product, overflow) = amount.minorUnits.multipliedReportingOverflow(by: quantity)
        guard !overflow, product <= Money.inputMaximumMinorUnits else { return nil }
        return Money(minorUnits: product)
    }

    /// The lowest available units of the product at handle `product`, first-in first-out
    /// across batches, without taking them; the caller checked that enough are available.
    func peekUnits(product: Int, quantity: Int64) -> ([UnitRun], [Fingerprint]) {
        // Borrowed through `read`: copying a product or batch would retain its arrays.
        let (first, batchHandles) = products.read(handle: product) {
            ($0.firstBatchWithAvailable, $0.batches)
        }
        var runs = [UnitRun]()
        var codes = [Fingerprint]()
        var wanted = quantity
        var index = first
        while wanted > 0, index < batchHandles.count {
            let handle = batchHandles[index]
            index += 1
            let batchID = batches.keys[handle]
            // Only the two arrays are taken out of the batch: growing `runs` or `codes` inside
            // the borrow would make the compiler copy the whole batch to protect it.
            let (ranges, prints) = batches.read(handle: handle) { batch in
                if case .codes(let prints) = batch.addition { (batch.available.ranges, prints) } else {
                    (batch.available.ranges, [Fingerprint]())
                }
            }
            for range in ranges where wanted > 0 {
                let count = min(wanted, range.upperBound - range.lowerBound)
                runs.append(UnitRun(batch: batchID, start: range.lowerBound, count: count))
                if !prints.isEmpty {
                    let start = Int(range.lowerBound)
                    if codes.isEmpty { codes.reserveCapacity(Int(wanted)) }
                    codes.append(contentsOf: prints[start..<(start + Int(count))])
                }
                wanted -= count
            }
        }
        precondition(wanted == 0, "peekUnits: the caller must check availability")
        return (runs, codes)
    }
}

/// What a payment decides on of its order, copied out of the state in one borrow.
private struct PaymentTerms {
    var status: OrderStatus
    var gross: Money
    var quantity: Int64
    var sku: String
    var productHandle: Int

    init(_ order: OrderState, sku: String) {
        status = order.status
        gross = order.gross
        quantity = order.quantity
        self.sku = sku
        productHandle = order.productHandle
    }
}

/// What pricing reads of a product, copied out of the state in one borrow.
private struct ProductTerms {
    var cost: Money
    var costSequence: UInt64
    var delisted: Bool
    var floor: Money
    var ceiling: Money
    var available: Int64
    var supplier: String
    var refundHours: Int64?

    init(_ product: ProductState) {
        cost = product.cost
        costSequence = product.costSequence
        delisted = product.delisted
        floor = product.floor
        ceiling = product.ceiling
        available = product.counts.available
        supplier = product.listing.supplier
        refundHours = product.listing.refundHours
    }
}
