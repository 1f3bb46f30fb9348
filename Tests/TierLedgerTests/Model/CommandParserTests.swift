import Testing
@testable import TierLedger

/// Every command type parses from a hand-written line to the expected `Command`.
struct CommandParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var line: String
        var expected: Command.Action
        var testDescription: String { line }

        init(_ type: String, _ fields: String, _ expected: Command.Action) {
            line = CommandFixtures.line(type, fields)
            self.expected = expected
        }
    }

    static func money(_ text: String) -> Money { CommandFixtures.money(text) }

    static func order(_ id: String, quantity: Int64, expect: Money? = nil) -> OrderRequest {
        OrderRequest(order: id, distributor: "D1", sku: "SKU-1", quantity: quantity, buyer: "B9",
                     expectUnitPrice: expect)
    }

    static func listing(name: String, face: String, cost: String, hours: Int64?) -> ProductListing {
        ProductListing(sku: "SKU-1", supplier: "S1", name: name, face: money(face),
                       cost: money(cost), refundHours: hours)
    }

    static let orderFields = #""distributor":"D1","sku":"SKU-1""#

    static let cases: [Case] = [
        Case("supplier.register", #""supplier":"S1","name":"Tencent 腾讯""#,
             .registerSupplier(supplier: "S1", name: "Tencent 腾讯")),
        Case("supplier.charge_fee", #""fee":"F1","supplier":"S1","amount":"12.50","memo":"March""#,
             .chargeFee(fee: "F1", supplier: "S1", amount: money("12.50"), memo: "March")),
        Case("supplier.charge_fee", #""fee":"F1","supplier":"S1","amount":"0.01""#,
             .chargeFee(fee: "F1", supplier: "S1", amount: money("0.01"), memo: nil)),
        Case("product.list",
             #""sku":"SKU-1","supplier":"S1","name":"QQ 100","face":"100.00","cost":"85.00","#
                + #""refund_hours":72"#,
             .listProduct(listing(name: "QQ 100", face: "100.00", cost: "85.00", hours: 72))),
        Case("product.list",
             #""sku":"SKU-1","supplier":"S1","name":"QQ","face":"1.00","cost":"0.90","#
                + #""refund_hours":null"#,
             .listProduct(listing(name: "QQ", face: "1.00", cost: "0.90", hours: nil))),
        Case("product.reprice", #""sku":"SKU-1","cost":"86.00""#,
             .repriceProduct(sku: "SKU-1", cost: money("86.00"))),
        Case("product.delist", #""sku":"SKU-1""#, .delistProduct(sku: "SKU-1")),
        Case("stock.add", #""sku":"SKU-1","batch":"B1","codes":["AAAA-1","AAAA-2"]"#,
             .addStock(sku: "SKU-1", batch: "B1", units: .codes(["AAAA-1", "AAAA-2"]))),
        Case("stock.add", #""sku":"SKU-1","batch":"B2","count":500,"codes":null"#,
             .addStock(sku: "SKU-1", batch: "B2", units: .count(500))),
        Case("stock.add", #""sku":"SKU-1","batch":"B3","codes":[]"#,
             .addStock(sku: "SKU-1", batch: "B3", units: .codes([]))),
        Case("stock.void", #""sku":"SKU-1","batch":"B1","count":2,"reason":"""#,
             .voidStock(sku: "SKU-1", batch: "B1", count: 2, reason: "")),
        Case("platform.set_markup", #""sku":"*","bps":250"#,
             .setPlatformMarkup(sku: "*", rule: .bps(250))),
        Case("platform.set_markup", #""sku":"SKU-1","fixed":"1.50","bps":null"#,
             .setPlatformMarkup(sku: "SKU-1", rule: .fixed(money("1.50")))),
        Case("price.set_floor", #""sku":"SKU-1","min":"88.00""#,
             .setFloor(sku: "SKU-1", minimum: money("88.00"))),
        Case("price.set_ceiling", #""sku":"SKU-1","max":"0.00""#,
             .setCeiling(sku: "SKU-1", maximum: .zero)),
        Case("distributor.join", #""distributor":"D2","name":"分站 2","parent":"D1""#,
             .joinDistributor(distributor: "D2", name: "分站 2", parent: "D1")),
        Case("distributor.join", #""distributor":"D1","name":"Root","parent":null"#,
             .joinDistributor(distributor: "D1", name: "Root", parent: nil)),
        Case("distributor.set_markup", #""distributor":"D1","sku":"*","price":"99.00""#,
             .setDistributorMarkup(distributor: "D1", sku: "*", rule: .price(money("99.00")))),
        Case("distributor.set_override", #""distributor":"D1","bps":-5"#,
             .setOverride(distributor: "D1", bps: -5)),
        Case("order.place",
             #""order":"O1",\#(orderFields),"qty":2,"buyer":"B9","expect_unit_price":"85.00""#,
             .placeOrder(order("O1", quantity: 2, expect: money("85.00")))),
        Case("order.place", #""order":"O1",\#(orderFields),"qty":0,"buyer":"B9""#,
             .placeOrder(order("O1", quantity: 0))),
        Case("order.reserve", #""order":"O2",\#(orderFields),"qty":1,"buyer":"B9","ttl_seconds":0"#,
             .reserveOrder(order("O2", quantity: 1), ttlSeconds: 0)),
        Case("order.pay", #""order":"O2""#, .payOrder(order: "O2")),
        Case("order.cancel", #""order":"O2""#, .cancelOrder(order: "O2")),
        Case("order.refund", #""refund":"R1","order":"O1","amount":"10.00","reason":"no code""#,
             .refundOrder(refund: "R1", order: "O1", amount: money("10.00"), reason: "no code")),
        Case("order.refund", #""refund":"R1","order":"O1","amount":"10.00","reason":null"#,
             .refundOrder(refund: "R1", order: "O1", amount: money("10.00"), reason: nil)),
        Case("dispute.open", #""dispute":"X1","order":"O1","reason":"paid, no code""#,
             .openDispute(dispute: "X1", order: "O1", reason: "paid, no code")),
        Case("dispute.resolve", #""dispute":"X1","outcome":"refund","amount":"5.00""#,
             .resolveDispute(dispute: "X1", outcome: .refund, amount: money("5.00"))),
        Case("dispute.resolve", #""dispute":"X1","outcome":"reject","amount":null"#,
             .resolveDispute(dispute: "X1", outcome: .reject, amount: nil)),
        Case("settlement.run", "", .runSettlement),
        Case("payout.make", #""payout":"P1","supplier":"S1","amount":"100.00""#,
             .makePayout(payout: "P1", party: .supplier("S1"), amount: money("100.00"))),
        Case("payout.make", #""payout":"P2","distributor":"D1","amount":"0.00""#,
             .makePayout(payout: "P2", party: .distributor("D1"), amount: .zero)),
    ]

    @Test(arguments: cases)
    func parsesHandWrittenLine(_ testCase: Case) {
        let result = CommandParser.parse(testCase.line)
        #expect(result == .success(CommandFixtures.command(testCase.expected)))
    }

    @Test func casesCoverEveryType() {
        let covered = Set(Self.cases.map(\.expected.typeName))
        #expect(covered == Set(Command.Action.allTypeNames))
        #expect(Command.Action.allTypeNames.count == 22)
    }

    @Test func keyOrderAndWhitespaceDoNotMatter() {
        let line = " \t{ \"buyer\" : \"B9\" ,\"qty\":\r\n2, \"sku\":\"SKU-1\","
            + "\"distributor\":\"D1\","
            + "\"order\":\"O1\", \"at\":\"2026-03-01T08:00:00Z\", \"type\":\"order.place\" } \r"
        let expected = Command.Action.placeOrder(Self.order("O1", quantity: 2))
        #expect(CommandParser.parse(line) == .success(CommandFixtures.command(expected)))
    }

    @Test func escapesDecodeBeforeValidation() {
        // `\u004F` is "O", `\/` is "/", `\u00e9` is "é", a surrogate pair is one emoji.
        let line = #"{"t\u0079pe":"supplier.register","at":"2026-03-01T08:00:00Z","#
            + #""supplier":"\u004F\u002D1","name":"caf\u00e9 \ud83c\udfae \"A\/B\"\n"}"#
        let expected = Command.Action.registerSupplier(supplier: "O-1", name: "café 🎮 \"A/B\"\n")
        #expect(CommandParser.parse(line) == .success(CommandFixtures.command(expected)))
    }

    @Test func timeOffsetsAndFractionsAreNormalisedToUTC() throws {
        let line = #"{"type":"settlement.run","at":"2026-03-01T16:00:00.250+08:00"}"#
        let command = try CommandParser.parse(line).get()
        #expect(command.at == Timestamp(millisecondsSinceEpoch: 1_772_352_000_250))
    }

    @Test func integersUseTheWholeInt64Range() throws {
        let cases: [(String, Int64)] = [("9223372036854775807", .max),
                                        ("-9223372036854775808", .min), ("-0", 0), ("0", 0)]
        for (text, value) in cases {
            let line = CommandFixtures.line("distributor.set_override",
                                            #""distributor":"D1","bps":"# + text)
            let command = try CommandParser.parse(line).get()
            #expect(command.action == .setOverride(distributor: "D1", bps: value), "bps \(text)")
        }
    }

    @Test func boundaryLengthsParse() throws {
        let id64 = String(repeating: "a", count: 64)
        let name256 = String(repeating: "n", count: 256)
        let line = CommandFixtures.line("supplier.register",
                                        #""supplier":"\#(id64)","name":"\#(name256)""#)
        #expect(try CommandParser.parse(line).get().action
                == .registerSupplier(supplier: id64, name: name256))
        let memo1024 = String(repeating: "m", count: 1024)
        let fee = CommandFixtures.line(
            "supplier.charge_fee",
            #""fee":"F","supplier":"S","amount":"9000000000000.00","memo":"\#(memo1024)""#)
        #expect(try CommandParser.parse(fee).get().action
                == .chargeFee(fee: "F", supplier: "S", amount: Money.inputMaximum, memo: memo1024))
    }
}
