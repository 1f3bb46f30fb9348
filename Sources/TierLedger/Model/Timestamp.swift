/// A point in time as UTC milliseconds since 1970-01-01T00:00:00Z.
///
/// Parsed from RFC 3339 (`2026-03-01T08:00:00Z`, `2026-03-01T16:00:00.250+08:00`): the
/// offset is applied, fractions beyond milliseconds are truncated toward the past (floor),
/// and the text form is always UTC with `Z` and milliseconds only when they are not zero.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    @inlinable
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    @inlinable
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The earliest and latest times the ledger takes: those RFC 3339's four-digit years
    /// write, in UTC (0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z). A parsed time outside
    /// them (say `0000-01-01T00:00:00+01:00`) is refused, and so is a time the ledger would
    /// derive past them (a reservation's deadline), so every recorded time reads back.
    public static let earliest = Timestamp(millisecondsSinceEpoch: -62_167_219_200_000)
    public static let latest = Timestamp(millisecondsSinceEpoch: 253_402_300_799_999)

    /// `self + seconds`, saturating at the end of the representable range it runs past
    /// (timestamps are bounded to years 0000–9999, so real inputs never reach it; a forged log
    /// may hold any count).
    public func adding(seconds: Int64) -> Timestamp {
        let (milliseconds, overflowA) = seconds.multipliedReportingOverflow(by: 1_000)
        let (sum, overflowB) = millisecondsSinceEpoch.addingReportingOverflow(milliseconds)
        if overflowA || overflowB { return Self.saturated(towards: seconds) }
        return Timestamp(millisecondsSinceEpoch: sum)
    }

    /// `self + hours`, saturating like `adding(seconds:)`.
    public func adding(hours: Int64) -> Timestamp {
        let (seconds, overflow) = hours.multipliedReportingOverflow(by: 3_600)
        if overflow { return Self.saturated(towards: hours) }
        return adding(seconds: seconds)
    }

    /// The last representable time in the direction of `amount`'s sign.
    private static func saturated(towards amount: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: amount < 0 ? .min : .max)
    }

    public var description: String { rfc3339 }

    /// The canonical text form, in UTC.
    public var rfc3339: String {
        var text: [UInt8] = []
        appendRFC3339(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `rfc3339` to `bytes`, digit by digit rather than through padded strings
    /// (`export` writes one or two times a line).
    func appendRFC3339<Sink: ByteSink & ~Copyable>(to bytes: inout Sink) {
        let milliseconds = millisecondsSinceEpoch
        let days = Self.floorDivide(milliseconds, 86_400_000)
        // The remainder taken directly: `days * 86_400_000` overflows near `Int64.min`.
        let remainder = milliseconds % 86_400_000
        let millisecondOfDay = remainder < 0 ? remainder + 86_400_000 : remainder
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        guard (0...9_999).contains(year) else {
            // Only a ledger an earlier build wrote (a deadline past 9999) or a forged one, and a
            // saturated sum, hold such a time; its text stays what earlier builds wrote.
            var text = paddedText(year: year, month: month, day: day, millisecondOfDay: millisecondOfDay)
            text.withUTF8 { bytes.append(contentsOf: $0) }
            return
        }
        let secondOfDay = millisecondOfDay / 1_000
        let fraction = millisecondOfDay % 1_000
        func digits(_ value: Int64, _ width: Int) {
            DecimalText.append(UInt64(value), minimumWidth: width, to: &bytes)
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            digits(fraction, 3)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// The text of a time outside years 0000–9999, each part padded as a string.
    private func paddedText(year: Int64, month: Int64, day: Int64, millisecondOfDay: Int64) -> String {
        let secondOfDay = millisecondOfDay / 1_000
        let fraction = millisecondOfDay % 1_000
        var text = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        text += "T" + Self.pad(secondOfDay / 3_600, 2) + ":" + Self.pad(secondOfDay / 60 % 60, 2)
        text += ":" + Self.pad(secondOfDay % 60, 2)
        if fraction != 0 { text += "." + Self.pad(fraction, 3) }
        return text + "Z"
    }

    /// The calendar month `YYYY-MM` (UTC) this time falls in, for period reports.
    public var monthText: String {
        let (year, month, _) = Self.civilDate(
            daysSinceEpoch: Self.floorDivide(millisecondsSinceEpoch, 86_400_000))
        guard (0...9_999).contains(year) else { return Self.pad(year, 4) + "-" + Self.pad(month, 2) }
        // Seven ASCII digits and a dash written in place: a small string, no heap, where the
        // concatenation of padded parts cost 1,700 instructions (every sale asks for it).
        return String(unsafeUninitializedCapacity: 7) { text in
            var value = year
            for index in (0..<4).reversed() {
                text[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            text[4] = UInt8(ascii: "-")
            text[5] = UInt8(ascii: "0") + UInt8(month / 10)
            text[6] = UInt8(ascii: "0") + UInt8(month % 10)
            return 7
        }
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    @inlinable
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    @inlinable
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceEpoch`.
    static func civilDate(daysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
