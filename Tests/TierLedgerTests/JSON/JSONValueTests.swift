import Testing
@testable import TierLedger

/// The general JSON document: parsing, accessors, errors with byte offsets, round trips.
struct JSONValueTests {
    @Test func parsesEveryKindAndKeepsOrder() throws {
        let text = #" {"z":[1,-2.5e3,true,false,null,"x"],"a":{},"z":"again"} "#
        let value = try JSONValue.parse(text)
        #expect(value == .object([
            (key: "z", value: .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false),
                                       .null, .string("x")])),
            (key: "a", value: .object([])),
            (key: "z", value: .string("again")),
        ]))
        #expect(value["z"]?[1]?.numberText == "-2.5e3")
        #expect(value["z"]?[6] == nil)
        #expect(value["a"]?.objectMembers?.isEmpty == true)
        #expect(value["missing"] == nil)
        #expect(value.jsonText == #"{"z":[1,-2.5e3,true,false,null,"x"],"a":{},"z":"again"}"#)
    }

    @Test func accessors() throws {
        let value = try JSONValue.parse(
            #"{"n":42,"f":1.0,"big":9223372036854775808,"s":"-1.20","b":true,"x":null}"#)
        #expect(value["n"]?.int64Value == 42)
        #expect(value["f"]?.int64Value == nil)
        #expect(value["f"]?.numberText == "1.0")
        #expect(value["big"]?.int64Value == nil)
        #expect(value["s"]?.moneyValue == Money(minorUnits: -120))
        #expect(value["s"]?.stringValue == "-1.20")
        #expect(value["b"]?.boolValue == true)
        #expect(value["x"]?.isNull == true)
        #expect(value["n"]?.stringValue == nil)
        #expect(JSONValue.integer(-7) == .number("-7"))
        #expect(JSONValue.money(Money(minorUnits: 5)) == .string("0.05"))
    }

    @Test(arguments: [
        ("", JSONSyntaxError(.unexpectedEnd(.value), offset: 0)),
        ("[1,]", JSONSyntaxError(.unexpectedByte(UInt8(ascii: "]"), .value), offset: 3)),
        (#"{"a" 1}"#, JSONSyntaxError(.unexpectedByte(UInt8(ascii: "1"), .colon), offset: 5)),
        (#"{"a":1,}"#, JSONSyntaxError(.unexpectedByte(UInt8(ascii: "}"), .key), offset: 7)),
        (#"{"a":1"#, JSONSyntaxError(.unexpectedEnd(.commaOrObjectEnd), offset: 6)),
        ("[1 2]", JSONSyntaxError(.unexpectedByte(UInt8(ascii: "2"), .commaOrArrayEnd), offset: 3)),
        (#""abc"#, JSONSyntaxError(.unterminatedString, offset: 0)),
        ("[1] 2", JSONSyntaxError(.trailingData, offset: 4)),
        ("01", JSONSyntaxError(.invalidNumber, offset: 0)),
        ("nul", JSONSyntaxError(.unexpectedEnd(.literal("null")), offset: 3)),
        ("truth", JSONSyntaxError(.unexpectedByte(UInt8(ascii: "t"), .literal("true")), offset: 3)),
        ("0x10", JSONSyntaxError(.trailingData, offset: 1)),
        ("[0x10]",
         JSONSyntaxError(.unexpectedByte(UInt8(ascii: "x"), .commaOrArrayEnd), offset: 2)),
    ])
    func errorsCarryOffsets(_ text: String, _ error: JSONSyntaxError) {
        #expect(throws: error) { try JSONValue.parse(text) }
    }

    @Test func errorDescriptionsReadAsSentences() {
        #expect(JSONSyntaxError(.unexpectedByte(0x00, .colon), offset: 9).description
                == "byte 0x00 where ':' was expected at byte offset 9")
        #expect(JSONSyntaxError(.unterminatedString, offset: 0).description
                == "an unterminated string at byte offset 0")
    }

    @Test func nestingIsBounded() throws {
        let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(throws: Never.self) { try JSONValue.parse(deepest) }
        let tooDeep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(throws: JSONSyntaxError(.tooDeep, offset: 256)) { try JSONValue.parse(tooDeep) }
    }

    /// Seeded random documents survive `jsonText` → `parse` unchanged.
    @Test func randomDocumentsRoundTrip() throws {
        for seed: UInt64 in 0..<500 {
            var random = SplitMix64(seed: seed)
            let value = Self.randomValue(&random, depth: 0)
            let parsed = try JSONValue.parse(value.jsonText)
            #expect(parsed == value, "seed \(seed): \(value.jsonText)")
            #expect(parsed.jsonText == value.jsonText, "seed \(seed)")
        }
    }

    static let pieces = ["a", "\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "🎮", "/", "\u{7F}",
                         "\u{FEFF}"]
    static let numbers = ["0", "-0", "42", "-9223372036854775808", "1.5", "1e3", "-2.25E-7",
                          "1e400"]

    static func randomValue(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        let text = { (random: inout SplitMix64) -> String in
            (0..<random.integer(in: 0...6)).map { _ in random.pick(pieces) }.joined()
        }
        switch random.integer(in: 0...(depth > 3 ? 3 : 5)) {
        case 0: return .null
        case 1: return .bool(random.chance(1, in: 2))
        case 2: return .number(random.pick(numbers))
        case 3: return .string(text(&random))
        case 4:
            return .array((0..<random.integer(in: 0...4)).map { _ in
                randomValue(&random, depth: depth + 1)
            })
        default:
            return .object((0..<random.integer(in: 0...4)).map { _ in
                (key: text(&random), value: randomValue(&random, depth: depth + 1))
            })
        }
    }

    @Test func firstDifferenceNamesThePathAndBothSides() throws {
        let base = try JSONValue.parse(#"{"a":1,"chain":[{"p":"1.00"},{"p":"2.00"}],"z":[1,2]}"#)
        func difference(_ text: String) throws -> (String, String, String) {
            let (path, this, other) = base.firstDifference(from: try JSONValue.parse(text))
            return (path, this, other)
        }
        #expect(try difference(#"{"a":1,"chain":[{"p":"1.00"},{"p":"2.01"}],"z":[1,2]}"#)
            == ("chain[1].p", #""2.00""#, #""2.01""#))
        #expect(try difference(#"{"a":2,"chain":[],"z":[1,2]}"#) == ("a", "1", "2"))
        // Arrays of other lengths are shown whole; a member only one side has is named.
        #expect(try difference(#"{"a":1,"chain":[{"p":"1.00"},{"p":"2.00"}],"z":[1]}"#) == ("z", "[1,2]", "[1]"))
        #expect(try difference(#"{"a":1,"b":0}"#) == ("chain", #"[{"p":"1.00"},{"p":"2.00"}]"#, "no such field"))
        #expect(try difference(#"{"a":1,"chain":[{"p":"1.00"},{"p":"2.00"}],"z":[1,2],"y":true}"#)
            == ("y", "missing", "true"))
        #expect(try difference(#"[1]"#) == ("", base.jsonText, "[1]"))
    }
}
