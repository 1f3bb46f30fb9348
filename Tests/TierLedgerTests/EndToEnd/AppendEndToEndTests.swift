import Foundation
import Testing

/// `tierledger init`, `append` and `report` run as a user runs them.
@Suite struct AppendEndToEndTests {
    static let market = ToolRunner.repositoryRoot.appendingPathComponent("Snapshots/examples/market.ndjson").path

    @Test func theExampleMarketAppendsWithEveryRejectionExplained() throws {
        let work = try ToolRunner.temporaryDirectory()
        let ledger = work.appendingPathComponent("shop").path
        let created = try ToolRunner.run(["init", "--ledger", ledger, "--currency", "CNY", "--hold-hours", "24"])
        #expect(created.status == 0)
        // Options may come after the positional argument.
        let appended = try ToolRunner.run(["append", Self.market, "--ledger", ledger])
        #expect(appended.status == 3)
        #expect(appended.stdout == "22 accepted, 1 duplicate, 5 rejected; last seq 25\n")
        GoldenFile.assertMatches(appended.stderr, "examples/market.append-stderr.ndjson")
        let balances = try ToolRunner.run(["report", "balances", "--format", "csv", "--ledger", ledger])
        #expect(balances.status == 0)
        // Hand-checked in README.md "A worked example".
        #expect(balances.stdout == """
            account,balance
            assets:gateway,389.04
            liabilities:payable:distributor:D1,-7.50
            liabilities:payable:distributor:D2,-6.72
            liabilities:payable:supplier:S1,-227.97
            liabilities:payable:supplier:S2,-126.00
            revenue:platform:fees,-3.00
            revenue:platform:markup,-17.85

            """)
        let inventory = try ToolRunner.run(["report", "--format", "csv", "inventory"],
                                           environment: ["TIERLEDGER_DIR": ledger])
        #expect(inventory.stdout == """
            sku,supplier,added,available,reserved,delivered,voided
            QQ-100,S1,5,2,0,3,0
            STEAM-50,S2,20,17,0,3,0

            """)
        for format in ["table", "json"] {
            let report = try ToolRunner.run(["report", "balances", "--format", format, "--ledger", ledger])
            GoldenFile.assertMatches(report.stdout, "examples/market.balances.\(format == "json" ? "json" : "txt")")
        }
    }

    @Test func aMalformedLineWritesNothing() throws {
        let work = try ToolRunner.temporaryDirectory()
        let ledger = work.appendingPathComponent("l").path
        _ = try ToolRunner.run(["init", "--ledger", ledger])
        let before = try Self.logBytes(ledger)
        let input = """
            {"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":"S1","name":"A"}
            {"type":"product.list","at":"2026-03-01T08:00:00Z","sku":"K","supplier":"S1","name":"K","face":"1.00","cost":85}

            """
        let result = try ToolRunner.run(["append", "--ledger", ledger], stdin: input)
        #expect(result.status == 65)
        #expect(result.stderr.contains("line 2: field \"cost\": expected a money string"))
        #expect(result.stderr.hasSuffix("nothing was written\n"))
        #expect(try Self.logBytes(ledger) == before)
    }

    @Test func exitStatusesFollowTheSpec() throws {
        let work = try ToolRunner.temporaryDirectory()
        let ledger = work.appendingPathComponent("l").path
        #expect(try ToolRunner.run(["init", "--ledger", ledger]).status == 0)
        let again = try ToolRunner.run(["init", "--ledger", ledger])
        #expect(again.status == 73)
        #expect(again.stderr.contains("a ledger already exists"))
        let missing = try ToolRunner.run(["report", "balances", "--ledger", work.appendingPathComponent("none").path])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("tierledger init"))
        #expect(try ToolRunner.run(["report", "balances", "--format", "xml", "--ledger", ledger]).status == 64)
        #expect(try ToolRunner.run(["report", "nonsense", "--ledger", ledger]).status == 64)
        #expect(try ToolRunner.run(["append", "--bogus"]).status == 64)
        #expect(try ToolRunner.run(["init", "--hold-hours", "-1", "--ledger", ledger]).status == 64)
        #expect(try ToolRunner.run(["frobnicate"]).status == 64)
        let empty = try ToolRunner.run(["append", "--ledger", ledger], stdin: "")
        #expect(empty.status == 0)
        #expect(empty.stdout == "0 accepted, 0 duplicate, 0 rejected; last seq 1\n")
    }

    @Test func theSecretKeyIsPrivateAndCodesNeverReachTheLogInClear() throws {
        let work = try ToolRunner.temporaryDirectory()
        let ledger = work.appendingPathComponent("l").path
        _ = try ToolRunner.run(["init", "--ledger", ledger])
        _ = try ToolRunner.run(["append", Self.market, "--ledger", ledger])
        let key = URL(fileURLWithPath: ledger).appendingPathComponent("secret.key").path
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let log = try Self.logBytes(ledger)
        #expect(log.range(of: Data("Tencent Cards Ltd".utf8)) != nil, "names are stored as they are")
        for secret in ["QQ-AAAA-0001", "QQ-BBBB-0001", "alice", "bob"] {
            #expect(log.range(of: Data(secret.utf8)) == nil, "\(secret) is in the log in clear")
        }
    }

    /// Every byte of every segment file of a ledger, in order.
    static func logBytes(_ ledger: String) throws -> Data {
        let log = URL(fileURLWithPath: ledger).appendingPathComponent("log")
        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: log.path).sorted() {
            bytes.append(try Data(contentsOf: log.appendingPathComponent(name)))
        }
        return bytes
    }
}
