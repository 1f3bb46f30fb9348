import Foundation
import Testing
@testable import TierLedger

/// Every report with `--until-seq` and `--as-of` through the binary: the answer equals what a
/// ledger holding only that prefix says (built by appending only the commands whose events fall
/// in it), and the balances and inventory reports are frozen in every format.
@Suite struct TimeTravelEndToEndTests {
    static let kinds = ["balances", "inventory", "margins", "market", "price-war", "risk"]

    @Test func balancesAndInventoryGoldensInEveryFormat() throws {
        let ledger = try AnalyticsReportsTests.exampleLedger()
        for kind in ["balances", "inventory"] {
            for (format, suffix) in [("table", "txt"), ("csv", "csv"), ("json", "json")] {
                let result = try ToolRunner.run(["report", kind, "--format", format, "--ledger", ledger])
                #expect(result.status == 0, "\(kind) \(format): \(result.stderr)")
                GoldenFile.assertMatches(result.stdout, "reports/\(kind).\(suffix)")
            }
        }
    }

    @Test func everyReportAtACutEqualsALedgerHoldingOnlyThatPrefix() throws {
        let full = try AnalyticsReportsTests.exampleLedger()
        let lines = ExampleMarket.ndjson.split(separator: "\n").map(String.init)
        // The prefix ledger after each command; its last sequence number is the cut.
        for count in stride(from: 4, through: lines.count, by: 5) {
            let work = try ToolRunner.temporaryDirectory()
            let prefix = work.appendingPathComponent("prefix").path
            _ = try ToolRunner.run(["init", "--ledger", prefix])
            // The same key, so that buyer fingerprints (risk's subjects) are the same too.
            try FileManager.default.removeItem(atPath: prefix + "/secret.key")
            try FileManager.default.copyItem(atPath: full + "/secret.key", toPath: prefix + "/secret.key")
            let input = lines.prefix(count).joined(separator: "\n") + "\n"
            let appended = try ToolRunner.run(["append", "--ledger", prefix], stdin: input)
            guard let last = appended.stdout.split(separator: " ").last.map(String.init)?
                .trimmingCharacters(in: .whitespacesAndNewlines) else {
                Issue.record("no last seq in \(appended.stdout)")
                return
            }
            for kind in Self.kinds {
                let cut = try ToolRunner.run(["report", kind, "--until-seq", last, "--format", "csv",
                                              "--ledger", full])
                let alone = try ToolRunner.run(["report", kind, "--format", "csv", "--ledger", prefix])
                #expect(cut.status == 0 && cut.stdout == alone.stdout, "\(kind) --until-seq \(last)")
            }
        }
    }

    @Test func asOfCutsByTimeAndAgreesWithTheSequenceCut() throws {
        let ledger = try AnalyticsReportsTests.exampleLedger()
        let events = try LedgerDirectory(path: ledger).readEvents()
        for event in events.dropFirst() where event.sequence % 3 == 0 {
            guard let at = event.at else { continue }
            // The last event at or before this time.
            let last = events.last { ($0.at.map { $0 <= at }) ?? true }?.sequence ?? 1
            for kind in Self.kinds {
                let byTime = try ToolRunner.run(["report", kind, "--as-of", at.rfc3339, "--format", "csv",
                                                 "--ledger", ledger])
                let bySequence = try ToolRunner.run(["report", kind, "--until-seq", String(last), "--format", "csv",
                                                     "--ledger", ledger])
                #expect(byTime.status == 0 && byTime.stdout == bySequence.stdout, "\(kind) --as-of \(at)")
            }
        }
        let early = try ToolRunner.run(["report", "balances", "--as-of", "2000-01-01T00:00:00Z", "--ledger", ledger])
        #expect(early.status == 0 && early.stdout == "account,balance\n")
    }
}
