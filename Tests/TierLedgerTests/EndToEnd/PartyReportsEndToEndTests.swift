import Foundation
import Testing
@testable import TierLedger

/// `report statement|risk`, `trace`, `explain` and `reconcile` through the built binary: exit
/// statuses, error messages, and the same tables as the library.
@Suite struct PartyReportsEndToEndTests {
    /// A temporary directory with the party scenario appended by `tierledger append`.
    static func scenario() throws -> (work: URL, ledger: String) {
        let work = try ToolRunner.temporaryDirectory()
        let ledger = work.appendingPathComponent("l").path
        #expect(try ToolRunner.run(["init", "--ledger", ledger]).status == 0)
        let append = try ToolRunner.run(["append", "--ledger", ledger], stdin: PartyScenario.ndjson)
        #expect(append.status == 3)  // the three planned rejections
        return (work, ledger)
    }

    @Test func statementsAndRisk() throws {
        let (_, ledger) = try Self.scenario()
        let directory = LedgerDirectory(path: ledger)
        let statement = try ToolRunner.run(["report", "statement", "--distributor", "D3", "--ledger", ledger,
                                            "--format", "csv"])
        #expect(statement.status == 0)
        #expect(statement.stdout == (try directory.statement(of: .distributor("D3")).table.csv))
        let period = try ToolRunner.run(["report", "statement", "--supplier", "S2", "--from", "2026-03-01T08:40:00Z",
                                         "--to", "2026-03-02T10:00:00+00:00", "--ledger", ledger, "--format", "json"])
        let expected = try directory.statement(of: .supplier("S2"), period: Period(
            from: ReportGoldens.time("2026-03-01T08:40:00Z"), to: ReportGoldens.time("2026-03-02T10:00:00Z")))
        #expect(period.stdout == expected.table.json)
        let risk = try ToolRunner.run(["report", "risk", "--refund-rate-pct", "15", "--bulk-orders", "6",
                                       "--bulk-units", "21", "--ledger", ledger, "--format", "csv"])
        #expect(risk.status == 0)
        #expect(risk.stdout.split(separator: "\n").map { $0.prefix { $0 != "," } } == ["kind", "floor_breach",
                                                                                       "self_dealing"])
    }

    @Test func reportUsageErrors() throws {
        let (_, ledger) = try Self.scenario()
        let cases: [([String], String)] = [
            (["report", "statement"], "report statement needs exactly one of --distributor D or --supplier S"),
            (["report", "statement", "--distributor", "D1", "--supplier", "S1"], "exactly one of"),
            (["report", "risk", "--distributor", "D1"], "--distributor and --supplier apply to report statement only"),
            (["report", "statement", "--supplier", "S1", "--bulk-orders", "3"], "--bulk-orders applies to report risk only"),
            (["report", "risk", "--bulk-orders", "0"], "--bulk-orders expects a whole number from 1 to 1000000, got 0"),
            (["report", "risk", "--refund-rate-pct", "101"], "--refund-rate-pct expects a whole number from 1 to 100"),
            (["report", "statement", "--supplier", "S1", "--from", "yesterday"], "--from expects an RFC 3339 time"),
            (["report", "statement", "--supplier", "S1", "--from", "2026-03-02T00:00:00Z",
              "--to", "2026-03-01T00:00:00Z"], "must be before --to"),
        ]
        for (arguments, message) in cases {
            let result = try ToolRunner.run(arguments + ["--ledger", ledger])
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let unknown = try ToolRunner.run(["report", "statement", "--distributor", "D9", "--ledger", ledger])
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "tierledger: no distributor D9 in this ledger\n")
    }

    @Test func traceAndExplain() throws {
        let (_, ledger) = try Self.scenario()
        let directory = LedgerDirectory(path: ledger)
        let order = try ToolRunner.run(["trace", "order", "OR1", "--ledger", ledger, "--format", "csv"])
        #expect(order.status == 0)
        #expect(order.stdout == (try directory.trace(.order("OR1")).csv))
        #expect(order.stderr.isEmpty)
        let cut = try ToolRunner.run(["trace", "order", "OR1", "--until-seq", "30", "--ledger", ledger, "--format", "csv"])
        #expect(cut.stdout == "seq,at,event,detail\n21,2026-03-01T08:11:00Z,order.reserved,"
            + "D2 reserved 2 × K1 at 14.30 = 28.60 for buyer \(try Self.fingerprint(directory, "carol")); units B1[3-4] "
            + "held until 2026-03-01T08:16:00Z\n24,2026-03-01T08:20:00Z,order.expired,the reservation expired; "
            + "units B1[3-4] back in stock\n")
        let code = try ToolRunner.run(["trace", "code", "K1-1004", "--ledger", ledger, "--format", "json"])
        #expect(code.stdout == (try directory.trace(.code("K1-1004")).json))
        let buyer = try ToolRunner.run(["trace", "buyer", "--fingerprint", try Self.fingerprint(directory, "whale"),
                                        "--ledger", ledger, "--format", "csv"])
        #expect(buyer.stdout == (try directory.trace(.buyer("whale")).csv))
        let nothing = try ToolRunner.run(["trace", "buyer", "nobody", "--ledger", ledger, "--format", "csv"])
        #expect(nothing.status == 0)
        #expect(nothing.stdout == "seq,at,event,detail\n")
        #expect(nothing.stderr == "tierledger trace: the log has nothing on buyer nobody\n")
        let explain = try ToolRunner.run(["explain", "order", "OD3-2", "--as-of", "2026-03-02T12:00:00Z",
                                          "--ledger", ledger, "--format", "csv"])
        #expect(explain.stdout == (try directory.explain(order: "OD3-2").csv))
        let early = try ToolRunner.run(["explain", "order", "OD3-2", "--as-of", "2026-03-02T11:59:59Z",
                                        "--ledger", ledger, "--format", "csv"])
        #expect(early.status == 0)
        #expect(early.stderr == "tierledger explain: the log has nothing on order OD3-2 up to the cut\n")
        let usage: [[String]] = [
            ["trace", "O1"], ["trace", "invoice", "O1"], ["trace", "order", "O1", "--fingerprint"],
            ["trace", "code", "--fingerprint", "xyz"], ["explain", "O1"], ["explain", "order", "O1", "--until-seq", "0"],
            ["trace", "order", "O1", "--as-of", "soon"],
        ]
        for arguments in usage {
            #expect(try ToolRunner.run(arguments + ["--ledger", ledger]).status == 64, "\(arguments)")
        }
    }

    @Test func reconcileExitStatuses() throws {
        let (work, ledger) = try Self.scenario()
        func write(_ name: String, _ text: String) throws -> String {
            let path = work.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let planted = try write("planted.csv", ReconcileTests.plantedClaims)
        let differs = try ToolRunner.run(["reconcile", "--distributor", "D2", "--against", planted, "--ledger", ledger,
                                          "--format", "csv"])
        #expect(differs.status == 1)
        let claims = try ReconcileTests.claims(ReconcileTests.plantedClaims)
        let library = try LedgerDirectory(path: ledger).reconcile(distributor: "D2", claims: claims)
        #expect(differs.stdout == library.table.csv)
        let agreeing = try write("ok.csv", "order,amount\nOD3-1,3.03\nOR1,2.08\nOR3,1.04\nOD3-2,1.12\n")
        let match = try ToolRunner.run(["reconcile", "--distributor", "D2", "--against", agreeing, "--ledger", ledger])
        #expect(match.status == 0)
        #expect(match.stderr.isEmpty)
        let before = try ToolRunner.run(["reconcile", "--distributor", "D2", "--against", agreeing, "--until-seq", "64",
                                         "--ledger", ledger])
        #expect(before.status == 1)
        let bad = try write("bad.csv", "order,amount\nOR1,2.08\nOR3,1.4\n")
        let malformed = try ToolRunner.run(["reconcile", "--distributor", "D2", "--against", bad, "--ledger", ledger])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.hasPrefix("tierledger reconcile: \(bad) line 3: amount: expected a money string"))
        #expect(malformed.stderr.hasSuffix("; nothing was compared\n"))
        #expect(malformed.stdout.isEmpty)
        let missing = try ToolRunner.run(["reconcile", "--distributor", "D2", "--against", work.path + "/none.csv",
                                          "--ledger", ledger])
        #expect(missing.status == 74)
        let unknown = try ToolRunner.run(["reconcile", "--distributor", "D9", "--against", agreeing, "--ledger", ledger])
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "tierledger: no distributor D9 in this ledger\n")
        #expect(try ToolRunner.run(["reconcile", "--against", agreeing, "--ledger", ledger]).status == 64)
        #expect(try ToolRunner.run(["reconcile", "--distributor", "D2", "--ledger", ledger]).status == 64)
        let noLedger = try ToolRunner.run(["reconcile", "--distributor", "D2", "--against", agreeing,
                                           "--ledger", work.path + "/nowhere"])
        #expect(noLedger.status == 74)
    }

    @Test func theNewCommandsAreListedWithHelp() throws {
        let overview = try ToolRunner.run(["help"])
        for name in ["reconcile", "trace", "explain"] {
            #expect(overview.stdout.contains("  \(name) "), "\(name)")
            let help = try ToolRunner.run([name, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("--until-seq N"))
            #expect(help.stdout.contains("--as-of TIME"))
        }
        let report = try ToolRunner.run(["report", "--help"])
        #expect(report.stdout.contains("--bulk-window-minutes N"))
    }

    static func fingerprint(_ directory: LedgerDirectory, _ buyer: String) throws -> String {
        FingerprintKey(secret: try directory.readSecretKey()).buyer(buyer).hex
    }
}
