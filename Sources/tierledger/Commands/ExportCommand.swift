import Foundation
import TierLedger

/// `tierledger export`: the recorded events as NDJSON (fingerprints, never secrets).
struct ExportCommand: ToolCommand {
    static let name = "export"
    static let abstract = "Write the recorded events as NDJSON (the import format)."
    static let usage = "export [--format ndjson] [--since-seq N] [--ledger DIR]"
    static let options = [
        CommonOptions.ledger,
        Arguments.Option("format", value: "FORMAT", help: "ndjson (default)."),
        Arguments.Option("since-seq", value: "N", help: "Only events after sequence number N."),
    ]

    let directory: LedgerDirectory
    let sinceSequence: UInt64

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else { throw UsageError("unexpected argument \(arguments.positionals[0])") }
        if let format = arguments.value("format"), format != "ndjson" {
            throw UsageError("--format expects ndjson, got \(format)")
        }
        sinceSequence = UInt64(try arguments.integer("since-seq", in: 0...Int64.max) ?? 0)
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
    }

    func run(_ console: Console) -> ExitStatus {
        var buffer = [UInt8]()
        var failure: StoreError?
        do throws(StoreError) {
            try directory.forEachEvent { event in
                guard failure == nil, event.sequence > sinceSequence else { return }
                buffer.append(contentsOf: event.ndjson.utf8)
                buffer.append(UInt8(ascii: "\n"))
                guard buffer.count >= 1 << 20 else { return }
                do throws(StoreError) {
                    try POSIXFile.writeAll(buffer, to: STDOUT_FILENO, name: "standard output")
                } catch {
                    failure = error
                }
                buffer.removeAll(keepingCapacity: true)
            }
            if let failure { throw failure }
            try POSIXFile.writeAll(buffer, to: STDOUT_FILENO, name: "standard output")
        } catch {
            return console.fail(error)
        }
        return .success
    }
}
