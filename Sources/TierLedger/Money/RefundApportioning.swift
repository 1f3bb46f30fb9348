/// Splits a refund over an order's legs by the largest-remainder method (SPEC §6).
///
/// For a refund `A` over remaining legs `r_j` with `R = Σ r_j`: each leg first gets
/// `floor(A × r_j / R)`; the minor units still missing go one each to the legs with the
/// largest remainders `(A × r_j) mod R`, ties to the earlier leg in the fixed order.
///
/// Invariants (checked by property tests): the parts sum to `A` exactly; no part exceeds
/// its leg's remaining amount; `A = R` clears every leg.
public enum RefundApportioning {
    /// The reversal of each leg. Requires `0 < A ≤ R` and every `r_j ≥ 0`.
    public static func apportion(amount: Money, remaining: [Money]) -> [Money] {
        let total = remaining.reduce(Int128(0)) { $0 + Int128($1.minorUnits) }
        let refund = Int128(amount.minorUnits)
        precondition(refund > 0 && refund <= total, "refund must be within what remains")
        precondition(remaining.allSatisfy { $0.minorUnits >= 0 }, "a leg is negative")
        var parts = [Int64]()
        var remainders = [(remainder: Int128, index: Int)]()
        parts.reserveCapacity(remaining.count)
        remainders.reserveCapacity(remaining.count)
        var assigned: Int128 = 0
        for (index, leg) in remaining.enumerated() {
            let product = refund * Int128(leg.minorUnits)
            let share = product / total  // floor: both operands are non-negative
            parts.append(Int64(share))
            remainders.append((product % total, index))
            assigned += share
        }
        var missing = Int(refund - assigned)  // < number of legs
        precondition(missing >= 0 && missing < max(remaining.count, 1), "largest remainder bound")
        // Largest remainder first; ties to the earlier leg.
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var position = 0
        while missing > 0 {
            parts[remainders[position].index] += 1
            missing -= 1
            position += 1
        }
        return parts.map { Money(minorUnits: $0) }
    }
}
