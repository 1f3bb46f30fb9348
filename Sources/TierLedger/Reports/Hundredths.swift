/// A decimal with exactly two fraction digits that is not money: a percentage such as
/// `margin_pct` or a change in percentage points such as `change_pp` (SPEC §8). Kept as an
/// exact count of hundredths in 128 bits, so no report ratio can overflow; never floating point.
struct Hundredths: Equatable, Comparable, Sendable, CustomStringConvertible {
    var count: Int128

    static func < (lhs: Hundredths, rhs: Hundredths) -> Bool { lhs.count < rhs.count }

    static func - (lhs: Hundredths, rhs: Hundredths) -> Hundredths {
        Hundredths(count: lhs.count - rhs.count)
    }

    /// `part / whole × 100` to two places: `part × 10000 / whole`, rounded half away from zero
    /// (SPEC §2's half up for the usual non-negative case; a negative part rounds
    /// symmetrically, so `-0.125%` is `-0.13`). `nil` when `whole` is zero.
    static func percentage(_ part: Int64, of whole: Int64) -> Hundredths? {
        guard whole != 0 else { return nil }
        return Hundredths(count: (Int128(part) * 10_000).dividedRoundingHalfAwayFromZero(by: Int128(whole)))
    }

    /// The text form: optional minus sign, the whole part, a dot and two digits (`-0.50`).
    var description: String {
        let magnitude = count.magnitude
        let fraction = magnitude % 100
        let sign = count < 0 ? "-" : ""
        return "\(sign)\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}

extension Int128 {
    /// `self / divisor` rounded to the nearest integer, a half away from zero (for
    /// non-negative operands this is half up). Works on magnitudes with quotient and
    /// remainder, so no intermediate can overflow. `divisor` must not be zero.
    func dividedRoundingHalfAwayFromZero(by divisor: Int128) -> Int128 {
        precondition(divisor != 0, "division by zero")
        let numerator = magnitude
        let denominator = divisor.magnitude
        var quotient = numerator / denominator
        let remainder = numerator % denominator
        // remainder ≥ denominator − remainder  ⇔  remainder / denominator ≥ 1/2.
        if remainder >= denominator - remainder { quotient += 1 }
        let negative = (self < 0) != (divisor < 0)
        // quotient ≤ 2^127 and, when it is 2^127, the result is negative (Int128.min).
        return negative ? Int128(truncatingIfNeeded: 0 &- quotient) : Int128(quotient)
    }
}
