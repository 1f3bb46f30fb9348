import Foundation
import TierLedger

/// `tierledger append`: applies NDJSON commands from a file or stdin.
struct AppendCommand: ToolCommand {
    static let name = "append"
    static let abstract = "Apply NDJSON commands from FILE or stdin (rejections on stderr)."
    static let usage = "append [FILE] [--ledger DIR]"
    static let options = [CommonOptions.ledger, CommonOptions.skipSnapshot]

    let directory: LedgerDirectory
    /// Whether the projection snapshot is brought up to date afterwards (`--no-snapshot`: not).
    let refreshesSnapshot: Bool
    let file: String?

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.count <= 1 else {
            throw UsageError("expected at most one FILE, got \(arguments.positionals.count)")
        }
        file = arguments.positionals.first.flatMap { $0 == "-" ? nil : $0 }
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
        refreshesSnapshot = !arguments.flag("no-snapshot")
    }

    func run(_ console: Console) -> ExitStatus {
        let input: Data
        if let file {
            do {
                input = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
            } catch {
                console.error("tierledger append: cannot read \(file): \(error.localizedDescription)\n")
                return .ioError
            }
        } else {
            input = FileHandle.standardInput.readDataToEndOfFile()
        }
        let outcome = input.withUnsafeBytes { raw in
            Result { () throws(CommandAppender.Failure) -> CommandAppender.Result in
                try CommandAppender.append(raw.bindMemory(to: UInt8.self), to: directory)
            }
        }
        let result: CommandAppender.Result
        switch outcome {
        case .success(let value):
            result = value
        case .failure(.malformed(let parseError)):
            console.error("tierledger append: \(parseError); nothing was written\n")
            return .dataError
        case .failure(.store(let storeError)):
            return console.fail(storeError)
        }
        for rejection in result.rejections { console.error(rejection.json + "\n") }
        console.out("\(result.accepted) accepted, \(result.duplicates) duplicate, "
            + "\(result.rejections.count) rejected; last seq \(result.lastSequence)\n")
        // The snapshot is a cache: if it cannot be brought up to date, the next report replays more.
        if refreshesSnapshot, result.accepted > 0 { _ = try? directory.refreshSnapshot() }
        return result.rejections.isEmpty ? .success : .someRejected
    }
}
