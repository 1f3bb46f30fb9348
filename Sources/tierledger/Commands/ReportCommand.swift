import TierLedger

/// `tierledger report KIND`: prints one report of SPEC §8.
struct ReportCommand: ToolCommand {
    static let name = "report"
    static let abstract = "Print a report: balances, inventory, margins, market or price-war."
    static let usage = "report balances|inventory|margins|market|price-war [--from TIME] [--to TIME] "
        + "[--format table|csv|json] [--ledger DIR]"
    static let options = [
        CommonOptions.ledger, CommonOptions.format,
        Arguments.Option("valid-prefix", help: "Report on the events before any damage instead of failing."),
        Arguments.Option("from", value: "TIME", help: "Period reports: from this RFC 3339 time (inclusive)."),
        Arguments.Option("to", value: "TIME", help: "Period reports: up to this RFC 3339 time (exclusive)."),
    ]
    static let kinds = ["balances", "inventory", "margins", "market", "price-war"]

    let directory: LedgerDirectory
    let kind: ReportKind
    let format: ReportFormat?
    let validPrefix: Bool
    let period: Period

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.count == 1, let kind = arguments.positionals.first else {
            throw UsageError("expected one report kind: \(Self.kinds.joined(separator: ", "))")
        }
        guard Self.kinds.contains(kind), let reportKind = ReportKind(rawValue: kind) else {
            throw UsageError("unknown report \(kind); expected one of \(Self.kinds.joined(separator: ", "))")
        }
        self.kind = reportKind
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
        period = try Self.period(arguments, for: reportKind)
    }

    /// `--from`/`--to`: RFC 3339 times, for the period reports only, `--from` before `--to`.
    static func period(_ arguments: Arguments, for kind: ReportKind) throws(UsageError) -> Period {
        var period = Period()
        for name in ["from", "to"] {
            guard let text = arguments.value(name) else { continue }
            guard kind.takesPeriod else {
                throw UsageError("--\(name) applies to the period reports margins, market and price-war")
            }
            guard let time = Timestamp.parseRFC3339(text) else {
                throw UsageError("--\(name) expects \(Timestamp.rfc3339Expectation), got \(text)")
            }
            if name == "from" { period.from = time } else { period.to = time }
        }
        if let from = period.from, let to = period.to, from >= to {
            throw UsageError("--from \(from) must be before --to \(to)")
        }
        return period
    }

    func run(_ console: Console) -> ExitStatus {
        var request = ReportRequest(kind: kind)
        request.validPrefix = validPrefix
        request.period = period
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
