/// Strings: scanning with full validation (escapes, surrogate pairs, control characters,
/// UTF-8), and decoding of validated tokens into bytes or `String`s.
extension JSONScanner {
    /// Reads a string starting at its opening quote and validates all of it.
    mutating func scanString() throws(JSONSyntaxError) -> StringToken {
        let opening = offset
        let start = offset + 1
        let count = bytes.count
        // Plain bytes are passed over eight at a time (most strings are ids and times, all
        // plain ASCII), first and after each escape or multi-byte character; the loop reads
        // the byte found there, and the last few of the input, one at a time.
        var index = Self.firstNonPlainByte(in: bytes, from: start)
        var hasEscapes = false
        while index < count {
            let byte = bytes[index]
            if byte >= 0x20, byte < 0x80 {
                if byte == UInt8(ascii: "\"") {
                    offset = index + 1
                    return StringToken(start: start, end: index, hasEscapes: hasEscapes)
                }
                if byte == UInt8(ascii: "\\") {
                    hasEscapes = true
                    index = Self.firstNonPlainByte(in: bytes, from: try escapeEnd(at: index))
                } else {
                    index += 1
                }
            } else if byte < 0x20 {
                throw JSONSyntaxError(.controlCharacterInString, offset: index)
            } else {
                index = Self.firstNonPlainByte(in: bytes, from: try utf8SequenceEnd(at: index))
            }
        }
        throw JSONSyntaxError(.unterminatedString, offset: opening)
    }

    /// The index of the first byte from `index` on that is not plain string content (printable
    /// ASCII other than `"` and `\`), found eight bytes at a time; where fewer than eight bytes
    /// are left, the index of the first of them (the caller reads those one by one). In each
    /// word, a byte of 0x80 or more has its top bit set; a byte below 0x20 sets its top bit in
    /// `(w − 0x20…) & ~w`; a quote or a backslash, turned into a zero byte by an exclusive or,
    /// sets it in `(v − 0x01…) & ~v`. These well-known tests can also flag bytes after the
    /// first one they find (a borrow runs upwards), never before it, so the lowest flag is the
    /// first byte that is not plain.
    @inline(__always)
    static func firstNonPlainByte(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        guard let base = bytes.baseAddress else { return index }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = index
        while index + 8 <= bytes.count {
            // Byte k of memory as bits 8k ..< 8k + 8, whatever the machine's byte order.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let belowSpace = (word &- ones &* 0x20) & ~word & highs
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let flags = (word & highs) | belowSpace | ((quote &- ones) & ~quote & highs)
                | ((backslash &- ones) & ~backslash & highs)
            if flags != 0 { return index + flags.trailingZeroBitCount / 8 }
            index += 8
        }
        return index
    }

    /// Validates the escape sequence at `index` (a backslash) and returns the index after it.
    private func escapeEnd(at index: Int) throws(JSONSyntaxError) -> Int {
        guard index + 1 < bytes.count else {
            throw JSONSyntaxError(.unterminatedString, offset: index)
        }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            guard let unit = hex4(at: index + 2) else {
                throw JSONSyntaxError(.invalidEscape, offset: index)
            }
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate counts only with a low surrogate escape right after it.
                guard index + 7 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"),
                      bytes[index + 7] == UInt8(ascii: "u"),
                      let low = hex4(at: index + 8), (0xDC00...0xDFFF).contains(low)
                else { throw JSONSyntaxError(.loneSurrogate, offset: index) }
                return index + 12
            case 0xDC00...0xDFFF:
                throw JSONSyntaxError(.loneSurrogate, offset: index)
            default:
                return index + 6
            }
        default:
            throw JSONSyntaxError(.invalidEscape, offset: index)
        }
    }

    /// The value of four hex digits at `index`, or `nil`.
    private func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for position in index..<(index + 4) {
            guard let digit = Self.hexValue(bytes[position]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Validates the multi-byte UTF-8 sequence at `index` (Unicode 15, table 3-7: no
    /// overlong forms, no encoded surrogates, nothing above U+10FFFF).
    private func utf8SequenceEnd(at index: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[index]
        let length: Int
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; highest = 0x9F
        case 0xF0: length = 4; lowest = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; highest = 0x8F
        default: throw JSONSyntaxError(.invalidUTF8, offset: index)
        }
        guard index + length <= bytes.count, (lowest...highest).contains(bytes[index + 1])
        else { throw JSONSyntaxError(.invalidUTF8, offset: index) }
        for position in (index + 2)..<(index + length) where bytes[position] & 0xC0 != 0x80 {
            throw JSONSyntaxError(.invalidUTF8, offset: index)
        }
        return index + length
    }

    /// Calls `body` with the decoded bytes of a validated string token: the input itself when
    /// there are no escapes, else a temporary (stack when small) decoded copy.
    func withContent<Result, Failure: Error>(
        of token: StringToken,
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        if !token.hasEscapes {
            return try body(UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]))
        }
        // Decoding never grows the text: every escape is at least as long as its UTF-8.
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: token.count) {
            (buffer) throws(Failure) -> Result in
            let written = decode(token, into: buffer)
            return try body(UnsafeBufferPointer(rebasing: buffer[0..<written]))
        }
    }

    /// The decoded value of a validated string token.
    func string(_ token: StringToken) -> String {
        withContent(of: token) { content in String(decoding: content, as: UTF8.self) }
    }

    /// Decodes the escapes of a validated token into `output`; returns the bytes written.
    private func decode(_ token: StringToken,
                        into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var index = token.start
        var written = 0
        while index < token.end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                output[written] = byte
                written += 1
                index += 1
                continue
            }
            let marker = bytes[index + 1]
            guard marker == UInt8(ascii: "u") else {
                output[written] = Self.unescaped(marker)
                written += 1
                index += 2
                continue
            }
            var scalar = hex4(at: index + 2) ?? 0xFFFD
            index += 6
            if (0xD800...0xDBFF).contains(scalar) {
                let low = hex4(at: index + 2) ?? 0xDC00
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                index += 6
            }
            written += Self.encodeUTF8(scalar, into: output, at: written)
        }
        return written
    }

    /// The byte a short escape (`\n`, `\"`, …) stands for.
    private static func unescaped(_ marker: UInt8) -> UInt8 {
        switch marker {
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: marker  // `"`, `\`, `/` stand for themselves
        }
    }

    private static func encodeUTF8(
        _ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int
    ) -> Int {
        switch scalar {
        case 0..<0x80:
            output[index] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[index] = UInt8(0xC0 | scalar >> 6)
            output[index + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[index] = UInt8(0xE0 | scalar >> 12)
            output[index + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[index + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[index] = UInt8(0xF0 | scalar >> 18)
            output[index + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[index + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[index + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
