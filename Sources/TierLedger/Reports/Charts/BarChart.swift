/// A horizontal bar chart: one labelled bar a row, drawn from zero (left for negative values),
/// its exact value printed beside it, an x axis with ticks at round values, an optional
/// reference line (a threshold), a legend when some bars are highlighted, and a title.
///
/// Invariants: the axis always includes zero; rows are drawn in the order given; the output
/// depends only on the chart's values.
public struct BarChart: Equatable, Sendable {
    public struct Bar: Equatable, Sendable {
        public var label: String
        public var value: Int64
        /// Drawn in the highlight colour (below a threshold, a loss, …).
        public var highlighted: Bool

        public init(label: String, value: Int64, highlighted: Bool = false) {
            self.label = label
            self.value = value
            self.highlighted = highlighted
        }
    }

    /// A vertical line at `value`, named in the legend.
    public struct Reference: Equatable, Sendable {
        public var value: Int64
        public var label: String

        public init(value: Int64, label: String) {
            self.value = value
            self.label = label
        }
    }

    public var title: String
    public var bars: [Bar]
    public var format: ChartValueFormat
    public var axisLabel: String
    public var reference: Reference?
    public var color = "#2e7d32"
    public var highlightColor = "#c62828"
    /// What the legend calls plain and highlighted bars.
    public struct Legend: Equatable, Sendable {
        public var plain: String
        public var highlighted: String

        public init(plain: String, highlighted: String) {
            self.plain = plain
            self.highlighted = highlighted
        }
    }

    /// No legend when nil.
    public var legend: Legend?
    public var width = 1120
    public var rowHeight = 26

    public init(
        title: String, bars: [Bar], format: ChartValueFormat, axisLabel: String,
        reference: Reference? = nil
    ) {
        self.title = title
        self.bars = bars
        self.format = format
        self.axisLabel = axisLabel
        self.reference = reference
    }

    /// The chart as an inline `<svg>` element.
    public var svg: String {
        var values = bars.map(\.value)
        if let reference { values.append(reference.value) }
        let scale = AxisScale(covering: values, includeZero: true, targetTickCount: 8)
        let labelWidth = Swift.min(300, (bars.map { SVGBuilder.estimatedWidth($0.label) }.max() ?? 0) + 16)
        let valueWidth = (bars.map { SVGBuilder.estimatedWidth(format.text($0.value)) }.max() ?? 0) + 12
        let hasNegative = bars.contains { $0.value < 0 }
        let left = 12 + labelWidth + (hasNegative ? valueWidth : 0)
        let right = Double(width) - 12 - valueWidth
        let top: Double = legend != nil || reference != nil ? 64 : 44
        let bottom = top + Double(rowHeight * Swift.max(bars.count, 1))
        let height = Int(bottom) + 48
        var builder = SVGBuilder(width: width, height: height, title: title, description: description)
        builder.label(title, x: Double(width) / 2, y: 22, anchor: "middle", className: "chart-title")
        drawLegend(&builder)
        for tick in scale.ticks {
            let x = scale.position(of: tick, from: left, to: right)
            builder.line(x1: x, y1: top, x2: x, y2: bottom, className: tick == 0 ? "axis" : "gridline")
            builder.label(format.tickText(tick, step: scale.step), x: x, y: bottom + 16, anchor: "middle")
        }
        builder.line(x1: left, y1: bottom, x2: right, y2: bottom, className: "axis")
        builder.label(
            axisLabel, x: (left + right) / 2, y: bottom + 38, anchor: "middle", className: "axis-label")
        let zero = scale.position(of: 0, from: left, to: right)
        for (row, bar) in bars.enumerated() {
            let y = top + Double(row * rowHeight)
            let end = scale.position(of: bar.value, from: left, to: right)
            let text = format.text(bar.value)
            builder.label(
                bar.label, x: 12 + labelWidth - 8, y: y + Double(rowHeight) / 2 + 4,
                anchor: "end", className: "bar-label")
            builder.rectangle(
                x: Swift.min(zero, end), y: y + 4, width: abs(end - zero), height: Double(rowHeight - 8),
                fill: bar.highlighted ? highlightColor : color, tooltip: "\(bar.label): \(text)")
            let after = bar.value < 0 ? Swift.min(zero, end) - 6 : Swift.max(zero, end) + 6
            builder.label(
                text, x: after, y: y + Double(rowHeight) / 2 + 4, anchor: bar.value < 0 ? "end" : "start",
                className: "value")
        }
        if let reference {
            let x = scale.position(of: reference.value, from: left, to: right)
            builder.line(x1: x, y1: top - 6, x2: x, y2: bottom, className: "reference")
        }
        return builder.finish()
    }

    /// A text summary for screen readers (and the golden file).
    var description: String {
        "\(axisLabel): " + bars.map { "\($0.label) \(format.text($0.value))" }.joined(separator: "; ")
    }

    private func drawLegend(_ builder: inout SVGBuilder) {
        var entries: [(kind: String, color: String, name: String)] = []
        if let legend {
            entries.append(("box", color, legend.plain))
            entries.append(("box", highlightColor, legend.highlighted))
        }
        if let reference { entries.append(("line", "", reference.label)) }
        let widths = entries.map { 24 + SVGBuilder.estimatedWidth($0.name) + 18 }
        var x = (Double(width) - widths.reduce(0, +)) / 2
        for (index, entry) in entries.enumerated() {
            if entry.kind == "box" {
                builder.rectangle(x: x, y: 34, width: 16, height: 12, fill: entry.color)
            } else {
                builder.line(x1: x + 8, y1: 32, x2: x + 8, y2: 48, className: "reference")
            }
            builder.label(entry.name, x: x + 22, y: 44, className: "legend")
            x += widths[index]
        }
    }
}
