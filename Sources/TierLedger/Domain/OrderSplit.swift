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
        let cost = steps[0].price.minorUnits - steps[0].markup.minorUnits
        var amounts = steps.map { $0.markup.minorUnits * quantity }
        var overrides = [OverrideShare]()
        // Step i ≥ 2 pays its parent (step i − 1) the parent's override share of its markup.
        for (offset, rate) in rates.enumerated() {
            let index = offset + 2
            let child = steps[index].distributor ?? ""
            let parent = steps[index - 1].distributor ?? ""
            let markupTotal = Money(minorUnits: steps[index].markup.minorUnits * quantity)
            let share = BasisPoints.floorShare(markupTotal, rate.bps)
            amounts[index] -= share.minorUnits
            amounts[index - 1] += share.minorUnits
            overrides.append(OverrideShare(parent: parent, child: child, bps: rate.bps,
                                           bpsSequence: rate.sequence, amount: share))
        }
        var legs = [Leg(party: .supplier(supplier), amount: Money(minorUnits: cost * quantity)),
                    Leg(party: .platform, amount: Money(minorUnits: amounts[0]))]
        for index in 1..<steps.count {
            legs.append(Leg(party: .distributor(steps[index].distributor ?? ""),
                            amount: Money(minorUnits: amounts[index])))
        }
        return (legs, overrides)
    }
}

/// A parent's override rate as frozen into an order, with the event that set it.
struct OverrideRate: Hashable, Sendable {
    var bps: Int64
    var sequence: UInt64
}
