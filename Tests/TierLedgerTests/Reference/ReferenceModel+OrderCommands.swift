import TierLedger

/// `order.place`, `order.reserve`, `order.pay`, `order.cancel` and expiry (SPEC §3, §4, §5).
extension ReferenceModel {
    /// SPEC §4 in §3.1 precedence: qty/ttl ranges; unknown sku, then distributor; the money
    /// range (README: after the unknowns); delisted; price checks; stock.
    mutating func takeOrder(_ request: OrderRequest, ttlSeconds: Int64?, at: Timestamp,
                            sequence: UInt64) throws(ModelRefusal) {
        guard (1...1_000).contains(request.quantity) else {
            throw ModelRefusal(.invalidValue, "qty \(request.quantity) is outside 1–1000")
        }
        if let ttlSeconds, !(1...604_800).contains(ttlSeconds) {
            throw ModelRefusal(.invalidValue, "ttl_seconds \(ttlSeconds) is outside 1–604800")
        }
        // Every recorded time must have a text form: years 0000–9999.
        if let ttlSeconds, at.millisecondsSinceEpoch + ttlSeconds * 1_000 > 253_402_300_799_999 {
            throw ModelRefusal(.invalidValue, "the deadline falls after 9999-12-31T23:59:59.999Z")
        }
        let product = try listed(request.sku)
        _ = try joined(request.distributor)
        let quantity = Int128(request.quantity)
        guard let quote = quote(sku: request.sku, distributor: request.distributor,
                                quantity: quantity), !quote.overflows else {
            throw ModelRefusal(.invalidValue, "the price chain leaves the money range")
        }
        let paysNow = ttlSeconds == nil
        if paysNow && takenTotal + quote.gross > Self.takenMaximum {
            throw ModelRefusal(.invalidValue, "payments would exceed the ledger's money range")
        }
        guard !product.delisted else { throw ModelRefusal(.delisted, "\(request.sku) is delisted") }
        try checkPrice(quote, product: product, expected: request.expectUnitPrice)
        let units = try takeUnits(of: request.sku, quantity: quantity,
                                  as: paysNow ? .delivered : .reserved, refusing: .outOfStock)
        var order = ModelOrder(sku: request.sku, quantity: quantity,
                               status: paysNow ? .paid : .reserved, quote: quote,
                               refundHours: product.refundHours,
                               deadline: ttlSeconds.map { at.adding(seconds: $0) },
                               sequence: sequence, units: units)
        if paysNow { receivePayment(for: &order, at: at, sequence: sequence) }
        orders[request.order] = order
    }

    /// SPEC §4 steps 2–3: price_below_upstream, below_floor, above_ceiling, price_changed.
    func checkPrice(_ quote: ModelQuote, product: ModelProduct,
                    expected: Money?) throws(ModelRefusal) {
        let unitPrice = quote.unitPrice
        guard !quote.belowUpstream else {
            throw ModelRefusal(.priceBelowUpstream, "a price rule is below its upstream price")
        }
        if product.floor > 0 && unitPrice < product.floor {
            throw ModelRefusal(.belowFloor, "unit price \(Self.text(unitPrice)) is below floor "
                + Self.text(product.floor))
        }
        if product.ceiling > 0 && unitPrice > product.ceiling {
            throw ModelRefusal(.aboveCeiling, "unit price \(Self.text(unitPrice)) is above ceiling "
                + Self.text(product.ceiling))
        }
        if let expected, Int128(expected.minorUnits) != unitPrice {
            throw ModelRefusal(.priceChanged, "unit price is \(Self.text(unitPrice)), not \(expected)")
        }
    }

    /// SPEC §6–7 "order paid": the gross goes into escrow (gateway +G, escrow −G).
    mutating func receivePayment(for order: inout ModelOrder, at: Timestamp, sequence: UInt64) {
        takenTotal += order.gross
        post([(ModelAccount.gateway, order.gross), (ModelAccount.escrow, -order.gross)])
        movePending(of: order, order.legs, sign: 1)
        for (index, leg) in order.legs.enumerated() {
            writeStatement("sale", order.legParties[index], amount: leg, sequence: sequence)
        }
        order.status = .paid
        order.paidAt = at
        order.paidSequence = sequence
    }

    /// SPEC §5: a live reservation's units are delivered; a late pay (after expiry) takes units
    /// anew first-in first-out at the frozen price, or is `reservation_expired_sold_out`.
    /// README: delisting is not looked at.
    mutating func pay(_ id: String, at: Timestamp, sequence: UInt64) throws(ModelRefusal) {
        guard var order = orders[id] else { throw ModelRefusal(.unknownOrder, "no order \(id)") }
        if takenTotal + order.gross > Self.takenMaximum {
            throw ModelRefusal(.invalidValue, "payments would exceed the ledger's money range")
        }
        switch order.status {
        case .cancelled:
            throw ModelRefusal(.cancelled, "order \(id) was cancelled")
        case .reserved:
            setUnits(order.units, to: .delivered)
        case .expired:
            order.units = try takeUnits(of: order.sku, quantity: order.quantity, as: .delivered,
                                        refusing: .reservationExpiredSoldOut)
        case .paid:
            // A paid order is a duplicate (`recall`); it cannot get here.
            preconditionFailure("order.pay of a paid order must be a duplicate")
        }
        receivePayment(for: &order, at: at, sequence: sequence)
        orders[id] = order
    }

    /// SPEC §3 `order.cancel` of an unpaid reservation; README: an expired one is accepted
    /// too, with no units to return.
    mutating func cancel(_ id: String, sequence: UInt64) throws(ModelRefusal) {
        guard var order = orders[id] else { throw ModelRefusal(.unknownOrder, "no order \(id)") }
        switch order.status {
        case .paid:
            throw ModelRefusal(.notCancellable, "order \(id) is paid; refund it instead")
        case .reserved:
            setUnits(order.units, to: .available)
        case .expired:
            break
        case .cancelled:
            preconditionFailure("order.cancel of a cancelled order must be a duplicate")
        }
        order.status = .cancelled
        order.cancelSequence = sequence
        orders[id] = order
    }

    /// SPEC §5 and README: before a command is applied, every reservation whose deadline is
    /// ≤ its `at` expires, oldest deadline first, ties by the reservation's sequence number;
    /// one recorded event each.
    mutating func expireReservations(at: Timestamp) {
        var due: [(deadline: Timestamp, sequence: UInt64, id: String)] = []
        for (id, order) in orders where order.status == .reserved {
            if let deadline = order.deadline, deadline <= at {
                due.append((deadline, order.sequence, id))
            }
        }
        due.sort { ($0.deadline, $0.sequence) < ($1.deadline, $1.sequence) }
        for reservation in due {
            setUnits(orders[reservation.id]?.units ?? [], to: .available)
            orders[reservation.id]?.status = .expired
            lastSequence += 1
        }
    }
}
