import Foundation
import TierLedger

/// `tierledger ingest`: a long-running writer fed on stdin, acknowledging on stdout.
struct IngestCommand: ToolCommand {
    static let name = "ingest"
    static let abstract = "Read commands from stdin; acknowledge each once it is durable."
    static let usage = "ingest [--ledger DIR]"
    static let options = [CommonOptions.ledger, CommonOptions.skipSnapshot]
    static let chunkBytes = 1 << 20

    let directory: LedgerDirectory
    /// Whether the projection snapshot is brought up to date afterwards (`--no-snapshot`: not).
    let refreshesSnapshot: Bool

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else { throw UsageError("unexpected argument \(arguments.positionals[0])") }
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
        refreshesSnapshot = !arguments.flag("no-snapshot")
    }

    func run(_ console: Console) -> ExitStatus {
        let session: IngestSession
        do throws(StoreError) {
            session = IngestSession(writer: try directory.openForWriting())
        } catch {
            return console.fail(error)
        }
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        do throws(StoreError) {
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                let acknowledgements = try buffer.withUnsafeBufferPointer { bytes throws(StoreError) in
                    try session.feed(UnsafeBufferPointer(rebasing: bytes[0..<count]))
                }
                try POSIXFile.writeAll(acknowledgements, to: STDOUT_FILENO, name: "standard output")
            }
            try POSIXFile.writeAll(try session.finish(), to: STDOUT_FILENO, name: "standard output")
        } catch {
            return console.fail(error)
        }
        // The snapshot is a cache: if it cannot be brought up to date, the next report replays more.
        if refreshesSnapshot { _ = try? directory.refreshSnapshot() }
        if session.malformed > 0 { return .dataError }
        return session.rejected > 0 ? .someRejected : .success
    }
}
