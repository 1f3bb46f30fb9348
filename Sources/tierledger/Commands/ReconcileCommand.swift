import Foundation
import TierLedger

/// `tierledger reconcile --distributor D --against FILE.csv`: a distributor's claims against
/// its legs in the ledger; exit status 1 when anything differs.
struct ReconcileCommand: ToolCommand {
    static let name = "reconcile"
    static let abstract = "Compare a distributor's claims (order,amount CSV) with the ledger."
    static let usage = "reconcile --distributor D --against FILE.csv\n"
        + "       [--until-seq N | --as-of TIME] [--format F] [--ledger DIR]"
    static let options = [
        CommonOptions.ledger, CommonOptions.format,
        Arguments.Option("distributor", value: "D", help: "Whose legs to reconcile."),
        Arguments.Option("against", value: "FILE", help: "CSV with the header order,amount, one claim a line."),
    ] + CommonOptions.readingOptions

    let directory: LedgerDirectory
    let distributor: String
    let file: String
    let cut: ReplayCut
    let validPrefix: Bool
    let format: ReportFormat?

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else {
            throw UsageError("unexpected argument \(arguments.positionals[0])")
        }
        guard let distributor = arguments.value("distributor") else {
            throw UsageError("--distributor D is required")
        }
        guard let file = arguments.value("against") else { throw UsageError("--against FILE is required") }
        self.distributor = distributor
        self.file = file
        cut = try CommonOptions.cut(arguments)
        validPrefix = arguments.flag("valid-prefix")
        format = try CommonOptions.format(arguments)
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
    }

    func run(_ console: Console) -> ExitStatus {
        guard let data = FileManager.default.contents(atPath: file) else {
            console.error("tierledger reconcile: cannot read \(file)\n")
            return .ioError
        }
        let claims: ClaimsFile
        do throws(ClaimsFileError) {
            claims = try ClaimsFile(parsing: [UInt8](data))
        } catch {
            console.error("tierledger reconcile: \(file) \(error); nothing was compared\n")
            return .dataError
        }
        let result: Reconciliation
        do throws(StoreError) {
            result = try directory.reconcile(distributor: distributor, claims: claims, cut: cut,
                                             validPrefix: validPrefix)
        } catch {
            return console.fail(error)
        }
        console.print(result.table, as: format)
        return result.differs ? .differs : .success
    }
}
