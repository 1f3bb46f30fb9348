extension ReportKind {
    /// The reports that take `--from`/`--to` (SPEC §8 period reports). For `market` and
    /// `price-war` the period selects orders by payment time, so a month cut by the period
    /// counts only the part inside it.
    public var takesPeriod: Bool {
        switch self {
        case .margins, .market, .priceWar: true
        default: false
        }
    }
}

extension LedgerDirectory {
    /// A period report asked with a period: a fold of its own over the cut, with a projection
    /// that counts only the period. `nil` when there is no period or the report takes none;
    /// the all-time reports come from `LedgerProjections` instead.
    func periodReport(_ request: ReportRequest) throws(StoreError) -> ReportTable? {
        guard !request.period.isAlways, request.kind.takesPeriod else { return nil }
        let cut = request.cut
        let validPrefix = request.validPrefix
        switch request.kind {
        case .margins:
            return try replayProjection(MarginsProjection(period: request.period), cut: cut,
                                        validPrefix: validPrefix).report
        case .market:
            return try replayProjection(MarketProjection(period: request.period), cut: cut,
                                        validPrefix: validPrefix).report
        case .priceWar:
            return try replayProjection(PriceWarProjection(period: request.period), cut: cut,
                                        validPrefix: validPrefix).report
        default:
            return nil
        }
    }

    /// Folds every event inside `cut` into `projection`, beside the order catalog it reads
    /// (updated after the projection, so it sees the orders as they stood before each event).
    func replayProjection<Folded: Projection>(_ projection: Folded, cut: ReplayCut, validPrefix: Bool)
        throws(StoreError) -> Folded {
        var projection = projection
        var orders = OrderCatalog()
        try replay(cut: cut, validPrefix: validPrefix) { event throws(ReplayError) in
            try projection.apply(event, orders: orders)
            try orders.apply(event)
        }
        return projection
    }
}
