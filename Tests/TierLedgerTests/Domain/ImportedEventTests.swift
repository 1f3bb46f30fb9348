import Foundation
import Testing
@testable import TierLedger

/// Events from outside a log (`import`, `appendRecorded`) must be the events the state machine
/// records (`Ledger.applyImported`) and read back from the log as given (`RecordedEventCheck`).
@Suite struct ImportedEventTests {
    typealias Scenario = LedgerScenarioTests
    static let seedCount: UInt64 = ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 1_000 : 60
    static let key = [UInt8](repeating: 7, count: 32)

    /// The events of the three-tier scenario after `actions` (minutes after its start).
    static func recorded(_ actions: [(Int64, Command.Action)], ledger start: Ledger = Scenario.threeTierLedger())
        -> [Event]
    {
        var ledger = start
        for (minutes, action) in actions {
            guard case .accepted = ledger.submit(Command(at: Scenario.at(minutes), action: action)) else {
                preconditionFailure("scenario rejected: \(action)")
            }
        }
        return ledger.takeRecorded()
    }

    /// The message `applyImported` gives for the last of `events`, or nil when all are applied.
    static func importRefusal(_ events: [Event]) -> String? {
        do throws(ReplayError) {
            var ledger = try Ledger(replaying: [events[0]], secretKey: key)
            for event in events.dropFirst() { try ledger.applyImported(event) }
            return nil
        } catch {
            #expect(error.sequence == events[events.count - 1].sequence, "\(error)")
            return error.message
        }
    }

    static func replays(_ events: [Event]) -> Bool {
        (try? Ledger(replaying: events, secretKey: key)) != nil
    }

    @Test func everyRecordedEventPassesTheImportChecks() throws {
        var kinds = Set<String>()
        for seed in 0..<Self.seedCount {
            let (events, summary) = EventCodecTests.recordedEvents(seed: seed)
            var ledger = try Ledger(replaying: [events[0]], secretKey: EventCodecTests.key)
            var check = RecordedEventCheck()
            for event in events {
                if event.sequence > 1 { try ledger.applyImported(event) }
                #expect(check.problem(with: event) == nil, "seed \(seed) seq \(event.sequence)")
                kinds.insert(event.body.typeName)
            }
            #expect(ledger.summary == summary, "seed \(seed)")
        }
        // The workloads reach every kind the state machine decides from the state.
        for kind in ["order.placed", "order.reserved", "order.paid", "order.expired", "order.cancelled",
                     "stock.voided", "order.refunded", "dispute.resolved", "settlement.ran"] {
            #expect(kinds.contains(kind), "\(kind)")
        }
    }

    /// The three-tier ledger with D3's K1 price rule at 90.00, and an order O1 placed in the
    /// same ledger with that rule at 91.00 instead: a consistent order (prices, legs and
    /// overrides all follow) priced by another rule than the one in force.
    static func orderPricedByAnotherRule() throws -> (events: [Event], order: Event) {
        var other = Scenario.threeTierLedger()
        _ = other.takeRecorded()
        _ = other.submit(Command(at: Scenario.at(0), action: .setDistributorMarkup(
            distributor: "D3", sku: "K1", rule: .price(Scenario.money("91.00")))))
        let foreign = Self.recorded([(1, .placeOrder(Scenario.order("O1")))], ledger: other)
        var ledger = Scenario.threeTierLedger()
        _ = ledger.submit(Command(at: Scenario.at(0), action: .setDistributorMarkup(
            distributor: "D3", sku: "K1", rule: .price(Scenario.money("90.00")))))
        let events = ledger.takeRecorded()
        let order = try #require(foreign.last)
        #expect(events.count + 1 == Int(order.sequence))
        return (events, order)
    }

    @Test func anOrderPricedAgainstTheRulesInForceIsRefused() throws {
        let (events, order) = try Self.orderPricedByAnotherRule()
        #expect(RecordedEventCheck.problem(with: order, after: events) == nil)
        // Replay accepts it (its legs add up and belong to the chain); an import does not.
        #expect(Self.replays(events + [order]))
        let message = try #require(Self.importRefusal(events + [order]))
        #expect(message.hasPrefix("order.placed: chain[3].rule.price is \"91.00\", but the state machine records "
            + "\"90.00\" at this point"), "\(message)")
    }

    @Test func settlementsReleaseOnlyWhatIsDue() throws {
        let placed = Self.recorded([(1, .placeOrder(Scenario.order("O1")))])
        let early = Event(sequence: UInt64(placed.count + 1), at: Scenario.at(2),
                          body: .settlementRan(released: ["O1"]))
        #expect(Self.replays(placed + [early]))
        #expect(Self.importRefusal(placed + [early]) == "settlement.ran: released is [\"O1\"], but the state machine "
            + "records [] at this point")
        let due = Event(sequence: early.sequence, at: Scenario.at(24 * 60 + 1), body: early.body)
        #expect(Self.importRefusal(placed + [due]) == nil)
    }

    @Test func reservationsExpireExactlyWhenDue() throws {
        let reserved = Self.recorded([(1, .reserveOrder(Scenario.order("O2", qty: 2), ttlSeconds: 600))])
        let held = [UnitRun(batch: "B1", start: 0, count: 2)]
        func event(_ minutes: Int64, _ body: EventBody) -> Event {
            Event(sequence: UInt64(reserved.count + 1), at: Scenario.at(minutes), body: body)
        }
        // Early: replay takes it (the units match the live reservation), an import does not.
        let early = event(5, .orderExpired(order: "O2", units: held))
        #expect(Self.replays(reserved + [early]))
        #expect(Self.importRefusal(reserved + [early])?.hasSuffix("order O2 is not due to expire at "
            + "\(Scenario.at(5))") == true)
        #expect(Self.importRefusal(reserved + [event(11, .orderExpired(order: "O2", units: held))]) == nil)
        // Missing: anything recorded after the deadline must come after the expiry.
        let later = event(20, .supplierRegistered(supplier: "S9", name: "Nine"))
        #expect(Self.replays(reserved + [later]))
        #expect(Self.importRefusal(reserved + [later])?.hasSuffix("the reservation of order O2 expired at "
            + "\(Scenario.at(11)) and is not recorded as expired") == true)
    }

    @Test func theLogCheckNamesTheFieldItWouldChange() throws {
        let placed = Self.recorded([(1, .placeOrder(Scenario.order("O1")))])
        guard case .orderPlaced(var fact) = try #require(placed.last).body else {
            Issue.record("the scenario's last event is its order")
            return
        }
        fact.chain[1].price = Scenario.money("86.01")
        let edited = Event(sequence: placed[placed.count - 1].sequence, at: Scenario.at(1), body: .orderPlaced(fact))
        #expect(RecordedEventCheck.problem(with: edited, after: placed.dropLast())
            == "chain[1].price is \"86.01\", but the log "
            + "derives \"86.00\" from the rest of the event (it keeps an order's cost and markups, not its "
            + "prices, legs and override amounts)")
        // Replay alone would apply it: its legs still add up to its gross.
        #expect(Self.replays(Array(placed.dropLast()) + [edited]))
    }

    @Test func eventsTooLargeForARecordAreRefused() {
        let name = String(repeating: "n", count: RecordFrame.bodyMaximumBytes)
        let event = Event(sequence: 2, at: Scenario.at(0), body: .supplierRegistered(supplier: "S1", name: name))
        #expect(RecordedEventCheck.problem(with: event, after: [])?.hasPrefix("the event takes ") == true)
    }
}

extension RecordedEventCheck {
    /// The check of `event` after `events` (the log's order: an order's codes are read back
    /// from its batch's earlier `stock.added`), which must all pass.
    static func problem(with event: Event, after events: some Sequence<Event>) -> String? {
        var check = RecordedEventCheck()
        for earlier in events { #expect(check.problem(with: earlier) == nil, "seq \(earlier.sequence)") }
        return check.problem(with: event)
    }
}
