import Foundation
import TierLedger

/// `tierledger append`: applies NDJSON commands from a file or stdin.
struct AppendCommand: ToolCommand {
    static let name = "append"
    static let abstract = "Apply NDJSON commands from FILE or stdin; report rejections on stderr."
    static let usage = "append [FILE] [--ledger DIR]"
    static let options = [CommonOptions.ledger]

    let directory: LedgerDirectory
    let file: String?

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.count <= 1 else {
            throw UsageError("expected at most one FILE, got \(arguments.positionals.count)")
        }
        file = arguments.positionals.first.flatMap { $0 == "-" ? nil : $0 }
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
    }

    func run(_ console: Console) -> ExitStatus {
        let input: [UInt8]
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                console.error("tierledger append: cannot read \(file)\n")
                return .ioError
            }
            input = [UInt8](data)
        } else {
            input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        let result: CommandAppender.Result
        do throws(CommandAppender.Failure) {
            result = try CommandAppender.append(input, to: directory)
        } catch {
            switch error {
            case .malformed(let parseError):
                console.error("tierledger append: \(parseError); nothing was written\n")
                return .dataError
            case .store(let storeError):
                return console.fail(storeError)
            }
        }
        for rejection in result.rejections { console.error(rejection.json + "\n") }
        console.out("\(result.accepted) accepted, \(result.duplicates) duplicate, "
            + "\(result.rejections.count) rejected; last seq \(result.lastSequence)\n")
        return result.rejections.isEmpty ? .success : .someRejected
    }
}
