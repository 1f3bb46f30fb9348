import TierLedger

/// `tierledger explain order O`: how an order's price and split were built, rule by rule.
struct ExplainCommand: ToolCommand {
    static let name = "explain"
    static let abstract = "Show how an order's price and split were built, rule by rule."
    static let usage = "explain order O [--until-seq N | --as-of TIME] [--format F]"
    static let options = [CommonOptions.ledger, CommonOptions.format] + CommonOptions.readingOptions

    let directory: LedgerDirectory
    let order: String
    let cut: ReplayCut
    let validPrefix: Bool
    let format: ReportFormat?

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.count == 2, arguments.positionals[0] == "order" else {
            throw UsageError("expected: explain order O")
        }
        order = arguments.positionals[1]
        cut = try CommonOptions.cut(arguments)
        validPrefix = arguments.flag("valid-prefix")
        format = try CommonOptions.format(arguments)
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
    }

    func run(_ console: Console) -> ExitStatus {
        let table: ReportTable
        do throws(StoreError) {
            table = try directory.explain(order: order, cut: cut, validPrefix: validPrefix)
        } catch {
            return console.fail(error)
        }
        if table.rows.isEmpty {
            console.error("tierledger explain: the log has nothing on order \(order)"
                + (cut.isEverything ? "\n" : " up to the cut\n"))
        }
        console.print(table, as: format)
        return .success
    }
}
