import Foundation
import Testing
@testable import TierLedger

/// Replay refuses a recorded event that does not fit the state (`LedgerState.problem(with:)`):
/// an edited log or import file is named, never applied and never trapped on.
@Suite struct ReplayValidationTests {
    typealias Scenario = LedgerScenarioTests
    static let key = [UInt8](repeating: 7, count: 32)

    /// The three-tier ledger with O1 placed and released by a settlement, and O2 reserved.
    static func events() -> [Event] {
        var ledger = Scenario.threeTierLedger()
        let actions: [(Int64, Command.Action)] = [
            (1, .placeOrder(Scenario.order("O1"))),
            (24 * 60 + 2, .runSettlement),
            (24 * 60 + 3, .reserveOrder(Scenario.order("O2", qty: 2), ttlSeconds: 600)),
        ]
        for (minutes, action) in actions {
            guard case .accepted = ledger.submit(Command(at: Scenario.at(minutes), action: action)) else {
                preconditionFailure("scenario rejected: \(action)")
            }
        }
        return ledger.takeRecorded()
    }

    /// The message replay gives for `body` recorded after `events`, or nil when it is applied.
    static func refusal(of body: EventBody, after events: [Event]) -> String? {
        let event = Event(sequence: UInt64(events.count + 1), at: Scenario.at(24 * 60 + 4), body: body)
        do throws(ReplayError) {
            _ = try Ledger(replaying: events + [event], secretKey: key)
            return nil
        } catch {
            #expect(error.sequence == event.sequence)
            return error.message
        }
    }

    @Test func theRecordedEventsReplayToTheSameState() throws {
        var ledger = Scenario.threeTierLedger()
        _ = ledger.submit(Command(at: Scenario.at(1), action: .placeOrder(Scenario.order("O1"))))
        let events = ledger.takeRecorded()
        let replayed = try Ledger(replaying: events, secretKey: Self.key)
        #expect(replayed.summary == ledger.summary)
    }

    @Test func settlementsReleaseEachPaidOrderOnce() {
        let events = Self.events()
        #expect(Self.refusal(of: .settlementRan(released: []), after: events) == nil)
        #expect(Self.refusal(of: .settlementRan(released: ["O2", "O2"]), after: events)?
            .hasSuffix("an order is released twice") == true)
        for id in ["O1", "O2", "O9"] {
            #expect(Self.refusal(of: .settlementRan(released: [id]), after: events)?
                .hasSuffix("order \(id) cannot be released") == true, "\(id)")
        }
    }

    @Test func stockAddsNoCodeTwice() throws {
        let events = Self.events()
        let known = try #require(events.lazy.compactMap { event -> Fingerprint? in
            guard case .stockAdded(_, _, .codes(let codes)) = event.body else { return nil }
            return codes.first
        }.first)
        let fresh = Fingerprint(high: 1, low: 2)
        func batch(_ codes: [Fingerprint]) -> EventBody {
            .stockAdded(sku: "K1", batch: "B9", units: .codes(codes))
        }
        #expect(Self.refusal(of: batch([fresh]), after: events) == nil)
        // A batch longer than the walk's lookahead, with the known code far into it.
        let many = (10..<50).map { Fingerprint(high: 1, low: UInt64($0)) }
        #expect(Self.refusal(of: batch(many), after: events) == nil)
        let knownLate = Array(many[..<30]) + [known] + many[30...]
        for codes in [[fresh, fresh], [fresh, known], knownLate, many + [many[33]]] {
            #expect(Self.refusal(of: batch(codes), after: events)?
                .hasSuffix("batch B9 repeats a known code") == true)
        }
    }

    @Test func reservationsEndOnlyAsRecorded() {
        let events = Self.events()
        let held = [UnitRun(batch: "B1", start: 3, count: 1), UnitRun(batch: "B2", start: 0, count: 1)]
        #expect(Self.refusal(of: .orderExpired(order: "O2", units: held), after: events) == nil)
        #expect(Self.refusal(of: .orderCancelled(order: "O2", units: held), after: events) == nil)
        let paid = EventBody.orderPaid(order: "O2", late: false, units: [], codes: [])
        #expect(Self.refusal(of: paid, after: events) == nil)
        #expect(Self.refusal(of: .orderExpired(order: "O2", units: [held[0]]), after: events)?
            .hasSuffix("expiry of O2 does not match a live reservation") == true)
        #expect(Self.refusal(of: .orderCancelled(order: "O1", units: []), after: events)?
            .hasSuffix("cancellation of O1 does not match an unpaid reservation") == true)
        #expect(Self.refusal(of: .orderPaid(order: "O2", late: true, units: held, codes: []), after: events)?
            .hasSuffix("late payment of O2 does not fit its reservation") == true)
        #expect(Self.refusal(of: .orderPaid(order: "O9", late: false, units: [], codes: []), after: events)?
            .hasSuffix("unknown order O9") == true)
    }

    @Test func disputesAndRefundsFitTheirOrder() {
        let events = Self.events()
        func dispute(_ order: String) -> EventBody {
            .disputeOpened(dispute: "X1", order: order, reason: "late")
        }
        #expect(Self.refusal(of: dispute("O1"), after: events) == nil)
        #expect(Self.refusal(of: dispute("O2"), after: events)?
            .hasSuffix("order O2 cannot take a dispute") == true)
        // O1's legs ×3 are 240.00, 12.00, 6.64, 8.58, 2.78, all released.
        let reversals = ["8.00", "0.40", "0.22", "0.29", "0.09"].map(Scenario.money)
        func refund(_ reversals: [Money], afterRelease: Bool) -> EventBody {
            .orderRefunded(RefundFact(refund: "R1", order: "O1", amount: Scenario.money("9.00"), reason: nil,
                                      reversals: reversals, afterRelease: afterRelease))
        }
        #expect(Self.refusal(of: refund(reversals, afterRelease: true), after: events) == nil)
        #expect(Self.refusal(of: refund(reversals, afterRelease: false), after: events)?
            .hasSuffix("refund R1 does not fit order O1") == true)
        #expect(Self.refusal(of: refund(Array(reversals.dropLast()), afterRelease: true), after: events)?
            .hasSuffix("refund R1 does not fit order O1") == true)
    }

    /// Sums and ends that do not fit in 64 bits are refused, not trapped on.
    @Test func amountsThatOverflowAreRefused() throws {
        let events = Self.events()
        guard case .orderPlaced(let placed) = try #require(events.first { $0.body.typeName == "order.placed" }).body
        else { return }
        var fact = placed
        fact.order = "O7"
        fact.legs[0].amount = Money(minorUnits: .max)
        fact.legs[1].amount = Money(minorUnits: .max)
        #expect(Self.refusal(of: .orderPlaced(fact), after: events)?
            .hasSuffix("order O7 has inconsistent legs or units") == true)
        fact = placed
        fact.order = "O7"
        fact.units = [UnitRun(batch: "B2", start: .max, count: 3)]
        #expect(Self.refusal(of: .orderPlaced(fact), after: events)?.hasSuffix("are not available") == true)
        fact.units = [UnitRun(batch: "B2", start: 0, count: .max), UnitRun(batch: "B2", start: 0, count: .max)]
        #expect(Self.refusal(of: .orderPlaced(fact), after: events)?
            .hasSuffix("order O7 has inconsistent legs or units") == true)
        let void = EventBody.stockVoided(sku: "K1", batch: "B2", count: 2, reason: "r", units: [
            UnitRun(batch: "B2", start: .max, count: .max), UnitRun(batch: "B2", start: 0, count: .max)])
        #expect(Self.refusal(of: void, after: events)?.hasSuffix("does not match its units") == true)
        let reversals = [Money(minorUnits: .max), Money(minorUnits: .max), Money(minorUnits: 2)] + [Money](
            repeating: .zero, count: 2)
        let refund = EventBody.orderRefunded(RefundFact(refund: "R1", order: "O1", amount: Money(minorUnits: 1),
                                                        reason: nil, reversals: reversals, afterRelease: true))
        #expect(Self.refusal(of: refund, after: events)?.hasSuffix("refund R1 does not fit order O1") == true)
    }

    @Test func reservationsKeepTheirTtlAndDeadline() throws {
        let events = Self.events()
        guard case .orderReserved(let reserved, _, _) = try #require(events.last).body else { return }
        var fact = reserved
        fact.order = "O7"
        fact.units = [UnitRun(batch: "B2", start: 5, count: 2)]
        let at = Scenario.at(24 * 60 + 4)
        #expect(Self.refusal(of: .orderReserved(fact, ttlSeconds: 600, deadline: at.adding(seconds: 600)),
                             after: events) == nil)
        for (ttl, deadline) in [(600, at.adding(seconds: 601)), (-1, at.adding(seconds: -1)), (0, at),
                                (604_801, at.adding(seconds: 604_801))] as [(Int64, Timestamp)] {
            #expect(Self.refusal(of: .orderReserved(fact, ttlSeconds: ttl, deadline: deadline), after: events)?
                .contains("has a ttl out of 1–604800 s or a deadline other than its time plus its ttl") == true,
                "\(ttl)")
        }
    }

    @Test func payoutsStayWithinTheAvailableBalance() {
        let events = Self.events()
        // O1 was released: D3 holds its last leg, 2.78.
        func payout(_ amount: String) -> EventBody {
            .payoutMade(payout: "P1", party: .distributor("D3"), amount: Scenario.money(amount))
        }
        #expect(Self.refusal(of: payout("2.78"), after: events) == nil)
        #expect(Self.refusal(of: payout("2.79"), after: events)?
            .hasSuffix("payout 2.79 exceeds the available 2.78") == true)
    }

    /// A new ledger (`LedgerDirectory.create`, `import`) takes only the settings `init` takes;
    /// replay does not check them, so a ledger the library made with others still opens.
    @Test func newLedgersTakeTheSettingsInitAccepts() throws {
        let created = EventCodecTests.recordedEvents(seed: 1).events[0].ndjson
        for (settings, problem) in [(LedgerSettings(currency: "cny"), "currency cny is not three letters A–Z"),
                                    (LedgerSettings(holdSeconds: -1), "hold_seconds is outside 0–31536000")] {
            let event = Event(sequence: 1, at: nil, body: .ledgerCreated(settings, formatVersion: 1))
            #expect(throws: LedgerImport.Failure.malformed("line 1: ledger.created: \(problem)")) {
                _ = try LedgerImport.decode(Array((event.ndjson + "\n").utf8), secretKey: Self.key)
            }
            let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
            #expect(throws: StoreError(.cannotCreate, "cannot create a ledger at \(path): \(problem)")) {
                try LedgerDirectory.create(at: path, settings: settings)
            }
            #expect(!FileManager.default.fileExists(atPath: path))
            _ = try Ledger(replaying: [event], secretKey: Self.key)
        }
        #expect(try LedgerImport.decode(Array((created + "\n").utf8), secretKey: Self.key).count == 1)
    }

    /// SPEC §3: fixed ≥ 0. The parser takes no sign; the engine refuses one from a library
    /// caller, and replay from a recorded rule (a negative upstream price would trap half_up).
    @Test func aFixedMarkupIsNeverNegative() {
        let negative = MarkupRule.fixed(Money(minorUnits: -1))
        #expect(Self.refusal(of: .distributorMarkupSet(distributor: "D1", sku: "*", rule: negative),
                             after: Self.events())?.hasSuffix("the markup rule is out of range") == true)
        #expect(Self.refusal(of: .platformMarkupSet(sku: "*", rule: negative), after: Self.events())?
            .hasSuffix("the platform's rule is out of range") == true)
        var ledger = Scenario.threeTierLedger()
        let outcome = ledger.submit(Command(at: Scenario.at(1), action: .setDistributorMarkup(
            distributor: "D1", sku: "*", rule: negative)))
        #expect(outcome == .rejected(.invalidValue, message: "a fixed markup must be at least 0.00, not -0.01",
                                     recordedSequence: nil))
    }
}
