import Foundation
import Testing
@testable import TierLedger

/// `report margins|market|price-war` on the example market, as a user runs them (goldens in
/// `Snapshots/reports/`), and the library's answer for every cut and period.
@Suite struct AnalyticsReportsTests {
    static let market = ToolRunner.repositoryRoot
        .appendingPathComponent("Snapshots/examples/market.ndjson").path
    static let kinds = ["margins", "market", "price-war"]
    /// O2 (09:05), O3's payment (09:12) and O4's rejection are inside; O1 (09:00) and R1
    /// (10:00, the end is exclusive) are not.
    static let period = ["--from", "2026-03-01T09:05:00Z", "--to", "2026-03-01T10:00:00Z"]

    static func exampleLedger() throws -> String {
        let ledger = try ToolRunner.temporaryDirectory().appendingPathComponent("shop").path
        #expect(try ToolRunner.run(["init", "--ledger", ledger]).status == 0)
        #expect(try ToolRunner.run(["append", market, "--ledger", ledger]).status == 3)
        return ledger
    }

    /// A period report leaves out the records orders write after the period's end (nothing
    /// there counts but the distributors who join): margins, market and price-war of periods
    /// ending at every tenth of the log (with and without a start, whole and at a cut), in the
    /// ledgers of `SkimmingLedger.all`, equal the reports that read every record.
    @Test(arguments: SkimmingLedger.all)
    func periodReportsSayTheSameWithoutTheRecordsAfterTheirEnd(_ source: SkimmingLedger) throws {
        let ledger = try source.ledger()
        let events = try ledger.readEvents()
        let times = events.compactMap(\.at)
        var reports = 0
        for tenth in 1...10 {
            let end = times[min(times.count - 1, times.count * tenth / 10)]
            let start = times[times.count * (tenth - 1) / 10]
            for period in [Period(to: end), Period(from: start, to: end), Period(from: start)] {
                for cut in [ReplayCut.everything, ReplayCut(untilSequence: UInt64(events.count * 3 / 4))] {
                    for kind in [ReportKind.margins, .market, .priceWar] {
                        var request = ReportRequest(kind: kind)
                        request.period = period
                        request.cut = cut
                        let skipping = try ledger.periodReport(request, readingPastTheEnd: false)
                        let reading = try ledger.periodReport(request, readingPastTheEnd: true)
                        #expect(skipping == reading, "\(kind) over \(period) at \(cut)")
                        reports += skipping == nil ? 0 : 1
                    }
                }
            }
        }
        #expect(reports == 10 * 3 * 2 * 3)
    }

    @Test func goldenReportsOfTheExampleMarket() throws {
        let ledger = try Self.exampleLedger()
        for kind in Self.kinds {
            for (format, suffix) in [("table", "txt"), ("csv", "csv"), ("json", "json")] {
                let result = try ToolRunner.run(["report", kind, "--format", format, "--ledger", ledger])
                #expect(result.status == 0, "\(kind) \(format): \(result.stderr)")
                GoldenFile.assertMatches(result.stdout, "reports/\(kind).\(suffix)")
            }
            let result = try ToolRunner.run(["report", kind, "--format", "csv", "--ledger", ledger]
                + Self.period)
            #expect(result.status == 0, "\(kind) with a period: \(result.stderr)")
            GoldenFile.assertMatches(result.stdout, "reports/\(kind).from-to.csv")
        }
    }

    /// Hand-checked: see README "A worked example" for the chain (D1 → D2, override 10%).
    @Test func theExampleMarketsMarginsByHand() throws {
        let ledger = try Self.exampleLedger()
        let margins = try ToolRunner.run(["report", "margins", "--format", "csv", "--ledger", ledger])
        #expect(margins.stdout == """
            distributor,tier,orders,units,sales,cost,own_margin,downline_margin,override_in,override_out,\
            refunds,net,margin_pct
            D1,1,1,3,138.30,132.30,6.00,6.00,0.76,0.00,0.26,12.50,4.34
            D2,2,2,3,265.74,258.00,7.74,0.00,0.00,0.76,0.26,6.72,2.91

            """)
        let market = try ToolRunner.run(["report", "market", "--format", "csv", "--ledger", ledger])
        #expect(market.stdout == "period,sales,own_margin,margin_pct,change_pp\n2026-03,404.04,13.74,3.40,\n")
    }

    @Test func badPeriodOptionsAreUsageErrors() throws {
        let ledger = try Self.exampleLedger()
        let malformed = try ToolRunner.run(["report", "margins", "--from", "2026-03-01", "--ledger", ledger])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("--from expects an RFC 3339 time"))
        let badTo = try ToolRunner.run(["report", "market", "--to", "yesterday", "--ledger", ledger])
        #expect(badTo.status == 64)
        #expect(badTo.stderr.contains("--to expects an RFC 3339 time"))
        let backwards = try ToolRunner.run(["report", "price-war", "--ledger", ledger,
                                            "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-01T00:00:00Z"])
        #expect(backwards.status == 64)
        #expect(backwards.stderr.contains("--from 2026-03-02T00:00:00Z must be before --to"))
        let notAPeriodReport = try ToolRunner.run(["report", "balances", "--from", "2026-03-01T00:00:00Z",
                                                   "--ledger", ledger])
        #expect(notAPeriodReport.status == 64)
        #expect(notAPeriodReport.stderr.contains("--from/--to apply to the period reports"))
        let margins = ["report", "margins", "--format", "csv", "--ledger", ledger]
        let offset = try ToolRunner.run(margins + ["--from", "2026-03-01T17:05:00+08:00",
                                                   "--to", "2026-03-01T18:00:00+08:00"])
        let utc = try ToolRunner.run(margins + Self.period)
        #expect(offset.status == 0)
        #expect(offset.stdout == utc.stdout, "offsets are applied")
    }

    /// Every cut of the log (`--until-seq N`) answers what a fold of the first N events says,
    /// with and without a period; and a period that holds everything answers the all-time report.
    @Test func everyCutAndPeriodOfTheLibraryAgreesWithAFold() throws {
        let directory = try LogTestSupport.exampleLedger()
        var events: [Event] = []
        try directory.forEachEvent { events.append($0) }
        let period = Period(from: Timestamp.parseRFC3339("2026-03-01T09:05:00Z"),
                            to: Timestamp.parseRFC3339("2026-03-01T10:00:00Z"))
        for count in 1...events.count {
            for requested in [Period.always, period] {
                let fold = try AnalyticsFold(Array(events.prefix(count)), period: requested)
                let expected: [ReportKind: ReportTable] = [
                    .margins: fold.margins.report, .market: fold.market.report,
                    .priceWar: fold.priceWar.report,
                ]
                for (kind, table) in expected {
                    var request = ReportRequest(kind: kind)
                    request.cut = ReplayCut(untilSequence: UInt64(count))
                    request.period = requested
                    #expect(try directory.report(request) == table,
                            "\(kind) up to seq \(count), \(requested)")
                }
            }
        }
        var everything = ReportRequest(kind: .margins)
        everything.period = Period(from: Timestamp(millisecondsSinceEpoch: 0))
        #expect(try directory.report(everything) == directory.report(ReportRequest(kind: .margins)))
    }
}
