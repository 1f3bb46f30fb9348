import Foundation
import Testing

@testable import TierLedger

/// `export --format journal`: hledger and ledger-cli read the journal, their strict checks pass,
/// and every account's balance in both equals `report balances`.
///
/// The tools are external programs. CI installs them (`.ci/run`); where one is missing the test
/// fails with a note saying so, unless `TIERLEDGER_SKIP_JOURNAL_TOOLS=1` is set.
@Suite struct JournalTests {
    static let market = ToolRunner.repositoryRoot.appendingPathComponent("Snapshots/examples/market.ndjson")
        .path

    @Test func theExampleMarketJournalIsTheGoldenFileAndBalances() throws {
        let ledger = try Self.ledger(appending: Self.market)
        let journal = try ToolRunner.run(["export", "--format", "journal", "--ledger", ledger])
        #expect(journal.status == 0, "\(journal.stderr)")
        #expect(journal.stderr.isEmpty)
        GoldenFile.assertMatches(journal.stdout, "examples/market.journal")
        try Self.assertToolsAgree(journal: journal.stdout, ledger: ledger, name: "market")
    }

    /// Seeded simulated markets: thousands of sales, releases, refunds before and after release,
    /// dispute refunds, payouts and fees. `TIERLEDGER_LONG=1` widens the seeds.
    @Test(arguments: SimulatedMarketRun.isLongMode ? [7, 8, 9, 10, 11] : [7])
    func aSimulatedMarketBalancesTheSameInBothTools(seed: Int) throws {
        let work = try ToolRunner.temporaryDirectory()
        let commands = work.appendingPathComponent("market.ndjson").path
        let simulated = try ToolRunner.run([
            "simulate", "--seed", String(seed), "--events", "3000",
            "--out", commands,
        ])
        #expect(simulated.status == 0, "seed \(seed): \(simulated.stderr)")
        let ledger = try Self.ledger(appending: commands)
        let journal = try ToolRunner.run(["export", "--format", "journal", "--ledger", ledger])
        #expect(journal.status == 0, "seed \(seed): \(journal.stderr)")
        for kind in [
            "order.placed", "order.paid", "order.refunded", "settlement.ran", "payout.made",
            "supplier.fee_charged", "after release", "before release",
        ] {
            #expect(journal.stdout.contains(kind), "seed \(seed): the journal has no \(kind)")
        }
        try Self.assertToolsAgree(journal: journal.stdout, ledger: ledger, name: "seed-\(seed)")
    }

    /// Ids may hold `:`, which both tools read as a sub-account: `D:1`'s payable sits below `D`'s.
    /// Balances must still be each account's own (hledger's flat list is; ledger's `amount` is).
    @Test func idsWithColonsBecomeSubAccountsWithTheirOwnBalances() throws {
        let commands = """
            {"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":"S:a","name":"S"}
            {"type":"product.list","at":"2026-03-01T08:00:00Z","sku":"K","supplier":"S:a","name":"K","face":"10.00","cost":"8.00"}
            {"type":"stock.add","at":"2026-03-01T08:00:00Z","sku":"K","batch":"B","count":10}
            {"type":"distributor.join","at":"2026-03-01T08:00:00Z","distributor":"D","name":"D"}
            {"type":"distributor.join","at":"2026-03-01T08:00:00Z","distributor":"D:1","name":"D1","parent":"D"}
            {"type":"distributor.set_markup","at":"2026-03-01T08:00:00Z","distributor":"D","sku":"*","fixed":"1.00"}
            {"type":"distributor.set_markup","at":"2026-03-01T08:00:00Z","distributor":"D:1","sku":"*","fixed":"0.50"}
            {"type":"order.place","at":"2026-03-01T09:00:00Z","order":"O1","distributor":"D:1","sku":"K","qty":3,"buyer":"b"}
            {"type":"order.place","at":"2026-03-01T09:00:00Z","order":"O2","distributor":"D","sku":"K","qty":1,"buyer":"b"}
            {"type":"settlement.run","at":"2026-03-03T00:00:00Z"}
            {"type":"order.refund","at":"2026-03-03T01:00:00Z","refund":"R1","order":"O1","amount":"1.00","reason":"bad; code\\n  twice"}

            """
        let work = try ToolRunner.temporaryDirectory()
        let file = work.appendingPathComponent("colons.ndjson")
        try commands.write(to: file, atomically: true, encoding: .utf8)
        let ledger = try Self.ledger(appending: file.path)
        let journal = try ToolRunner.run(["export", "--format", "journal", "--ledger", ledger])
        #expect(journal.stdout.contains("account liabilities:payable:distributor:D:1\n"))
        try Self.assertToolsAgree(journal: journal.stdout, ledger: ledger, name: "colons")
    }

    /// `--since-seq N` writes exactly what to append to an export that ended at N.
    @Test func sinceSeqWritesTheTailToAppend() throws {
        let ledger = try Self.ledger(appending: Self.market)
        let full = try ToolRunner.run(["export", "--format", "journal", "--ledger", ledger]).stdout
        for since in [0, 1, 14, 15, 22, 23, 24, 25, 26, 1000] {
            let tail = try ToolRunner.run([
                "export", "--format", "journal", "--since-seq", String(since),
                "--ledger", ledger,
            ])
            #expect(tail.status == 0)
            #expect(full.hasSuffix(tail.stdout), "since \(since)")
            let head = String(full.dropLast(tail.stdout.count))
            #expect(Self.codes(in: head).allSatisfy { $0 <= since }, "since \(since)")
            #expect(Self.codes(in: tail.stdout).allSatisfy { $0 > since }, "since \(since)")
            // Each account is declared once over the two parts: the tail declares only new ones.
            let declarations = Self.declarations(in: head) + Self.declarations(in: tail.stdout)
            #expect(declarations.count == Set(declarations).count, "since \(since)")
        }
        #expect(Self.codes(in: full) == [15, 16, 18, 22, 23, 24, 25])
    }

    @Test func aFormatOtherThanNdjsonOrJournalIsAUsageError() throws {
        let result = try ToolRunner.run(["export", "--format", "csv", "--ledger", "nowhere"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--format expects ndjson or journal, got csv"))
    }

    /// A posting line is written in place: its account is the account's name, and its amount
    /// ends at the same column (in characters) whatever the account, the party's id (ASCII or
    /// not) or the amount's length, as long as both fit their columns.
    @Test func postingLinesAlignTheirAmountsByCharacters() {
        let accounts: [Account] = [.gateway, .escrow, .platformMarkup, .platformFees, .supplierPayable("S1"),
                                   .distributorPayable("D-0042"), .distributorPayable("分销商"),
                                   .supplierPayable("café")]
        let amounts: [Int64] = [0, 5, -5, 123_456, -99_999_999]
        let width = JournalExport.accountColumnWidth + JournalExport.amountColumnWidth
        for account in accounts {
            for amount in amounts {
                var bytes: [UInt8] = []
                let posting = Posting(account: account, amount: Money(minorUnits: amount))
                JournalExport.appendLine(posting, currency: "CNY", order: nil, to: &bytes)
                let line = String(decoding: bytes, as: UTF8.self)
                let amountText = "CNY \(Money(minorUnits: amount))"
                #expect(line == "    " + account.name + String(repeating: " ", count: width - 4 - account.name.count
                    - amountText.count) + amountText + "\n", "\(account) \(amount)")
                var tagged: [UInt8] = []
                JournalExport.appendLine(posting, currency: "CNY", order: "O1", to: &tagged)
                #expect(String(decoding: tagged, as: UTF8.self) == line.dropLast() + "  ; order: O1\n")
            }
        }
        // A name longer than its column keeps two spaces before the amount.
        var long: [UInt8] = []
        let party = String(repeating: "x", count: 60)
        JournalExport.appendLine(Posting(account: .distributorPayable(party), amount: Money(minorUnits: 100)),
                                 currency: "CNY", order: nil, to: &long)
        let padding = String(repeating: " ", count: 2 + 16 - 8)
        #expect(String(decoding: long, as: UTF8.self)
            == "    liabilities:payable:distributor:\(party)" + padding + "CNY 1.00\n")
    }

    @Test func accountNamesFollowTheChartOfAccounts() {
        #expect(Account.gateway.name == "assets:gateway")
        #expect(Account.escrow.name == "liabilities:escrow")
        #expect(Account.supplierPayable("S1").name == "liabilities:payable:supplier:S1")
        #expect(Account.distributorPayable("D1").name == "liabilities:payable:distributor:D1")
        #expect(Account.platformMarkup.name == "revenue:platform:markup")
        #expect(Account.platformFees.name == "revenue:platform:fees")
    }

    @Test func freeTextIsCleanedForOneDescriptionLine() {
        #expect(JournalExport.clean("one; two\n\tthree  #four | five ") == "one two three four five")
        #expect(JournalExport.clean("  ;; ") == "")
        #expect(JournalExport.clean(String(repeating: "x", count: 200)).count == 80)
    }

    // MARK: - Helpers

    /// A new ledger with `file`'s commands appended (some may be rejected: exit 0 or 3).
    static func ledger(appending file: String) throws -> String {
        let ledger = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
        _ = try ToolRunner.run(["init", "--ledger", ledger])
        let appended = try ToolRunner.run(["append", file, "--ledger", ledger])
        #expect(appended.status == 0 || appended.status == 3, "\(appended.stderr)")
        return ledger
    }

    /// Runs hledger's and ledger's checks on `journal` and compares their balances with
    /// How to get hledger and ledger, or skip their check.
    static let journalToolsInstall = "install it (`apt-get install -y hledger ledger`, as .ci/run does) or set "
        + "TIERLEDGER_SKIP_JOURNAL_TOOLS=1"

    /// `report balances` of `ledger`, account by account.
    static func assertToolsAgree(
        journal: String, ledger: String, name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard ProcessInfo.processInfo.environment["TIERLEDGER_SKIP_JOURNAL_TOOLS"] != "1" else { return }
        let report = try ToolRunner.run(["report", "balances", "--format", "csv", "--ledger", ledger])
        var expected: [String: String] = [:]
        for row in CSVRows.parse(report.stdout).dropFirst() where row.count == 2 { expected[row[0]] = row[1] }
        #expect(!expected.isEmpty, sourceLocation: sourceLocation)
        let file = try ToolRunner.temporaryDirectory().appendingPathComponent("\(name).journal")
        try journal.write(to: file, atomically: true, encoding: .utf8)
        if let hledger = ExternalTool("hledger", install: journalToolsInstall, sourceLocation: sourceLocation) {
            for check in [["check"], ["check", "--strict", "ordereddates"]] {
                let result = try hledger.run(["-f", file.path] + check)
                #expect(
                    result.status == 0, "hledger \(check): \(result.stderr)", sourceLocation: sourceLocation)
            }
            let balances = try hledger.run(["-f", file.path, "balance", "--flat", "-O", "csv"])
            #expect(balances.status == 0, "\(balances.stderr)", sourceLocation: sourceLocation)
            var actual: [String: String] = [:]
            for row in CSVRows.parse(balances.stdout).dropFirst() where row.count == 2 && row[0] != "total" {
                actual[row[0]] = plain(row[1])
            }
            #expect(actual == expected, "hledger balances of \(name)", sourceLocation: sourceLocation)
        }
        if let ledgerTool = ExternalTool("ledger", install: journalToolsInstall, sourceLocation: sourceLocation) {
            // `--pedantic`: every account, commodity and tag must be declared before use.
            // `amount` is the account's own balance (`total` would add its sub-accounts').
            let balances = try ledgerTool.run([
                "--pedantic", "-f", file.path, "balance", "--flat", "--no-total",
                "--balance-format", "%(account)\t%(scrub(amount))\n",
            ])
            #expect(balances.status == 0, "ledger: \(balances.stderr)", sourceLocation: sourceLocation)
            var actual: [String: String] = [:]
            for line in balances.stdout.split(separator: "\n") {
                let fields = line.split(separator: "\t").map(String.init)
                guard fields.count == 2, plain(fields[1]) != "0" else { continue }
                actual[fields[0]] = plain(fields[1])
            }
            #expect(actual == expected, "ledger balances of \(name)", sourceLocation: sourceLocation)
        }
    }

    /// `CNY -1,234.50` → `-1234.50`, the form of `report balances`.
    static func plain(_ amount: String) -> String {
        amount.replacingOccurrences(of: "CNY", with: "").replacingOccurrences(of: ",", with: "")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The transaction codes (sequence numbers) of a journal, in order.
    static func codes(in journal: String) -> [Int] {
        journal.split(separator: "\n").compactMap { line -> Int? in
            guard line.first?.isNumber == true, let open = line.firstIndex(of: "("),
                let close = line.firstIndex(of: ")")
            else { return nil }
            return Int(line[line.index(after: open)..<close])
        }
    }

    static func declarations(in journal: String) -> [String] {
        journal.split(separator: "\n").filter { $0.hasPrefix("account ") }.map(String.init)
    }
}

/// A small CSV reader for the tools' output: fields optionally in double quotes, `""` inside
/// quotes is a quote.
enum CSVRows {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = text.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" {
                    quoted = false
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                if !field.isEmpty { field.append("\"") }  // a doubled quote inside a quoted field
                quoted = true
            case ",":
                row.append(field)
                field = ""
            case "\n", "\r\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default:
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { rows.append(row + [field]) }
        return rows
    }
}
