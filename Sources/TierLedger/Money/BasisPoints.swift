/// Basis-point arithmetic with the rounding named at every division (SPEC §2).
///
/// 10000 bps = 100%. Products are formed in 128 bits, so no intermediate overflows; a
/// result that does not fit in 64 bits is reported as `MoneyOverflow`.
public enum BasisPoints {
    public static let whole: Int64 = 10_000

    /// `half_up(x, bps) = (x × bps + 5000) / 10000`, for `x ≥ 0` and `bps ≥ 0`.
    @inlinable
    public static func halfUp(_ amount: Money, _ bps: Int64) throws(MoneyOverflow) -> Money {
        precondition(amount.minorUnits >= 0 && bps >= 0, "half_up is defined for non-negative values")
        let scaled = (Int128(amount.minorUnits) * Int128(bps) + 5_000) / 10_000
        guard let result = Int64(exactly: scaled) else {
            throw MoneyOverflow(operation: "half_up(\(amount), \(bps) bps)")
        }
        return Money(minorUnits: result)
    }

    /// `floor(x × bps / 10000)`, for `x ≥ 0` and `0 ≤ bps ≤ 10000` (so the result is ≤ x).
    @inlinable
    public static func floorShare(_ amount: Money, _ bps: Int64) -> Money {
        precondition(amount.minorUnits >= 0 && (0...whole).contains(bps), "floor share out of range")
        let share = Int128(amount.minorUnits) * Int128(bps) / 10_000
        return Money(minorUnits: Int64(share))
    }
}
