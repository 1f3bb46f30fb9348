import TierLedger

/// `tierledger report KIND`: prints one report of SPEC §8.
struct ReportCommand: ToolCommand {
    static let name = "report"
    static let abstract = "Print a report: balances or inventory; or write the HTML page."
    static let usage = "report balances|inventory [--format table|csv|json] [--ledger DIR]\n"
        + "       tierledger report html --out FILE [--ledger DIR]"
    static let options = [
        CommonOptions.ledger, CommonOptions.format,
        Arguments.Option("valid-prefix", help: "Report on the events before any damage instead of failing."),
        Arguments.Option("out", value: "FILE", help: "html: where to write the page."),
    ]
    static let kinds = ["balances", "inventory", "html"]

    let directory: LedgerDirectory
    let kind: String
    let format: ReportFormat?
    let validPrefix: Bool
    /// `report html`: the page to write.
    let out: String?

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
        out = try Self.validateOut(kind: kind, arguments)
    }

    func run(_ console: Console) -> ExitStatus {
        if let out { return writeHTML(to: out, console) }
        var request = ReportRequest(kind: kind == "balances" ? .balances : .inventory)
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
