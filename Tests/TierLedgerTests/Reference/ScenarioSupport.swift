import Testing
import TierLedger

/// Money from its text form, for tests (`"85.00"`, `"-1.20"`).
func money(_ text: String) -> Money {
    guard let value = Money.parseSigned(text) else { preconditionFailure("bad money \(text)") }
    return value
}

/// 2026-03-01T00:00:00Z, the start of every scenario's clock.
let scenarioEpoch = Timestamp(millisecondsSinceEpoch: 1_772_323_200_000)

/// A short-hand order request (buyer `b1`).
func orderRequest(_ order: String, by distributor: String, sku: String, quantity: Int64,
                  expect: String? = nil) -> OrderRequest {
    OrderRequest(order: order, distributor: distributor, sku: sku, quantity: quantity,
                 buyer: "b1", expectUnitPrice: expect.map(money))
}

/// A hand-written scenario against any ledger under test: a clock that the test moves, and
/// expectations that report the caller's line.
struct Scenario<Subject: LedgerUnderTest> {
    var subject: Subject
    /// The `at` of the next command.
    var now = scenarioEpoch

    init(_ subject: Subject) {
        self.subject = subject
    }

    mutating func advance(seconds: Int64) {
        now = now.adding(seconds: seconds)
    }

    @discardableResult
    mutating func submit(_ action: Command.Action) -> Outcome {
        subject.submit(Command(at: now, action: action))
    }

    /// Submits and expects acceptance, optionally as sequence number `sequence`.
    mutating func accept(_ action: Command.Action, sequence: UInt64? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = submit(action)
        guard case .accepted(let recorded) = outcome else {
            Issue.record("expected accepted, got \(outcome) for \(action)",
                         sourceLocation: sourceLocation)
            return
        }
        if let sequence {
            #expect(recorded == sequence, "sequence of \(action)", sourceLocation: sourceLocation)
        }
    }

    /// Submits and expects rejection with `code`, recorded as `recorded` (nil = not recorded).
    mutating func reject(_ action: Command.Action, _ code: RejectionCode, recorded: UInt64? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = submit(action)
        guard case .rejected(let actual, _, let recordedSequence) = outcome else {
            Issue.record("expected \(code), got \(outcome) for \(action)",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(actual == code, "code of \(action)", sourceLocation: sourceLocation)
        #expect(recordedSequence == recorded, "recorded sequence of \(action)",
                sourceLocation: sourceLocation)
    }

    /// Submits and expects a duplicate of `original`.
    mutating func duplicate(_ action: Command.Action, of original: UInt64,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = submit(action)
        #expect(outcome == .duplicate(of: original), "\(action)", sourceLocation: sourceLocation)
    }

    var summary: LedgerSummary { subject.summary }

    /// Non-zero balances as text, for comparison with a hand-written table.
    var balances: [String: String] {
        summary.balances.mapValues(\.description)
    }

    func party(_ party: Party) -> (pending: String, available: String)? {
        summary.parties[party].map { ($0.pending.description, $0.available.description) }
    }

    func order(_ id: String) -> OrderSummary? {
        summary.orders[id]
    }
}

/// What the agreement harness and the scenarios drive: the engine or the model.
protocol LedgerUnderTest {
    mutating func submit(_ command: Command) -> Outcome
    var summary: LedgerSummary { get }
}

extension ReferenceModel: LedgerUnderTest {}
extension Ledger: LedgerUnderTest {}

extension Scenario where Subject == ReferenceModel {
    init(holdSeconds: Int64 = LedgerSettings.defaultHoldSeconds) {
        self.init(ReferenceModel(settings: LedgerSettings(holdSeconds: holdSeconds)))
    }
}
