import Foundation
import Testing

@testable import TierLedger

/// `report html`: the page's structure (golden file), that it is self-contained, one `<svg>` per
/// chart, the choices the page makes from its data, and the temporary figures from the events.
@Suite struct HTMLReportTests {
    static let market = ToolRunner.repositoryRoot.appendingPathComponent("Snapshots/examples/market.ndjson")
        .path

    @Test func theExampleMarketPageIsTheGoldenFile() throws {
        let ledger = try JournalTests.ledger(appending: Self.market)
        let work = try ToolRunner.temporaryDirectory()
        let page = work.appendingPathComponent("report.html")
        let result = try ToolRunner.run(["report", "html", "--out", page.path, "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "wrote \(page.path): 5 charts, through record 25\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: work.path) == ["report.html"], "no .tmp left")
        let html = try String(contentsOf: page, encoding: .utf8)
        GoldenFile.assertMatches(html, "reports/report.html")
        Self.assertSelfContained(html, charts: 5)
        // The same ledger gives the same bytes.
        _ = try ToolRunner.run(["report", "html", "--out", page.path, "--ledger", ledger])
        #expect(try String(contentsOf: page, encoding: .utf8) == html)
    }

    @Test func aFixturePageDrawsWhatItsDataCallsFor() {
        let data = Self.fixture
        let html = HTMLReport.render(data)
        #expect(HTMLReport.chartCount(data) == 7)
        Self.assertSelfContained(html, charts: 7)
        #expect(HTMLReport.render(data) == html)
        // Four price charts, of the most-sold skus (units over all months), most first.
        let titles = Self.chartTitles(html)
        #expect(
            titles == [
                "K6 · Sixth", "K5 · Fifth", "K4 · Fourth", "K2 · Second",
                "Sellers' own margin as a share of sales", "Top 10 distributors by net margin",
                "Days of cover at the recent rate of sales",
            ])
        // The month without sales (2025-03) is a gap: the median line of K6 breaks in two.
        let k6 = Self.svg(html, titled: "K6 · Sixth")
        #expect(k6.components(separatedBy: "stroke=\"#1f4e79\"").count - 1 == 1 + 2, "legend + two runs")
        #expect(k6.contains(">2025-03</text>"))
        #expect(!k6.contains("median 2025-03:"))
        #expect(k6.contains("<title>median 2025-04: 9.00</title>"))
        // Exact figures in the tables: margin percents half up, changes in points with a sign.
        #expect(html.contains("<td class=\"num\">25.00%</td><td class=\"num\"></td>"))
        #expect(html.contains("<td class=\"num\">-5.00 pp</td>"))
        #expect(html.contains("<td class=\"num\">+1.67 pp</td>"))
        // Ten distributors of twelve, the loss highlighted and named in the legend.
        let bars = Self.svg(html, titled: "Top 10 distributors by net margin")
        #expect(bars.components(separatedBy: "<rect ").count - 1 == 10 + 2, "ten bars and two legend boxes")
        #expect(bars.contains("net &lt; 0"))
        #expect(!bars.contains("D12"), "D12 has the lowest net")
        #expect(bars.contains("-12.34"))
        // Inventory: a sku that did not sell is never at risk; one with nothing left has 0 days.
        let risk = data.inventoryAtRisk
        #expect(risk.map(\.item.sku) == ["K1", "K2", "K3"])
        #expect(risk.map(\.coverTenths) == [0, 35, 300])
        #expect(risk.map(\.belowThreshold) == [true, true, false])
        #expect(html.contains("<td class=\"num\">3.5 d</td><td>restock</td>"))
    }

    @Test func aLedgerWithoutSalesStillMakesAPage() {
        var data = Self.fixture
        data.priceTrends = []
        data.marketMonths = []
        data.distributors = []
        data.inventory = []
        let html = HTMLReport.render(data)
        #expect(HTMLReport.chartCount(data) == 0)
        Self.assertSelfContained(html, charts: 0)
        #expect(html.contains("No paid orders yet."))
        #expect(html.contains("No sales in the window."))
    }

    @Test(arguments: [
        (["report", "html"], "report html needs --out FILE"),
        (["report", "html", "--out", "x.html", "--format", "csv"], "--format does not apply"),
        (["report", "balances", "--out", "x.html"], "--out is for `report html`"),
    ])
    func usageErrorsExit64(arguments: [String], message: String) throws {
        let result = try ToolRunner.run(arguments + ["--ledger", "nowhere"])
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func anUnwritablePageIsAnIOErrorAndLeavesNothing() throws {
        let ledger = try JournalTests.ledger(appending: Self.market)
        let work = try ToolRunner.temporaryDirectory()
        let result = try ToolRunner.run(
            ["report", "html", "--out", "missing/report.html", "--ledger", ledger],
            in: work)
        #expect(result.status == 74)
        #expect(result.stderr.contains("missing/report.html.tmp"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }

    /// The temporary figures from the events agree with the ledger's own money: each
    /// distributor's net margin is the sum of its legs of paid orders after refunds (SPEC §4:
    /// own markup, less the override to its parent, plus overrides from its children, plus
    /// what it earns as an ancestor), and the monthly and headline totals agree.
    @Test func figuresFromTheEventsAgreeWithTheLegs() throws {
        let events = Self.simulatedEvents(seed: 5, commands: 3_000)
        let data = try HTMLReportData.fromEvents(events)
        var catalog = OrderCatalog()
        for event in events { try catalog.apply(event) }
        var legs: [String: Int64] = [:]
        var sales: Int64 = 0
        try catalog.forEach { order, entry in
            guard entry.isPaid else { return }
            let fact = catalog.fact(of: order, entry)
            sales += fact.gross.minorUnits
            for (leg, remaining) in zip(fact.legs, catalog.remaining(of: entry)) {
                if case .distributor(let distributor) = leg.party {
                    legs[distributor, default: 0] += remaining
                }
            }
        }
        #expect(data.headline.paidOrders > 500)
        #expect(data.distributors.count > 10)
        for row in data.distributors {
            #expect(row.net.minorUnits == legs[row.distributor] ?? 0, "\(row.distributor)")
        }
        #expect(data.headline.sales.minorUnits == sales)
        #expect(data.marketMonths.reduce(0) { $0 + $1.sales.minorUnits } == sales)
        #expect(data.distributors.reduce(0) { $0 + $1.sales.minorUnits } == sales)
        #expect(
            data.marketMonths.reduce(0) { $0 + $1.ownMargin.minorUnits } == data.headline.ownMargin.minorUnits
        )
        #expect(data.priceTrends.count == 4)
        for trend in data.priceTrends {
            for point in trend.months {
                #expect(point.minimum <= point.median && point.median <= point.maximum)
            }
        }
        #expect(!data.inventoryAtRisk.isEmpty)
    }

    // MARK: - Helpers

    /// No scripts, no links out (the only URL is SVG's namespace name), one `<svg>` a chart.
    static func assertSelfContained(
        _ html: String, charts: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(html.hasPrefix("<!DOCTYPE html>\n"), sourceLocation: sourceLocation)
        #expect(html.hasSuffix("</html>\n"), sourceLocation: sourceLocation)
        let lowered = html.lowercased()
        for forbidden in ["<script", "javascript:", "<link", "<img", "<iframe", "@import", "url(", " on"] {
            if forbidden == " on" {
                #expect(
                    !lowered.contains(" onload=") && !lowered.contains(" onclick="),
                    sourceLocation: sourceLocation)
            } else {
                #expect(!lowered.contains(forbidden), "\(forbidden)", sourceLocation: sourceLocation)
            }
        }
        let namespace = "http://www.w3.org/2000/svg"
        let withoutNamespace = lowered.replacingOccurrences(of: namespace, with: "")
        #expect(
            !withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"),
            sourceLocation: sourceLocation)
        #expect(html.components(separatedBy: "<svg ").count - 1 == charts, sourceLocation: sourceLocation)
        #expect(html.components(separatedBy: "</svg>").count - 1 == charts, sourceLocation: sourceLocation)
        #expect(html.components(separatedBy: namespace).count - 1 == charts, sourceLocation: sourceLocation)
    }

    static func chartTitles(_ html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().compactMap { chart in
            guard let start = chart.range(of: "<title>"), let end = chart.range(of: "</title>") else {
                return nil
            }
            return String(chart[start.upperBound..<end.lowerBound]).replacingOccurrences(
                of: "&#39;", with: "'")
        }
    }

    static func svg(_ html: String, titled title: String) -> String {
        let escaped = SVGBuilder.escape(title)
        return html.components(separatedBy: "<svg ").first { $0.contains("<title>\(escaped)</title>") }?
            .components(separatedBy: "</svg>").first ?? ""
    }

    /// The events of a simulated market run through an in-memory ledger.
    static func simulatedEvents(seed: UInt64, commands: Int) -> [Event] {
        var simulator = MarketSimulator(seed: seed, events: commands)
        var ledger = Ledger(settings: LedgerSettings(), secretKey: Array(repeating: 7, count: 32))
        var events = ledger.takeRecorded()
        while let command = simulator.next() {
            _ = ledger.submit(command)
            events += ledger.takeRecorded()
        }
        return events
    }
}
