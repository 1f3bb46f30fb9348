/// The split of an order's gross into legs (SPEC §4 step 4), from its frozen chain. Shared by
/// the state machine (when an order is priced) and the log decoder (which stores the chain and
/// the override rates, not the derived legs).
enum OrderSplit {
    /// Legs in the fixed order (supplier, platform, D_1 … D_k) and the overrides taken.
    /// `rates[j]` is the override rate of the parent of step `j + 2` (D_{i−1} for i = j + 2).
    /// Requires every markup ≥ 0 and `markup × quantity` within range (checked when priced).
    static func legs(steps: [PriceStep], rates: [OverrideRate], quantity: Int64,
                     supplier: String, keepingOverrides: Bool = true) -> ([Leg], [OverrideShare]) {
        precondition(!steps.isEmpty && rates.count == max(steps.count - 2, 0), "a chain and its rates")
        return legs(steps: steps, quantity: quantity, supplier: supplier, keepingOverrides: keepingOverrides) {
            rates[$0]
        }
    }

    /// `legs(steps:rates:quantity:supplier:)` with `rate(j)` giving `rates[j]`, so that the state
    /// machine reads the rates where they are kept instead of gathering them into an array.
    /// `keepingOverrides` false leaves the override shares out (the legs are the same).
    static func legs(steps: [PriceStep], quantity: Int64, supplier: String, keepingOverrides: Bool = true,
                     rate: (Int) -> OverrideRate) -> ([Leg], [OverrideShare]) {
        // Both arrays are allocated once, at their final size.
        var overrides = [OverrideShare]()
        if keepingOverrides { overrides.reserveCapacity(max(steps.count - 2, 0)) }
        var legs = [Leg]()
        legs.reserveCapacity(steps.count + 1)
        split(steps: steps, quantity: quantity, rate: rate) { share in
            switch share {
            case .override(let index, let parameters, let amount):
                guard keepingOverrides else { return }
                overrides.append(OverrideShare(parent: steps[index + 1].distributor ?? "",
                                               child: steps[index + 2].distributor ?? "", bps: parameters.bps,
                                               bpsSequence: parameters.sequence, amount: Money(minorUnits: amount)))
            case .leg(let index, let amount):
                legs.append(Leg(party: party(ofLeg: index, steps: steps, supplier: supplier),
                                amount: Money(minorUnits: amount)))
            }
        }
        return (legs, overrides)
    }

    /// One amount of the split: override `index` (the share step `index + 2` pays its parent,
    /// at `rate`), or leg `index`.
    enum Share {
        case override(index: Int, rate: OverrideRate, amount: Int64)
        case leg(index: Int, amount: Int64)
    }

    /// The split's amounts in order, every override and then every leg, without building
    /// arrays (`legs` builds them; the order catalog compares a fact's own with them in place).
    static func split(steps: [PriceStep], quantity: Int64, rate: (Int) -> OverrideRate, _ body: (Share) -> Void) {
        precondition(!steps.isEmpty, "a chain has a platform step")
        let cost = steps[0].price.minorUnits - steps[0].markup.minorUnits
        // Step i ≥ 2 pays its parent (step i − 1) the parent's override share of its markup.
        func overrideAmount(_ index: Int) -> Int64 {
            BasisPoints.floorShare(Money(minorUnits: steps[index + 2].markup.minorUnits * quantity),
                                   rate(index).bps).minorUnits
        }
        for index in 0..<max(steps.count - 2, 0) {
            body(.override(index: index, rate: rate(index), amount: overrideAmount(index)))
        }
        body(.leg(index: 0, amount: cost * quantity))
        body(.leg(index: 1, amount: steps[0].markup.minorUnits * quantity))
        for index in 1..<steps.count {
            // D_i's markup, less the share its parent takes, plus the share its child pays.
            var amount = steps[index].markup.minorUnits * quantity
            if index >= 2 { amount -= overrideAmount(index - 2) }
            if index + 1 < steps.count { amount += overrideAmount(index - 1) }
            body(.leg(index: index + 1, amount: amount))
        }
    }

    /// The party of leg `index`: the supplier, the platform, then each distributor step's.
    static func party(ofLeg index: Int, steps: [PriceStep], supplier: String) -> LegParty {
        switch index {
        case 0: .supplier(supplier)
        case 1: .platform
        default: .distributor(steps[index - 1].distributor ?? "")
        }
    }
}

/// A parent's override rate as frozen into an order, with the event that set it.
struct OverrideRate: Hashable, Sendable {
    var bps: Int64
    var sequence: UInt64
}
