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
        + "                              [--refund-rate-pct N]\n"
        + "       tierledger report html --out FILE [--until-seq N | --as-of TIME]"
    static let options = [CommonOptions.ledger, CommonOptions.format] + CommonOptions.cut + CommonOptions.period
        + partyOptions + [
            Arguments.Option("out", value: "FILE", help: "html: where to write the page."),
            CommonOptions.verbose, CommonOptions.validPrefix, CommonOptions.noSnapshot,
        ]
    static let kinds: [ReportKind] = [.balances, .inventory, .margins, .market, .priceWar, .statement, .risk]
    /// `report html` writes a page instead of printing a table.
    static let htmlKind = "html"

    let directory: LedgerDirectory
    let request: ReportRequest
    let format: ReportFormat?
    let verbose: Bool
    /// `report html`: the page to write.
    let out: String?

    init(_ arguments: Arguments) throws(UsageError) {
        let names = (Self.kinds.map(\.rawValue) + [Self.htmlKind]).joined(separator: ", ")
        guard arguments.positionals.count == 1, let text = arguments.positionals.first else {
            throw UsageError("expected one report kind: \(names)")
        }
        // The page draws on several reports; its request only carries the cut and options.
        let kind = text == Self.htmlKind ? .margins : ReportKind(rawValue: text)
        guard let kind, text == Self.htmlKind || Self.kinds.contains(kind) else {
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
        out = try Self.validateOut(kind: text, arguments)
    }

    func run(_ console: Console) -> ExitStatus {
        if let out { return writeHTML(to: out, console) }
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
