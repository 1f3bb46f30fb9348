import Foundation
import Testing
@testable import TierLedger

/// The simulator's own promises: determinism, exactly N commands over two years at
/// non-decreasing times, command-type coverage and a falling margin in a full market.
@Suite struct MarketSimulatorTests {
    static func lines(seed: UInt64, events: Int) -> [UInt8] {
        var bytes = [UInt8]()
        do throws(StoreError) {
            try SimulatedMarketWriter.stream(seed: seed, events: events) { bytes.append(contentsOf: $0) }
        } catch {
            Issue.record("streaming cannot fail in memory: \(error)")
        }
        return bytes
    }

    static func commands(seed: UInt64, events: Int) -> ([Command], MarketStatistics) {
        var simulator = MarketSimulator(seed: seed, events: events)
        var commands = [Command]()
        while let command = simulator.next() { commands.append(command) }
        return (commands, simulator.statistics)
    }

    @Test func theSameSeedGivesTheSameBytes() {
        for seed in MarketSimulatorTests.seeds(long: 1...4, short: 1...1) {
            let first = Self.lines(seed: seed, events: 20_000)
            let second = Self.lines(seed: seed, events: 20_000)
            #expect(first == second, "seed \(seed)")
            #expect(first.count > 2_000_000, "seed \(seed): \(first.count) bytes")
        }
    }

    @Test func differentSeedsGiveDifferentMarkets() {
        let one = Self.lines(seed: 1, events: 3_000)
        let two = Self.lines(seed: 2, events: 3_000)
        #expect(one != two)
        #expect(Self.lines(seed: 0, events: 3_000) != Self.lines(seed: UInt64.max, events: 3_000))
    }

    @Test(arguments: [1, 2, 7, 100, 1_000, 6_000, 40_000])
    func writesExactlyTheCommandsAskedForOverTwoYears(events: Int) {
        let (commands, _) = Self.commands(seed: 3, events: events)
        #expect(commands.count == events)
        #expect(commands.first?.at.rfc3339 == "2024-01-01T00:00:00Z")
        for (index, pair) in zip(commands, commands.dropFirst()).enumerated() where pair.1.at < pair.0.at {
            Issue.record("command \(index + 2) at \(pair.1.at) is earlier than \(pair.0.at)")
            break
        }
        for command in commands where command.at.millisecondsSinceEpoch % 1_000 != 0 {
            Issue.record("\(command.at) is not a whole second")
            break
        }
        if events >= 1_000, let last = commands.last {
            #expect(last.at.monthText == "2025-12", "the market runs to the end of 2025")
        }
    }

    /// A full market (200,000 commands) uses at least 20 of the 22 command types, and the
    /// simulator's own margin (which `SimulatedMarketEngineTests` shows equals what the engine
    /// records) falls by at least 4 points from the first three months to the last three.
    @Test func aFullMarketCoversTheCommandTypesAndItsMarginFalls() {
        for seed in MarketSimulatorTests.seeds(long: 1...3, short: 1...1) {
            let (commands, statistics) = Self.commands(seed: seed, events: 200_000)
            let types = Set(commands.map(\.action.typeName))
            #expect(types.count >= 20, "seed \(seed): only \(types.sorted())")
            let margins = (0..<24).map { Double(statistics.marginBps(month: $0)) / 100 }
            #expect(margins.firstThreeMean - margins.lastThreeMean >= 4, "seed \(seed): \(margins)")
            #expect((22...28).contains(margins.firstThreeMean), "seed \(seed): \(margins)")
            #expect((15...21).contains(margins.lastThreeMean), "seed \(seed): \(margins)")
            // Every month sells: the order stream covers the whole two years.
            #expect(statistics.paidOrdersByMonth.allSatisfy { $0 > 4_000 }, "seed \(seed)")
        }
    }

    /// Ids and codes the simulator invents are valid identifiers (SPEC §2) and never repeat.
    @Test func codesAreUniqueAndIdentifiersValid() {
        let (commands, _) = Self.commands(seed: 4, events: 30_000)
        var codes = Set<String>()
        var codeCount = 0
        for command in commands {
            if case .addStock(let sku, let batch, let units) = command.action {
                #expect(Identifier.isValid(sku) && Identifier.isValid(batch))
                if case .codes(let batchCodes) = units {
                    codeCount += batchCodes.count
                    codes.formUnion(batchCodes)
                }
            }
            if case .placeOrder(let request) = command.action {
                #expect(Identifier.isValid(request.order) && Identifier.isValid(request.buyer))
            }
        }
        #expect(codeCount > 10_000)
        #expect(codes.count == codeCount, "a code was written twice")
    }

    static func seeds(long: ClosedRange<UInt64>, short: ClosedRange<UInt64>) -> [UInt64] {
        Array(SimulatedMarketRun.isLongMode ? long : short)
    }
}
