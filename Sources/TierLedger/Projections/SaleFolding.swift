/// The price war and the market, folded on a thread of their own while a replay runs on two
/// or more cores (`LedgerProjections.apply(_:foldingSalesIn:)`): of an event they need nothing
/// but a few fields of its sale (`SaleSummary`), and together they were a quarter of a cold
/// replay's wall time (the 2 M ledger: 8.3–9.0 s with them on the projection thread,
/// 6.5–6.6 s without them at all).
///
/// Sales are handed over in batches, in order, as summaries that hold no arrays: handing over
/// the `PaidSale` itself kept the event's heap blocks alive until this thread was done, so
/// that they were freed away from the thread that made them, and the replay was slower than
/// on one thread (9.5–10.8 s against 8.6–9.3 s). The batches come back to the projection
/// thread to be freed there (`BatchFilling`). The first error stops the folding, and later
/// sales are refused (`add` returns false); the caller then replays on one thread, whose
/// error is the one to report.
final class SaleFolding: @unchecked Sendable {
    struct Folded: Sendable {
        var market: MarketProjection
        var priceWar: PriceWarProjection
        var failure: ReplayError?
    }

    static let batchSize = 256

    private let queue: BatchQueue<SaleSummary>
    private let folding: BackgroundTask<Folded>
    /// The projection thread's side (not shared).
    private var filling = BatchFilling<SaleSummary>()

    /// `refusingFrom` (for tests) refuses every sale from that sequence number on, as if the
    /// price war had: no valid log makes these projections refuse a sale the others took.
    init(market: MarketProjection, priceWar: PriceWarProjection, refusingFrom: UInt64? = nil) {
        let queue = BatchQueue<SaleSummary>(depth: 4)
        self.queue = queue
        folding = BackgroundTask(name: "tierledger-sales") {
            var folded = Folded(market: market, priceWar: priceWar)
            var done: [SaleSummary]?
            while let batch = queue.pop(handingBack: done.take()) {
                for sale in batch {
                    do throws(ReplayError) {
                        if let refusingFrom, sale.sequence >= refusingFrom { throw sale.error("refused for a test") }
                        try folded.market.apply(sale)
                        try folded.priceWar.apply(sale)
                    } catch {
                        folded.failure = error
                        queue.close()
                        return folded
                    }
                }
                done = batch
            }
            return folded
        }
        filling.batch.reserveCapacity(Self.batchSize)
    }

    /// Hands a sale over (projection thread only); false once the folding has failed.
    func add(_ sale: SaleSummary) -> Bool {
        guard filling.add(sale, batchSize: Self.batchSize) else { return true }
        return filling.handOver(to: queue, batchSize: Self.batchSize)
    }

    /// Waits until every sale handed over is folded: the price war and market, and the first
    /// error, if any.
    func finish() -> Folded {
        if !filling.batch.isEmpty { _ = filling.handOver(to: queue, batchSize: Self.batchSize) }
        queue.end()
        return folding.wait()
    }
}
