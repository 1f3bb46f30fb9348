/// `report html` (SPEC §11): one self-contained HTML page with the headline figures and the
/// charts of the price war: unit-price trends of the most-sold skus, the market margin by
/// month, the top distributors by net margin, and inventory at risk of running out.
///
/// Self-contained: the CSS is inline, the charts are inline SVG written by hand
/// (`Reports/Charts/`), there are no scripts and nothing is fetched (the only URL in the page is
/// SVG's namespace name, which browsers never fetch). The page depends only on the data: no
/// clock, no paths, no locale, so the same ledger always gives the same bytes.
public enum HTMLReport {
    /// How many skus get a price-trend chart.
    public static let priceTrendLimit = 4

    public static func render(_ data: HTMLReportData) -> String {
        var page = head(data)
        page += headlineSection(data)
        page += priceTrendSection(data)
        page += marketSection(data)
        page += distributorSection(data)
        page += inventorySection(data)
        page +=
            "<footer>Written by <code>tierledger report html</code>. Every figure is exact (integer "
            + "minor units); the charts round only pixel positions. No scripts, nothing fetched.</footer>\n"
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    /// The number of `<svg>` charts the page for `data` holds (for tests and callers that
    /// check the page).
    public static func chartCount(_ data: HTMLReportData) -> Int {
        let trends = min(
            HTMLReportData.SkuPriceTrend.mostSold(data.priceTrends, limit: priceTrendLimit).count,
            priceTrendLimit)
        return trends + (data.marketMonths.isEmpty ? 0 : 1) + (data.topDistributors.isEmpty ? 0 : 1)
            + (data.inventoryAtRisk.isEmpty ? 0 : 1)
    }

    static func head(_ data: HTMLReportData) -> String {
        var text = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        text += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        text += "<title>TierLedger report</title>\n<style>\n\(style)</style>\n</head>\n<body>\n<main>\n"
        text += "<header>\n<h1>TierLedger report</h1>\n<p class=\"subtitle\">"
        var facts = ["Through record \(data.lastSequence)"]
        if let first = data.headline.firstEventAt, let last = data.lastEventAt {
            facts.append("activity from \(first.rfc3339) to \(last.rfc3339) (UTC)")
        }
        facts.append("amounts in \(escape(data.currency))")
        text += facts.joined(separator: " · ") + "</p>\n</header>\n"
        return text
    }

    static func headlineSection(_ data: HTMLReportData) -> String {
        let figures = data.headline
        let money = { (amount: Money) in ChartValueFormat.money.text(amount.minorUnits) }
        let count = { (value: Int64) in ChartValueFormat.count.text(value) }
        let margin =
            HTMLReportData.percentHundredths(figures.ownMargin, of: figures.sales)
            .map { " (" + ChartValueFormat.percentHundredths.text($0) + " of sales)" } ?? ""
        let rows: [(String, String)] = [
            ("Paid orders", count(figures.paidOrders)),
            ("Units sold", count(figures.unitsSold)),
            ("Sales (gross of paid orders)", money(figures.sales)),
            ("Refunds", money(figures.refunds)),
            ("Sellers' own margin", money(figures.ownMargin) + margin),
            ("Platform markup revenue", money(figures.platformMarkup)),
            ("Platform fee revenue", money(figures.platformFees)),
            ("In escrow now", money(figures.inEscrow)),
            ("Distributors", count(figures.distributors)),
            ("Skus listed", count(figures.skus)),
            ("Rejected orders recorded", count(figures.rejectedOrders)),
        ]
        var text =
            "<section id=\"headline\">\n<h2>Headline figures</h2>\n<table class=\"figures\">\n<tbody>\n"
        for (label, value) in rows {
            text +=
                "<tr><th scope=\"row\">\(escape(label))</th><td class=\"num\">\(escape(value))</td></tr>\n"
        }
        return text + "</tbody>\n</table>\n</section>\n"
    }

    static func escape(_ text: String) -> String { SVGBuilder.escape(text) }

    /// A table: a header row, then rows of cells; `numeric` marks right-aligned columns.
    static func table(
        _ headers: [String], numeric: Set<Int>, rows: [[String]], className: String = "data"
    ) -> String {
        var text = "<table class=\"\(className)\">\n<thead><tr>"
        for (index, header) in headers.enumerated() {
            text +=
                "<th\(numeric.contains(index) ? " class=\"num\"" : "") scope=\"col\">\(escape(header))</th>"
        }
        text += "</tr></thead>\n<tbody>\n"
        for row in rows {
            text += "<tr>"
            for (index, cell) in row.enumerated() {
                text += "<td\(numeric.contains(index) ? " class=\"num\"" : "")>\(escape(cell))</td>"
            }
            text += "</tr>\n"
        }
        return text + "</tbody>\n</table>\n"
    }

    /// A label for a chart row: the id and, when known, the name, cut to `limit` characters.
    static func label(_ id: String, _ name: String?, limit: Int = 34) -> String {
        guard let name, !name.isEmpty, name != id else { return id }
        let full = "\(id) · \(name)"
        return full.count <= limit ? full : String(full.prefix(limit - 1)) + "…"
    }

    /// Every month from the first to the last of `months` (`YYYY-MM`), so that a month without
    /// sales shows as a gap; the sorted distinct months when one is not of that form.
    static func monthRange(_ months: [String]) -> [String] {
        let sorted = Array(Set(months)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard let first = sorted.first.flatMap(monthIndex), let last = sorted.last.flatMap(monthIndex),
            sorted.allSatisfy({ monthIndex($0) != nil }), last - first < 1_200
        else { return sorted }
        return (first...last).map { index in
            Timestamp.pad(index / 12, 4) + "-" + Timestamp.pad(index % 12 + 1, 2)
        }
    }

    /// `YYYY-MM` as months since year 0.
    static func monthIndex(_ month: String) -> Int64? {
        let parts = month.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            let year = Int64(parts[0]), let number = Int64(parts[1]), (1...12).contains(number)
        else { return nil }
        return year * 12 + number - 1
    }
}
