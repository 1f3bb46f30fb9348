/// The reports of SPEC §8, computed by replaying a ledger's log into projections.
public enum ReportKind: String, CaseIterable, Sendable {
    case margins, balances, statement, inventory
    case priceWar = "price-war"
    case market, risk
}

/// What a report is asked: the cut of the log, the period, and the report's own options.
public struct ReportRequest: Equatable, Sendable {
    public var kind: ReportKind
    public var cut = ReplayCut.everything
    public var period = Period.always
    /// `statement`: whose statement.
    public var party: Party?
    /// `risk`: its thresholds.
    public var riskThresholds = RiskThresholds.standard
    /// Read the events before any damage instead of failing (`--valid-prefix`).
    public var validPrefix = false

    public init(kind: ReportKind) {
        self.kind = kind
    }
}

extension LedgerDirectory {
    /// Replays the log up to `request.cut` and computes the report.
    public func report(_ request: ReportRequest) throws(StoreError) -> ReportTable {
        switch request.kind {
        case .statement: return try statementReport(request)
        case .risk: return try risk(request.riskThresholds, cut: request.cut, validPrefix: request.validPrefix)
        default: break
        }
        let projections = try replayProjections(cut: request.cut, validPrefix: request.validPrefix)
        switch request.kind {
        case .balances: return projections.balances.report
        case .inventory: return projections.inventory.report
        default:
            throw StoreError(.io, "report \(request.kind.rawValue) is not built yet")
        }
    }

    /// The projections of every event inside `cut`. An event that does not fit the state
    /// before it (possible only in a log forged past its checksums) is an error even with
    /// `validPrefix`: the projections would no longer be a fold of the log.
    func replayProjections(cut: ReplayCut, validPrefix: Bool) throws(StoreError) -> LedgerProjections {
        var projections = LedgerProjections()
        try replay(cut: cut, validPrefix: validPrefix) { event throws(ReplayError) in
            try projections.apply(event)
        }
        return projections
    }

    /// Hands every event inside `cut` to `visit`, in order. A `visit` error stops the replay and
    /// is reported as an inconsistent log, whether or not the valid prefix was asked for.
    func replay(cut: ReplayCut, validPrefix: Bool, _ visit: (Event) throws(ReplayError) -> Void)
        throws(StoreError) {
        var inconsistency: ReplayError?
        _ = try scan(validPrefix: validPrefix, cut: cut) { event throws(ReplayError) in
            do throws(ReplayError) {
                try visit(event)
            } catch {
                inconsistency = error
                throw error
            }
        }
        if let inconsistency {
            throw StoreError(.damaged, "the log of \(path) is inconsistent at \(inconsistency). Nothing was "
                + "changed. Run `tierledger verify --ledger \(path)` for details")
        }
    }
}
