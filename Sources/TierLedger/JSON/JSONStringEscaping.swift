/// Writing strings as JSON string literals (RFC 8259 §7).
///
/// Escapes exactly what JSON requires: `"`, `\` and the control characters below U+0020
/// (the short forms `\b \f \n \r \t` where they exist, else `\u00XX` in lower-case hex).
/// Everything else, non-ASCII UTF-8 included, is copied as is, so the output is
/// deterministic and byte-for-byte stable for a given string.
enum JSONStringEscaping {
    /// Appends `"…"` with `string` escaped.
    static func appendQuoted<Sink: ByteSink & ~Copyable>(_ string: String, to output: inout Sink) {
        var text = string
        text.withUTF8 { appendQuoted(utf8: $0, to: &output) }
    }

    /// Appends `"…"` with the UTF-8 `bytes` escaped.
    static func appendQuoted<Sink: ByteSink & ~Copyable>(utf8 bytes: UnsafeBufferPointer<UInt8>,
                                                       to output: inout Sink) {
        output.append(UInt8(ascii: "\""))
        appendEscaped(utf8: bytes, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// Appends the UTF-8 `bytes` escaped, without the quotes around them.
    static func appendEscaped<Sink: ByteSink & ~Copyable>(utf8 bytes: UnsafeBufferPointer<UInt8>,
                                                        to output: inout Sink) {
        var runStart = 0
        for index in bytes.indices where needsEscape(bytes[index]) {
            // Copy the unescaped run in one go; most strings are one run.
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            appendEscape(of: bytes[index], to: &output)
            runStart = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }

    /// `string` as a JSON string literal.
    static func quoted(_ string: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count + 2)
        appendQuoted(string, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscape<Sink: ByteSink & ~Copyable>(of byte: UInt8, to output: inout Sink) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            output.append("u00")
            output.append(hexDigits.utf8Start[Int(byte >> 4)])
            output.append(hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }
}
