import Testing
@testable import TierLedger

/// Every kind of malformed line (SPEC §3.1) gives one exact message: the line, the field to
/// blame and what was expected.
struct CommandParserMalformedTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var line: String
        var message: String
        var testDescription: String { line.count > 90 ? String(line.prefix(90)) + "…" : line }
    }

    static let at = #""at":"2026-03-01T08:00:00Z""#
    static let idRule = "an id of 1–64 characters from A-Z a-z 0-9 . _ : -"
    static let typeList = Command.Action.allTypeNames.joined(separator: ", ")
    static let timeRule = #"an RFC 3339 time like "2026-03-01T08:00:00Z" (offsets and fractions allowed)"#
    static let placeFields = "type, at, order, distributor, sku, qty, buyer, expect_unit_price"

    /// An `order.place` line with `fields` after the type and time.
    static func place(_ fields: String) -> String {
        #"{"type":"order.place",\#(at),\#(fields)}"#
    }

    /// A well-formed `order.place` line with one field's JSON value replaced.
    static func place(qty: String = "2", sku: String = #""SKU-1""#, expect: String? = nil) -> String {
        let tail = expect.map { #","expect_unit_price":\#($0)"# } ?? ""
        return place(#""order":"O1","distributor":"D1","sku":\#(sku),"qty":\#(qty),"buyer":"B1""# + tail)
    }

    /// A `product.list` line with the `cost` JSON value given.
    static func list(cost: String) -> String {
        #"{"type":"product.list",\#(at),"sku":"K1","supplier":"S1","name":"Card","face":"100.00","cost":\#(cost)}"#
    }

    static let syntaxCases: [Case] = [
        Case(line: "hello",
             message: "line 1: expected a JSON object, got invalid JSON: 'h' where a value was expected at byte offset 0"),
        Case(line: "[1,2]", message: "line 1: expected a JSON object, got an array"),
        Case(line: #""text""#, message: #"line 1: expected a JSON object, got a string "text""#),
        Case(line: "42", message: "line 1: expected a JSON object, got a number 42"),
        Case(line: "null", message: "line 1: expected a JSON object, got null"),
        Case(line: "", message: "line 1: expected a JSON object, got an empty line"),
        Case(line: #"{"type":"order.pay""#,
             message: "line 1: expected a JSON object, got invalid JSON: the end of the input where ',' or '}' was expected at byte offset 19"),
        Case(line: #"{"type":"order.pay"#,
             message: "line 1: expected a JSON object, got invalid JSON: an unterminated string at byte offset 8"),
        Case(line: #"{"type":"order.pay",\#(at),"order":"O1"} x"#,
             message: "line 1: expected a JSON object, got invalid JSON: more data after the JSON value at byte offset 62"),
        Case(line: #"{"type":"settlement.run",\#(at)}{"type":"settlement.run",\#(at)}"#,
             message: "line 1: expected a JSON object, got invalid JSON: more data after the JSON value at byte offset 53"),
        Case(line: "{\"type\":\"order.pay\",\(at),\"order\":\"O\t1\"}",
             message: "line 1: expected a JSON object, got invalid JSON: an unescaped control character in a string at byte offset 58"),
        Case(line: #"{"type":"order.pay",\#(at),"order":"O\x1"}"#,
             message: "line 1: expected a JSON object, got invalid JSON: an invalid escape sequence at byte offset 58"),
        Case(line: #"{"type":"order.pay",\#(at),"order":"O\u12"}"#,
             message: "line 1: expected a JSON object, got invalid JSON: an invalid escape sequence at byte offset 58"),
        Case(line: #"{"type":"order.pay",\#(at),"order":"\ud800"}"#,
             message: "line 1: expected a JSON object, got invalid JSON: a lone surrogate escape at byte offset 57"),
        Case(line: #"{"type":"order.pay",\#(at),"order":"\udc00\ud800"}"#,
             message: "line 1: expected a JSON object, got invalid JSON: a lone surrogate escape at byte offset 57"),
        Case(line: #"{"type":"order.pay",\#(at),"order":"\ud800\u0041"}"#,
             message: "line 1: expected a JSON object, got invalid JSON: a lone surrogate escape at byte offset 57"),
        Case(line: #"{"type" "order.pay"}"#,
             message: #"line 1: expected a JSON object, got invalid JSON: '"' where ':' was expected at byte offset 8"#),
        Case(line: #"{"type":"settlement.run",\#(at),}"#,
             message: "line 1: expected a JSON object, got invalid JSON: '}' where a string key was expected at byte offset 53"),
        Case(line: #"{'type':'settlement.run'}"#,
             message: #"line 1: expected a JSON object, got invalid JSON: "'" where a string key was expected at byte offset 1"#),
        Case(line: place(qty: "02"),
             message: "line 1: expected a JSON object, got invalid JSON: an invalid number at byte offset 102"),
        Case(line: place(qty: "1."),
             message: "line 1: expected a JSON object, got invalid JSON: an invalid number at byte offset 102"),
        Case(line: place(qty: "+1"),
             message: "line 1: expected a JSON object, got invalid JSON: '+' where a value was expected at byte offset 102"),
        Case(line: place(qty: "NaN"),
             message: "line 1: expected a JSON object, got invalid JSON: 'N' where a value was expected at byte offset 102"),
        Case(line: place(qty: "tru"),
             message: "line 1: expected a JSON object, got invalid JSON: ',' where true was expected at byte offset 105"),
        Case(line: #"{"type":"settlement.run",\#(at),"x":"# + String(repeating: "[", count: 300)
             + String(repeating: "]", count: 300) + "}",
             message: "line 1: expected a JSON object, got invalid JSON: arrays or objects nested deeper than 256 levels at byte offset 312"),
    ]

    static let keysAndTypeCases: [Case] = [
        Case(line: "{}", message: "line 1: field \"type\": expected one of \(typeList), got nothing (the field is missing)"),
        Case(line: #"{"type":"order.delete",\#(at)}"#,
             message: "line 1: field \"type\": expected one of \(typeList), got \"order.delete\""),
        Case(line: #"{"type":"Order.Pay",\#(at),"order":"O1"}"#,
             message: "line 1: field \"type\": expected one of \(typeList), got \"Order.Pay\""),
        Case(line: #"{"type":5,\#(at)}"#,
             message: "line 1: field \"type\": expected one of \(typeList), got a number 5"),
        Case(line: #"{"type":["order.pay"],\#(at)}"#,
             message: "line 1: field \"type\": expected one of \(typeList), got an array"),
        Case(line: place(#""order":"O1","distributor":"D1","sku":"SKU-1","qty":2,"qty":3,"buyer":"B1""#),
             message: #"line 1: field "qty": expected each field at most once per line, got it again at byte offset 104"#),
        Case(line: #"{"type":"order.pay",\#(at),"type":"order.pay","order":"O1"}"#,
             message: #"line 1: field "type": expected each field at most once per line, got it again at byte offset 48"#),
        Case(line: place(#""order":"O1","distributor":"D1","sku":"SKU-1","qty":2,"q\u0074y":2,"buyer":"B1""#),
             message: #"line 1: field "qty": expected each field at most once per line, got it again at byte offset 104"#),
        Case(line: place(#""order":"O1","distributor":"D1","sku":"SKU-1","qty":2,"buyer":"B1","foo":1"#),
             message: "line 1: field \"foo\": expected no such field for order.place; allowed: \(placeFields)"),
        Case(line: place(#""order":"O1","distributor":"D1","sku":"SKU-1","qty":2,"buyer":"B1","ttl_seconds":60"#),
             message: "line 1: field \"ttl_seconds\": expected no such field for order.place; allowed: \(placeFields)"),
        Case(line: #"{"type":"platform.set_markup",\#(at),"sku":"*","price":"1.00"}"#,
             message: "line 1: field \"price\": expected no such field for platform.set_markup; allowed: type, at, sku, fixed, bps"),
        Case(line: #"{"type":"settlement.run",\#(at),"sku":"K1"}"#,
             message: "line 1: field \"sku\": expected no such field for settlement.run; allowed: type, at"),
        Case(line: #"{"type":"settlement.run",\#(at),"fo\"o":1}"#,
             message: #"line 1: field "fo\"o": expected no such field for settlement.run; allowed: type, at"#),
        Case(line: #"{"Type":"settlement.run",\#(at)}"#,
             message: "line 1: field \"type\": expected one of \(typeList), got nothing (the field is missing)"),
    ]

    static let timesCases: [Case] = [
        Case(line: #"{"type":"settlement.run"}"#,
             message: "line 1: field \"at\": expected \(timeRule), got nothing (the field is missing)"),
        Case(line: #"{"type":"settlement.run","at":"2026-02-30T00:00:00Z"}"#,
             message: "line 1: field \"at\": expected \(timeRule), got \"2026-02-30T00:00:00Z\""),
        Case(line: #"{"type":"settlement.run","at":"2026-03-01T08:00:00"}"#,
             message: "line 1: field \"at\": expected \(timeRule), got \"2026-03-01T08:00:00\""),
        Case(line: #"{"type":"settlement.run","at":1772352000}"#,
             message: "line 1: field \"at\": expected \(timeRule), got a number 1772352000"),
        Case(line: #"{"type":"settlement.run","at":null}"#,
             message: "line 1: field \"at\": expected \(timeRule), got null"),
    ]

    static let idsCases: [Case] = [
        Case(line: #"{"type":"order.pay",\#(at),"order":""}"#,
             message: "line 1: field \"order\": expected \(idRule), got \"\""),
        Case(line: #"{"type":"order.pay",\#(at),"order":"\#(String(repeating: "x", count: 65))"}"#,
             message: "line 1: field \"order\": expected \(idRule), got \"\(String(repeating: "x", count: 40))\"… (65 bytes)"),
        Case(line: #"{"type":"order.pay",\#(at),"order":"O 1"}"#,
             message: "line 1: field \"order\": expected \(idRule), got \"O 1\""),
        Case(line: #"{"type":"order.pay",\#(at),"order":"订单1"}"#,
             message: "line 1: field \"order\": expected \(idRule), got \"订单1\""),
        Case(line: #"{"type":"order.pay",\#(at),"order":"O\n1"}"#,
             message: "line 1: field \"order\": expected \(idRule), got \"O\\n1\""),
        Case(line: #"{"type":"order.pay",\#(at),"order":123}"#,
             message: "line 1: field \"order\": expected \(idRule), got a number 123"),
        Case(line: #"{"type":"order.pay",\#(at)}"#,
             message: "line 1: field \"order\": expected \(idRule), got nothing (the field is missing)"),
        Case(line: place(sku: #""*""#),
             message: "line 1: field \"sku\": expected \(idRule), got \"*\""),
        Case(line: place(sku: #"{"id":"SKU-1"}"#),
             message: "line 1: field \"sku\": expected \(idRule), got an object"),
        Case(line: place(sku: "null"),
             message: "line 1: field \"sku\": expected \(idRule), got null"),
        Case(line: place(#""order":"O1","distributor":"D1","sku":"SKU-1","qty":2,"buyer":["B1"]"#),
             message: "line 1: field \"buyer\": expected \(idRule), got an array"),
        Case(line: #"{"type":"platform.set_markup",\#(at),"sku":"**","bps":5}"#,
             message: "line 1: field \"sku\": expected \"*\" or \(idRule), got \"**\""),
        Case(line: #"{"type":"distributor.join",\#(at),"distributor":"D2","name":"N","parent":""}"#,
             message: "line 1: field \"parent\": expected \(idRule), got \"\""),
    ]

    static let moneyCases: [Case] = [
        Case(line: list(cost: "85"),
             message: #"line 1: field "cost": expected a money string like "85.00", got a number 85"#),
        Case(line: list(cost: "85.00"),
             message: #"line 1: field "cost": expected a money string like "85.00", got a number 85.00"#),
        Case(line: list(cost: #""85""#),
             message: #"line 1: field "cost": expected a money string with exactly two fraction digits like "85.00", got "85""#),
        Case(line: list(cost: #""85.0""#),
             message: #"line 1: field "cost": expected a money string with exactly two fraction digits like "85.00", got "85.0""#),
        Case(line: list(cost: #""85.000""#),
             message: #"line 1: field "cost": expected a money string with exactly two fraction digits like "85.00", got "85.000""#),
        Case(line: list(cost: #""-1.00""#),
             message: #"line 1: field "cost": expected a money string without a sign like "85.00", got "-1.00""#),
        Case(line: list(cost: #""+1.00""#),
             message: #"line 1: field "cost": expected a money string without a sign like "85.00", got "+1.00""#),
        Case(line: list(cost: #""9000000000000.01""#),
             message: #"line 1: field "cost": expected a money string of at most 9000000000000.00, got "9000000000000.01""#),
        Case(line: list(cost: #"" 85.00""#),
             message: #"line 1: field "cost": expected a money string of decimal digits like "85.00", got " 85.00""#),
        Case(line: list(cost: #"".50""#),
             message: #"line 1: field "cost": expected a money string of decimal digits like "85.00", got ".50""#),
        Case(line: list(cost: #""1,000.00""#),
             message: #"line 1: field "cost": expected a money string of decimal digits like "85.00", got "1,000.00""#),
        Case(line: list(cost: #""""#),
             message: #"line 1: field "cost": expected a money string like "85.00", got an empty string"#),
        Case(line: list(cost: "null"),
             message: #"line 1: field "cost": expected a money string like "85.00", got null"#),
        Case(line: place(expect: "85.5"),
             message: #"line 1: field "expect_unit_price": expected a money string like "85.00", got a number 85.5"#),
        Case(line: #"{"type":"product.list",\#(at),"sku":"K1","supplier":"S1","name":"Card","face":"100.00"}"#,
             message: #"line 1: field "cost": expected a money string like "85.00", got nothing (the field is missing)"#),
    ]

    static let integersCases: [Case] = [
        Case(line: place(qty: #""2""#), message: #"line 1: field "qty": expected an integer, got a string "2""#),
        Case(line: place(qty: "1.0"), message: #"line 1: field "qty": expected an integer, got 1.0"#),
        Case(line: place(qty: "1e3"), message: #"line 1: field "qty": expected an integer, got 1e3"#),
        Case(line: place(qty: "1E+3"), message: #"line 1: field "qty": expected an integer, got 1E+3"#),
        Case(line: place(qty: "99999999999999999999"),
             message: #"line 1: field "qty": expected an integer, got 99999999999999999999"#),
        Case(line: place(qty: "9223372036854775808"),
             message: #"line 1: field "qty": expected an integer, got 9223372036854775808"#),
        Case(line: place(qty: "-9223372036854775809"),
             message: #"line 1: field "qty": expected an integer, got -9223372036854775809"#),
        Case(line: place(qty: "true"), message: #"line 1: field "qty": expected an integer, got true"#),
        Case(line: place(qty: "null"), message: #"line 1: field "qty": expected an integer, got null"#),
        Case(line: place(qty: "[2]"), message: #"line 1: field "qty": expected an integer, got an array"#),
        Case(line: #"{"type":"product.list",\#(at),"sku":"K1","supplier":"S1","name":"Card","face":"1.00","cost":"1.00","refund_hours":"24"}"#,
             message: #"line 1: field "refund_hours": expected an integer, got a string "24""#),
        Case(line: #"{"type":"order.reserve",\#(at),"order":"O1","distributor":"D1","sku":"K1","qty":1,"buyer":"B1"}"#,
             message: #"line 1: field "ttl_seconds": expected an integer, got nothing (the field is missing)"#),
    ]

    static let textsCases: [Case] = [
        Case(line: #"{"type":"supplier.register",\#(at),"supplier":"S1","name":""}"#,
             message: #"line 1: field "name": expected a string of 1–256 bytes, got """#),
        Case(line: #"{"type":"supplier.register",\#(at),"supplier":"S1","name":"\#(String(repeating: "n", count: 257))"}"#,
             message: #"line 1: field "name": expected a string of 1–256 bytes, got a string of 257 bytes"#),
        Case(line: #"{"type":"supplier.register",\#(at),"supplier":"S1","name":"\#(String(repeating: "腾", count: 86))"}"#,
             message: #"line 1: field "name": expected a string of 1–256 bytes, got a string of 258 bytes"#),
        Case(line: #"{"type":"supplier.register",\#(at),"supplier":"S1","name":7}"#,
             message: #"line 1: field "name": expected a string of 1–256 bytes, got a number 7"#),
        Case(line: #"{"type":"supplier.charge_fee",\#(at),"fee":"F1","supplier":"S1","amount":"1.00","memo":"\#(String(repeating: "m", count: 1025))"}"#,
             message: #"line 1: field "memo": expected a string of at most 1024 bytes, got a string of 1025 bytes"#),
        Case(line: #"{"type":"stock.void",\#(at),"sku":"K1","batch":"B1","count":1,"reason":false}"#,
             message: #"line 1: field "reason": expected a string of at most 1024 bytes, got false"#),
        Case(line: #"{"type":"dispute.open",\#(at),"dispute":"X1","order":"O1"}"#,
             message: #"line 1: field "reason": expected a string of at most 1024 bytes, got nothing (the field is missing)"#),
        Case(line: #"{"type":"stock.add",\#(at),"sku":"K1","batch":"B1","codes":"AAAA-1"}"#,
             message: #"line 1: field "codes": expected an array of code strings, got a string"#),
        Case(line: #"{"type":"stock.add",\#(at),"sku":"K1","batch":"B1","codes":["AAAA-1",12345]}"#,
             message: #"line 1: field "codes": expected each code to be a string of 1–256 bytes, got a number at index 1"#),
        Case(line: #"{"type":"stock.add",\#(at),"sku":"K1","batch":"B1","codes":["AAAA-1",""]}"#,
             message: #"line 1: field "codes": expected each code to be a string of 1–256 bytes, got "" at index 1"#),
        Case(line: #"{"type":"stock.add",\#(at),"sku":"K1","batch":"B1","codes":["\#(String(repeating: "c", count: 300))"]}"#,
             message: #"line 1: field "codes": expected each code to be a string of 1–256 bytes, got a string of 300 bytes at index 0"#),
        Case(line: #"{"type":"dispute.resolve",\#(at),"dispute":"X1","outcome":"maybe"}"#,
             message: #"line 1: field "outcome": expected "refund" or "reject", got "maybe""#),
        Case(line: #"{"type":"dispute.resolve",\#(at),"dispute":"X1","outcome":"reject","amount":"5.00"}"#,
             message: #"line 1: field "amount": expected no amount when outcome is "reject", got "5.00""#),
    ]

    static let alternativesCases: [Case] = [
        Case(line: #"{"type":"platform.set_markup",\#(at),"sku":"*"}"#,
             message: "line 1: expected exactly one of fixed, bps, got none of them"),
        Case(line: #"{"type":"platform.set_markup",\#(at),"sku":"*","bps":5,"fixed":"1.00"}"#,
             message: #"line 1: field "fixed": expected exactly one of fixed, bps, got fixed and bps"#),
        Case(line: #"{"type":"platform.set_markup",\#(at),"sku":"*","bps":null,"fixed":null}"#,
             message: "line 1: expected exactly one of fixed, bps, got none of them"),
        Case(line: #"{"type":"distributor.set_markup",\#(at),"distributor":"D1","sku":"*","price":"9.00","bps":5,"fixed":"1.00"}"#,
             message: #"line 1: field "fixed": expected exactly one of fixed, bps, price, got fixed, bps and price"#),
        Case(line: #"{"type":"distributor.set_markup",\#(at),"distributor":"D1","sku":"*","price":"9.00","bps":5}"#,
             message: #"line 1: field "bps": expected exactly one of fixed, bps, price, got bps and price"#),
        Case(line: #"{"type":"stock.add",\#(at),"sku":"K1","batch":"B1","codes":["A"],"count":1}"#,
             message: #"line 1: field "codes": expected exactly one of codes, count, got codes and count"#),
        Case(line: #"{"type":"stock.add",\#(at),"sku":"K1","batch":"B1"}"#,
             message: "line 1: expected exactly one of codes, count, got none of them"),
        Case(line: #"{"type":"payout.make",\#(at),"payout":"P1","supplier":"S1","distributor":"D1","amount":"1.00"}"#,
             message: #"line 1: field "supplier": expected exactly one of supplier, distributor, got supplier and distributor"#),
        Case(line: #"{"type":"payout.make",\#(at),"payout":"P1","amount":"1.00"}"#,
             message: "line 1: expected exactly one of supplier, distributor, got none of them"),
        Case(line: #"{"type":"distributor.set_markup",\#(at),"distributor":"D1","sku":"*","bps":"5"}"#,
             message: #"line 1: field "bps": expected an integer, got a string "5""#),
    ]

    @Test(arguments: syntaxCases) func syntaxErrors(_ testCase: Case) { check(testCase) }
    @Test(arguments: keysAndTypeCases) func keysAndTypes(_ testCase: Case) { check(testCase) }
    @Test(arguments: timesCases) func times(_ testCase: Case) { check(testCase) }
    @Test(arguments: idsCases) func ids(_ testCase: Case) { check(testCase) }
    @Test(arguments: moneyCases) func money(_ testCase: Case) { check(testCase) }
    @Test(arguments: integersCases) func integers(_ testCase: Case) { check(testCase) }
    @Test(arguments: textsCases) func textsCodesAndOutcomes(_ testCase: Case) { check(testCase) }
    @Test(arguments: alternativesCases) func alternatives(_ testCase: Case) { check(testCase) }

    func check(_ testCase: Case) {
        #expect(CommandFixtures.errorText(testCase.line) == testCase.message)
    }

    @Test func invalidUTF8IsMalformed() {
        let before = Array(#"{"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":"S1","name":""#.utf8)
        let after = Array(#""}"#.utf8)
        let prefix = "line 1: expected a JSON object, got invalid JSON: invalid UTF-8 at byte offset 80"
        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                             [0x80], [0xF0, 0x9F, 0x98]] {
            #expect(CommandFixtures.errorText(bytes: before + bad + after) == prefix, "bytes \(bad)")
        }
        // A valid four-byte sequence is fine.
        #expect(CommandFixtures.errorText(bytes: before + [0xF0, 0x9F, 0x98, 0x80] + after) == "parsed")
        // Outside strings, a stray byte is an unexpected byte.
        #expect(CommandFixtures.errorText(bytes: [0x7B, 0xFF, 0x7D])
                == "line 1: expected a JSON object, got invalid JSON: byte 0xFF where a string key was expected at byte offset 1")
    }

    @Test func errorsNameTheLineNumber() {
        #expect(CommandFixtures.errorText("[]", lineNumber: 7) == "line 7: expected a JSON object, got an array")
        let error = CommandParser.parse(Self.list(cost: "85"), lineNumber: 3)
        #expect(error == .failure(CommandParseError(
            line: 3, field: "cost", expected: #"a money string like "85.00""#, got: "a number 85")))
    }

    @Test func checksComeInTheDocumentedOrder() {
        // Syntax before repeats, repeats before type, type before unknown keys, unknown keys
        // before `at`, `at` before fields, fields in SPEC table order.
        #expect(CommandFixtures.errorText(#"{"qty":1,"qty":2,"type":"x""#).hasPrefix("line 1: expected a JSON object, got invalid JSON"))
        #expect(CommandFixtures.errorText(#"{"qty":1,"qty":2,"type":"x"}"#).hasPrefix(#"line 1: field "qty": expected each field"#))
        #expect(CommandFixtures.errorText(#"{"foo":1,"type":"x"}"#).hasPrefix(#"line 1: field "type""#))
        #expect(CommandFixtures.errorText(#"{"foo":1,"type":"order.pay","at":1}"#).hasPrefix(#"line 1: field "foo""#))
        #expect(CommandFixtures.errorText(#"{"order":1,"type":"order.pay","at":1}"#).hasPrefix(#"line 1: field "at""#))
        #expect(CommandFixtures.errorText(Self.place(#""buyer":1,"qty":"x","order":"O1","distributor":"D1","sku":"K""#))
                .hasPrefix(#"line 1: field "qty""#))
    }

    @Test func longValuesAreCutInMessages() {
        let long = String(repeating: "é", count: 50)
        let message = CommandFixtures.errorText(#"{"type":"\#(long)","at":"x"}"#)
        #expect(message.hasSuffix("got \"\(String(repeating: "é", count: 40))\"… (100 bytes)"))
    }

    @Test func manyUnknownKeysStillGiveOneError() {
        let keys = (0..<5_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let line = #"{"type":"settlement.run","at":"2026-03-01T08:00:00Z",\#(keys)}"#
        #expect(CommandFixtures.errorText(line)
                == #"line 1: field "k0": expected no such field for settlement.run; allowed: type, at"#)
    }

    @Test func caseCount() {
        let total = Self.syntaxCases.count + Self.keysAndTypeCases.count + Self.timesCases.count + Self.idsCases.count
            + Self.moneyCases.count + Self.integersCases.count + Self.textsCases.count + Self.alternativesCases.count
        #expect(total >= 60)
    }
}
