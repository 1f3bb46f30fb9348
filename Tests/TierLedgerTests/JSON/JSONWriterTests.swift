import Testing
@testable import TierLedger

/// Object lines: key order, escaping per RFC 8259, money, times, integers, round trips.
struct JSONWriterTests {
    @Test func writesKeysInOrder() {
        var writer = JSONObjectWriter()
        writer.string("type", "order.place")
        writer.integer("qty", 2)
        writer.money("cost", Money(minorUnits: 8_500))
        writer.timestamp("at", CommandFixtures.at)
        writer.bool("ok", true)
        writer.bool("no", false)
        writer.null("none")
        writer.raw("legs", "[1,2]")
        writer.stringArray("codes", ["a", "b"])
        writer.stringArray("empty", [])
        writer.value("doc", .object([(key: "k", value: .number("1e3"))]))
        #expect(writer.finish() == #"{"type":"order.place","qty":2,"cost":"85.00","#
                + #""at":"2026-03-01T08:00:00Z","ok":true,"no":false,"none":null,"legs":[1,2],"#
                + #""codes":["a","b"],"empty":[],"doc":{"k":1e3}}"#)
        #expect(JSONObjectWriter().finish() == "{}")
    }

    @Test func escapesWhatJSONRequiresAndNothingElse() {
        var writer = JSONObjectWriter()
        writer.string("k\"ey", "q\" b\\ s/ \u{8}\u{C}\n\r\t \u{0}\u{1F} \u{7F} é 腾讯 🎮 \u{2028}")
        #expect(writer.finish()
                == #"{"k\"ey":"q\" b\\ s/ \b\f\n\r\t \u0000\u001f "# + "\u{7F} é 腾讯 🎮 \u{2028}\"}")
    }

    @Test func everyControlCharacterIsEscaped() throws {
        for byte: UInt8 in 0..<0x20 {
            let text = String(decoding: [byte], as: UTF8.self)
            var writer = JSONObjectWriter()
            writer.string("c", text)
            let line = writer.finish()
            #expect(!line.utf8.contains { $0 < 0x20 }, "byte \(byte)")
            #expect(try JSONValue.parse(line)["c"]?.stringValue == text, "byte \(byte)")
        }
    }

    @Test(arguments: [
        (Int64(0), "0.00"), (5, "0.05"), (10, "0.10"), (8_500, "85.00"), (-120, "-1.20"),
        (-5, "-0.05"), (900_000_000_000_000, "9000000000000.00"),
        (Int64.max, "92233720368547758.07"), (Int64.min, "-92233720368547758.08"),
    ])
    func moneyMatchesItsDescription(_ minorUnits: Int64, _ text: String) {
        var writer = JSONObjectWriter()
        writer.money("m", Money(minorUnits: minorUnits))
        #expect(writer.finish() == #"{"m":"\#(text)"}"#)
        #expect(Money(minorUnits: minorUnits).description == text)
    }

    @Test func integersAtTheLimits() {
        var writer = JSONObjectWriter()
        writer.integer("a", Int64.min)
        writer.integer("b", Int64.max)
        writer.integer("c", UInt64.max)
        writer.integer("d", 0)
        writer.integer("e", -7)
        #expect(writer.finish() == #"{"a":-9223372036854775808,"b":9223372036854775807,"#
                + #""c":18446744073709551615,"d":0,"e":-7}"#)
    }

    /// Seeded random strings come back unchanged through the writer and the parser.
    @Test func randomStringsRoundTrip() throws {
        for seed: UInt64 in 0..<1_000 {
            var random = SplitMix64(seed: seed)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<random.integer(in: 0...12) {
                let value = UInt32(random.chance(1, in: 2) ? random.integer(in: 0...0x7F)
                                                           : random.integer(in: 0...0x10FFFF))
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            let text = String(scalars)
            var writer = JSONObjectWriter()
            writer.string(text, text)
            writer.stringArray("list", [text, ""])
            let parsed = try JSONValue.parse(writer.finish())
            #expect(parsed == .object([(key: text, value: .string(text)),
                                       (key: "list", value: .array([.string(text), .string("")]))]),
                    "seed \(seed)")
        }
    }

    @Test func outputIsDeterministic() {
        func line() -> String {
            var writer = JSONObjectWriter()
            writer.string("b", "1")
            writer.string("a", "2")
            return writer.finish()
        }
        #expect(line() == line())
        #expect(line() == #"{"b":"1","a":"2"}"#)
    }
}
