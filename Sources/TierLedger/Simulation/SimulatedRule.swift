/// A markup rule as the simulator models it, in minor units: the engine's `MarkupRule` plus
/// "no rule" (zero markup), so that pricing needs no optionals on its hot path.
enum SimulatedRule: Equatable, Sendable {
    case none
    case fixed(Int64)
    case bps(Int64)
    case price(Int64)

    /// The markup over `upstream` (SPEC §4, `half_up` for bps); negative when a `price` is
    /// below the upstream price, which the engine rejects as `price_below_upstream`.
    @inline(__always)
    func markup(over upstream: Int64) -> Int64 {
        switch self {
        case .none: 0
        case .fixed(let amount): amount
        case .bps(let bps): (upstream * bps + 5_000) / 10_000
        case .price(let price): price - upstream
        }
    }

    /// The engine's rule; `nil` for `.none`.
    var markupRule: MarkupRule? {
        switch self {
        case .none: nil
        case .fixed(let amount): .fixed(Money(minorUnits: amount))
        case .bps(let bps): .bps(bps)
        case .price(let price): .price(Money(minorUnits: price))
        }
    }
}
