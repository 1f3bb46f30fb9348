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
        for codes in [[fresh, fresh], [fresh, known]] {
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
}
