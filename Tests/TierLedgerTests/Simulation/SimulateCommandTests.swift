import Foundation
import Testing
@testable import TierLedger

/// `tierledger simulate` end to end: the built binary, its output and its usage errors.
@Suite struct SimulateCommandTests {
    @Test func writesTheSameBytesToStdoutAndToAFile() throws {
        let work = try ToolRunner.temporaryDirectory()
        let stdout = try ToolRunner.run(["simulate", "--events", "500", "--seed", "42"], in: work)
        #expect(stdout.status == 0)
        #expect(stdout.stderr.isEmpty)
        let expected = MarketSimulatorTests.lines(seed: 42, events: 500)
        #expect(Array(stdout.stdout.utf8) == expected)
        let file = try ToolRunner.run(["simulate", "--events=500", "--seed=42", "--out", "market.ndjson"],
                                      in: work)
        #expect(file.status == 0)
        #expect(file.stdout.isEmpty)
        let written = try Data(contentsOf: work.appendingPathComponent("market.ndjson"))
        #expect(Array(written) == expected)
        let names = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(names == ["market.ndjson"], "no FILE.tmp is left behind")
    }

    @Test func theDefaultSeedIsOne() throws {
        let result = try ToolRunner.run(["simulate", "--events", "50"])
        #expect(Array(result.stdout.utf8) == MarketSimulatorTests.lines(seed: 1, events: 50))
    }

    @Test(arguments: [
        ["simulate"],
        ["simulate", "--events", "0"],
        ["simulate", "--events", "100000001"],
        ["simulate", "--events", "ten"],
        ["simulate", "--events", "10", "--seed", "-1"],
        ["simulate", "--events", "10", "--seed", "18446744073709551616"],
        ["simulate", "--events", "10", "--out", ""],
        ["simulate", "--events", "10", "extra"],
        ["simulate", "--events", "10", "--ledger", "x"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let result = try ToolRunner.run(arguments)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Usage: tierledger simulate"))
    }

    @Test func anUnwritableFileIsAnIOErrorAndLeavesNothing() throws {
        let work = try ToolRunner.temporaryDirectory()
        let result = try ToolRunner.run(["simulate", "--events", "10", "--out", "missing/dir/market.ndjson"],
                                        in: work)
        #expect(result.status == 74)
        #expect(result.stderr.contains("missing/dir/market.ndjson.tmp"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }
}
