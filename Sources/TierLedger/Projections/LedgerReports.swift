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
    /// Start from a projection snapshot when one fits, and leave one behind (not with
    /// `--no-snapshot`, which replays the whole log as if there were none).
    public var usesSnapshots = true

    public init(kind: ReportKind) {
        self.kind = kind
    }
}

extension LedgerDirectory {
    /// Replays the log up to `request.cut` (from a snapshot when one fits) and computes the
    /// report. `note` hears about snapshots (`--verbose`).
    public func report(_ request: ReportRequest, progress: ReplayProgress? = nil,
                       note: (String) -> Void = { _ in }) throws(StoreError) -> ReportTable {
        switch request.kind {
        case .statement: return try statementReport(request)
        case .risk:
            return try risk(request.riskThresholds, cut: request.cut, validPrefix: request.validPrefix,
                            usesSnapshots: request.usesSnapshots, progress: progress, note: note)
        default: break
        }
        if let table = try periodReport(request) { return table }
        let projections = try replayProjections(cut: request.cut, validPrefix: request.validPrefix,
                                                usesSnapshots: request.usesSnapshots, parts: request.kind.parts,
                                                progress: progress, note: note)
        defer { StateDisposal.dispose(projections) }
        switch request.kind {
        case .balances: return projections.balances.report
        case .inventory: return projections.inventory.report
        case .margins: return projections.margins.report
        case .market: return projections.market.report
        case .priceWar: return projections.priceWar.report
        default:
            throw StoreError(.io, "report \(request.kind.rawValue) is not built yet")
        }
    }

    /// Hands every event inside `cut` to `visit`, in order (from `resume` on, when given; on a
    /// second thread when `concurrently`; only the events `interest` wants, when given: see
    /// `scan`). A
    /// `visit` error stops the replay and is reported as an inconsistent log, whether or not the
    /// valid prefix was asked for: an event that does not fit the state before it (possible
    /// only in a log forged past its checksums) means the projections are no fold of the log.
    @discardableResult
    func replay(cut: ReplayCut, validPrefix: Bool, resume: LogScanner.ResumePoint? = nil,
                progress: ReplayProgress? = nil, concurrently: Bool = true, interest: LogScanner.Interest? = nil,
                horizon: Timestamp? = nil,
                _ visit: (Event) throws(ReplayError) -> Void) throws(StoreError) -> LogScanner.Result {
        var inconsistency: ReplayError?
        let result = try scan(validPrefix: validPrefix, cut: cut, resume: resume, progress: progress,
                              concurrently: concurrently, interest: interest, horizon: horizon) {
            event throws(ReplayError) in
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
        return result
    }
}

extension ReportKind {
    /// The projections a report prints from (what a fresh snapshot must load for it).
    var parts: Set<LedgerProjections.Part> {
        switch self {
        case .balances: [.balances]
        case .inventory: [.inventory]
        case .margins: [.margins]
        case .market: [.market]
        case .priceWar: [.priceWar]
        case .statement, .risk: Set(LedgerProjections.Part.allCases)
        }
    }
}
