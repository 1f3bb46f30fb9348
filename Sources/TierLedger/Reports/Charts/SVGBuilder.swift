/// Builds the text of one inline SVG image: elements with escaped text and attributes and
/// coordinates printed to one decimal place the same way on every machine.
///
/// Charts print only what they are given: no scripts, no links, no external fonts or images,
/// so a page that embeds them is self-contained.
struct SVGBuilder {
    private(set) var text = ""

    /// Opens the image with its size, an accessible name (`<title>`) and a description.
    init(width: Int, height: Int, title: String, description: String) {
        text =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
            + "width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\">\n"
        text += "<title>\(Self.escape(title))</title>\n<desc>\(Self.escape(description))</desc>\n"
    }

    mutating func finish() -> String {
        text += "</svg>\n"
        return text
    }

    /// `<text>` at (x, y). `anchor` is `start`, `middle` or `end`; `className` picks a style.
    mutating func label(
        _ content: String, x: Double, y: Double, anchor: String = "start",
        className: String = "tick", rotate: Bool = false
    ) {
        var attributes =
            "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\" class=\"\(className)\""
        if rotate { attributes += " transform=\"rotate(-90 \(Self.number(x)) \(Self.number(y)))\"" }
        text += "<text \(attributes)>\(Self.escape(content))</text>\n"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String) {
        text +=
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
            + "y2=\"\(Self.number(y2))\" class=\"\(className)\"/>\n"
    }

    mutating func rectangle(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        className: String? = nil, tooltip: String? = nil
    ) {
        let attributes =
            "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(Swift.max(0, width)))\" "
            + "height=\"\(Self.number(Swift.max(0, height)))\" fill=\"\(fill)\""
            + (className.map { " class=\"\($0)\"" } ?? "")
        if let tooltip {
            text += "<rect \(attributes)><title>\(Self.escape(tooltip))</title></rect>\n"
        } else {
            text += "<rect \(attributes)/>\n"
        }
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String, tooltip: String? = nil) {
        let attributes =
            "cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\""
        if let tooltip {
            text += "<circle \(attributes)><title>\(Self.escape(tooltip))</title></circle>\n"
        } else {
            text += "<circle \(attributes)/>\n"
        }
    }

    /// A polyline through `points`, stroked in `color`, dashed when asked.
    mutating func polyline(_ points: [(Double, Double)], color: String, width: Double, dashed: Bool) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        text +=
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(color)\" "
            + "stroke-width=\"\(Self.number(width))\""
            + (dashed ? " stroke-dasharray=\"5 3\"" : "") + " stroke-linejoin=\"round\"/>\n"
    }

    /// A filled polygon (the band between two series).
    mutating func polygon(_ points: [(Double, Double)], fill: String) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        text += "<polygon points=\"\(list)\" fill=\"\(fill)\" stroke=\"none\"/>\n"
    }

    /// A coordinate to one decimal place, rounded half away from zero, without locale or
    /// exponent: `12.5`, `-3`, `100.1`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int64((value * 10).rounded(.toNearestOrAwayFromZero))
        let magnitude = tenths.magnitude
        let sign = tenths < 0 ? "-" : ""
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// Text for HTML and SVG content and attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A rough width of `text` in pixels at the charts' 12 px font, to lay out labels without a
    /// font engine: 7 px a character is generous for the digits, ids and month names charts use.
    static func estimatedWidth(_ text: String, characterWidth: Double = 7) -> Double {
        Double(text.count) * characterWidth
    }
}
