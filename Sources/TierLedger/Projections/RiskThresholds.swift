/// The thresholds of the `risk` report (SPEC §8), each a flag of `tierledger report risk`.
/// The defaults are the SPEC's figures.
public struct RiskThresholds: Equatable, Sendable {
    /// `--bulk-orders`: a buyer with this many orders inside one window is a bulk buyer.
    public var bulkOrders: Int64 = 5
    /// `--bulk-units`: … or with this many units inside one window.
    public var bulkUnits: Int64 = 20
    /// `--bulk-window-minutes`: the window's length; a window is half-open, `[t, t + length)`.
    public var bulkWindowMinutes: Int64 = 10
    /// `--refund-min-orders`: a seller needs this many paid orders before its refund rate counts.
    public var refundMinimumOrders: Int64 = 20
    /// `--refund-rate-pct`: the share of paid orders with any refund, in whole percent, at or
    /// above which a seller is flagged.
    public var refundRatePercent: Int64 = 10

    public init() {}

    public static let standard = RiskThresholds()

    /// The window in milliseconds; the flag's range (1–525,600 minutes) keeps it far from
    /// overflow.
    var bulkWindowMilliseconds: Int64 { bulkWindowMinutes * 60_000 }
}
