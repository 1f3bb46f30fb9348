/// The stricter check of events that come from outside a log (an `import` file, a library
/// caller's `appendRecorded`): the state machine must record exactly that event from the
/// command behind it.
///
/// Replay's own checks (`problem(with:)`) make sure an event fits the state: an order's legs
/// add up to its gross, a refund stays within what is left. They do not make sure that it is
/// the event the rules give: an edited export could hold an order whose markups are not its
/// chain's rules, a settlement that releases escrow before its hold, or a reservation that
/// never expires. For each event a command decides from the state alone, this rebuilds the
/// command, decides it and compares. Events of the other kinds carry their command's values
/// as they are (a name, a rule), and replay's checks cover them.
extension LedgerState {
    /// Why the state machine would not record `event` now, or `nil`. Call it only for an
    /// event `problem(with:)` accepts.
    func redecisionProblem(_ event: Event) -> String? {
        guard let at = event.at else { return nil }
        // Expiries come first, in expiry order, recorded at the time of the command after them.
        let due = dueReservations(at: at)
        if case .orderExpired(let order, _) = event.body {
            guard let next = due.first else { return "order \(order) is not due to expire at \(at)" }
            return next.order == order ? nil : "order \(next.order) is due to expire before \(order)"
        }
        if let first = due.first {
            return "the reservation of order \(first.order) expired at \(first.deadline) and is not recorded as expired"
        }
        guard let action = Self.action(recording: event.body) else { return nil }
        let decided: EventBody
        do {
            let command = Command(at: at, action: action)
            switch event.body {
            case .orderPlaced(let fact), .orderReserved(let fact, _, _):
                decided = try decideOrder(command, buyer: fact.buyer).body
            case .orderPaid:
                decided = try decideOrder(command, buyer: nil).body
            default:
                decided = try decide(command, returning: [], codes: [])  // none of these adds stock
            }
        } catch let rejected as OrderRejected {
            return "the state machine rejects it (\(rejected.rejection.code.rawValue): \(rejected.rejection.message))"
        } catch let rejection as Rejection {
            return "the state machine rejects it (\(rejection.code.rawValue): \(rejection.message))"
        } catch {
            return "the state machine rejects it: \(error)"
        }
        guard decided != event.body else { return nil }
        let (path, given, expected) = event.jsonValue.firstDifference(
            from: Event(sequence: event.sequence, at: at, body: decided).jsonValue)
        return "\(path) is \(given), but the state machine records \(expected) at this point"
    }

    /// The command whose decision records `body`, for the kinds decided from the state.
    private static func action(recording body: EventBody) -> Command.Action? {
        switch body {
        case .orderPlaced(let fact):
            return .placeOrder(request(fact))
        case .orderReserved(let fact, let ttlSeconds, _):
            return .reserveOrder(request(fact), ttlSeconds: ttlSeconds)
        case .orderPaid(let order, _, _, _):
            return .payOrder(order: order)
        case .orderCancelled(let order, _):
            return .cancelOrder(order: order)
        case .stockVoided(let sku, let batch, let count, let reason, _):
            return .voidStock(sku: sku, batch: batch, count: count, reason: reason)
        case .orderRefunded(let fact):
            return .refundOrder(refund: fact.refund, order: fact.order, amount: fact.amount, reason: fact.reason)
        case .disputeResolved(let dispute, _, let outcome, let refund):
            return .resolveDispute(dispute: dispute, outcome: outcome, amount: refund?.amount)
        case .settlementRan:
            return .runSettlement
        default:
            return nil
        }
    }

    /// The request behind an order's fact. The buyer's id is not recorded (only its
    /// fingerprint, which the decision takes separately), and pricing does not read it.
    private static func request(_ fact: OrderFact) -> OrderRequest {
        OrderRequest(order: fact.order, distributor: fact.distributor, sku: fact.sku, quantity: fact.quantity,
                     buyer: "", expectUnitPrice: fact.expectUnitPrice)
    }
}
