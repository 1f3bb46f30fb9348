/// A forward-only, allocation-free JSON (RFC 8259) reader over UTF-8 bytes.
///
/// The scanner hands out tokens that point into the input (byte ranges) instead of building
/// values, so hot callers (the command parser) decide per field whether a `String` is worth
/// materialising; `JSONValue` builds a document on top of the same primitives.
///
/// Invariants:
/// - `offset` only moves forward and never past `bytes.count`.
/// - Every token it returns has been fully validated: strings are valid UTF-8 with valid
///   escapes and no raw control characters, numbers follow the JSON grammar. Decoding a
///   token later therefore cannot fail.
/// - Nesting is bounded by `depthLimit`, so hostile input cannot exhaust the stack.
struct JSONScanner {
    /// The deepest nesting of arrays and objects accepted.
    static let depthLimit = 256

    /// The content of a string between its quotes (escapes still encoded).
    struct StringToken: Equatable {
        var start: Int
        var end: Int
        /// Whether the content holds a backslash; without one the bytes are the value.
        var hasEscapes: Bool

        var count: Int { end - start }
    }

    /// The literal text of a number.
    struct NumberToken: Equatable {
        var start: Int
        var end: Int
        /// No fraction and no exponent.
        var isInteger: Bool
    }

    enum ValueKind: UInt8, Equatable {
        case string, number, object, array, boolean, null
    }

    /// Where a value is and what it is. For strings `start..<end` is the content between the
    /// quotes; for everything else it is the whole text of the value.
    struct ValueToken: Equatable {
        var kind: ValueKind
        var start: Int
        var end: Int
        /// Strings: the content has escapes. Numbers: the literal is an integer.
        var flag: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the next read starts; only the scanner's own methods move it.
    var offset: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= bytes.count }

    /// The next byte, or `nil` at the end.
    var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// Consumes `byte` if it is next; whitespace is not skipped.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// Requires that only whitespace is left.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        if offset < bytes.count { throw JSONSyntaxError(.trailingData, offset: offset) }
    }

    func unexpected(_ expectation: JSONSyntaxError.Expectation) -> JSONSyntaxError {
        if offset < bytes.count {
            return JSONSyntaxError(.unexpectedByte(bytes[offset], expectation), offset: offset)
        }
        return JSONSyntaxError(.unexpectedEnd(expectation), offset: offset)
    }

    /// Reads `"key"` and the `:` after it, with the whitespace around them.
    mutating func scanMemberKey() throws(JSONSyntaxError) -> StringToken {
        skipWhitespace()
        guard peek == UInt8(ascii: "\"") else { throw unexpected(.key) }
        let key = try scanString()
        skipWhitespace()
        guard consume(UInt8(ascii: ":")) else { throw unexpected(.colon) }
        return key
    }

    /// After an object member: `true` when a `,` announces another one, `false` at the `}`.
    mutating func scanObjectSeparator() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if consume(UInt8(ascii: ",")) { return true }
        if consume(UInt8(ascii: "}")) { return false }
        throw unexpected(.commaOrObjectEnd)
    }

    /// After an array element: `true` when a `,` announces another one, `false` at the `]`.
    mutating func scanArraySeparator() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if consume(UInt8(ascii: ",")) { return true }
        if consume(UInt8(ascii: "]")) { return false }
        throw unexpected(.commaOrArrayEnd)
    }

    /// Reads one value of any kind (skipping leading whitespace); nested arrays and objects
    /// are validated and skipped, their token spans the whole text.
    mutating func scanValue(depth: Int = 0) throws(JSONSyntaxError) -> ValueToken {
        skipWhitespace()
        guard offset < bytes.count else { throw unexpected(.value) }
        let start = offset
        switch bytes[offset] {
        case UInt8(ascii: "\""):
            let token = try scanString()
            return ValueToken(kind: .string, start: token.start, end: token.end,
                              flag: token.hasEscapes)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try scanNumber()
            return ValueToken(kind: .number, start: start, end: offset, flag: token.isInteger)
        case UInt8(ascii: "{"):
            try skipObject(depth: depth + 1)
            return ValueToken(kind: .object, start: start, end: offset, flag: false)
        case UInt8(ascii: "["):
            try skipArray(depth: depth + 1)
            return ValueToken(kind: .array, start: start, end: offset, flag: false)
        case UInt8(ascii: "t"):
            try scanLiteral("true")
            return ValueToken(kind: .boolean, start: start, end: offset, flag: true)
        case UInt8(ascii: "f"):
            try scanLiteral("false")
            return ValueToken(kind: .boolean, start: start, end: offset, flag: false)
        case UInt8(ascii: "n"):
            try scanLiteral("null")
            return ValueToken(kind: .null, start: start, end: offset, flag: false)
        default:
            throw unexpected(.value)
        }
    }

    /// Reads `true`, `false` or `null` exactly.
    mutating func scanLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let pattern = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for patternByte in pattern {
            guard consume(patternByte) else {
                throw unexpected(.literal(word.description))
            }
        }
    }

    /// Skips an object starting at `{`, validating everything inside.
    mutating func skipObject(depth: Int) throws(JSONSyntaxError) {
        if depth > Self.depthLimit { throw JSONSyntaxError(.tooDeep, offset: offset) }
        offset += 1  // the `{`
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            _ = try scanMemberKey()
            _ = try scanValue(depth: depth)
        } while try scanObjectSeparator()
    }

    /// Skips an array starting at `[`, validating everything inside.
    mutating func skipArray(depth: Int) throws(JSONSyntaxError) {
        if depth > Self.depthLimit { throw JSONSyntaxError(.tooDeep, offset: offset) }
        offset += 1  // the `[`
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return }
        repeat {
            _ = try scanValue(depth: depth)
        } while try scanArraySeparator()
    }

    /// Reads a number per the JSON grammar:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func scanNumber() throws(JSONSyntaxError) -> NumberToken {
        let start = offset
        let count = bytes.count
        var index = offset
        if index < count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < count, Self.isDigit(bytes[index]) else {
            throw JSONSyntaxError(.invalidNumber, offset: start)
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < count, Self.isDigit(bytes[index]) { index += 1 }
        }
        var isInteger = true
        if index < count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < count, Self.isDigit(bytes[index]) else {
                throw JSONSyntaxError(.invalidNumber, offset: start)
            }
            while index < count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
            {
                index += 1
            }
            guard index < count, Self.isDigit(bytes[index]) else {
                throw JSONSyntaxError(.invalidNumber, offset: start)
            }
            while index < count, Self.isDigit(bytes[index]) { index += 1 }
        }
        // `01`, `1.2.3`, `1-2`: report the number, not a confusing "expected ','".
        if index < count, Self.continuesNumber(bytes[index]) {
            throw JSONSyntaxError(.invalidNumber, offset: start)
        }
        offset = index
        return NumberToken(start: start, end: index, isInteger: isInteger)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") <= 9
    }

    static func continuesNumber(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"),
             UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// The value of the integer literal at `start..<end` (a number token with no fraction or
    /// exponent), or `nil` when it does not fit in 64 bits.
    func int64(from start: Int, to end: Int) -> Int64? {
        var index = start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        // Accumulate negatively so that Int64.min, whose magnitude has no positive twin, fits.
        var value: Int64 = 0
        while index < end {
            let digit = Int64(bytes[index] &- UInt8(ascii: "0"))
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.subtractingReportingOverflow(digit)
            if overflowA || overflowB { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }
}

extension JSONScanner {
    /// Whether `bytes` are exactly the UTF-8 of `literal`; keys and type names are matched
    /// this way so that no `String` is built for them.
    @inline(__always)
    static func bytes(_ bytes: UnsafeBufferPointer<UInt8>, equal literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        let pattern = literal.utf8Start
        for index in 0..<count where bytes[index] != pattern[index] { return false }
        return true
    }
}
