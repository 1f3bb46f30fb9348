import TierLedger

/// `tierledger report KIND`: prints one report of SPEC §8.
struct ReportCommand: ToolCommand {
    static let name = "report"
    static let abstract = "Print a report: margins, market, price-war, statement, risk, …"
    static let usage = "report KIND [--until-seq N | --as-of TIME] [--format F]\n"
        + "       KIND: balances, inventory, margins, market, price-war, statement, risk\n"
        + "       tierledger report margins|market|price-war [--from TIME] [--to TIME]\n"
        + "       tierledger report statement --distributor D | --supplier S\n"
        + "                                   [--from TIME] [--to TIME]\n"
        + "       tierledger report risk [--bulk-orders N] [--bulk-units N]\n"
        + "                              [--bulk-window-minutes N] [--refund-min-orders N]\n"
        + "                              [--refund-rate-pct N]"
    static let options = [CommonOptions.ledger, CommonOptions.format] + CommonOptions.cut + CommonOptions.period
        + partyOptions + [CommonOptions.verbose, CommonOptions.validPrefix, CommonOptions.noSnapshot]
    static let kinds: [ReportKind] = [.balances, .inventory, .margins, .market, .priceWar, .statement, .risk]

    let directory: LedgerDirectory
    let request: ReportRequest
    let format: ReportFormat?
    let verbose: Bool

    init(_ arguments: Arguments) throws(UsageError) {
        let names = Self.kinds.map(\.rawValue).joined(separator: ", ")
        guard arguments.positionals.count == 1, let text = arguments.positionals.first else {
            throw UsageError("expected one report kind: \(names)")
        }
        guard let kind = ReportKind(rawValue: text), Self.kinds.contains(kind) else {
            throw UsageError("unknown report \(text); expected one of \(names)")
        }
        var request = ReportRequest(kind: kind)
        request.cut = try CommonOptions.cut(arguments)
        request.period = try CommonOptions.period(arguments)
        if !request.period.isAlways, !kind.takesPeriod {
            let periodKinds = ReportKind.allCases.filter(\.takesPeriod).map(\.rawValue).joined(separator: ", ")
            throw UsageError("--from/--to apply to the period reports \(periodKinds)")
        }
        request.validPrefix = arguments.flag("valid-prefix")
        request.usesSnapshots = !arguments.flag("no-snapshot")
        try Self.readPartyOptions(arguments, into: &request)
        self.request = request
        format = try CommonOptions.format(arguments)
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
        verbose = arguments.flag("verbose")
    }

    func run(_ console: Console) -> ExitStatus {
        let table: ReportTable
        do throws(StoreError) {
            table = try directory.report(request, progress: console.replayProgress) { note in
                if verbose { console.error("tierledger: \(note)\n") }
            }
        } catch {
            return console.fail(error)
        }
        console.print(table, as: format)
        return .success
    }
}
