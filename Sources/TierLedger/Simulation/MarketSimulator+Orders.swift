/// Buyers and their orders: who buys what from whom, reservations and their payments,
/// cancellations and expiries, retries and repeated callbacks.
extension MarketSimulator {
    /// About a fifth of orders are reserved first.
    static var reservePercent: Int64 { 20 }

    /// A buyer arrives wanting a sku (most often a popular one); now and then a shop buys
    /// from itself or from its own sub-station (self-dealing, for the risk report).
    mutating func arrivalAction() -> Command.Action? {
        if random.odds(30, in: 10_000) { return selfDealingAction() }
        let slot = slotPopularity.pick(using: &random)
        return orderAction(buyer: pickBuyer(), slot: slot, opensBurst: true)
    }

    /// Low buyer numbers buy more often (the smaller of two uniform draws).
    mutating func pickBuyer() -> Int {
        let top = Int64(shape.buyerCount - 1)
        return Int(Swift.min(random.draw(in: 0...top), random.draw(in: 0...top)))
    }

    /// About one buyer in 211 buys in bulk (20–200 units, several orders in a few minutes).
    func isBulkBuyer(_ buyer: Int) -> Bool { buyer % 211 == 5 }

    func buyerID(_ buyer: Int) -> String { SimulatedIdentifiers.make("B", Int64(buyer + 1), width: 7) }

    func orderID(_ order: Int64) -> String { SimulatedIdentifiers.make("O", order, width: 9) }

    mutating func nextOrder() -> Int64 {
        orderSerial += 1
        return orderSerial
    }

    /// The shop a buyer returns to, chosen by shop size on the buyer's first order.
    private mutating func homeOf(_ buyer: Int) -> Int {
        let stored = buyerHomes[buyer]
        if stored > 0 { return Int(stored) - 1 }
        let home = Int(tradingSellers[sellerWeights.pick(using: &random)])
        buyerHomes[buyer] = UInt16(home + 1)
        return home
    }

    /// An order by `buyer` for the sku in `slot`, placed or reserved; `nil` when no shop
    /// offers it at a price the engine accepts or the buyer finds it sold out and leaves.
    mutating func orderAction(buyer: Int, slot: Int, opensBurst: Bool) -> Command.Action? {
        let sku = Int(slotSkus[slot])
        guard !products[sku].delisted, sellerWeights.count > 0 else { return nil }
        guard let (seller, quote) = chooseSeller(home: homeOf(buyer), slot: slot, sku: sku) else {
            return nil
        }
        let bulk = isBulkBuyer(buyer)
        var quantity = pickQuantity(bulk: bulk, unitPrice: quote.unitPrice)
        let available = products[sku].available
        var soldOut = false
        if quantity > available {
            // Most buyers see "sold out" and leave or take what is left; a few try anyway.
            if random.odds(12, in: 100) {
                soldOut = true
            } else if available > 0 {
                quantity = available
            } else {
                return nil
            }
        }
        let order = nextOrder()
        let request = OrderRequest(order: orderID(order), distributor: distributorIDs[seller],
                                   sku: skuIDs[sku], quantity: quantity, buyer: buyerID(buyer),
                                   expectUnitPrice: nil)
        if soldOut {
            statistics.intendedRejections += 1
            return .placeOrder(request)
        }
        if opensBurst, bulk, random.odds(1, in: 2) {
            schedule(.burstOrder(buyer: Int32(buyer), remaining: Int32(random.draw(in: 4...6))),
                     at: now + delay(seconds: 20...90))
        }
        return takeOrder(request, order: order, sku: sku, seller: seller, quote: quote)
    }

    /// Looks at the buyer's own shop and two others of its tier that carry the slot:
    /// loyal buyers stay with their shop, the rest take the cheapest offer.
    private mutating func chooseSeller(home: Int, slot: Int, sku: Int) -> (Int, PriceQuote)? {
        var bestSeller = -1
        var best = PriceQuote()
        if carries(home, slot: slot) {
            let homeQuote = quote(sku: sku, seller: home)
            if homeQuote.isSellable {
                if random.odds(45, in: 100) { return (home, homeQuote) }
                bestSeller = home
                best = homeQuote
            }
        }
        var tierIndex = distributors[home].tier - 1
        // A tier without offers for the slot sends the buyer to the shops (tier 3) first.
        if offers[tierIndex][slot].isEmpty { tierIndex = offers[2][slot].isEmpty ? 1 : 2 }
        if offers[tierIndex][slot].isEmpty { tierIndex = 0 }
        let offerCount = offers[tierIndex][slot].count
        guard offerCount > 0 else { return bestSeller >= 0 ? (bestSeller, best) : nil }
        for _ in 0..<2 {
            let candidate = Int(offers[tierIndex][slot][Int(random.draw(in: 0...Int64(offerCount - 1)))])
            guard candidate != bestSeller else { continue }
            let candidateQuote = quote(sku: sku, seller: candidate)
            if candidateQuote.isSellable, bestSeller < 0 || candidateQuote.unitPrice < best.unitPrice {
                bestSeller = candidate
                best = candidateQuote
            }
        }
        return bestSeller >= 0 ? (bestSeller, best) : nil
    }

    /// Mostly one unit; several of cheap cards. A bulk buyer takes 20–200 cheap cards or
    /// about 2,000.00 worth of dear ones; nobody else spends more than about 1,000.00 an order.
    private mutating func pickQuantity(bulk: Bool, unitPrice: Int64) -> Int64 {
        if bulk { return Swift.min(random.draw(in: 20...200), Swift.max(2, 200_000 / unitPrice)) }
        let wanted: Int64 = switch random.draw(in: 0...99) {
        case 0..<72: 1
        case 72..<86: 2
        case 86..<92: 3
        case 92..<96: random.draw(in: 4...5)
        case 96..<99: random.draw(in: 6...10)
        default: random.draw(in: 11...30)
        }
        return Swift.min(wanted, Swift.max(1, 100_000 / unitPrice))
    }

    /// Places or reserves a priced order. Three orders in ten state the price the buyer saw;
    /// one in four hundred saw a stale price (rejected `price_changed`).
    private mutating func takeOrder(_ request: OrderRequest, order: Int64, sku: Int, seller: Int,
                                    quote: PriceQuote) -> Command.Action {
        var request = request
        let draw = random.draw(in: 0...9_999)
        if draw < 25 {
            let stale = quote.unitPrice + random.draw(in: 1...Swift.max(1, quote.unitPrice / 20))
            request.expectUnitPrice = Money(minorUnits: stale)
            statistics.intendedRejections += 1
            return .placeOrder(request)
        }
        if draw < 3_000 { request.expectUnitPrice = Money(minorUnits: quote.unitPrice) }
        if random.odds(Self.reservePercent, in: 100),
           batchesTouched(sku: sku, quantity: request.quantity) <= BatchTakes.capacity {
            return reserve(request, order: order, sku: sku, seller: seller, quote: quote)
        }
        takeUnits(sku: sku, quantity: request.quantity)
        restockIfLow(sku: sku)
        recordPayment(order: order, sku: sku, seller: seller, quote: quote, quantity: request.quantity,
                      legs: legs(of: quote, sku: sku, seller: seller, quantity: request.quantity))
        let action = Command.Action.placeOrder(request)
        if random.odds(5, in: 1_000) {
            // The client did not see the acknowledgement and sends the order again.
            repeatSerial += 1
            repeatedOrders[repeatSerial] = action
            schedule(.repeatOrder(key: repeatSerial), at: now + delay(seconds: 2...20))
        }
        return action
    }

    /// A reservation: most are paid in time, some cancelled, some paid after they expired,
    /// the rest left to expire.
    private mutating func reserve(_ request: OrderRequest, order: Int64, sku: Int, seller: Int,
                                  quote: PriceQuote) -> Command.Action {
        let ttl = Swift.min(604_800, shape.minimumTTLSeconds * random.draw(in: 100...300) / 100)
        let takes = takeUnits(sku: sku, quantity: request.quantity)
        restockIfLow(sku: sku)
        let record = allocateReservation()
        let deadline = now + ttl * 1_000
        reservations[record] = SimulatedReservation(
            order: order, sku: Int32(sku), seller: Int32(seller), quantity: request.quantity,
            deadline: deadline, status: .live, takes: takes, quote: quote,
            legs: legs(of: quote, sku: sku, seller: seller, quantity: request.quantity),
            awaitingTask: true)
        deadlines.insert(ReservationDeadline(deadline: deadline, order: order, record: Int32(record)))
        let within = ttl * 1_000 * random.draw(in: 5...70) / 100
        switch random.draw(in: 0...999) {
        case 0..<820:
            schedule(.payReservation(record: Int32(record), order: order), at: now + within)
        case 820..<890:
            schedule(.cancelReservation(record: Int32(record), order: order), at: now + within)
        case 890..<920:
            schedule(.payReservation(record: Int32(record), order: order),
                     at: deadline + delay(seconds: 60...shape.minimumTTLSeconds))
        default:
            reservations[record].awaitingTask = false
        }
        return .reserveOrder(request, ttlSeconds: ttl)
    }

    private mutating func allocateReservation() -> Int {
        if let record = freeReservations.popLast() { return Int(record) }
        reservations.append(SimulatedReservation())
        return reservations.count - 1
    }

    private mutating func freeReservation(_ record: Int) {
        reservations[record] = SimulatedReservation()
        freeReservations.append(Int32(record))
    }

    /// Pays a reservation: live, it is delivered from its held units; expired, it is paid
    /// late and honoured only if enough units are available (else the engine rejects it
    /// `reservation_expired_sold_out`).
    mutating func payAction(record: Int, order: Int64) -> Command.Action? {
        let reservation = reservations[record]
        guard reservation.order == order else { return nil }
        let sku = Int(reservation.sku)
        switch reservation.status {
        case .live:
            break
        case .expired:
            guard products[sku].available >= reservation.quantity else {
                statistics.intendedRejections += 1
                freeReservation(record)
                return .payOrder(order: orderID(order))
            }
            takeUnits(sku: sku, quantity: reservation.quantity)
            restockIfLow(sku: sku)
        default:
            return nil
        }
        freeReservation(record)
        recordPayment(order: order, sku: sku, seller: Int(reservation.seller), quote: reservation.quote,
                      quantity: reservation.quantity, legs: reservation.legs)
        return .payOrder(order: orderID(order))
    }

    /// Cancels a reservation (an expired one too: there is nothing to return). Now and then
    /// the payment arrives after the cancel and is rejected `cancelled`.
    mutating func cancelAction(record: Int, order: Int64) -> Command.Action? {
        let reservation = reservations[record]
        guard reservation.order == order else { return nil }
        switch reservation.status {
        case .live: returnUnits(sku: Int(reservation.sku), takes: reservation.takes)
        case .expired: break
        default: return nil
        }
        freeReservation(record)
        if random.odds(1, in: 100) {
            schedule(.repeatPay(order: order, rejected: true), at: now + delay(seconds: 30...600))
        }
        return .cancelOrder(order: orderID(order))
    }

    mutating func repeatPayAction(order: Int64, rejected: Bool) -> Command.Action? {
        if rejected { statistics.intendedRejections += 1 } else { statistics.intendedDuplicates += 1 }
        return .payOrder(order: orderID(order))
    }

    mutating func repeatOrderAction(key: Int64) -> Command.Action? {
        guard let action = repeatedOrders.removeValue(forKey: key) else { return nil }
        statistics.intendedDuplicates += 1
        return action
    }

    /// Reservations whose deadline is at or before `time` give their units back.
    mutating func expireReservations(through time: Int64) {
        while let first = deadlines.first, first.deadline <= time {
            _ = deadlines.popFirst()
            let record = Int(first.record)
            guard reservations[record].order == first.order, reservations[record].status == .live else {
                continue
            }
            returnUnits(sku: Int(reservations[record].sku), takes: reservations[record].takes)
            reservations[record].status = .expired
            if !reservations[record].awaitingTask { freeReservation(record) }
        }
    }

    /// A paid order: its margin counts for the month; it is refunded or disputed later, or
    /// its legs become withdrawable after the hold. One payment in fifty gets its callback
    /// repeated (a duplicate that must not deliver twice).
    mutating func recordPayment(order: Int64, sku: Int, seller: Int, quote: PriceQuote, quantity: Int64,
                                legs: OrderLegs) {
        let gross = quote.unitPrice * quantity
        statistics.recordPaidOrder(month: currentMonth, ownMargin: quote.ownMarkup * quantity,
                                   gross: gross)
        if random.odds(2, in: 100) {
            schedule(.repeatPay(order: order, rejected: false), at: now + delay(seconds: 5...120))
        }
        if !scheduleAfterSales(order: order, sku: sku, seller: seller, gross: gross) {
            releases.append(PendingRelease(releaseAt: now + MarketShape.holdMilliseconds, legs: legs))
        }
    }

    /// A bulk buyer's next order of a burst.
    mutating func burstOrderAction(buyer: Int, remaining: Int) -> Command.Action? {
        if remaining > 1 {
            schedule(.burstOrder(buyer: Int32(buyer), remaining: Int32(remaining - 1)),
                     at: now + delay(seconds: 20...90))
        }
        return orderAction(buyer: buyer, slot: slotPopularity.pick(using: &random), opensBurst: false)
    }

    /// A shop owner buys from its own shop or its sub-station, under its distributor id.
    private mutating func selfDealingAction() -> Command.Action? {
        guard !tradingSellers.isEmpty else { return nil }
        let owner = Int(random.element(of: tradingSellers))
        let children = childrenOf[owner].filter { distributors[Int($0)].trading }
        let seller = children.isEmpty || random.odds(1, in: 2)
            ? owner : Int(random.element(of: children))
        guard !carriedSlots[seller].isEmpty else { return nil }
        let sku = Int(slotSkus[Int(random.element(of: carriedSlots[seller]))])
        let quote = quote(sku: sku, seller: seller)
        let quantity = random.draw(in: 1...3)
        guard !products[sku].delisted, quote.isSellable, products[sku].available >= quantity else {
            return nil
        }
        let order = nextOrder()
        takeUnits(sku: sku, quantity: quantity)
        restockIfLow(sku: sku)
        recordPayment(order: order, sku: sku, seller: seller, quote: quote, quantity: quantity,
                      legs: legs(of: quote, sku: sku, seller: seller, quantity: quantity))
        return .placeOrder(OrderRequest(order: orderID(order), distributor: distributorIDs[seller],
                                        sku: skuIDs[sku], quantity: quantity,
                                        buyer: distributorIDs[owner], expectUnitPrice: nil))
    }
}
