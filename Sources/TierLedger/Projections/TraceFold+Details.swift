/// The one-line details of a trace: what happened, with the figures.
extension TraceFold {
    static func placed(_ fact: OrderFact) -> String {
        "\(fact.distributor) sold \(sale(fact)) to buyer \(fact.buyer.hex); "
            + "units \(units(fact.units)) delivered; legs " + legs(fact.legs, fact.legs.map(\.amount.minorUnits))
    }

    static func reserved(_ fact: OrderFact, deadline: Timestamp) -> String {
        "\(fact.distributor) reserved \(sale(fact)) for buyer \(fact.buyer.hex); units \(units(fact.units)) "
            + "held until \(deadline)"
    }

    static func sale(_ fact: OrderFact) -> String {
        "\(fact.quantity) × \(fact.sku) at \(fact.unitPrice) = \(fact.gross)"
    }

    static func returned(_ body: EventBody, units: [UnitRun]) -> String {
        let what = if case .orderExpired = body { "the reservation expired" } else { "cancelled" }
        return units.isEmpty ? "\(what); it had expired, no units to return"
            : "\(what); units \(Self.units(units)) back in stock"
    }

    static func refunded(_ refund: RefundFact, fact: OrderFact) -> String {
        let when = refund.afterRelease ? "after release (from balances)" : "before release (from escrow)"
        let reason = refund.reason.map { " (\($0))" } ?? ""
        return "refund \(refund.refund) of \(refund.amount) \(when)\(reason); reversed "
            + legs(fact.legs, refund.reversals.map(\.minorUnits))
    }

    /// `S1 160.00, platform 8.00, D1 4.51`: the non-zero amounts, in the fixed leg order.
    static func legs(_ legs: [Leg], _ amounts: [Int64]) -> String {
        let parts = zip(legs, amounts).filter { $0.1 != 0 }.map { leg, amount in
            "\(leg.party.name) \(Money(minorUnits: amount))"
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    /// `QQ-B1[0-1], QQ-B2[0]`: at most four runs, then how many more.
    static func units(_ runs: [UnitRun]) -> String {
        guard !runs.isEmpty else { return "none" }
        var parts = runs.prefix(4).map { run in
            // A forged run could overflow; it is shown as recorded rather than trap.
            let (last, overflow) = run.start.addingReportingOverflow(run.count &- 1)
            if run.count == 1 { return "\(run.batch)[\(run.start)]" }
            return overflow ? "\(run.batch)[\(run.start)+\(run.count)]" : "\(run.batch)[\(run.start)-\(last)]"
        }
        if runs.count > 4 { parts.append("and \(runs.count - 4) more runs") }
        return parts.joined(separator: ", ")
    }
}

extension LegParty {
    /// The supplier's or distributor's id, or `platform`.
    var name: String {
        switch self {
        case .supplier(let supplier): supplier
        case .distributor(let distributor): distributor
        case .platform: "platform"
        }
    }
}
