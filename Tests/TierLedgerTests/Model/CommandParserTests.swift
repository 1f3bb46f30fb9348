import Testing
@testable import TierLedger

/// Every command type parses from a hand-written line to the expected `Command`.
struct CommandParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var line: String
        var expected: Command.Action
        var testDescription: String { line }
    }

    static let prefix = #""at":"2026-03-01T08:00:00Z""#
    static func money(_ text: String) -> Money { CommandFixtures.money(text) }

    static let cases: [Case] = [
        Case(line: #"{"type":"supplier.register",\#(prefix),"supplier":"S1","name":"Tencent 腾讯"}"#,
             expected: .registerSupplier(supplier: "S1", name: "Tencent 腾讯")),
        Case(line: #"{"type":"supplier.charge_fee",\#(prefix),"fee":"F1","supplier":"S1","amount":"12.50","memo":"March"}"#,
             expected: .chargeFee(fee: "F1", supplier: "S1", amount: money("12.50"), memo: "March")),
        Case(line: #"{"type":"supplier.charge_fee",\#(prefix),"fee":"F1","supplier":"S1","amount":"0.01"}"#,
             expected: .chargeFee(fee: "F1", supplier: "S1", amount: money("0.01"), memo: nil)),
        Case(line: #"{"type":"product.list",\#(prefix),"sku":"SKU-1","supplier":"S1","name":"QQ 100","face":"100.00","cost":"85.00","refund_hours":72}"#,
             expected: .listProduct(ProductListing(sku: "SKU-1", supplier: "S1", name: "QQ 100",
                                                   face: money("100.00"), cost: money("85.00"),
                                                   refundHours: 72))),
        Case(line: #"{"type":"product.list",\#(prefix),"sku":"SKU-1","supplier":"S1","name":"QQ","face":"1.00","cost":"0.90","refund_hours":null}"#,
             expected: .listProduct(ProductListing(sku: "SKU-1", supplier: "S1", name: "QQ",
                                                   face: money("1.00"), cost: money("0.90"),
                                                   refundHours: nil))),
        Case(line: #"{"type":"product.reprice",\#(prefix),"sku":"SKU-1","cost":"86.00"}"#,
             expected: .repriceProduct(sku: "SKU-1", cost: money("86.00"))),
        Case(line: #"{"type":"product.delist",\#(prefix),"sku":"SKU-1"}"#,
             expected: .delistProduct(sku: "SKU-1")),
        Case(line: #"{"type":"stock.add",\#(prefix),"sku":"SKU-1","batch":"B1","codes":["AAAA-1","AAAA-2"]}"#,
             expected: .addStock(sku: "SKU-1", batch: "B1", units: .codes(["AAAA-1", "AAAA-2"]))),
        Case(line: #"{"type":"stock.add",\#(prefix),"sku":"SKU-1","batch":"B2","count":500,"codes":null}"#,
             expected: .addStock(sku: "SKU-1", batch: "B2", units: .count(500))),
        Case(line: #"{"type":"stock.add",\#(prefix),"sku":"SKU-1","batch":"B3","codes":[]}"#,
             expected: .addStock(sku: "SKU-1", batch: "B3", units: .codes([]))),
        Case(line: #"{"type":"stock.void",\#(prefix),"sku":"SKU-1","batch":"B1","count":2,"reason":""}"#,
             expected: .voidStock(sku: "SKU-1", batch: "B1", count: 2, reason: "")),
        Case(line: #"{"type":"platform.set_markup",\#(prefix),"sku":"*","bps":250}"#,
             expected: .setPlatformMarkup(sku: "*", rule: .bps(250))),
        Case(line: #"{"type":"platform.set_markup",\#(prefix),"sku":"SKU-1","fixed":"1.50","bps":null}"#,
             expected: .setPlatformMarkup(sku: "SKU-1", rule: .fixed(money("1.50")))),
        Case(line: #"{"type":"price.set_floor",\#(prefix),"sku":"SKU-1","min":"88.00"}"#,
             expected: .setFloor(sku: "SKU-1", minimum: money("88.00"))),
        Case(line: #"{"type":"price.set_ceiling",\#(prefix),"sku":"SKU-1","max":"0.00"}"#,
             expected: .setCeiling(sku: "SKU-1", maximum: .zero)),
        Case(line: #"{"type":"distributor.join",\#(prefix),"distributor":"D2","name":"分站 2","parent":"D1"}"#,
             expected: .joinDistributor(distributor: "D2", name: "分站 2", parent: "D1")),
        Case(line: #"{"type":"distributor.join",\#(prefix),"distributor":"D1","name":"Root","parent":null}"#,
             expected: .joinDistributor(distributor: "D1", name: "Root", parent: nil)),
        Case(line: #"{"type":"distributor.set_markup",\#(prefix),"distributor":"D1","sku":"*","price":"99.00"}"#,
             expected: .setDistributorMarkup(distributor: "D1", sku: "*", rule: .price(money("99.00")))),
        Case(line: #"{"type":"distributor.set_override",\#(prefix),"distributor":"D1","bps":-5}"#,
             expected: .setOverride(distributor: "D1", bps: -5)),
        Case(line: #"{"type":"order.place",\#(prefix),"order":"O1","distributor":"D1","sku":"SKU-1","qty":2,"buyer":"B9","expect_unit_price":"85.00"}"#,
             expected: .placeOrder(OrderRequest(order: "O1", distributor: "D1", sku: "SKU-1",
                                                quantity: 2, buyer: "B9",
                                                expectUnitPrice: money("85.00")))),
        Case(line: #"{"type":"order.place",\#(prefix),"order":"O1","distributor":"D1","sku":"SKU-1","qty":0,"buyer":"B9"}"#,
             expected: .placeOrder(OrderRequest(order: "O1", distributor: "D1", sku: "SKU-1",
                                                quantity: 0, buyer: "B9", expectUnitPrice: nil))),
        Case(line: #"{"type":"order.reserve",\#(prefix),"order":"O2","distributor":"D1","sku":"SKU-1","qty":1,"buyer":"B9","ttl_seconds":0}"#,
             expected: .reserveOrder(OrderRequest(order: "O2", distributor: "D1", sku: "SKU-1",
                                                  quantity: 1, buyer: "B9", expectUnitPrice: nil),
                                     ttlSeconds: 0)),
        Case(line: #"{"type":"order.pay",\#(prefix),"order":"O2"}"#,
             expected: .payOrder(order: "O2")),
        Case(line: #"{"type":"order.cancel",\#(prefix),"order":"O2"}"#,
             expected: .cancelOrder(order: "O2")),
        Case(line: #"{"type":"order.refund",\#(prefix),"refund":"R1","order":"O1","amount":"10.00","reason":"no code"}"#,
             expected: .refundOrder(refund: "R1", order: "O1", amount: money("10.00"), reason: "no code")),
        Case(line: #"{"type":"order.refund",\#(prefix),"refund":"R1","order":"O1","amount":"10.00","reason":null}"#,
             expected: .refundOrder(refund: "R1", order: "O1", amount: money("10.00"), reason: nil)),
        Case(line: #"{"type":"dispute.open",\#(prefix),"dispute":"X1","order":"O1","reason":"paid, no code"}"#,
             expected: .openDispute(dispute: "X1", order: "O1", reason: "paid, no code")),
        Case(line: #"{"type":"dispute.resolve",\#(prefix),"dispute":"X1","outcome":"refund","amount":"5.00"}"#,
             expected: .resolveDispute(dispute: "X1", outcome: .refund, amount: money("5.00"))),
        Case(line: #"{"type":"dispute.resolve",\#(prefix),"dispute":"X1","outcome":"reject","amount":null}"#,
             expected: .resolveDispute(dispute: "X1", outcome: .reject, amount: nil)),
        Case(line: #"{"type":"settlement.run",\#(prefix)}"#,
             expected: .runSettlement),
        Case(line: #"{"type":"payout.make",\#(prefix),"payout":"P1","supplier":"S1","amount":"100.00"}"#,
             expected: .makePayout(payout: "P1", party: .supplier("S1"), amount: money("100.00"))),
        Case(line: #"{"type":"payout.make",\#(prefix),"payout":"P2","distributor":"D1","amount":"0.00"}"#,
             expected: .makePayout(payout: "P2", party: .distributor("D1"), amount: .zero)),
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
        let line = " \t{ \"buyer\" : \"B9\" ,\"qty\":\r\n2, \"sku\":\"SKU-1\",\"distributor\":\"D1\","
            + "\"order\":\"O1\", \"at\":\"2026-03-01T08:00:00Z\", \"type\":\"order.place\" } \r"
        let expected = Command.Action.placeOrder(OrderRequest(
            order: "O1", distributor: "D1", sku: "SKU-1", quantity: 2, buyer: "B9",
            expectUnitPrice: nil))
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
        let base = #"{"type":"distributor.set_override","at":"2026-03-01T08:00:00Z","distributor":"D1","bps":"#
        for (text, value) in [("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
                              ("-0", 0), ("0", 0)] {
            let command = try CommandParser.parse(base + text + "}").get()
            #expect(command.action == .setOverride(distributor: "D1", bps: value), "bps \(text)")
        }
    }

    @Test func boundaryLengthsParse() throws {
        let id64 = String(repeating: "a", count: 64)
        let name256 = String(repeating: "n", count: 256)
        let line = #"{"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":""#
            + id64 + #"","name":""# + name256 + #""}"#
        #expect(try CommandParser.parse(line).get().action
                == .registerSupplier(supplier: id64, name: name256))
        let memo1024 = String(repeating: "m", count: 1024)
        let fee = #"{"type":"supplier.charge_fee","at":"2026-03-01T08:00:00Z","fee":"F","#
            + #""supplier":"S","amount":"9000000000000.00","memo":""# + memo1024 + #""}"#
        #expect(try CommandParser.parse(fee).get().action
                == .chargeFee(fee: "F", supplier: "S", amount: Money.inputMaximum, memo: memo1024))
    }
}
