/// A chart axis over integer data: bounds and ticks at round values (1, 2 or 5 times a power
/// of ten, in the data's integer units), chosen in integer arithmetic so that the same data
/// always give the same axis.
///
/// Invariants: `lower < upper`; `step > 0`; `lower` and `upper` are multiples of `step`; the
/// ticks run from `lower` to `upper` by `step`, at most `targetTickCount + 1` of them.
public struct AxisScale: Equatable, Sendable {
    public let lower: Int64
    public let upper: Int64
    public let step: Int64

    /// The smallest round axis that holds `values`, with about `targetTickCount` intervals.
    /// `includeZero` makes the axis start (or end) at zero, as bars must. `minimumStep` keeps
    /// ticks at least that far apart (one currency unit for prices, say).
    public init(
        covering values: [Int64], includeZero: Bool, targetTickCount: Int64 = 5,
        minimumStep: Int64 = 1
    ) {
        var low = values.min() ?? 0
        var high = values.max() ?? 0
        if includeZero {
            low = Swift.min(low, 0)
            high = Swift.max(high, 0)
        }
        // Values beyond ±2^59 could overflow the tick arithmetic below; a chart of such figures
        // (far beyond any ledger's volume) is clamped instead of trapping.
        let limit: Int64 = 1 << 59
        low = Swift.max(-limit, Swift.min(low, limit))
        high = Swift.max(-limit, Swift.min(high, limit))
        if low == high {
            // A flat line: widen around it so that it sits inside the axis, not on its edge.
            let pad = Swift.max(minimumStep, low.magnitude > 10 ? Int64(low.magnitude / 10) : 1)
            if includeZero {
                high += pad  // both are zero: an axis from 0 up
            } else {
                low -= pad
                high += pad
            }
        }
        var step: Int64 = 1
        while step < minimumStep { step = Self.roundStep(after: step) }
        // A step as wide as the data leaves at most two intervals (one each side of zero), so
        // the loop ends even when fewer are asked for.
        while Self.intervals(low, high, step) > Swift.max(targetTickCount, 1), step < high - low {
            step = Self.roundStep(after: step)
        }
        self.step = step
        var lower = Self.floorDivide(low, step) * step
        var upper = Self.ceilingDivide(high, step) * step
        // A floating axis (one without zero) keeps a step of room beyond the data, so that a
        // line never runs along the axis itself; it never crosses zero to get it.
        if !includeZero {
            if lower == low, lower - step >= 0 || low < 0 { lower -= step }
            if upper == high, upper + step <= 0 || high > 0 { upper += step }
        }
        self.lower = lower
        self.upper = upper
    }

    /// The tick values, from `lower` to `upper`.
    public var ticks: [Int64] {
        var ticks: [Int64] = []
        var tick = lower
        while tick <= upper {
            ticks.append(tick)
            tick += step
        }
        return ticks
    }

    /// Where `value` falls between `start` (at `lower`) and `end` (at `upper`), in pixels. The
    /// only floating point in a chart: coordinates, never figures.
    public func position(of value: Int64, from start: Double, to end: Double) -> Double {
        let fraction = Double(value - lower) / Double(upper - lower)
        return start + (end - start) * fraction
    }

    /// The round step after `step` in 1, 2, 5, 10, 20, 50, …
    static func roundStep(after step: Int64) -> Int64 {
        var power: Int64 = 1
        while step / power >= 10 { power *= 10 }
        switch step / power {
        case 1: return 2 * power
        case 2: return 5 * power
        default: return 10 * power
        }
    }

    static func intervals(_ low: Int64, _ high: Int64, _ step: Int64) -> Int64 {
        ceilingDivide(high, step) - floorDivide(low, step)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    static func ceilingDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor > 0 ? quotient + 1 : quotient
    }
}
