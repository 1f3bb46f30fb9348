/// The size and pace of a simulated market, scaled from the number of commands asked for.
///
/// A full market (200,000 commands and more) has 40 suppliers, 2,000 skus on sale and 1,000
/// distributors; smaller runs shrink the catalogue and the tree so that every part of the
/// market still gets its share of commands. Periodic work (settlement, payouts) is thinned
/// for small runs so that it never crowds out the orders.
struct MarketShape {
    /// 2024-01-01T00:00:00Z.
    static var startMilliseconds: Int64 { 1_704_067_200_000 }
    /// Two years: to 2026-01-01T00:00:00Z.
    static var spanMilliseconds: Int64 { 731 * 86_400_000 }
    /// The escrow hold the simulator assumes (the ledger's default) when it estimates what a
    /// party may withdraw.
    static var holdMilliseconds: Int64 { 24 * 3_600_000 }
    /// Orders make up about this share of the commands (per thousand), for demand estimates.
    static var ordersPerThousandCommands: Int64 { 680 }
    /// Mean units per order (per thousand), for demand estimates.
    static var unitsPerThousandOrders: Int64 { 1_700 }

    let events: Int
    /// Skus on sale at any time: a delisted sku's place goes to a new one.
    let slotCount: Int
    let supplierCount: Int
    let distributorCount: Int
    let buyerCount: Int
    let settlementIntervalMilliseconds: Int64
    let payoutsPerWeek: Int
    /// The mean gap between commands after the opening setup.
    let meanStepMilliseconds: Int64
    /// Odds (per million market slots) of a shop's price review: 4.5% up to 2.5 million
    /// commands, then fewer, so that a shop reviews its prices at most about 100 times.
    let reviewsPerMillion: Int64
    /// Odds (per million market slots) of a reprice, void, delisting, platform markup,
    /// override or ceiling change: 0.62% up to 200,000 commands, then fewer, so that there
    /// are about 1,200 of them in any full market.
    let rareChangesPerMillion: Int64
    /// The gap between commands in the quietest hour of the day.
    let quietStepMilliseconds: Int64
    /// The shortest reservation, long enough that the pay command arrives in time even in
    /// the quietest hour.
    let minimumTTLSeconds: Int64

    init(events: Int) {
        precondition(events >= 1, "a market of at least one command")
        self.events = events
        slotCount = min(2_000, max(2, events / 50))
        supplierCount = min(40, max(1, slotCount / 50))
        distributorCount = min(1_000, max(2, events / 200))
        buyerCount = min(1_000_000, max(20, events / 4))
        let hours = Int64(731 * 24)
        let intervalHours = max(1, (hours * 20 + Int64(events) - 1) / Int64(events))
        settlementIntervalMilliseconds = intervalHours * 3_600_000
        payoutsPerWeek = min(400, max(1, events * 12 / 1_000 / 105))
        meanStepMilliseconds = max(1, Self.spanMilliseconds / Int64(events))
        reviewsPerMillion = min(45_000, 45_000 * 2_500_000 / Int64(events))
        rareChangesPerMillion = max(1, min(6_200, 6_200 * 200_000 / Int64(events)))
        quietStepMilliseconds = meanStepMilliseconds * SimulationClock.quietStretchPercent / 100
        minimumTTLSeconds = min(86_400, max(900, 6 * quietStepMilliseconds / 1_000))
    }

    /// Expected units of a slot with `weight` (of `totalWeight`) sold over `milliseconds`.
    func expectedUnits(weight: Int64, totalWeight: Int64, over milliseconds: Int64) -> Int64 {
        let units = Int128(events) * Int128(Self.ordersPerThousandCommands)
            * Int128(Self.unitsPerThousandOrders) / 1_000_000
        return Int64(units * Int128(weight) * Int128(milliseconds)
            / (Int128(totalWeight) * Int128(Self.spanMilliseconds)))
    }
}
