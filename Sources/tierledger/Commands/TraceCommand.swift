import TierLedger

/// `tierledger trace order|code|buyer X`: every event that touched one thing, in log order.
struct TraceCommand: ToolCommand {
    static let name = "trace"
    static let abstract = "Show every event that touched an order, a code or a buyer."
    static let usage = "trace order|code|buyer X [--fingerprint]\n"
        + "       [--until-seq N | --as-of TIME] [--format F] [--ledger DIR]"
    static let options = [
        CommonOptions.ledger, CommonOptions.format,
        Arguments.Option("fingerprint",
                         help: "X is a code's or buyer's fingerprint in hex, as reports print it."),
    ] + CommonOptions.readingOptions

    let directory: LedgerDirectory
    let subject: TraceSubject
    let cut: ReplayCut
    let validPrefix: Bool
    let format: ReportFormat?

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.count == 2 else {
            throw UsageError("expected what to trace and its id: order O, code X or buyer X")
        }
        let kind = arguments.positionals[0]
        let value = arguments.positionals[1]
        subject = try Self.subject(kind, value, fingerprint: arguments.flag("fingerprint"))
        cut = try CommonOptions.cut(arguments)
        validPrefix = arguments.flag("valid-prefix")
        format = try CommonOptions.format(arguments)
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
    }

    static func subject(_ kind: String, _ value: String, fingerprint: Bool) throws(UsageError) -> TraceSubject {
        switch (kind, fingerprint) {
        case ("order", false): return .order(value)
        case ("order", true): throw UsageError("--fingerprint applies to code and buyer, not order")
        case ("code", false): return .code(value)
        case ("buyer", false): return .buyer(value)
        case ("code", true), ("buyer", true):
            guard let hex = Fingerprint(hex: value) else {
                throw UsageError("--fingerprint expects 32 lowercase hex digits, got \(value)")
            }
            return kind == "code" ? .codeFingerprint(hex) : .buyerFingerprint(hex)
        default:
            throw UsageError("unknown trace \(kind); expected order, code or buyer")
        }
    }

    func run(_ console: Console) -> ExitStatus {
        let table: ReportTable
        do throws(StoreError) {
            table = try directory.trace(subject, cut: cut, validPrefix: validPrefix)
        } catch {
            return console.fail(error)
        }
        // Nothing found is an answer ("the log never saw it"), not a failure: exit 0, with a
        // note on stderr so that a person is not left guessing at an empty table.
        if table.rows.isEmpty {
            console.error("tierledger trace: the log has nothing on \(subject.label)"
                + (cut.isEverything ? "\n" : " up to the cut\n"))
        }
        console.print(table, as: format)
        return .success
    }
}
