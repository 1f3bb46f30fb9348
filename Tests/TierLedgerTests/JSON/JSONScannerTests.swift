import Testing
@testable import TierLedger

/// The byte-level reader: string validation against the standard library's UTF-8 decoder,
/// escapes, numbers and integer limits.
struct JSONScannerTests {
    /// Scans `bytes` as one JSON value; the decoded string for strings, or the error.
    static func scanString(_ content: [UInt8]) -> Result<[UInt8], JSONSyntaxError> {
        let bytes = [UInt8(ascii: "\"")] + content + [UInt8(ascii: "\"")]
        return bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) -> [UInt8] in
                var scanner = JSONScanner(buffer)
                let token = try scanner.scanString()
                try scanner.expectEnd()
                return scanner.withContent(of: token) { Array($0) }
            }
        }
    }

    @Test(arguments: [
        [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
        [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
    ] as [[UInt8]])
    func validUTF8Boundaries(_ bytes: [UInt8]) {
        #expect(Self.scanString(bytes) == .success(bytes))
    }

    @Test(arguments: [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xE0, 0x9F, 0xBF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
    ] as [[UInt8]])
    func invalidUTF8Boundaries(_ bytes: [UInt8]) {
        #expect(Self.scanString(bytes) == .failure(JSONSyntaxError(.invalidUTF8, offset: 1)))
    }

    /// Random byte strings: accepted exactly when the standard library says they are UTF-8
    /// (quotes, backslashes and control characters are left out of the alphabet).
    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        let alphabet: [UInt8] = [0x41, 0x7E, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
                                 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3,
                                 0xF4, 0xF5, 0xFF]
        for seed: UInt64 in 0..<3_000 {
            var random = SplitMix64(seed: seed)
            let bytes = (0..<random.integer(in: 1...6)).map { _ in random.pick(alphabet) }
            let expectedValid = String(validating: bytes, as: UTF8.self) != nil
            let scanned = Self.scanString(bytes)
            let accepted = (try? scanned.get()) != nil
            #expect(accepted == expectedValid, "seed \(seed): \(bytes)")
        }
    }

    /// The eight-at-a-time search for a byte that is not plain finds what a byte-at-a-time
    /// search finds (or stops where fewer than eight bytes are left): every byte value, at
    /// every place in a word, beside a second one, from every start.
    @Test func theFirstNonPlainByteIsFoundAWordAtATime() {
        func isPlain(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x80 && byte != 0x22 && byte != 0x5C }
        for length in [7, 8, 9, 16, 17, 24] {
            for position in 0..<length {
                for special in UInt8.min...UInt8.max {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = special
                    // A second byte after it that a borrow from the first could be confused with.
                    if position + 1 < length { bytes[position + 1] = special == 0 ? 0x01 : 0x21 }
                    bytes.withUnsafeBufferPointer { buffer in
                        for start in 0..<min(length, 9) {
                            var expected = start
                            while expected + 8 <= length, bytes[expected..<(expected + 8)].allSatisfy(isPlain) {
                                expected += 8
                            }
                            if expected + 8 <= length {
                                expected = bytes[expected...].firstIndex { !isPlain($0) } ?? length
                            }
                            let found = JSONScanner.firstNonPlainByte(in: buffer, from: start)
                            #expect(found == expected, "byte \(special) at \(position) of \(length), from \(start)")
                        }
                    }
                }
            }
        }
    }

    /// Strings longer than a word: a control character, a stray continuation byte, a two-byte
    /// character and an escape at every place of a 30-byte string read as they do alone.
    @Test func longStringsScanByteForByte() {
        let plain = [UInt8](repeating: UInt8(ascii: "k"), count: 30)
        for position in 0...plain.count {
            func with(_ inserted: [UInt8]) -> [UInt8] {
                Array(plain[..<position]) + inserted + Array(plain[position...])
            }
            #expect(Self.scanString(with([0x1F])) == .failure(JSONSyntaxError(.controlCharacterInString, offset: 1 + position)))
            #expect(Self.scanString(with([0x00])) == .failure(JSONSyntaxError(.controlCharacterInString, offset: 1 + position)))
            #expect(Self.scanString(with([0x80])) == .failure(JSONSyntaxError(.invalidUTF8, offset: 1 + position)))
            #expect(Self.scanString(with([0x7F])) == .success(with([0x7F])))
            #expect(Self.scanString(with([0xC3, 0xA9])) == .success(with([0xC3, 0xA9])))
            #expect(Self.scanString(with(Array(#"\n"#.utf8))) == .success(with([0x0A])))
            #expect(Self.scanString(with(Array(#"\u00e9"#.utf8))) == .success(with([0xC3, 0xA9])))
        }
        // A quote ends the string wherever it falls; what follows it is trailing data.
        for position in 0..<plain.count {
            var bytes = plain
            bytes[position] = UInt8(ascii: "\"")
            #expect(Self.scanString(bytes) == .failure(JSONSyntaxError(.trailingData, offset: position + 2)))
        }
    }

    @Test func escapesDecode() {
        let text = #"\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83c\udfae"#
        let expected = Array("\"\\/\u{8}\u{C}\n\r\tAé€🎮".utf8)
        #expect(Self.scanString(Array(text.utf8)) == .success(expected))
    }

    /// Every scalar written as `\u` escapes (pairs above U+FFFF) decodes to itself.
    @Test func unicodeEscapesRoundTrip() {
        for seed: UInt64 in 0..<2_000 {
            var random = SplitMix64(seed: seed)
            var scalars: [Unicode.Scalar] = []
            for _ in 0..<4 {
                let value = UInt32(random.integer(in: 0...0x10FFFF))
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            var escaped = ""
            for scalar in scalars {
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
            let expected = Array(String(String.UnicodeScalarView(scalars)).utf8)
            #expect(Self.scanString(Array(escaped.utf8)) == .success(expected), "seed \(seed)")
        }
    }

    @Test func controlCharactersMustBeEscaped() {
        for byte: UInt8 in 0..<0x20 {
            let expected = JSONSyntaxError(.controlCharacterInString, offset: 2)
            #expect(Self.scanString([0x41, byte]) == .failure(expected), "byte \(byte)")
        }
        #expect(Self.scanString([0x7F]) == .success([0x7F]))
    }

    @Test(arguments: [
        (#"\u"#, JSONSyntaxError.Reason.invalidEscape), (#"\u12G4"#, .invalidEscape),
        (#"\a"#, .invalidEscape),
        (#"\U0041"#, .invalidEscape), (#"\ud800"#, .loneSurrogate), (#"\udfff"#, .loneSurrogate),
        (#"\ud800\n"#, .loneSurrogate), (#"\ud800\ud800"#, .loneSurrogate),
    ])
    func badEscapes(_ text: String, _ reason: JSONSyntaxError.Reason) {
        #expect(Self.scanString(Array(text.utf8)) == .failure(JSONSyntaxError(reason, offset: 1)))
    }

    @Test func integerLimits() {
        func int64(_ text: String) -> Int64? {
            var copy = text
            return copy.withUTF8 { buffer -> Int64? in
                var scanner = JSONScanner(buffer)
                guard let token = try? scanner.scanNumber(), token.isInteger else { return nil }
                return scanner.int64(from: token.start, to: token.end)
            }
        }
        #expect(int64("9223372036854775807") == .max)
        #expect(int64("-9223372036854775808") == .min)
        #expect(int64("9223372036854775808") == nil)
        #expect(int64("-9223372036854775809") == nil)
        #expect(int64("0") == 0)
        #expect(int64("-0") == 0)
        #expect(int64("1.5") == nil)
        #expect(int64("1e2") == nil)
        #expect(int64("00000000000000000000000000001") == nil)  // not JSON: leading zero
    }

    @Test(arguments: ["-", "01", "1.", ".5", "1e", "1e+", "--1", "1.2.3", "1-2", "1e5e5"])
    func invalidNumbers(_ text: String) {
        var copy = text
        let failed = copy.withUTF8 { buffer -> Bool in
            var scanner = JSONScanner(buffer)
            return (try? scanner.scanNumber()) == nil
        }
        #expect(failed, "\(text)")
    }

    @Test func keysAndTypesAreRecognisedExactly() {
        for field in CommandField.allCases {
            var key = field.name
            #expect(key.withUTF8 { CommandField.identify($0) } == field)
            var longer = field.name + "x"
            #expect(longer.withUTF8 { CommandField.identify($0) } == nil)
            var changed = String(field.name.dropLast()) + "#"
            #expect(changed.withUTF8 { CommandField.identify($0) } == nil)
        }
        for type in CommandType.allCases {
            var name = type.name.description
            #expect(name.withUTF8 { CommandType.identify($0) } == type)
            #expect(Command.Action.allTypeNames[type.rawValue] == name)
            var changed = String(name.dropLast()) + "#"
            #expect(changed.withUTF8 { CommandType.identify($0) } == nil)
        }
    }
}
