import Foundation
import TierLedger

/// `tierledger import FILE`: builds a new ledger from an export.
struct ImportCommand: ToolCommand {
    static let name = "import"
    static let abstract = "Build a new ledger from an NDJSON export, checking every event."
    static let usage = "import FILE|- [--secret-key FILE] [--ledger DIR]"
    static let options = [
        CommonOptions.ledger,
        Arguments.Option("secret-key", value: "FILE",
                         help: "The exported ledger's secret.key, so code and buyer lookups keep working."),
    ]

    let directory: LedgerDirectory
    let file: String
    let secretKeyFile: String?

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.count == 1, let file = arguments.positionals.first else {
            throw UsageError("expected one FILE to import (- for standard input)")
        }
        self.file = file
        secretKeyFile = arguments.value("secret-key")
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
    }

    func run(_ console: Console) -> ExitStatus {
        var key: [UInt8]?
        if let secretKeyFile {
            guard let keyData = FileManager.default.contents(atPath: secretKeyFile) else {
                console.error("tierledger import: cannot read \(secretKeyFile)\n")
                return .ioError
            }
            key = [UInt8](keyData)
        }
        do throws(LedgerImport.Failure) {
            let count = try LedgerImport.run(file: file, into: directory.path, secretKey: key)
            console.out("imported \(count) events into \(directory.path)\n")
            if key == nil {
                console.error("tierledger import: note: the new ledger has a new secret key; `trace code` and "
                    + "`trace buyer` find imported codes and buyers only with --secret-key of the original\n")
            }
            return .success
        } catch {
            switch error {
            case .malformed(let message):
                console.error("tierledger import: \(message); nothing was written\n")
                return .dataError
            case .store(let storeError):
                return console.fail(storeError)
            case .unreadable(let message):
                console.error("tierledger import: cannot read \(file): \(message)\n")
                return .ioError
            }
        }
    }
}
