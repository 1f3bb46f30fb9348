import Foundation
import Testing
import TierLedger

@Suite struct DemoEndToEndTests {
    @Test func theBuiltInMarketIsTheExampleFile() throws {
        let file = try String(contentsOf: ToolRunner.repositoryRoot
            .appendingPathComponent("Snapshots/examples/market.ndjson"), encoding: .utf8)
        #expect(ExampleMarket.ndjson == file)
    }

    /// A small market keeps the test quick; the default size differs only in its figures.
    @Test func demoBuildsItsLedgerAndPageAndCanRunTwice() throws {
        let work = try ToolRunner.temporaryDirectory()
        let small = ["demo", "--events", "3000"]
        let first = try ToolRunner.run(small, in: work)
        #expect(first.status == 0, "\(first.stderr)")
        GoldenFile.assertMatches(first.stdout, "demo.stdout.txt")
        let demo = work.appendingPathComponent("tierledger-demo")
        let page = try String(contentsOf: demo.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("<script"))
        // The ledger it leaves verifies, and the commands it suggests work on it.
        let ledger = demo.appendingPathComponent("ledger").path
        #expect(try ToolRunner.run(["verify", "--ledger", ledger]).status == 0)
        // Every event of the simulated market is the one the engine decides again.
        let decisions = try ToolRunner.run(["verify", "--decisions", "--ledger", ledger])
        #expect(decisions.status == 0 && decisions.stdout.hasSuffix("ok\n"), "\(decisions.stderr)")
        let explain = try ToolRunner.run(["explain", "order", "O000000001", "--format", "csv"],
                                         environment: ["TIERLEDGER_DIR": ledger])
        #expect(explain.status == 0 && explain.stdout.contains("retail"), "\(explain.stderr)")
        let second = try ToolRunner.run(small, in: work)
        #expect(second == first)
        // It refuses to replace a directory that is not a ledger.
        let other = work.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: other.appendingPathComponent("notes.txt"))
        let refused = try ToolRunner.run(["demo", "--events", "100", "--dir", other.path], in: work)
        #expect(refused.status == 73)
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("notes.txt").path))
    }
}
