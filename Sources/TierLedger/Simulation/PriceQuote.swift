/// The price of one sku sold by one distributor, step by step as the engine computes it
/// (SPEC §4), with whether the engine would accept an order at it.
struct PriceQuote {
    var costMinorUnits: Int64 = 0
    var platformMarkup: Int64 = 0
    /// `m_1 … m_k`, root first.
    var markups = SIMD4<Int64>(repeating: 0)
    var depth = 0
    /// `p_{k−1}`: the seller's upstream price.
    var upstream: Int64 = 0
    /// `u = p_k`.
    var unitPrice: Int64 = 0
    /// Some step's `price` rule is below its upstream price (`price_below_upstream`).
    var belowUpstream = false
    /// Below the floor or above the ceiling.
    var outsideBounds = false

    var isSellable: Bool { !belowUpstream && !outsideBounds }
    /// The seller's own markup `m_k`.
    var ownMarkup: Int64 { depth > 0 ? markups[depth - 1] : 0 }
}
