/// A line chart over categories (months): several series of integer values, a shaded band
/// between two of them if asked, a labelled y axis with ticks at round values, x labels
/// thinned so they never overlap, a legend and a title. A missing value breaks its line.
///
/// Invariants: every series has one value (or `nil`) per category; the output depends only on
/// the chart's values.
public struct LineChart: Equatable, Sendable {
    public struct Series: Equatable, Sendable {
        public var name: String
        public var values: [Int64?]
        public var color: String
        public var dashed: Bool
        public var lineWidth: Double

        public init(
            name: String, values: [Int64?], color: String, dashed: Bool = false, lineWidth: Double = 2
        ) {
            self.name = name
            self.values = values
            self.color = color
            self.dashed = dashed
            self.lineWidth = lineWidth
        }
    }

    public var title: String
    public var categories: [String]
    public var series: [Series]
    /// A shaded band between two series (min and max, say).
    public struct Band: Equatable, Sendable {
        /// Indices into `series` of the band's edges.
        public var lower: Int
        public var upper: Int
        public var color: String

        public init(lower: Int, upper: Int, color: String) {
            self.lower = lower
            self.upper = upper
            self.color = color
        }
    }

    public var band: Band?
    public var format: ChartValueFormat
    public var yAxisLabel: String
    public var xAxisLabel: String
    public var includeZero: Bool
    public var minimumStep: Int64 = 1
    public var width = 1120
    public var height = 360

    public init(
        title: String, categories: [String], series: [Series], format: ChartValueFormat,
        yAxisLabel: String, xAxisLabel: String, includeZero: Bool
    ) {
        self.title = title
        self.categories = categories
        self.series = series
        self.format = format
        self.yAxisLabel = yAxisLabel
        self.xAxisLabel = xAxisLabel
        self.includeZero = includeZero
    }

    struct Frame {
        var left: Double, right: Double, top: Double, bottom: Double
    }

    /// The chart as an inline `<svg>` element.
    public var svg: String {
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let scale = AxisScale(covering: values, includeZero: includeZero, minimumStep: minimumStep)
        let tickWidth =
            scale.ticks.map { SVGBuilder.estimatedWidth(format.tickText($0, step: scale.step)) }.max() ?? 0
        let frame = Frame(
            left: 30 + tickWidth + 10, right: Double(width) - 20, top: 64, bottom: Double(height) - 52)
        var builder = SVGBuilder(width: width, height: height, title: title, description: description)
        builder.label(title, x: Double(width) / 2, y: 22, anchor: "middle", className: "chart-title")
        drawLegend(&builder)
        drawAxes(&builder, scale: scale, frame: frame)
        if let band { drawBand(&builder, band: band, scale: scale, frame: frame) }
        // Thicker lines last, so that the series that matters most is drawn on top.
        for one in series.enumerated().sorted(by: {
            ($0.element.lineWidth, $0.offset) < ($1.element.lineWidth, $1.offset)
        }) {
            drawSeries(&builder, one.element, scale: scale, frame: frame)
        }
        return builder.finish()
    }

    /// A text summary for screen readers (and the golden file).
    var description: String {
        let range = categories.isEmpty ? "no data" : "\(categories[0]) to \(categories[categories.count - 1])"
        return "\(yAxisLabel) by \(xAxisLabel.lowercased()), \(range): "
            + series.map(\.name).joined(separator: ", ")
    }

    func x(_ index: Int, _ frame: Frame) -> Double {
        let slot = (frame.right - frame.left) / Double(Swift.max(categories.count, 1))
        return frame.left + slot * (Double(index) + 0.5)
    }

    private func drawLegend(_ builder: inout SVGBuilder) {
        let widths = series.map { 34 + SVGBuilder.estimatedWidth($0.name) + 18 }
        var x = (Double(width) - widths.reduce(0, +)) / 2
        for (index, one) in series.enumerated() {
            builder.polyline(
                [(x, 40), (x + 26, 40)], color: one.color, width: one.lineWidth, dashed: one.dashed)
            builder.label(one.name, x: x + 32, y: 44, className: "legend")
            x += widths[index]
        }
    }

    private func drawAxes(_ builder: inout SVGBuilder, scale: AxisScale, frame: Frame) {
        for tick in scale.ticks {
            let y = scale.position(of: tick, from: frame.bottom, to: frame.top)
            builder.line(
                x1: frame.left, y1: y, x2: frame.right, y2: y, className: tick == 0 ? "axis" : "gridline")
            builder.label(format.tickText(tick, step: scale.step), x: frame.left - 6, y: y + 4, anchor: "end")
        }
        builder.line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, className: "axis")
        builder.line(x1: frame.left, y1: frame.top, x2: frame.left, y2: frame.bottom, className: "axis")
        // Label every k-th category so that labels keep at least 12 px apart.
        let slot = (frame.right - frame.left) / Double(Swift.max(categories.count, 1))
        let labelWidth = (categories.map { SVGBuilder.estimatedWidth($0) }.max() ?? 0) + 12
        let every = Swift.max(1, Int((labelWidth / slot).rounded(.up)))
        for (index, category) in categories.enumerated() {
            let x = x(index, frame)
            builder.line(
                x1: x, y1: frame.bottom, x2: x, y2: frame.bottom + (index % every == 0 ? 5 : 3),
                className: "axis")
            if index % every == 0 { builder.label(category, x: x, y: frame.bottom + 18, anchor: "middle") }
        }
        builder.label(
            xAxisLabel, x: (frame.left + frame.right) / 2, y: Double(height) - 10, anchor: "middle",
            className: "axis-label")
        builder.label(
            yAxisLabel, x: 16, y: (frame.top + frame.bottom) / 2, anchor: "middle", className: "axis-label",
            rotate: true)
    }

    private func drawBand(_ builder: inout SVGBuilder, band: Band, scale: AxisScale, frame: Frame) {
        guard series.indices.contains(band.lower), series.indices.contains(band.upper) else { return }
        let lower = series[band.lower].values
        let upper = series[band.upper].values
        // One polygon for each run of categories where both edges have a value.
        var run: [Int] = []
        for index in 0...categories.count {
            if index < categories.count, index < lower.count, index < upper.count,
                lower[index] != nil, upper[index] != nil
            {
                run.append(index)
                continue
            }
            if run.count > 1 {
                let top = run.compactMap { i in
                    upper[i].map { (x(i, frame), scale.position(of: $0, from: frame.bottom, to: frame.top)) }
                }
                let bottom = run.reversed().compactMap { i in
                    lower[i].map { (x(i, frame), scale.position(of: $0, from: frame.bottom, to: frame.top)) }
                }
                builder.polygon(top + bottom, fill: band.color)
            }
            run = []
        }
    }

    private func drawSeries(_ builder: inout SVGBuilder, _ one: Series, scale: AxisScale, frame: Frame) {
        var runs: [[(Double, Double)]] = [[]]
        var marks: [(x: Double, y: Double, tooltip: String)] = []
        for index in categories.indices {
            guard index < one.values.count, let value = one.values[index] else {
                if runs[runs.count - 1].count > 0 { runs.append([]) }
                continue
            }
            let point = (x(index, frame), scale.position(of: value, from: frame.bottom, to: frame.top))
            runs[runs.count - 1].append(point)
            marks.append((point.0, point.1, "\(one.name) \(categories[index]): \(format.text(value))"))
        }
        for run in runs where run.count > 1 {
            builder.polyline(run, color: one.color, width: one.lineWidth, dashed: one.dashed)
        }
        // Points carry their exact value as a tooltip; with many categories only lone points
        // (a line of one) are marked, so that they stay visible.
        let marksEvery = categories.count <= 40
        for mark in marks {
            let lone = runs.contains { $0.count == 1 && $0[0].0 == mark.x && $0[0].1 == mark.y }
            guard marksEvery || lone else { continue }
            builder.circle(
                x: mark.x, y: mark.y, radius: one.lineWidth + 0.5, fill: one.color, tooltip: mark.tooltip)
        }
    }
}
