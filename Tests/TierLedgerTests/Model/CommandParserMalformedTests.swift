import Testing
@testable import TierLedger

/// Every kind of malformed line (SPEC §3.1) gives one exact message: the line, the field to
/// blame and what was expected.
struct CommandParserMalformedTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var line: String
        var message: String
        var testDescription: String { line.count > 90 ? String(line.prefix(90)) + "…" : line }

        init(_ line: String, _ message: String) {
            self.line = line
            self.message = message
        }
    }

    static let invalid = "line 1: expected a JSON object, got invalid JSON: "
    static let notObject = "line 1: expected a JSON object, got "
    static let missing = "got nothing (the field is missing)"
    static let idRule = "an id of 1–64 characters from A-Z a-z 0-9 . _ : -"
    static let typeRule = "one of " + Command.Action.allTypeNames.joined(separator: ", ")
    static let timeRule = Timestamp.rfc3339Expectation
    static let moneyRule = #"a money string like "85.00""#
    static let twoDigits = #"a money string with exactly two fraction digits like "85.00""#
    static let noSign = #"a money string without a sign like "85.00""#
    static let decimal = #"a money string of decimal digits like "85.00""#
    static let twice = "expected each field at most once per line, got it again at byte offset"
    static let placeFields = "type, at, order, distributor, sku, qty, buyer, expect_unit_price"
    static let nameRule = "a string of 1–256 bytes"
    static let textRule = "a string of at most 1024 bytes"
    static let codeRule = "each code to be a string of 1–256 bytes"

    /// `line 1: field "name": `, the start of a message about one field.
    static func field(_ name: String) -> String { "line 1: field \"\(name)\": " }

    /// A line of `type` at 2026-03-01T08:00:00Z with `fields` (JSON members) after it.
    static func line(_ type: String, _ fields: String = "") -> String {
        CommandFixtures.line(type, fields)
    }

    /// An `order.place` line with `fields` after the type and time.
    static func place(_ fields: String) -> String { line("order.place", fields) }

    /// A well-formed `order.place` line with one field's JSON value replaced.
    static func place(qty: String = "2", sku: String = #""SKU-1""#, expect: String? = nil)
        -> String
    {
        let tail = expect.map { #","expect_unit_price":\#($0)"# } ?? ""
        return place(#""order":"O1","distributor":"D1","sku":\#(sku),"qty":\#(qty),"buyer":"B1""#
                     + tail)
    }

    /// A `product.list` line with the `cost` JSON value given.
    static func list(cost: String) -> String {
        line("product.list", #""sku":"K1","supplier":"S1","name":"Card","face":"1.00","cost":"#
             + cost)
    }

    static func repeated(_ count: Int, _ text: String) -> String {
        String(repeating: text, count: count)
    }

    static let syntaxCases: [Case] = [
        Case("hello", invalid + "'h' where a value was expected at byte offset 0"),
        Case("[1,2]", notObject + "an array"),
        Case(#""text""#, notObject + #"a string "text""#),
        Case("42", notObject + "a number 42"),
        Case("null", notObject + "null"),
        Case("", notObject + "an empty line"),
        Case(#"{"type":"order.pay""#,
             invalid + "the end of the input where ',' or '}' was expected at byte offset 19"),
        Case(#"{"type":"order.pay"#, invalid + "an unterminated string at byte offset 8"),
        Case(line("order.pay", #""order":"O1""#) + " x",
             invalid + "more data after the JSON value at byte offset 62"),
        Case(line("settlement.run") + line("settlement.run"),
             invalid + "more data after the JSON value at byte offset 53"),
        Case(line("order.pay", "\"order\":\"O\t1\""),
             invalid + "an unescaped control character in a string at byte offset 58"),
        Case(line("order.pay", #""order":"O\x1""#),
             invalid + "an invalid escape sequence at byte offset 58"),
        Case(line("order.pay", #""order":"O\u12""#),
             invalid + "an invalid escape sequence at byte offset 58"),
        Case(line("order.pay", #""order":"\ud800""#),
             invalid + "a lone surrogate escape at byte offset 57"),
        Case(line("order.pay", #""order":"\udc00\ud800""#),
             invalid + "a lone surrogate escape at byte offset 57"),
        Case(line("order.pay", #""order":"\ud800\u0041""#),
             invalid + "a lone surrogate escape at byte offset 57"),
        Case(#"{"type" "order.pay"}"#, invalid + #"'"' where ':' was expected at byte offset 8"#),
        Case(String(line("settlement.run").dropLast()) + ",}",
             invalid + "'}' where a string key was expected at byte offset 53"),
        Case(#"{'type':'settlement.run'}"#,
             invalid + #""'" where a string key was expected at byte offset 1"#),
        Case(place(qty: "02"), invalid + "an invalid number at byte offset 102"),
        Case(place(qty: "1."), invalid + "an invalid number at byte offset 102"),
        Case(place(qty: "+1"), invalid + "'+' where a value was expected at byte offset 102"),
        Case(place(qty: "NaN"), invalid + "'N' where a value was expected at byte offset 102"),
        Case(place(qty: "tru"), invalid + "',' where true was expected at byte offset 105"),
        Case(line("settlement.run", #""x":"# + repeated(300, "[") + repeated(300, "]")),
             invalid + "arrays or objects nested deeper than 256 levels at byte offset 312"),
    ]

    static let keysAndTypeCases: [Case] = [
        Case("{}", field("type") + "expected \(typeRule), \(missing)"),
        Case(line("order.delete"), field("type") + "expected \(typeRule), got \"order.delete\""),
        Case(line("Order.Pay", #""order":"O1""#),
             field("type") + "expected \(typeRule), got \"Order.Pay\""),
        Case(#"{"type":5}"#, field("type") + "expected \(typeRule), got a number 5"),
        Case(#"{"type":["order.pay"]}"#, field("type") + "expected \(typeRule), got an array"),
        Case(#"{"Type":"settlement.run"}"#, field("type") + "expected \(typeRule), \(missing)"),
        Case(place(#""order":"O1","distributor":"D1","sku":"SKU-1","qty":2,"qty":3,"buyer":"B1""#),
             field("qty") + twice + " 104"),
        Case(place(#""order":"O1","distributor":"D1","sku":"K","qty":2,"q\u0074y":2,"buyer":"B""#),
             field("qty") + twice + " 100"),
        Case(line("order.pay", #""type":"order.pay","order":"O1""#), field("type") + twice + " 48"),
        Case(place(#""order":"O1","distributor":"D1","sku":"K","qty":2,"buyer":"B1","foo":1"#),
             field("foo") + "expected no such field for order.place; allowed: \(placeFields)"),
        Case(place(#""order":"O","distributor":"D","sku":"K","qty":2,"buyer":"B","ttl_seconds":6"#),
             field("ttl_seconds")
                + "expected no such field for order.place; allowed: \(placeFields)"),
        Case(line("platform.set_markup", #""sku":"*","price":"1.00""#),
             field("price") + "expected no such field for platform.set_markup; "
                + "allowed: type, at, sku, fixed, bps"),
        Case(line("settlement.run", #""sku":"K1""#),
             field("sku") + "expected no such field for settlement.run; allowed: type, at"),
        Case(line("settlement.run", #""fo\"o":1"#),
             #"line 1: field "fo\"o": "#
                + "expected no such field for settlement.run; allowed: type, at"),
    ]

    static let timeCases: [Case] = [
        Case(#"{"type":"settlement.run"}"#, field("at") + "expected \(timeRule), \(missing)"),
        Case(#"{"type":"settlement.run","at":"2026-02-30T00:00:00Z"}"#,
             field("at") + "expected \(timeRule), got \"2026-02-30T00:00:00Z\""),
        Case(#"{"type":"settlement.run","at":"2026-03-01T08:00:00"}"#,
             field("at") + "expected \(timeRule), got \"2026-03-01T08:00:00\""),
        Case(#"{"type":"settlement.run","at":1772352000}"#,
             field("at") + "expected \(timeRule), got a number 1772352000"),
        Case(#"{"type":"settlement.run","at":null}"#,
             field("at") + "expected \(timeRule), got null"),
    ]

    static let idCases: [Case] = [
        Case(line("order.pay", #""order":"""#), field("order") + "expected \(idRule), got \"\""),
        Case(line("order.pay", #""order":""# + repeated(65, "x") + #"""#),
             field("order") + "expected \(idRule), got \"\(repeated(40, "x"))\"… (65 bytes)"),
        Case(line("order.pay", #""order":"O 1""#),
             field("order") + "expected \(idRule), got \"O 1\""),
        Case(line("order.pay", #""order":"订单1""#),
             field("order") + "expected \(idRule), got \"订单1\""),
        Case(line("order.pay", #""order":"O\n1""#),
             field("order") + "expected \(idRule), got \"O\\n1\""),
        Case(line("order.pay", #""order":123"#),
             field("order") + "expected \(idRule), got a number 123"),
        Case(line("order.pay"), field("order") + "expected \(idRule), \(missing)"),
        Case(place(sku: #""*""#), field("sku") + "expected \(idRule), got \"*\""),
        Case(place(sku: #"{"id":"SKU-1"}"#), field("sku") + "expected \(idRule), got an object"),
        Case(place(sku: "null"), field("sku") + "expected \(idRule), got null"),
        Case(place(#""order":"O1","distributor":"D1","sku":"SKU-1","qty":2,"buyer":["B1"]"#),
             field("buyer") + "expected \(idRule), got an array"),
        Case(line("platform.set_markup", #""sku":"**","bps":5"#),
             field("sku") + "expected \"*\" or \(idRule), got \"**\""),
        Case(line("distributor.join", #""distributor":"D2","name":"N","parent":"""#),
             field("parent") + "expected \(idRule), got \"\""),
    ]

    static let moneyCases: [Case] = [
        Case(list(cost: "85"), field("cost") + "expected \(moneyRule), got a number 85"),
        Case(list(cost: "85.00"), field("cost") + "expected \(moneyRule), got a number 85.00"),
        Case(list(cost: #""85""#), field("cost") + "expected \(twoDigits), got \"85\""),
        Case(list(cost: #""85.0""#), field("cost") + "expected \(twoDigits), got \"85.0\""),
        Case(list(cost: #""85.000""#), field("cost") + "expected \(twoDigits), got \"85.000\""),
        Case(list(cost: #""-1.00""#), field("cost") + "expected \(noSign), got \"-1.00\""),
        Case(list(cost: #""+1.00""#), field("cost") + "expected \(noSign), got \"+1.00\""),
        Case(list(cost: #""9000000000000.01""#),
             field("cost")
                + "expected a money string of at most 9000000000000.00, got \"9000000000000.01\""),
        Case(list(cost: #"" 85.00""#), field("cost") + "expected \(decimal), got \" 85.00\""),
        Case(list(cost: #"".50""#), field("cost") + "expected \(decimal), got \".50\""),
        Case(list(cost: #""1,000.00""#), field("cost") + "expected \(decimal), got \"1,000.00\""),
        Case(list(cost: #""""#), field("cost") + "expected \(moneyRule), got an empty string"),
        Case(list(cost: "null"), field("cost") + "expected \(moneyRule), got null"),
        Case(place(expect: "85.5"),
             field("expect_unit_price") + "expected \(moneyRule), got a number 85.5"),
        Case(line("product.list", #""sku":"K1","supplier":"S1","name":"Card","face":"100.00""#),
             field("cost") + "expected \(moneyRule), \(missing)"),
    ]

    static let integerCases: [Case] = [
        Case(place(qty: #""2""#), field("qty") + #"expected an integer, got a string "2""#),
        Case(place(qty: "1.0"), field("qty") + "expected an integer, got 1.0"),
        Case(place(qty: "1e3"), field("qty") + "expected an integer, got 1e3"),
        Case(place(qty: "1E+3"), field("qty") + "expected an integer, got 1E+3"),
        Case(place(qty: "99999999999999999999"),
             field("qty") + "expected an integer, got 99999999999999999999"),
        Case(place(qty: "9223372036854775808"),
             field("qty") + "expected an integer, got 9223372036854775808"),
        Case(place(qty: "-9223372036854775809"),
             field("qty") + "expected an integer, got -9223372036854775809"),
        Case(place(qty: "true"), field("qty") + "expected an integer, got true"),
        Case(place(qty: "null"), field("qty") + "expected an integer, got null"),
        Case(place(qty: "[2]"), field("qty") + "expected an integer, got an array"),
        Case(line("product.list", #""sku":"K","supplier":"S","name":"C","face":"1.00","#
                  + #""cost":"1.00","refund_hours":"24""#),
             field("refund_hours") + #"expected an integer, got a string "24""#),
        Case(line("order.reserve", #""order":"O","distributor":"D","sku":"K","qty":1,"buyer":"B""#),
             field("ttl_seconds") + "expected an integer, \(missing)"),
    ]

    static let textCases: [Case] = [
        Case(line("supplier.register", #""supplier":"S1","name":"""#),
             field("name") + "expected \(nameRule), got \"\""),
        Case(line("supplier.register", #""supplier":"S1","name":""# + repeated(257, "n") + #"""#),
             field("name") + "expected \(nameRule), got a string of 257 bytes"),
        Case(line("supplier.register", #""supplier":"S1","name":""# + repeated(86, "腾") + #"""#),
             field("name") + "expected \(nameRule), got a string of 258 bytes"),
        Case(line("supplier.register", #""supplier":"S1","name":7"#),
             field("name") + "expected \(nameRule), got a number 7"),
        Case(line("supplier.charge_fee", #""fee":"F1","supplier":"S1","amount":"1.00","memo":""#
                  + repeated(1025, "m") + #"""#),
             field("memo") + "expected \(textRule), got a string of 1025 bytes"),
        Case(line("stock.void", #""sku":"K1","batch":"B1","count":1,"reason":false"#),
             field("reason") + "expected \(textRule), got false"),
        Case(line("dispute.open", #""dispute":"X1","order":"O1""#),
             field("reason") + "expected \(textRule), \(missing)"),
        Case(line("stock.add", #""sku":"K1","batch":"B1","codes":"AAAA-1""#),
             field("codes") + "expected an array of code strings, got a string"),
        Case(line("stock.add", #""sku":"K1","batch":"B1","codes":["AAAA-1",12345]"#),
             field("codes") + "expected \(codeRule), got a number at index 1"),
        Case(line("stock.add", #""sku":"K1","batch":"B1","codes":["AAAA-1",""]"#),
             field("codes") + "expected \(codeRule), got \"\" at index 1"),
        Case(line("stock.add", #""sku":"K","batch":"B","codes":[""# + repeated(300, "c") + #""]"#),
             field("codes") + "expected \(codeRule), got a string of 300 bytes at index 0"),
        Case(line("dispute.resolve", #""dispute":"X1","outcome":"maybe""#),
             field("outcome") + #"expected "refund" or "reject", got "maybe""#),
        Case(line("dispute.resolve", #""dispute":"X1","outcome":"reject","amount":"5.00""#),
             field("amount") + #"expected no amount when outcome is "reject", got "5.00""#),
    ]

    static let alternativeCases: [Case] = [
        Case(line("platform.set_markup", #""sku":"*""#),
             "line 1: expected exactly one of fixed, bps, got none of them"),
        Case(line("platform.set_markup", #""sku":"*","bps":5,"fixed":"1.00""#),
             field("fixed") + "expected exactly one of fixed, bps, got fixed and bps"),
        Case(line("platform.set_markup", #""sku":"*","bps":null,"fixed":null"#),
             "line 1: expected exactly one of fixed, bps, got none of them"),
        Case(line("distributor.set_markup",
                  #""distributor":"D1","sku":"*","price":"9.00","bps":5,"fixed":"1.00""#),
             field("fixed")
                + "expected exactly one of fixed, bps, price, got fixed, bps and price"),
        Case(line("distributor.set_markup", #""distributor":"D","sku":"*","price":"9.00","bps":5"#),
             field("bps") + "expected exactly one of fixed, bps, price, got bps and price"),
        Case(line("stock.add", #""sku":"K1","batch":"B1","codes":["A"],"count":1"#),
             field("codes") + "expected exactly one of codes, count, got codes and count"),
        Case(line("stock.add", #""sku":"K1","batch":"B1""#),
             "line 1: expected exactly one of codes, count, got none of them"),
        Case(line("payout.make", #""payout":"P","supplier":"S","distributor":"D","amount":"1.00""#),
             field("supplier")
                + "expected exactly one of supplier, distributor, got supplier and distributor"),
        Case(line("payout.make", #""payout":"P1","amount":"1.00""#),
             "line 1: expected exactly one of supplier, distributor, got none of them"),
        Case(line("distributor.set_markup", #""distributor":"D1","sku":"*","bps":"5""#),
             field("bps") + #"expected an integer, got a string "5""#),
    ]

    @Test(arguments: syntaxCases) func syntaxErrors(_ testCase: Case) { check(testCase) }
    @Test(arguments: keysAndTypeCases) func keysAndTypes(_ testCase: Case) { check(testCase) }
    @Test(arguments: timeCases) func times(_ testCase: Case) { check(testCase) }
    @Test(arguments: idCases) func ids(_ testCase: Case) { check(testCase) }
    @Test(arguments: moneyCases) func money(_ testCase: Case) { check(testCase) }
    @Test(arguments: integerCases) func integers(_ testCase: Case) { check(testCase) }
    @Test(arguments: textCases) func textsCodesAndOutcomes(_ testCase: Case) { check(testCase) }
    @Test(arguments: alternativeCases) func alternatives(_ testCase: Case) { check(testCase) }

    func check(_ testCase: Case) {
        #expect(CommandFixtures.errorText(testCase.line) == testCase.message)
    }

    @Test func invalidUTF8IsMalformed() {
        let start = Self.line("supplier.register", #""supplier":"S1","name":""#)
        let before = Array(start.utf8.dropLast())
        let after = Array(#""}"#.utf8)
        let message = Self.invalid + "invalid UTF-8 at byte offset 80"
        let sequences: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80],
                                    [0xF4, 0x90, 0x80, 0x80], [0x80], [0xF0, 0x9F, 0x98]]
        for bad in sequences {
            #expect(CommandFixtures.errorText(bytes: before + bad + after) == message, "\(bad)")
        }
        // A valid four-byte sequence is fine.
        let emoji: [UInt8] = [0xF0, 0x9F, 0x98, 0x80]
        #expect(CommandFixtures.errorText(bytes: before + emoji + after) == "parsed")
        // Outside strings, a stray byte is an unexpected byte.
        #expect(CommandFixtures.errorText(bytes: [0x7B, 0xFF, 0x7D])
                == Self.invalid + "byte 0xFF where a string key was expected at byte offset 1")
    }

    @Test func errorsNameTheLineNumber() {
        #expect(CommandFixtures.errorText("[]", lineNumber: 7)
                == "line 7: expected a JSON object, got an array")
        let error = CommandParser.parse(Self.list(cost: "85"), lineNumber: 3)
        #expect(error == .failure(CommandParseError(
            line: 3, field: "cost", expected: #"a money string like "85.00""#, got: "a number 85")))
    }

    @Test func checksComeInTheDocumentedOrder() {
        // Syntax before repeats, repeats before type, type before unknown keys, unknown keys
        // before `at`, `at` before fields, fields in SPEC table order.
        func error(_ line: String) -> String { CommandFixtures.errorText(line) }
        #expect(error(#"{"qty":1,"qty":2,"type":"x""#).hasPrefix(Self.invalid))
        #expect(error(#"{"qty":1,"qty":2,"type":"x"}"#).hasPrefix(Self.field("qty") + Self.twice))
        #expect(error(#"{"foo":1,"type":"x"}"#).hasPrefix(Self.field("type")))
        #expect(error(#"{"foo":1,"type":"order.pay","at":1}"#).hasPrefix(Self.field("foo")))
        #expect(error(#"{"order":1,"type":"order.pay","at":1}"#).hasPrefix(Self.field("at")))
        let place = Self.place(#""buyer":1,"qty":"x","order":"O1","distributor":"D1","sku":"K""#)
        #expect(error(place).hasPrefix(Self.field("qty")))
    }

    @Test func longValuesAreCutInMessages() {
        let long = Self.repeated(50, "é")
        let message = CommandFixtures.errorText(#"{"type":"\#(long)","at":"x"}"#)
        #expect(message.hasSuffix("got \"\(Self.repeated(40, "é"))\"… (100 bytes)"))
    }

    @Test func manyUnknownKeysStillGiveOneError() {
        let keys = (0..<5_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        #expect(CommandFixtures.errorText(Self.line("settlement.run", keys))
                == Self.field("k0")
                    + "expected no such field for settlement.run; allowed: type, at")
    }

    @Test func thereAreAtLeastSixtyCases() {
        let groups = [Self.syntaxCases, Self.keysAndTypeCases, Self.timeCases, Self.idCases,
                      Self.moneyCases, Self.integerCases, Self.textCases, Self.alternativeCases]
        #expect(groups.map(\.count).reduce(0, +) >= 60)
    }
}
