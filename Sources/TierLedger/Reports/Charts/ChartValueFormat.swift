/// How a chart prints its values. Chart data are integers with a fixed number of implied
/// decimals (money in minor units: 2; a percentage in hundredths of a per cent: 2; days in
/// tenths: 1; counts: 0), so every label is exact and the same on every machine: no floating
/// point ever reaches a printed number.
public struct ChartValueFormat: Equatable, Sendable {
    /// Implied decimals of the integer values.
    public var scaleDigits: Int
    public var prefix: String
    public var suffix: String
    /// Whether to group thousands with commas (`12,345.67`).
    public var grouped: Bool

    public init(scaleDigits: Int, prefix: String = "", suffix: String = "", grouped: Bool = true) {
        precondition((0...4).contains(scaleDigits), "a chart value has 0 to 4 implied decimals")
        self.scaleDigits = scaleDigits
        self.prefix = prefix
        self.suffix = suffix
        self.grouped = grouped
    }

    /// Money in minor units: `1,234.50`.
    public static let money = ChartValueFormat(scaleDigits: 2)
    /// A percentage in hundredths of a per cent: `18.25%`.
    public static let percentHundredths = ChartValueFormat(scaleDigits: 2, suffix: "%")
    /// Days in tenths: `3.5 d`.
    public static let daysTenths = ChartValueFormat(scaleDigits: 1, suffix: " d")
    /// A whole count.
    public static let count = ChartValueFormat(scaleDigits: 0)

    /// `value` with all its implied decimals.
    public func text(_ value: Int64) -> String {
        text(value, digits: scaleDigits)
    }

    /// A tick label: only the decimals that the step between ticks needs (a step of 5.00 prints
    /// `85`, `90`; a step of 0.50 prints `85.5`, `86.0`). Ticks are multiples of the step, so
    /// no digit that is dropped is ever non-zero.
    public func tickText(_ value: Int64, step: Int64) -> String {
        var digits = scaleDigits
        var divisor: Int64 = 10
        while digits > 0, step % divisor == 0 {
            digits -= 1
            divisor *= 10
        }
        return text(value, digits: digits)
    }

    /// `value` printed with `digits` of its `scaleDigits` decimals (the rest are dropped,
    /// truncating toward zero; callers drop only zero digits).
    func text(_ value: Int64, digits: Int) -> String {
        let magnitude = value.magnitude
        var unit: UInt64 = 1
        for _ in 0..<scaleDigits { unit *= 10 }
        let whole = magnitude / unit
        let remainder = String(magnitude % unit)
        let fraction = String(repeating: "0", count: Swift.max(0, scaleDigits - remainder.count)) + remainder
        var text = grouped ? Self.group(whole) : String(whole)
        if digits > 0 { text += "." + fraction.prefix(digits) }
        return (value < 0 ? "-" : "") + prefix + text + suffix
    }

    /// `1234567` → `1,234,567`.
    static func group(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
