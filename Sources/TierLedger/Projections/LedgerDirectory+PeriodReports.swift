extension ReportKind {
    /// The reports that take `--from`/`--to` (SPEC §8 period reports). For `market` and
    /// `price-war` the period selects orders by payment time, so a month cut by the period
    /// counts only the part inside it.
    public var takesPeriod: Bool {
        switch self {
        case .margins, .market, .priceWar, .statement: true
        default: false
        }
    }
}

extension LedgerDirectory {
    /// A period report asked with a period: a fold of its own over the cut, with a projection
    /// that counts only the period. `nil` when there is no period or the report takes none;
    /// the all-time reports come from `LedgerProjections` instead.
    func periodReport(_ request: ReportRequest) throws(StoreError) -> ReportTable? {
        try periodReport(request, readingPastTheEnd: false)
    }

    /// `periodReport`; past the period's end the records orders write are skipped unless
    /// `readingPastTheEnd` (to compare). Nothing after the end counts in these reports but the
    /// distributors who joined (margins has a row for each by the cut), so a report of an early
    /// period decodes little more than the period.
    func periodReport(_ request: ReportRequest, readingPastTheEnd: Bool) throws(StoreError) -> ReportTable? {
        guard !request.period.isAlways, request.kind.takesPeriod else { return nil }
        let cut = request.cut
        let validPrefix = request.validPrefix
        let horizon = readingPastTheEnd ? nil : request.period.to
        switch request.kind {
        case .margins:
            return try replay(MarginsProjection(period: request.period), cut: cut, validPrefix: validPrefix,
                              horizon: horizon).fold.report
        case .market:
            return try replay(MarketProjection(period: request.period), cut: cut, validPrefix: validPrefix,
                              horizon: horizon).fold.report
        case .priceWar:
            return try replay(PriceWarProjection(period: request.period), cut: cut, validPrefix: validPrefix,
                              horizon: horizon).fold.report
        default:
            return nil
        }
    }
}
