import TierLedger

/// `tierledger init`: creates a ledger.
struct InitCommand: ToolCommand {
    static let name = "init"
    static let abstract = "Create a new ledger directory with its secret key."
    static let usage = "init [--ledger DIR] [--currency CNY] [--hold-hours 24]"
    static let options = [
        CommonOptions.ledger,
        Arguments.Option("currency", value: "CODE", help: "Three-letter currency code (default CNY)."),
        Arguments.Option("hold-hours", value: "N", help: "Escrow hold before release, 0–8760 (default 24)."),
    ]

    let directory: LedgerDirectory
    let settings: LedgerSettings

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else {
            throw UsageError("unexpected argument \(arguments.positionals[0])")
        }
        let currency = arguments.value("currency") ?? LedgerSettings.defaultCurrency
        guard LedgerSettings.isValidCurrency(currency) else {
            throw UsageError("--currency expects three upper-case letters like CNY, got \(currency)")
        }
        let hours = try arguments.integer("hold-hours", in: 0...8_760) ?? 24
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
        settings = LedgerSettings(currency: currency, holdSeconds: hours * 3_600)
    }

    func run(_ console: Console) -> ExitStatus {
        do throws(StoreError) {
            try LedgerDirectory.create(at: directory.path, settings: settings)
        } catch {
            return console.fail(error)
        }
        console.out("created ledger \(directory.path) (currency \(settings.currency), "
            + "hold \(settings.holdSeconds / 3_600) hours)\n")
        return .success
    }
}
