import TierLedger

/// `tierledger snapshot`: brings the projection snapshot up to the end of the log, so that the
/// next report starts from it. `append` and `ingest` do this when they finish; reports do it
/// after a replay; this command is for a ledger copied from elsewhere or a snapshot removed.
struct SnapshotCommand: ToolCommand {
    static let name = "snapshot"
    static let abstract = "Bring the projection snapshot up to the end of the log."
    static let usage = "snapshot [--ledger DIR] [--verbose]"
    static let options = [CommonOptions.ledger, CommonOptions.verbose]

    let directory: LedgerDirectory
    let verbose: Bool

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else {
            throw UsageError("unexpected argument \(arguments.positionals[0])")
        }
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
        verbose = arguments.flag("verbose")
    }

    func run(_ console: Console) -> ExitStatus {
        var notes = [String]()
        let covered: UInt64
        do throws(StoreError) {
            covered = try directory.refreshSnapshot { notes.append($0) }
        } catch {
            return console.fail(error)
        }
        if verbose { for note in notes { console.error("tierledger: \(note)\n") } }
        if let failure = notes.first(where: { $0.hasPrefix("could not write") }) {
            console.error("tierledger: \(failure)\n")
            return .ioError
        }
        console.out("snapshot covers events 1–\(covered)\n")
        return .success
    }
}
