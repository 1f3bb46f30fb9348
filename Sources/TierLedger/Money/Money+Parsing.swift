/// Parsing of the input text form of money: `"85.00"`.
///
/// Accepted: one or more decimal digits, a dot, exactly two decimal digits, at most
/// `Money.inputMaximum`. Rejected, each with its own reason: a sign of any kind, more or
/// fewer than two fraction digits, any other character, and a magnitude above the maximum.
extension Money {
    /// Why a money string was rejected; `expectation` completes "expected …" in messages.
    public enum ParseFailure: Error, Equatable, Sendable {
        case empty
        case sign
        case fractionDigits
        case notDecimal
        case tooLarge

        public var expectation: String {
            switch self {
            case .empty: "a money string like \"85.00\", got an empty string"
            case .sign: "a money string without a sign like \"85.00\""
            case .fractionDigits: "a money string with exactly two fraction digits like \"85.00\""
            case .notDecimal: "a money string of decimal digits like \"85.00\""
            case .tooLarge: "a money string of at most 9000000000000.00"
            }
        }
    }

    /// Parses the text form from UTF-8 bytes (without the JSON quotes).
    @inlinable
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Result<Money, ParseFailure> {
        let count = bytes.count
        if count == 0 { return .failure(.empty) }
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            return .failure(.sign)
        }
        var whole: Int64 = 0
        var index = 0
        var wholeDigits = 0
        while index < count, bytes[index] != UInt8(ascii: ".") {
            let digit = bytes[index] &- UInt8(ascii: "0")
            if digit > 9 { return .failure(.notDecimal) }
            // 19 digits could overflow; anything past 15 digits is above the maximum anyway.
            if wholeDigits >= 16 { return .failure(.tooLarge) }
            whole = whole * 10 + Int64(digit)
            wholeDigits += 1
            index += 1
        }
        if wholeDigits == 0 { return .failure(.notDecimal) }
        if index == count { return .failure(.fractionDigits) }
        index += 1  // the dot
        var fraction: Int64 = 0
        var fractionDigits = 0
        while index < count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            if digit > 9 { return .failure(.notDecimal) }
            fraction = fraction * 10 + Int64(digit)
            fractionDigits += 1
            if fractionDigits > 2 { return .failure(.fractionDigits) }
            index += 1
        }
        if fractionDigits != 2 { return .failure(.fractionDigits) }
        let minorUnits = whole * 100 + fraction
        if minorUnits > inputMaximumMinorUnits { return .failure(.tooLarge) }
        return .success(Money(minorUnits: minorUnits))
    }

    /// Parses the text form of a `String`.
    public static func parse(_ text: String) -> Result<Money, ParseFailure> {
        var copy = text
        return copy.withUTF8 { parse(utf8: $0) }
    }

    /// Parses a signed amount as this program prints it (`"-1.20"`), for reading back
    /// balances and events: any amount of 64-bit minor units, exactly two fraction digits.
    /// Input commands never allow a sign; use `parse` for them.
    public static func parseSigned(_ text: String) -> Money? {
        var copy = text
        return copy.withUTF8 { parseSigned(utf8: $0) }
    }

    /// `parseSigned` of UTF-8 bytes.
    static func parseSigned(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Money? {
        // One pass over the bytes: `import` reads every amount of an export through here, and
        // splitting each string at its dot was 15% of an import.
        let negative = bytes.first == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        var magnitude: UInt64 = 0
        func take(_ byte: UInt8) -> Bool {
            let digit = byte &- UInt8(ascii: "0")
            let (scaled, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = scaled.addingReportingOverflow(UInt64(digit))
            magnitude = next
            return digit <= 9 && !overflowA && !overflowB
        }
        let wholeStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: ".") {
            guard take(bytes[index]) else { return nil }
            index += 1
        }
        // At least one whole digit, the dot, exactly two fraction digits.
        guard index > wholeStart, index + 3 == bytes.count, take(bytes[index + 1]), take(bytes[index + 2])
        else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Money(minorUnits: magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Money(minorUnits: Int64(magnitude))
    }
}
