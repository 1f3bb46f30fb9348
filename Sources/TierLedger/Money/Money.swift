/// An exact amount of money: a signed count of minor units (fen) in 64 bits.
///
/// Invariants:
/// - Never floating point. Every operation that can overflow is checked and reports
///   `MoneyOverflow` instead of trapping or wrapping.
/// - Amounts that come from input are non-negative and at most `inputMaximum`
///   (9,000,000,000,000.00); balances may be negative (a party owes the platform).
/// - The text form has exactly two fraction digits: `"85.00"`, `"-1.20"`.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The count of minor units (1/100 of the currency unit).
    public var minorUnits: Int64

    /// The largest amount accepted in input: 9,000,000,000,000.00.
    public static let inputMaximumMinorUnits: Int64 = 900_000_000_000_000
    public static let inputMaximum = Money(minorUnits: inputMaximumMinorUnits)
    public static let zero = Money(minorUnits: 0)

    @inlinable
    public init(minorUnits: Int64) {
        self.minorUnits = minorUnits
    }

    @inlinable
    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.minorUnits < rhs.minorUnits
    }

    public var isNegative: Bool { minorUnits < 0 }
    public var isPositive: Bool { minorUnits > 0 }

    /// `self + other`, or `MoneyOverflow` when the sum does not fit in 64 bits.
    @inlinable
    public func adding(_ other: Money) throws(MoneyOverflow) -> Money {
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        if overflow { throw MoneyOverflow(operation: "\(self) + \(other)") }
        return Money(minorUnits: sum)
    }

    /// `self - other`, or `MoneyOverflow` when the difference does not fit in 64 bits.
    @inlinable
    public func subtracting(_ other: Money) throws(MoneyOverflow) -> Money {
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        if overflow { throw MoneyOverflow(operation: "\(self) - \(other)") }
        return Money(minorUnits: difference)
    }

    /// `self × count`, or `MoneyOverflow` when the product does not fit in 64 bits.
    @inlinable
    public func multiplied(by count: Int64) throws(MoneyOverflow) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: count)
        if overflow { throw MoneyOverflow(operation: "\(self) × \(count)") }
        return Money(minorUnits: product)
    }

    /// The text form: optional minus sign, integer part without leading zeros, a dot,
    /// exactly two fraction digits.
    public var description: String {
        var text: [UInt8] = []
        appendText(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// How many characters `description` has (what `appendText` writes).
    var textLength: Int {
        (minorUnits < 0 ? 1 : 0) + DecimalText.digitCount(minorUnits.magnitude / 100) + 3
    }

    /// Appends `description` to `bytes` (as ASCII), without building a string.
    func appendText<Sink: ByteSink & ~Copyable>(to bytes: inout Sink) {
        // Work on the magnitude as UInt64 so that Int64.min prints without trapping.
        let magnitude = minorUnits.magnitude
        if minorUnits < 0 { bytes.append(UInt8(ascii: "-")) }
        DecimalText.append(magnitude / 100, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        DecimalText.append(magnitude % 100, minimumWidth: 2, to: &bytes)
    }
}

/// An arithmetic result that does not fit: an error, never a wrap or a trap.
public struct MoneyOverflow: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public init(operation: String) { self.operation = operation }
    public var description: String { "arithmetic overflow in \(operation)" }
}
