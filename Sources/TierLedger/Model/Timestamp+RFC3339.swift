/// RFC 3339 parsing (section 5.6 `date-time`): `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
///
/// `T` and `Z` may be lower case. Fractions of any length are accepted and truncated to
/// milliseconds. Leap seconds (`:60`) are rejected: the ledger cannot order them.
extension Timestamp {
    public static let rfc3339Expectation =
        "an RFC 3339 time like \"2026-03-01T08:00:00Z\" (offsets and fractions allowed), in years 0000–9999 UTC"

    /// Parses RFC 3339 text from UTF-8 bytes; `nil` when it is not a valid date-time.
    @inlinable
    public static func parseRFC3339(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.digits(4), reader.expect("-"),
              let month = reader.digits(2), reader.expect("-"),
              let day = reader.digits(2)
        else { return nil }
        guard reader.expect("T") || reader.expect("t") else { return nil }
        guard let hour = reader.digits(2), reader.expect(":"),
              let minute = reader.digits(2), reader.expect(":"),
              let second = reader.digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var milliseconds: Int64 = 0
        if reader.expect(".") {
            var fractionDigits = 0
            while let digit = reader.digit() {
                if fractionDigits < 3 { milliseconds = milliseconds * 10 + digit }
                fractionDigits += 1
                if fractionDigits > 18 { return nil }
            }
            if fractionDigits == 0 { return nil }
            for _ in fractionDigits..<max(fractionDigits, 3) { milliseconds *= 10 }
        }
        var offsetMinutes: Int64 = 0
        if reader.expect("Z") || reader.expect("z") {
            offsetMinutes = 0
        } else {
            let sign: Int64
            if reader.expect("+") { sign = 1 } else if reader.expect("-") { sign = -1 } else { return nil }
            guard let offsetHour = reader.digits(2), reader.expect(":"),
                  let offsetMinute = reader.digits(2), offsetHour <= 23, offsetMinute <= 59
            else { return nil }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
        }
        guard reader.atEnd else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let secondOfDay = hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        let time = Timestamp(millisecondsSinceEpoch: (days * 86_400 + secondOfDay) * 1_000 + milliseconds)
        // An offset can carry a time of year 0000 or 9999 out of the years the text form writes.
        guard time >= earliest, time <= latest else { return nil }
        return time
    }

    /// Parses RFC 3339 text; `nil` when it is not a valid date-time.
    public static func parseRFC3339(_ text: String) -> Timestamp? {
        var copy = text
        return copy.withUTF8 { parseRFC3339(utf8: $0) }
    }

    @inlinable
    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A cursor over ASCII bytes for fixed-width numeric fields.
@usableFromInline
struct DigitReader {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var index = 0

    @inlinable init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inlinable var atEnd: Bool { index == bytes.count }

    @inlinable mutating func expect(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    @inlinable mutating func digit() -> Int64? {
        guard index < bytes.count else { return nil }
        let value = bytes[index] &- UInt8(ascii: "0")
        guard value <= 9 else { return nil }
        index += 1
        return Int64(value)
    }

    @inlinable mutating func digits(_ count: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<count {
            guard let next = digit() else { return nil }
            value = value * 10 + next
        }
        return value
    }
}
