import TierLedger

/// Order, escrow and payout commands, the weighted choice among all kinds, repeats and
/// conflicts.
extension WorkloadGenerator {
    /// What the random phase can generate, with relative weights (orders dominate, as in a
    /// real market).
    enum Kind: CaseIterable {
        case register, fee, list, reprice, delist, addStock, void, platformMarkup, floor, ceiling
        case join, distributorMarkup, override, place, reserve, pay, cancel, refund
        case disputeOpen, disputeResolve, settlement, payout, repeatEarlier, conflictEarlier

        var weight: Int64 {
            switch self {
            case .delist: 1
            case .register, .list, .void, .platformMarkup, .floor, .ceiling, .override: 2
            case .fee, .reprice, .join, .cancel, .disputeOpen, .disputeResolve, .conflictEarlier: 3
            case .distributorMarkup, .payout: 4
            case .settlement: 5
            case .addStock: 6
            case .refund, .repeatEarlier: 6
            case .pay: 4
            case .reserve: 9
            case .place: 14
            }
        }
    }

    mutating func randomAction() -> Command.Action {
        let total = Kind.allCases.reduce(0) { $0 + $1.weight }
        var roll = integer(1...total)
        for kind in Kind.allCases {
            if roll <= kind.weight { return make(kind) }
            roll -= kind.weight
        }
        return .runSettlement
    }

    mutating func make(_ kind: Kind) -> Command.Action {
        switch kind {
        case .register: makeRegisterSupplier()
        case .fee: makeChargeFee()
        case .list: makeListProduct()
        case .reprice: makeReprice()
        case .delist: makeDelist()
        case .addStock: makeAddStock()
        case .void: makeVoidStock()
        case .platformMarkup: makePlatformMarkup()
        case .floor: makeBound(floor: true)
        case .ceiling: makeBound(floor: false)
        case .join: makeJoin()
        case .distributorMarkup: makeDistributorMarkup()
        case .override: makeOverride()
        case .place: .placeOrder(makeOrderRequest())
        case .reserve: .reserveOrder(makeOrderRequest(), ttlSeconds: makeTTL())
        case .pay: .payOrder(order: orderReference([([.reserved], 40), ([.expired], 30),
                                                    ([.paid], 12), ([.cancelled], 10)]))
        case .cancel: .cancelOrder(order: orderReference([([.reserved], 45), ([.expired], 20),
                                                          ([.cancelled], 12), ([.paid], 13)]))
        case .refund: makeRefund()
        case .disputeOpen: makeOpenDispute()
        case .disputeResolve: makeResolveDispute()
        case .settlement: .runSettlement
        case .payout: makePayout()
        case .repeatEarlier: pickIfAny(Array(history.suffix(80))) ?? .runSettlement
        case .conflictEarlier: makeConflict()
        }
    }

    /// A fresh order id (or a recent one: a conflict), quantities with their boundaries, and an
    /// expected price that is right, wrong or absent.
    mutating func makeOrderRequest() -> OrderRequest {
        let order = chance(92) ? fresh("O") : (pickIfAny(recentOrders(Self.anyStatus)) ?? fresh("O"))
        let distributor = distributorReference()
        let sku = skuReference()
        let roll = integer(1...100)
        let quantity: Int64 = roll <= 80 ? integer(1...3) : roll <= 88 ? integer(4...10)
            : roll <= 91 ? 0 : roll <= 94 ? 1_001 : roll <= 96 ? 1_000 : 1
        var expected: Money?
        let expectRoll = integer(1...100)
        if expectRoll <= 20, let price = quotedUnitPrice(sku: sku, distributor: distributor) {
            expected = Money(minorUnits: expectRoll <= 12 ? price : max(0, price + pick([-1, 1, 100])))
        }
        return OrderRequest(order: order, distributor: distributor, sku: sku, quantity: quantity,
                            buyer: "buyer\(integer(1...4))", expectUnitPrice: expected)
    }

    mutating func makeTTL() -> Int64 {
        let roll = integer(1...100)
        switch roll {
        case 1...60: return integer(30...1_800)
        case 61...80: return integer(1_800...86_400)
        case 81...84: return 0
        case 85...88: return 604_801
        case 89...92: return 604_800
        default: return integer(1...30)
        }
    }

    /// Within the refundable amount, all of it, one fen over, zero, or anything up to gross.
    mutating func refundAmount(for order: String) -> Money {
        guard let record = shadow.orders[order], let refundable = Int64(exactly: record.refundable),
              let gross = Int64(exactly: record.gross), refundable > 0 else { return cents(1...500) }
        let roll = integer(1...100)
        switch roll {
        case 1...45: return amount(upTo: refundable)
        case 46...60: return Money(minorUnits: refundable)
        case 61...70: return Money(minorUnits: refundable + 1)
        case 71...75: return .zero
        case 76...85: return amount(upTo: min(refundable, 100))
        default: return amount(upTo: gross)
        }
    }

    mutating func makeRefund() -> Command.Action {
        let order = orderReference([([.paid], 80), ([.reserved, .expired], 10), ([.cancelled], 5)])
        return .refundOrder(refund: fresh("R"), order: order, amount: refundAmount(for: order),
                            reason: chance(50) ? nil : "customer")
    }

    mutating func makeOpenDispute() -> Command.Action {
        let order = orderReference([([.paid], 80), ([.reserved, .expired, .cancelled], 10)])
        return .openDispute(dispute: fresh("Q"), order: order, reason: "no code received")
    }

    /// Open disputes mostly; closed ones with the same outcome (duplicates) or the other
    /// (`dispute_closed`); unknown ones.
    mutating func makeResolveDispute() -> Command.Action {
        let ids = shadow.disputes.keys.sorted()
        let open = ids.filter { shadow.disputes[$0]?.outcome == nil }
        let closed = ids.filter { shadow.disputes[$0]?.outcome != nil }
        let roll = integer(1...100)
        let dispute = roll <= 65 ? (pickIfAny(open) ?? pickIfAny(closed) ?? "Q-none")
            : roll <= 88 ? (pickIfAny(closed) ?? "Q-none") : roll <= 95 ? "Q-none"
            : (pickIfAny(ids) ?? "Q-none")
        guard chance(50) else {
            return .resolveDispute(dispute: dispute, outcome: .reject, amount: nil)
        }
        var amount: Money?
        if let order = shadow.disputes[dispute]?.order, let record = shadow.orders[order],
           let refundable = Int64(exactly: record.refundable), refundable > 0 {
            let amountRoll = integer(1...100)
            amount = amountRoll <= 50 ? nil : amountRoll <= 80 ? self.amount(upTo: refundable)
                : amountRoll <= 88 ? Money(minorUnits: refundable + 1)
                : amountRoll <= 92 ? .zero : Money(minorUnits: refundable)
        }
        return .resolveDispute(dispute: dispute, outcome: .refund, amount: amount)
    }

    /// Within the available balance, all of it, above it, or zero.
    mutating func makePayout() -> Command.Action {
        var party: Party = chance(50) ? .supplier(supplierReference())
            : .distributor(distributorReference())
        // Mostly a party that has money to withdraw, so that payouts within balance happen.
        let funded = shadow.parties.keys.sorted().filter { shadow.available($0) > 0 }
        if chance(60), let rich = pickIfAny(funded) { party = rich }
        let available = Int64(exactly: shadow.available(party)) ?? 0
        let roll = integer(1...100)
        let amount: Money
        if roll <= 5 {
            amount = .zero
        } else if available > 0 && roll <= 45 {
            amount = self.amount(upTo: available)
        } else if available > 0 && roll <= 65 {
            amount = Money(minorUnits: available)
        } else if available > 0 && roll <= 85 {
            amount = Money(minorUnits: available + integer(1...100))
        } else {
            amount = cents(1...5_000)
        }
        return .makePayout(payout: fresh("P"), party: party, amount: amount)
    }

    /// An earlier id-bearing command with one field changed: `id_conflict` (or, for an id whose
    /// first use was rejected, a command in its own right).
    mutating func makeConflict() -> Command.Action {
        let candidates = history.filter { $0.modelIdentity != nil }
        guard let earlier = pickIfAny(Array(candidates.suffix(60))) else { return .runSettlement }
        let fen = Money(minorUnits: 1)
        switch earlier {
        case .registerSupplier(let supplier, let name):
            return .registerSupplier(supplier: supplier, name: name + "x")
        case .chargeFee(let fee, let supplier, let amount, let memo):
            return .chargeFee(fee: fee, supplier: supplier, amount: (try? amount.adding(fen)) ?? fen,
                              memo: memo)
        case .listProduct(var listing):
            listing.name += "x"
            return .listProduct(listing)
        case .addStock(let sku, let batch, _):
            return .addStock(sku: sku, batch: batch, units: .count(integer(1...5)))
        case .joinDistributor(let distributor, let name, let parent):
            return .joinDistributor(distributor: distributor, name: name + "x", parent: parent)
        case .placeOrder(let request):
            return .reserveOrder(request, ttlSeconds: 600)
        case .reserveOrder(var request, let ttlSeconds):
            request.quantity += 1
            return .reserveOrder(request, ttlSeconds: ttlSeconds)
        case .refundOrder(let refund, let order, let amount, let reason):
            return .refundOrder(refund: refund, order: order,
                                amount: (try? amount.adding(fen)) ?? fen, reason: reason)
        case .openDispute(let dispute, let order, let reason):
            return .openDispute(dispute: dispute, order: order, reason: reason + "x")
        case .makePayout(let payout, let party, let amount):
            return .makePayout(payout: payout, party: party, amount: (try? amount.adding(fen)) ?? fen)
        default:
            return .runSettlement
        }
    }
}
