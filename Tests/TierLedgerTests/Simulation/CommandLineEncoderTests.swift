import Testing
@testable import TierLedger

/// `CommandLineEncoder` must write exactly what `Command.ndjson` writes.
@Suite struct CommandLineEncoderTests {
    static func encoded(_ command: Command) -> String {
        var encoder = CommandLineEncoder()
        var bytes = [UInt8]()
        encoder.append(command, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func matchesTheCanonicalFormOnASimulatedMarket() {
        var simulator = MarketSimulator(seed: 9, events: 30_000)
        var encoder = CommandLineEncoder()
        var types = Set<String>()
        var line = 0
        while let command = simulator.next() {
            line += 1
            var bytes = [UInt8]()
            encoder.append(command, to: &bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            guard text == command.ndjson + "\n" else {
                Issue.record("line \(line): \(text) differs from \(command.ndjson)")
                return
            }
            types.insert(command.action.typeName)
        }
        #expect(types.count == 22)
    }

    /// What a simulated market never writes: escapes, non-ASCII names, milliseconds, old
    /// and far-future dates, absent optional fields.
    @Test func matchesTheCanonicalFormOnOddValues() {
        let times: [Int64] = [0, 1, 999, 86_399_999, -1, -86_400_001, 253_402_300_799_999, 1_772_352_000_250]
        let money = Money(minorUnits: 1_234_567)
        let actions: [Command.Action] = [
            .registerSupplier(supplier: "S1", name: "Quote \" back\\slash \n tab\t 卡盟 \u{1}"),
            .chargeFee(fee: "F1", supplier: "S1", amount: money, memo: nil),
            .listProduct(ProductListing(sku: "K", supplier: "S1", name: "", face: money, cost: money,
                                        refundHours: 0)),
            .addStock(sku: "K", batch: "B", units: .codes([])),
            .addStock(sku: "K", batch: "B", units: .codes(["a\"b", "c"])),
            .setPlatformMarkup(sku: "*", rule: .fixed(.zero)),
            .setDistributorMarkup(distributor: "D", sku: "K", rule: .bps(100_000)),
            .joinDistributor(distributor: "D", name: "N", parent: nil),
            .reserveOrder(OrderRequest(order: "O", distributor: "D", sku: "K", quantity: -3, buyer: "b",
                                       expectUnitPrice: .zero), ttlSeconds: 0),
            .refundOrder(refund: "R", order: "O", amount: money, reason: "é"),
            .resolveDispute(dispute: "X", outcome: .reject, amount: nil),
            .makePayout(payout: "P", party: .supplier("S1"), amount: Money(minorUnits: 5)),
        ]
        for time in times {
            for action in actions {
                let command = Command(at: Timestamp(millisecondsSinceEpoch: time), action: action)
                #expect(Self.encoded(command) == command.ndjson + "\n", "\(time) \(action.typeName)")
            }
        }
    }
}
