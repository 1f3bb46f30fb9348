import Foundation
import Testing
@testable import TierLedger

/// The statement fold against the reference model's statements on seeded workloads: for random
/// parties and random cuts, the same lines (kind and amount, per event), the same balances after
/// each event, the same closing balances, and closing available = −the payable balance.
///
/// Within one settlement run the engine releases in the order orders were paid and the model in
/// order-id order, so lines of one event are compared as a sorted list, and running balances
/// after the event's last line.
@Suite struct StatementModelAgreementTests {
    static var seeds: Range<UInt64> {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["TIERLEDGER_SEED"], let seed = UInt64(text) { return seed..<seed + 1 }
        return environment["TIERLEDGER_LONG"] == "1" ? 0..<2_000 : 0..<60
    }

    /// What one event did to one party's statement.
    struct EventLines: Equatable, CustomStringConvertible {
        var sequence: UInt64
        var lines: [String]
        var pending: Int128
        var available: Int128

        var description: String { "seq \(sequence): \(lines) → pending \(pending), available \(available)" }
    }

    static func grouped(_ lines: [(UInt64, String, Int128, Int128, Int128)]) -> [EventLines] {
        var groups = [EventLines]()
        for (sequence, kind, amount, pending, available) in lines {
            if groups.last?.sequence != sequence {
                groups.append(EventLines(sequence: sequence, lines: [], pending: 0, available: 0))
            }
            groups[groups.count - 1].lines.append("\(kind) \(amount)")
            groups[groups.count - 1].lines.sort()
            groups[groups.count - 1].pending = pending
            groups[groups.count - 1].available = available
        }
        return groups
    }

    @Test func theFoldAgreesWithTheModelForRandomPartiesAndCuts() async {
        let failures = await withTaskGroup(of: [String].self) { group in
            for start in stride(from: Self.seeds.lowerBound, to: Self.seeds.upperBound, by: 5) {
                let chunk = start..<min(start + 5, Self.seeds.upperBound)
                group.addTask { chunk.compactMap { Self.firstFailure(seed: $0) } }
            }
            var all = [String]()
            for await part in group { all += part }
            return all.sorted()
        }
        for failure in failures.prefix(10) { Issue.record(Comment(rawValue: failure)) }
        #expect(failures.count == 0, "\(failures.count) seeds failed")
    }

    /// Runs one seed's workload through the model (the generator's shadow) and the engine, then
    /// checks five random parties at the end and at a random cut.
    static func firstFailure(seed: UInt64) -> String? {
        var generator = WorkloadGenerator(seed: seed)
        var ledger = Ledger(settings: LedgerSettings(), secretKey: ModelAgreementTests.secretKey)
        var events = ledger.takeRecorded()
        var modelAt = [UInt64: ReferenceModel]()  // the model after each recorded prefix
        var random = SplitMix64(seed: seed ^ 0x5157_4154_454D_454E)
        let cut = 1 + random.uniform(below: UInt64(WorkloadGenerator.defaultCount))
        for index in 0..<WorkloadGenerator.defaultCount {
            _ = ledger.submit(generator.next())
            events += ledger.takeRecorded()
            if UInt64(index) + 1 == cut { modelAt[ledger.lastSequence] = generator.shadow }
        }
        modelAt[ledger.lastSequence] = generator.shadow
        let parties = generator.shadow.parties.keys.sorted()
        guard !parties.isEmpty else { return nil }
        for (lastSequence, model) in modelAt.sorted(by: { $0.key < $1.key }) {
            let prefix = events.prefix { $0.sequence <= lastSequence }
            for _ in 0..<5 {
                let party = parties[Int(random.uniform(below: UInt64(parties.count)))]
                if let failure = compare(party, model: model, events: prefix) {
                    return "seed \(seed), \(party.label), events up to seq \(lastSequence): \(failure)"
                }
            }
        }
        return nil
    }

    static func compare(_ party: Party, model: ReferenceModel, events: ArraySlice<Event>) -> String? {
        guard model.parties[party] != nil else { return nil }  // joined after the cut
        let replay: CatalogReplay<StatementFold>
        let balances: CatalogReplay<BalancesProjection>
        do throws(ReplayError) {
            replay = try CatalogReplay.run(StatementFold(party: party), over: events)
            balances = try CatalogReplay.run(BalancesProjection(), over: events)
        } catch {
            return "replay failed: \(error)"
        }
        let statement = replay.fold.statement
        let modelLines = model.statements[party] ?? []
        guard statement.lines.count == modelLines.count else {
            return "\(statement.lines.count) lines, the model has \(modelLines.count)"
        }
        let found = grouped(statement.lines.map {
            ($0.sequence, $0.kind, Int128($0.amount.minorUnits), Int128($0.pending.minorUnits),
             Int128($0.available.minorUnits))
        })
        let expected = grouped(modelLines.map { ($0.sequence, $0.kind, $0.amount, $0.pending, $0.available) })
        let common = min(found.count, expected.count)
        if let index = (0..<common).first(where: { found[$0] != expected[$0] }) {
            return "differs at \(found[index]); the model has \(expected[index])"
        }
        guard found.count == expected.count else { return "\(found.count) events, the model has \(expected.count)" }
        guard let balance = model.parties[party],
              statement.closing == balance else {
            return "closing \(statement.closing), the model has \(String(describing: model.parties[party]))"
        }
        let payable = balances.fold.balances[.payable(party)] ?? 0
        guard statement.closing.available.minorUnits == -payable else {
            return "closing available \(statement.closing.available), payable balance \(payable)"
        }
        return nil
    }

    /// The model writes statements at all: guards the comparison against comparing nothing.
    @Test func theWorkloadsHaveEveryKindOfLine() {
        var kinds = Set<String>()
        for seed in UInt64(0)..<20 {
            var generator = WorkloadGenerator(seed: seed)
            for _ in 0..<WorkloadGenerator.defaultCount { _ = generator.next() }
            for lines in generator.shadow.statements.values { kinds.formUnion(lines.map(\.kind)) }
        }
        #expect(kinds == ["sale", "release", "refund", "payout", "fee"])
    }
}
