/// What the simulator itself knows about the market it wrote: the distributor margin month
/// by month (SPEC §8 `market`: Σ own margin / Σ gross of the month's paid orders) and how
/// many commands it meant to be rejected. Tests compare it with what the engine recorded.
struct MarketStatistics {
    /// Month boundaries (UTC, milliseconds) from 2024-01 to 2026-01.
    static let monthStarts: [Int64] = (0...24).map { index in
        let year = Int64(2024 + index / 12)
        let month = Int64(index % 12 + 1)
        return Timestamp.daysSinceEpoch(year: year, month: month, day: 1) * 86_400_000
    }

    var ownMarginByMonth = [Int64](repeating: 0, count: 24)
    var grossByMonth = [Int64](repeating: 0, count: 24)
    var paidOrdersByMonth = [Int64](repeating: 0, count: 24)
    /// Commands written to be rejected (sold out, floor breaches, stale prices, …).
    var intendedRejections = 0
    /// Commands written to be acknowledged as duplicates (repeated callbacks and retries).
    var intendedDuplicates = 0

    /// The month index (0 = 2024-01) of `time`, clamped to the simulated two years.
    static func month(of time: Int64) -> Int {
        var index = 0
        while index < 23, monthStarts[index + 1] <= time { index += 1 }
        return index
    }

    mutating func recordPaidOrder(month: Int, ownMargin: Int64, gross: Int64) {
        ownMarginByMonth[month] += ownMargin
        grossByMonth[month] += gross
        paidOrdersByMonth[month] += 1
    }

    /// The margin of `month` in basis points of its gross (0 for a month without sales).
    func marginBps(month: Int) -> Int64 {
        grossByMonth[month] > 0 ? ownMarginByMonth[month] * 10_000 / grossByMonth[month] : 0
    }
}
