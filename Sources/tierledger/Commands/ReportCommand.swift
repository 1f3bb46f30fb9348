import TierLedger

/// `tierledger report KIND`: prints one report of SPEC §8.
struct ReportCommand: ToolCommand {
    static let name = "report"
    static let abstract = "Print a report: balances, inventory, statement or risk."
    static let usage = "report balances|inventory|statement|risk [--format table|csv|json] [--ledger DIR]\n"
        + "       tierledger report statement --distributor D | --supplier S [--from TIME] [--to TIME]\n"
        + "       tierledger report risk [--bulk-orders N] [--bulk-units N] [--bulk-window-minutes N] "
        + "[--refund-min-orders N] [--refund-rate-pct N]"
    static let options = [
        CommonOptions.ledger, CommonOptions.format,
        Arguments.Option("valid-prefix", help: "Report on the events before any damage instead of failing."),
    ] + partyOptions
    static let kinds = ["balances", "inventory", "statement", "risk"]

    let directory: LedgerDirectory
    let kind: String
    let format: ReportFormat?
    let validPrefix: Bool
    let request: ReportRequest

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.count == 1, let kind = arguments.positionals.first else {
            throw UsageError("expected one report kind: \(Self.kinds.joined(separator: ", "))")
        }
        guard Self.kinds.contains(kind) else {
            throw UsageError("unknown report \(kind); expected one of \(Self.kinds.joined(separator: ", "))")
        }
        self.kind = kind
        if let text = arguments.value("format") {
            guard let format = ReportFormat(rawValue: text) else {
                throw UsageError("--format expects table, csv or json, got \(text)")
            }
            self.format = format
        } else {
            format = nil
        }
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
        validPrefix = arguments.flag("valid-prefix")
        var request = ReportRequest(kind: ReportKind(rawValue: kind) ?? .balances)
        try Self.readPartyOptions(arguments, into: &request)
        self.request = request
    }

    func run(_ console: Console) -> ExitStatus {
        var request = self.request
        request.validPrefix = validPrefix
        let table: ReportTable
        do throws(StoreError) {
            table = try directory.report(request)
        } catch {
            return console.fail(error)
        }
        console.out(table.rendered(as: format ?? (console.stdoutIsTerminal ? .table : .csv)))
        return .success
    }
}
