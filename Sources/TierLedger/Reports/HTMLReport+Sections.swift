/// The chart sections of `HTMLReport`: each a heading, a sentence saying what is drawn and
/// how it is defined, the chart, and a table of the exact figures behind it.
extension HTMLReport {
    static let medianColor = "#1f4e79"
    static let rangeColor = "#6c9bd2"
    static let bandColor = "#dbe7f5"
    static let marginColor = "#b03a2e"

    static func priceTrendSection(_ data: HTMLReportData) -> String {
        let trends = HTMLReportData.SkuPriceTrend.mostSold(data.priceTrends, limit: priceTrendLimit)
        var text = "<section id=\"price-trends\">\n<h2>Unit-price trends of the most-sold skus</h2>\n"
        guard !trends.isEmpty else { return text + "<p class=\"note\">No paid orders yet.</p>\n</section>\n" }
        text +=
            "<p class=\"note\">Unit prices of paid orders by month (UTC) for the \(trends.count) skus "
            + "with the most units sold: the solid line is the median over orders (the lower median), "
            + "the dashed lines and "
            + "the band between them the lowest and highest price. Each chart has its own price axis.</p>\n"
        let months = monthRange(trends.flatMap { $0.months.map(\.month) })
        text += "<div class=\"multiples\">\n"
        var rows: [[String]] = []
        for trend in trends {
            text += priceChart(trend, months: months, currency: data.currency).svg
            guard let first = trend.months.first, let last = trend.months.last else { continue }
            let change = HTMLReportData.percentHundredths(
                Money(minorUnits: last.median.minorUnits - first.median.minorUnits), of: first.median)
            rows.append([
                trend.sku, trend.name ?? "", ChartValueFormat.count.text(trend.unitsSold),
                first.month, ChartValueFormat.money.text(first.median.minorUnits),
                last.month, ChartValueFormat.money.text(last.median.minorUnits),
                change.map { ChartValueFormat.percentHundredths.text($0) } ?? "",
            ])
        }
        text += "</div>\n"
        text += table(
            ["sku", "name", "units sold", "first month", "median", "last month", "median", "change"],
            numeric: [2, 4, 6, 7], rows: rows)
        return text + "</section>\n"
    }

    static func priceChart(
        _ trend: HTMLReportData.SkuPriceTrend, months: [String], currency: String
    ) -> LineChart {
        var byMonth: [String: HTMLReportData.PricePoint] = [:]
        for point in trend.months { byMonth[point.month] = point }
        let values = { (price: (HTMLReportData.PricePoint) -> Money) in
            months.map { byMonth[$0].map { price($0).minorUnits } }
        }
        var chart = LineChart(
            title: label(trend.sku, trend.name, limit: 48),
            categories: months,
            series: [
                .init(
                    name: "max", values: values(\.maximum), color: rangeColor, dashed: true, lineWidth: 1.5),
                .init(name: "median", values: values(\.median), color: medianColor, lineWidth: 2.5),
                .init(
                    name: "min", values: values(\.minimum), color: rangeColor, dashed: true, lineWidth: 1.5),
            ],
            format: .money, yAxisLabel: "unit price (\(currency))", xAxisLabel: "Month", includeZero: false)
        chart.band = .init(lower: 2, upper: 0, color: bandColor)
        chart.width = 560
        chart.height = 300
        return chart
    }

    static func marketSection(_ data: HTMLReportData) -> String {
        var text = "<section id=\"market-margin\">\n<h2>Market margin by month</h2>\n"
        guard !data.marketMonths.isEmpty else {
            return text + "<p class=\"note\">No paid orders yet.</p>\n</section>\n"
        }
        text +=
            "<p class=\"note\">The sellers' own margin (unit price minus the upstream price, times units) as "
            + "a share of sales, over the orders paid in each month (UTC). "
            + "A falling line is margin compression: "
            + "the price war passed on to buyers.</p>\n"
        let months = monthRange(data.marketMonths.map(\.month))
        var byMonth: [String: HTMLReportData.MarketMonth] = [:]
        for month in data.marketMonths { byMonth[month.month] = month }
        let percents = months.map { month in
            byMonth[month].flatMap { HTMLReportData.percentHundredths($0.ownMargin, of: $0.sales) }
        }
        let chart = LineChart(
            title: "Sellers' own margin as a share of sales", categories: months,
            series: [
                .init(name: "own margin ÷ sales", values: percents, color: marginColor, lineWidth: 2.5)
            ],
            format: .percentHundredths, yAxisLabel: "margin (% of sales)", xAxisLabel: "Month",
            includeZero: true)
        text += chart.svg
        var rows: [[String]] = []
        var previous: Int64?
        for month in data.marketMonths {
            let percent = HTMLReportData.percentHundredths(month.ownMargin, of: month.sales)
            let change = percent.flatMap { now in previous.map { now - $0 } }
            rows.append([
                month.month, ChartValueFormat.money.text(month.sales.minorUnits),
                ChartValueFormat.money.text(month.ownMargin.minorUnits),
                percent.map { ChartValueFormat.percentHundredths.text($0) } ?? "",
                change.map { ($0 > 0 ? "+" : "") + ChartValueFormat(scaleDigits: 2, suffix: " pp").text($0) }
                    ?? "",
            ])
            if percent != nil { previous = percent }
        }
        text += table(
            ["month", "sales", "own margin", "margin", "change"], numeric: [1, 2, 3, 4], rows: rows)
        return text + "</section>\n"
    }

    static func distributorSection(_ data: HTMLReportData) -> String {
        let top = data.topDistributors
        var text = "<section id=\"top-distributors\">\n<h2>Top distributors by net margin</h2>\n"
        guard !top.isEmpty else { return text + "<p class=\"note\">No distributors yet.</p>\n</section>\n" }
        text +=
            "<p class=\"note\">The \(top.count) distributors with the highest net margin: own margin "
            + "plus the markups of their downline, plus overrides received, minus overrides paid and "
            + "refunds, as in <code>tierledger report margins</code>.</p>\n"
        var chart = BarChart(
            title: "Top \(top.count) distributors by net margin",
            bars: top.map {
                .init(
                    label: label($0.distributor, $0.name), value: $0.net.minorUnits,
                    highlighted: $0.net.minorUnits < 0)
            },
            format: .money, axisLabel: "net margin (\(data.currency))")
        if top.contains(where: { $0.net.minorUnits < 0 }) {
            chart.legend = .init(plain: "net ≥ 0", highlighted: "net < 0")
        }
        text += chart.svg
        let money = { (amount: Money) in ChartValueFormat.money.text(amount.minorUnits) }
        let rows = top.enumerated().map { index, row in
            [
                String(index + 1), row.distributor, row.name ?? "", String(row.tier),
                ChartValueFormat.count.text(row.orders),
                money(row.sales), money(row.ownMargin), money(row.downlineMargin), money(row.overrideIn),
                money(row.overrideOut), money(row.refunds), money(row.net),
                HTMLReportData.percentHundredths(row.ownMargin, of: row.sales).map(
                    ChartValueFormat.percentHundredths.text) ?? "",
            ]
        }
        text += table(
            [
                "#", "distributor", "name", "tier", "orders", "sales", "own margin", "downline",
                "override in",
                "override out", "refunds", "net", "margin %",
            ],
            numeric: [0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], rows: rows)
        return text + "</section>\n"
    }

    static func inventorySection(_ data: HTMLReportData) -> String {
        let risk = data.inventoryAtRisk
        let window = data.inventoryWindowDays
        var text = "<section id=\"inventory-risk\">\n<h2>Inventory at risk of running out</h2>\n"
        text +=
            "<p class=\"note\">Days of cover = available units ÷ the average units sold a day over the last "
            + "\(window) days (to the last recorded event), rounded down to a tenth of a day. Shown: the "
            + "skus with sales in those days and the fewest days of cover, at most ten; below "
            + "\(data.coverThresholdDays) days they are flagged.</p>\n"
        guard !risk.isEmpty else {
            return text + "<p class=\"note\">No sales in the window.</p>\n</section>\n"
        }
        var chart = BarChart(
            title: "Days of cover at the recent rate of sales",
            bars: risk.map {
                .init(
                    label: label($0.item.sku, $0.item.name), value: $0.coverTenths,
                    highlighted: $0.belowThreshold)
            },
            format: .daysTenths, axisLabel: "days of cover",
            reference: .init(
                value: data.coverThresholdDays * 10,
                label: "\(data.coverThresholdDays) days"))
        chart.color = "#5b7fa6"
        chart.legend = .init(plain: "enough cover", highlighted: "below \(data.coverThresholdDays) days")
        text += chart.svg
        let rows = risk.map { row in
            [
                row.item.sku, row.item.name ?? "", ChartValueFormat.count.text(row.item.available),
                ChartValueFormat.count.text(row.item.unitsSoldRecently),
                ChartValueFormat.daysTenths.text(row.coverTenths),
                row.belowThreshold ? "restock" : "",
            ]
        }
        text += table(
            ["sku", "name", "available", "sold in \(window) days", "days of cover", "flag"],
            numeric: [2, 3, 4], rows: rows)
        return text + "</section>\n"
    }
}
