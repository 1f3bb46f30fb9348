import Testing

@testable import TierLedger

/// The chart module: round axes from integer data, exact labels, deterministic SVG.
@Suite struct ChartTests {
    @Test func axesHaveRoundTicksAroundTheData() {
        let prices = AxisScale(covering: [4_012, 4_987], includeZero: false)
        #expect(prices.step == 200)
        #expect(prices.ticks == [4_000, 4_200, 4_400, 4_600, 4_800, 5_000])
        #expect(
            AxisScale(covering: [4_000, 4_987], includeZero: false).lower == 3_800, "room below the data")
        let margins = AxisScale(covering: [1_713, 2_411], includeZero: true)
        #expect(margins.ticks == [0, 500, 1_000, 1_500, 2_000, 2_500])
        let losses = AxisScale(covering: [-1_234, 90_000], includeZero: true, targetTickCount: 8)
        #expect(losses.lower == -20_000 && losses.upper == 100_000 && losses.step == 20_000)
        // A flat line sits inside its axis; nothing at all is an axis from zero.
        let flat = AxisScale(covering: [8_500], includeZero: false)
        #expect(flat.lower < 8_500 && flat.upper > 8_500)
        #expect(AxisScale(covering: [], includeZero: true).ticks == [0, 1])
        // A floating axis does not cross zero to make room below the data.
        #expect(AxisScale(covering: [0, 7], includeZero: false).lower == 0)
        #expect(AxisScale(covering: [100, 700], includeZero: false, minimumStep: 100).step >= 100)
    }

    /// Seeded values (the seed in every failure): the axis holds the data, its bounds are
    /// multiples of a 1-2-5 step, and it has at most target + 1 ticks.
    @Test(arguments: [UInt64(1), 2, 3])
    func axesHoldTheirDataForAnyValues(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for round in 0..<2_000 {
            let magnitude = random.integer(in: 0...15)
            var power: Int64 = 1
            for _ in 0..<magnitude { power *= 10 }
            let values = (0..<random.integer(in: 1...30)).map { _ in random.integer(in: -power...power) }
            let includeZero = random.chance(1, in: 2)
            let target = random.integer(in: 1...10)
            let scale = AxisScale(covering: values, includeZero: includeZero, targetTickCount: target)
            let context = "seed \(seed) round \(round): \(values) zero \(includeZero) → \(scale)"
            #expect(scale.lower <= values.min()! && scale.upper >= values.max()!, "\(context)")
            #expect(scale.lower < scale.upper, "\(context)")
            #expect(scale.lower % scale.step == 0 && scale.upper % scale.step == 0, "\(context)")
            #expect(scale.ticks.count <= Int(target) + 3, "\(context)")  // + a step of room each side
            var leading = scale.step
            while leading % 10 == 0 { leading /= 10 }
            #expect([1, 2, 5].contains(leading), "\(context)")
            if includeZero { #expect(scale.lower <= 0 && scale.upper >= 0, "\(context)") }
        }
    }

    @Test func valuesPrintExactlyWithoutFloatingPoint() {
        #expect(ChartValueFormat.money.text(123_456_789) == "1,234,567.89")
        #expect(ChartValueFormat.money.text(-5) == "-0.05")
        #expect(ChartValueFormat.money.text(Int64.min) == "-92,233,720,368,547,758.08")
        #expect(ChartValueFormat.money.tickText(8_500, step: 500) == "85")
        #expect(ChartValueFormat.money.tickText(8_550, step: 50) == "85.5")
        #expect(ChartValueFormat.money.tickText(8_555, step: 5) == "85.55")
        #expect(ChartValueFormat.percentHundredths.tickText(2_500, step: 500) == "25%")
        #expect(ChartValueFormat.count.text(1_234) == "1,234")
        #expect(ChartValueFormat.count.tickText(0, step: 1) == "0")
        #expect(ChartValueFormat.daysTenths.text(47) == "4.7 d")
        #expect(
            HTMLReportData.percentHundredths(Money(minorUnits: 13_000), of: Money(minorUnits: 60_000))
                == 2_167)
        #expect(HTMLReportData.percentHundredths(Money(minorUnits: 1), of: Money(minorUnits: 80_000)) == 0)
        // 0.005% rounds up.
        #expect(HTMLReportData.percentHundredths(Money(minorUnits: 1), of: Money(minorUnits: 20_000)) == 1)
        #expect(HTMLReportData.percentHundredths(Money(minorUnits: -1), of: Money(minorUnits: 20_000)) == -1)
        #expect(HTMLReportData.percentHundredths(Money(minorUnits: 5), of: .zero) == nil)
    }

    @Test func coordinatesAndTextAreWrittenTheSameEverywhere() {
        #expect(SVGBuilder.number(12.25) == "12.3")
        #expect(SVGBuilder.number(-3.0) == "-3")
        #expect(SVGBuilder.number(-0.04) == "0")
        #expect(SVGBuilder.number(.infinity) == "0")
        #expect(
            SVGBuilder.escape("<a href=\"x\">Tom's & co</a>")
                == "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; co&lt;/a&gt;")
    }

    @Test func aLineChartBreaksAtMissingValuesAndLabelsEveryFewMonths() {
        let months: [String] = ["2024", "2025"].flatMap { year in
            ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"].map { "\(year)-\($0)" }
        }
        var values: [Int64?] = (0..<24).map { 2_500 - Int64($0) * 30 }
        values[10] = nil
        let chart = LineChart(
            title: "Margin <by> month", categories: months,
            series: [.init(name: "margin", values: values, color: "#b03a2e")],
            format: .percentHundredths, yAxisLabel: "margin", xAxisLabel: "Month", includeZero: true)
        let svg = chart.svg
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<title>Margin &lt;by&gt; month</title>"))
        #expect(
            svg.components(separatedBy: "<polyline").count - 1 == 1 + 2, "legend + two runs around the gap")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 23)
        #expect(svg.contains(">2024-01</text>") && !svg.contains(">2024-02</text>"), "thinned labels")
        #expect(svg.contains(">25%</text>") && svg.contains(">0%</text>"))
        #expect(chart.svg == svg)
    }
}
