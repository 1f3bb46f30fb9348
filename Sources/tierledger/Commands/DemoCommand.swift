import Foundation
import TierLedger

/// `tierledger demo`: in the current directory, builds a ledger from a built-in simulated
/// market (a price war over a few simulated months), prints the headline reports, writes the
/// HTML page, and says where everything is and what to try next. It is the README's first
/// command, so it must run in well under 30 seconds on a small machine.
struct DemoCommand: ToolCommand {
    static let name = "demo"
    static let abstract = "Build a demo ledger from a built-in simulated market and print its reports."
    static let usage = "demo [--dir DIR] [--events N] [--seed S]"
    static let options = [
        Arguments.Option("dir", value: "DIR", help: "Where to build the demo (default ./tierledger-demo)."),
        Arguments.Option("events", value: "N", help: "Simulated commands, 100–2000000 (default 150000)."),
        Arguments.Option("seed", value: "S", help: "The market's seed (default 1)."),
    ]
    static let defaultEvents: Int64 = 150_000

    let workspace: String
    let events: Int
    let seed: UInt64

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else {
            throw UsageError("unexpected argument \(arguments.positionals[0])")
        }
        workspace = arguments.value("dir") ?? "tierledger-demo"
        events = Int(try arguments.integer("events", in: 100...2_000_000) ?? Self.defaultEvents)
        seed = UInt64(try arguments.integer("seed", in: 0...Int64.max) ?? 1)
    }

    var ledgerPath: String { workspace + "/ledger" }
    var marketPath: String { workspace + "/market.ndjson" }
    var pagePath: String { workspace + "/report.html" }

    func run(_ console: Console) -> ExitStatus {
        let directory = LedgerDirectory(path: ledgerPath)
        let result: CommandAppender.Result
        do throws(StoreError) {
            try prepareWorkspace()
            try LedgerDirectory.create(at: ledgerPath, settings: LedgerSettings(), secretKey: demoKey)
            try SimulatedMarketWriter.write(seed: seed, events: events, to: marketPath)
            guard let market = try? Data(contentsOf: URL(fileURLWithPath: marketPath), options: .alwaysMapped) else {
                throw StoreError(.io, "cannot read \(marketPath) back")
            }
            let outcome = market.withUnsafeBytes { raw in
                Result { () throws(CommandAppender.Failure) -> CommandAppender.Result in
                    try CommandAppender.append(raw.bindMemory(to: UInt8.self), to: directory)
                }
            }
            switch outcome {
            case .success(let value):
                result = value
            case .failure(let error):
                console.error("tierledger demo: the simulated market did not apply: \(error)\n")
                return .dataError
            }
            try directory.refreshSnapshot()
        } catch {
            return console.fail(error)
        }
        console.out("TierLedger demo: a simulated card-alliance market with a price war (seed \(seed)).\n")
        console.out("Appended \(events) commands: \(result.accepted) accepted, \(result.duplicates) duplicate, "
            + "\(result.rejections.count) rejected\n(the simulator sends some bad ones on purpose); "
            + "the log ends at seq \(result.lastSequence).\n")
        do throws(StoreError) {
            try printHeadlines(directory, console)
            let page = try directory.writeHTMLReport(to: pagePath)
            console.out("\nThe HTML report (\(HTMLReport.chartCount(page)) charts, no scripts, works offline): \(pagePath)\n")
        } catch {
            return console.fail(error)
        }
        console.out("""

            The ledger is in \(ledgerPath)/, the commands it was built from in
            \(marketPath). Try next (commands find the ledger through TIERLEDGER_DIR):
              export TIERLEDGER_DIR=\(ledgerPath)
              tierledger report margins --format table
              tierledger report statement --distributor D0001 --format table
              tierledger report price-war --format csv > price-war.csv
              tierledger explain order \(firstOrder) --format table
              tierledger trace order \(firstOrder) --format table
              tierledger report balances --until-seq 1000 --format table
              tierledger verify

            """)
        return .success
    }

    /// The demo ledger's secret key comes from its seed, so that its fingerprints, and with them
    /// every line it prints, are the same on every machine. A real ledger's key is random.
    var demoKey: [UInt8] {
        var hasher = SHA256()
        hasher.update(Array("tierledger demo key, seed \(seed)".utf8))
        return hasher.finalize().bytes
    }

    /// An order every seed's market has (the simulator numbers orders from 1).
    var firstOrder: String { "O000000001" }

    private func printHeadlines(_ directory: LedgerDirectory, _ console: Console) throws(StoreError) {
        let margins = try directory.report(ReportRequest(kind: .margins))
        console.out("\nTop 10 distributors by net margin (tierledger report margins):\n")
        console.out(margins.top(10, by: "net")
            .selecting(["distributor", "tier", "sales", "own_margin", "downline_margin", "net", "margin_pct"])
            .table())
        let market = try directory.report(ReportRequest(kind: .market))
        console.out("\nMarket margin by month, compressed by the price war (tierledger report market):\n")
        console.out(market.table())
        let priceWar = try directory.report(ReportRequest(kind: .priceWar))
        console.out("\nPrice-war hot spots: most undercut sku-months (tierledger report price-war):\n")
        console.out(priceWar.top(8, by: "undercuts")
            .selecting(["period", "sku", "orders", "min_price", "median_price", "sellers", "undercuts"])
            .table())
        let risk = try directory.report(ReportRequest(kind: .risk))
        var kinds = [String: Int]()
        for row in risk.rows { kinds[row[0], default: 0] += 1 }
        let summary = kinds.keys.sorted().map { "\(kinds[$0] ?? 0) \($0)" }.joined(separator: ", ")
        console.out("\nRisk flags (tierledger report risk): \(risk.rows.isEmpty ? "none" : summary).\n")
        console.out(ReportTable(columns: risk.columns, rows: Array(risk.rows.prefix(6)))
            .selecting(["kind", "subject", "first_seq"]).table())
    }

    /// The demo's own directory is rebuilt on every run; anything else there is not touched.
    private func prepareWorkspace() throws(StoreError) {
        let files = FileManager.default
        if files.fileExists(atPath: workspace) {
            let names = Set((try? files.contentsOfDirectory(atPath: workspace)) ?? [])
            let ours: Set<String> = ["ledger", "market.ndjson", "report.html"]
            guard names.isSubset(of: ours) else {
                throw StoreError(.cannotCreate, "\(workspace) exists and is not a TierLedger demo; choose another --dir")
            }
            try LedgerDirectory(path: ledgerPath).removeIfLedger()
            for name in names where name != "ledger" { try? files.removeItem(atPath: workspace + "/" + name) }
        }
        do {
            try files.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotCreate, "cannot create \(workspace): \(error.localizedDescription)")
        }
    }
}
