import Foundation
import Testing
@testable import TierLedger

/// `CommandParser.parse(command.ndjson) == .success(command)` for seeded random commands of
/// every type. `TIERLEDGER_LONG=1` widens the seed range.
struct CommandRoundTripTests {
    static var seedCount: UInt64 {
        ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 20_000 : 300
    }

    @Test func randomCommandsRoundTrip() {
        for seed in 0..<Self.seedCount {
            var generator = RandomCommands(seed: seed)
            for _ in 0..<22 {
                let command = generator.command()
                let line = command.ndjson
                let parsed = CommandParser.parse(line)
                #expect(parsed == .success(command), "seed \(seed): \(line)")
                if parsed != .success(command) { return }
            }
        }
    }

    @Test func everyTypeRoundTrips() {
        for seed: UInt64 in 0..<50 {
            var generator = RandomCommands(seed: seed)
            for typeIndex in 0..<22 {
                let command = Command(at: generator.time(),
                                      action: generator.action(typeIndex: typeIndex))
                #expect(CommandParser.parse(command.ndjson) == .success(command),
                        "seed \(seed), type \(typeIndex): \(command.ndjson)")
            }
        }
    }

    @Test func randomInputsRoundTripThroughParseAll() {
        for seed: UInt64 in 0..<20 {
            var generator = RandomCommands(seed: seed)
            let commands = (0..<200).map { _ in generator.command() }
            let text = commands.map(\.ndjson).joined(separator: "\n")
            let expected = commands.enumerated().map {
                ParsedLine(lineNumber: $0.offset + 1, command: $0.element)
            }
            #expect(CommandParser.parseAll(Array(text.utf8)) == .success(expected), "seed \(seed)")
        }
    }

    @Test func canonicalLineKeepsSpecOrder() {
        let request = OrderRequest(order: "O1", distributor: "D1", sku: "SKU-1", quantity: 2,
                                   buyer: "B9", expectUnitPrice: CommandFixtures.money("85.00"))
        let command = CommandFixtures.command(.reserveOrder(request, ttlSeconds: 900))
        #expect(command.ndjson
                == #"{"type":"order.reserve","at":"2026-03-01T08:00:00Z","order":"O1","#
                + #""distributor":"D1","sku":"SKU-1","qty":2,"buyer":"B9","ttl_seconds":900,"#
                + #""expect_unit_price":"85.00"}"#)
        let settle = CommandFixtures.command(.runSettlement)
        #expect(settle.ndjson == #"{"type":"settlement.run","at":"2026-03-01T08:00:00Z"}"#)
        let stock = CommandFixtures.command(
            .addStock(sku: "K", batch: "B", units: .codes(["a\"b", "c"])))
        #expect(stock.ndjson
                == #"{"type":"stock.add","at":"2026-03-01T08:00:00Z","sku":"K","batch":"B","#
                    + #""codes":["a\"b","c"]}"#)
    }
}
