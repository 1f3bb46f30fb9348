/// The split of an order's gross into legs (SPEC §4 step 4), from its frozen chain. Shared by
/// the state machine (when an order is priced) and the log decoder (which stores the chain and
/// the override rates, not the derived legs).
enum OrderSplit {
    /// Legs in the fixed order (supplier, platform, D_1 … D_k) and the overrides taken.
    /// `rates[j]` is the override rate of the parent of step `j + 2` (D_{i−1} for i = j + 2).
    /// Requires every markup ≥ 0 and `markup × quantity` within range (checked when priced).
    static func legs(steps: [PriceStep], rates: [OverrideRate], quantity: Int64,
                     supplier: String) -> ([Leg], [OverrideShare]) {
        precondition(!steps.isEmpty && rates.count == max(steps.count - 2, 0), "a chain and its rates")
        return legs(steps: steps, quantity: quantity, supplier: supplier) { rates[$0] }
    }

    /// `legs(steps:rates:quantity:supplier:)` with `rate(j)` giving `rates[j]`, so that the state
    /// machine reads the rates where they are kept instead of gathering them into an array.
    static func legs(steps: [PriceStep], quantity: Int64, supplier: String,
                     rate: (Int) -> OverrideRate) -> ([Leg], [OverrideShare]) {
        precondition(!steps.isEmpty, "a chain has a platform step")
        let cost = steps[0].price.minorUnits - steps[0].markup.minorUnits
        // Both arrays are allocated once, at their final size.
        var overrides = [OverrideShare]()
        overrides.reserveCapacity(max(steps.count - 2, 0))
        // Step i ≥ 2 pays its parent (step i − 1) the parent's override share of its markup.
        for index in 2..<max(steps.count, 2) {
            let parameters = rate(index - 2)
            let markupTotal = Money(minorUnits: steps[index].markup.minorUnits * quantity)
            overrides.append(OverrideShare(parent: steps[index - 1].distributor ?? "",
                                           child: steps[index].distributor ?? "", bps: parameters.bps,
                                           bpsSequence: parameters.sequence,
                                           amount: BasisPoints.floorShare(markupTotal, parameters.bps)))
        }
        var legs = [Leg]()
        legs.reserveCapacity(steps.count + 1)
        legs.append(Leg(party: .supplier(supplier), amount: Money(minorUnits: cost * quantity)))
        legs.append(Leg(party: .platform, amount: Money(minorUnits: steps[0].markup.minorUnits * quantity)))
        for index in 1..<steps.count {
            // D_i's markup, less the share its parent takes, plus the share its child pays.
            var amount = steps[index].markup.minorUnits * quantity
            if index >= 2 { amount -= overrides[index - 2].amount.minorUnits }
            if index + 1 < steps.count { amount += overrides[index - 1].amount.minorUnits }
            legs.append(Leg(party: .distributor(steps[index].distributor ?? ""),
                            amount: Money(minorUnits: amount)))
        }
        return (legs, overrides)
    }
}

/// A parent's override rate as frozen into an order, with the event that set it.
struct OverrideRate: Hashable, Sendable {
    var bps: Int64
    var sequence: UInt64
}
