import Foundation
import Testing

/// When the command line writes projection snapshots: after `append` and `ingest` unless
/// `--no-snapshot`, on demand with `snapshot`, and never from `report --no-snapshot`.
@Suite struct SnapshotEndToEndTests {
    static let market = ToolRunner.repositoryRoot.appendingPathComponent("Snapshots/examples/market.ndjson").path

    static func snapshots(_ ledger: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: ledger + "/snapshots").filter { $0.hasSuffix(".tlsnap") }
    }

    @Test func appendWritesASnapshotUnlessToldNot() throws {
        let work = try ToolRunner.temporaryDirectory()
        let ledger = work.appendingPathComponent("ledger").path
        #expect(try ToolRunner.run(["init", "--ledger", ledger]).status == 0)
        #expect(try ToolRunner.run(["append", Self.market, "--no-snapshot", "--ledger", ledger]).status == 3)
        #expect(try Self.snapshots(ledger).isEmpty)
        let cold = try ToolRunner.run(["report", "margins", "--no-snapshot", "--verbose", "--ledger", ledger])
        #expect(cold.status == 0 && cold.stderr.isEmpty, "\(cold.stderr)")
        #expect(try Self.snapshots(ledger).isEmpty)

        let made = try ToolRunner.run(["snapshot", "--ledger", ledger])
        #expect(made.status == 0 && made.stdout == "snapshot covers events 1–25\n", "\(made.stdout)")
        #expect(try Self.snapshots(ledger) == ["projections-00000000000000000025.tlsnap"])
        let warm = try ToolRunner.run(["report", "margins", "--verbose", "--ledger", ledger])
        #expect(warm.stderr.contains("no replay needed") && warm.stdout == cold.stdout, "\(warm.stderr)")

        let more = "{\"type\":\"settlement.run\",\"at\":\"2026-03-09T00:00:00Z\"}\n"
        #expect(try ToolRunner.run(["append", "--ledger", ledger], stdin: more).status == 0)
        #expect(try Self.snapshots(ledger).contains("projections-00000000000000000026.tlsnap"))
        #expect(try ToolRunner.run(["ingest", "--no-snapshot", "--ledger", ledger], stdin: more).status == 0)
        #expect(try !Self.snapshots(ledger).contains("projections-00000000000000000027.tlsnap"))
        #expect(try ToolRunner.run(["ingest", "--ledger", ledger], stdin: more).status == 0)
        #expect(try Self.snapshots(ledger).sorted() == ["projections-00000000000000000026.tlsnap",
                                                       "projections-00000000000000000028.tlsnap"])
    }
}
