/// Why some bytes are not JSON (RFC 8259), and the byte offset where the reader found out.
///
/// Offsets are 0-based and count bytes of the input the reader was given (one line for
/// commands), so a developer can find the spot with `cut -b` or a hex dump.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the reader needed at a spot where it found something else.
    public enum Expectation: Equatable, Sendable {
        case value
        case key
        case colon
        case commaOrObjectEnd
        case commaOrArrayEnd
        case literal(String)

        var phrase: String {
            switch self {
            case .value: "a value"
            case .key: "a string key"
            case .colon: "':'"
            case .commaOrObjectEnd: "',' or '}'"
            case .commaOrArrayEnd: "',' or ']'"
            case .literal(let word): word
            }
        }
    }

    public enum Reason: Equatable, Sendable {
        /// The input ended inside a value.
        case unexpectedEnd(Expectation)
        /// A byte that cannot start or continue what the reader needed.
        case unexpectedByte(UInt8, Expectation)
        case unterminatedString
        /// A byte below 0x20 inside a string; JSON requires it to be escaped.
        case controlCharacterInString
        case invalidUTF8
        case invalidEscape
        /// A `\uD800`–`\uDFFF` escape that is not half of a surrogate pair.
        case loneSurrogate
        case invalidNumber
        /// Something other than whitespace after the complete value.
        case trailingData
        /// Arrays and objects nested deeper than `JSONScanner.depthLimit`.
        case tooDeep
        /// A document longer than `JSONDocument.maximumBytes`.
        case tooLong
    }

    public var reason: Reason
    public var offset: Int

    public init(_ reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A noun phrase with the offset, e.g. `an unterminated string at byte offset 12`.
    public var description: String {
        "\(reasonPhrase) at byte offset \(offset)"
    }

    var reasonPhrase: String {
        switch reason {
        case .unexpectedEnd(let expectation):
            "the end of the input where \(expectation.phrase) was expected"
        case .unexpectedByte(let byte, let expectation):
            "\(Self.describe(byte: byte)) where \(expectation.phrase) was expected"
        case .unterminatedString: "an unterminated string"
        case .controlCharacterInString: "an unescaped control character in a string"
        case .invalidUTF8: "invalid UTF-8"
        case .invalidEscape: "an invalid escape sequence"
        case .loneSurrogate: "a lone surrogate escape"
        case .invalidNumber: "an invalid number"
        case .trailingData: "more data after the JSON value"
        case .tooDeep: "arrays or objects nested deeper than \(JSONScanner.depthLimit) levels"
        case .tooLong: "a document longer than \(JSONDocument.maximumBytes) bytes"
        }
    }

    /// Printable ASCII as itself in quotes (`'x'`, `"'"`), anything else as hex, so messages
    /// stay on one line.
    static func describe(byte: UInt8) -> String {
        if byte == UInt8(ascii: "'") { return "\"'\"" }
        if byte >= 0x21, byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        let digits = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (digits.count == 1 ? "0" + digits : digits)
    }
}
