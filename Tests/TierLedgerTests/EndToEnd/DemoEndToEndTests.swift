import Foundation
import Testing
import TierLedger

@Suite struct DemoEndToEndTests {
    @Test func theBuiltInMarketIsTheExampleFile() throws {
        let file = try String(contentsOf: ToolRunner.repositoryRoot
            .appendingPathComponent("Snapshots/examples/market.ndjson"), encoding: .utf8)
        #expect(ExampleMarket.ndjson == file)
    }

    @Test func demoBuildsItsLedgerAndCanRunTwice() throws {
        let work = try ToolRunner.temporaryDirectory()
        let first = try ToolRunner.run(["demo"], in: work)
        #expect(first.status == 0)
        GoldenFile.assertMatches(first.stdout, "demo.stdout.txt")
        let second = try ToolRunner.run(["demo"], in: work)
        #expect(second == first)
        // It refuses to replace a directory that is not a ledger.
        let other = work.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: other.appendingPathComponent("notes.txt"))
        let refused = try ToolRunner.run(["demo", "--ledger", other.path], in: work)
        #expect(refused.status == 73)
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("notes.txt").path))
    }
}
