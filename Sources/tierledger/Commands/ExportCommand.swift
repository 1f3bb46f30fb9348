import Foundation
import TierLedger

/// `tierledger export`: the recorded events as NDJSON (fingerprints, never secrets), or their
/// postings as an hledger/ledger journal.
struct ExportCommand: ToolCommand {
    static let name = "export"
    static let abstract = "Write the recorded events as NDJSON (the import format) or a journal."
    static let usage = "export [--format ndjson|journal] [--since-seq N]"
    static let options = [
        CommonOptions.ledger,
        Arguments.Option("format", value: "FORMAT", help: "ndjson (default) or journal (hledger/ledger)."),
        Arguments.Option(
            "since-seq", value: "N",
            help: "Only events after sequence number N (journal: what to append to an export up to N)."),
    ]

    let directory: LedgerDirectory
    let sinceSequence: UInt64
    let journal: Bool

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else { throw UsageError("unexpected argument \(arguments.positionals[0])") }
        let format = arguments.value("format") ?? "ndjson"
        guard format == "ndjson" || format == "journal" else {
            throw UsageError("--format expects ndjson or journal, got \(format)")
        }
        journal = format == "journal"
        sinceSequence = UInt64(try arguments.integer("since-seq", in: 0...Int64.max) ?? 0)
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
    }

    func run(_ console: Console) -> ExitStatus {
        if journal {
            do throws(StoreError) {
                try directory.exportJournal(sinceSequence: sinceSequence) { bytes throws(StoreError) in
                    try POSIXFile.writeAll(bytes, to: STDOUT_FILENO, name: "standard output")
                }
            } catch {
                return console.fail(error)
            }
            return .success
        }
        var buffer = TextBuffer(capacity: 1 << 21)
        var failure: StoreError?
        do throws(StoreError) {
            try directory.forEachEvent { event in
                guard failure == nil, event.sequence > sinceSequence else { return }
                event.appendNDJSON(to: &buffer)
                buffer.append(UInt8(ascii: "\n"))
                guard buffer.count >= 1 << 20 else { return }
                do throws(StoreError) {
                    try buffer.withBytes { bytes throws(StoreError) in
                        try POSIXFile.writeAll(bytes, to: STDOUT_FILENO, name: "standard output")
                    }
                } catch {
                    failure = error
                }
                buffer.removeAll()
            }
            if let failure { throw failure }
            try buffer.withBytes { bytes throws(StoreError) in
                try POSIXFile.writeAll(bytes, to: STDOUT_FILENO, name: "standard output")
            }
        } catch {
            return console.fail(error)
        }
        return .success
    }
}
