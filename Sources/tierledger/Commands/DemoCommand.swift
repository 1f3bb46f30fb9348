import Foundation
import TierLedger

/// `tierledger demo`: builds a demo ledger in the current directory and prints its reports.
struct DemoCommand: ToolCommand {
    static let name = "demo"
    static let abstract = "Build a demo ledger from a built-in market and print its reports."
    static let usage = "demo [--ledger DIR]"
    static let options = [
        Arguments.Option("ledger", value: "DIR", help: "Where to build the demo ledger (default ./tierledger-demo)."),
    ]

    let directory: LedgerDirectory

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else {
            throw UsageError("unexpected argument \(arguments.positionals[0])")
        }
        directory = LedgerDirectory(path: arguments.value("ledger") ?? "tierledger-demo")
    }

    func run(_ console: Console) -> ExitStatus {
        let result: CommandAppender.Result
        do throws(StoreError) {
            try directory.removeIfLedger()
            try LedgerDirectory.create(at: directory.path, settings: LedgerSettings())
            do throws(CommandAppender.Failure) {
                result = try CommandAppender.append(Array(ExampleMarket.ndjson.utf8), to: directory)
            } catch {
                console.error("tierledger demo: the built-in market did not apply: \(error)\n")
                return .dataError
            }
        } catch {
            return console.fail(error)
        }
        console.out("Built a demo ledger from the example market "
            + "(\(result.accepted) accepted, \(result.duplicates) duplicate, "
            + "\(result.rejections.count) rejected on purpose):\n")
        for rejection in result.rejections {
            console.out("  line \(rejection.line) \(rejection.type): \(rejection.code.rawValue): \(rejection.message)\n")
        }
        let ledger: Ledger
        do throws(StoreError) { ledger = try directory.open() } catch { return console.fail(error) }
        console.out("\nBalances (debit positive, credit negative):\n" + ledger.balancesReport.table())
        console.out("\nInventory:\n" + ledger.inventoryReport.table())
        console.out("""

            The ledger is in \(directory.path)/. Try next:
              tierledger report balances --format csv --ledger \(directory.path)
              tierledger report inventory --ledger \(directory.path)
              tierledger append MORE.ndjson --ledger \(directory.path)

            """)
        return .success
    }
}
