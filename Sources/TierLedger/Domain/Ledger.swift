/// The state machine of SPEC §3–§7: a command, at the current state, is decided into
/// `accepted`, `duplicate` or `rejected`; what is accepted is recorded as events, and events
/// are applied to the state. Replay applies recorded events and never re-decides.
///
/// Invariants: the state is always exactly the fold of `ledger.created` plus every event
/// recorded since; a duplicate or an unrecorded rejection changes nothing (not even time).
public struct Ledger: Sendable {
    var state: LedgerState
    let fingerprints: FingerprintKey
    /// Fingerprints the commands submitted without theirs (its buyer cache changes no output).
    private var fingerprinter: CommandFingerprinter
    /// Events recorded since the last `takeRecorded()`, for the store to make durable.
    public private(set) var recorded: [Event] = []

    /// The event format version written into `ledger.created`.
    public static let formatVersion: Int64 = 1

    /// A new, empty ledger; records `ledger.created` as event 1.
    public init(settings: LedgerSettings, secretKey: [UInt8]) {
        state = LedgerState(settings: settings)
        fingerprints = FingerprintKey(secret: secretKey)
        fingerprinter = CommandFingerprinter(key: fingerprints)
        record(.ledgerCreated(settings, formatVersion: Self.formatVersion), at: nil)
    }

    /// A ledger rebuilt from its recorded events (the first must be `ledger.created`).
    public init(replaying events: [Event], secretKey: [UInt8]) throws(ReplayError) {
        guard let first = events.first, case .ledgerCreated(let settings, _) = first.body else {
            throw ReplayError(sequence: events.first?.sequence ?? 0,
                              message: "the first event must be ledger.created")
        }
        state = LedgerState(settings: settings)
        fingerprints = FingerprintKey(secret: secretKey)
        fingerprinter = CommandFingerprinter(key: fingerprints)
        for event in events {
            try apply(event)
        }
    }

    public var settings: LedgerSettings { state.settings }
    public var lastSequence: UInt64 { state.lastSequence }
    public var ledgerTime: Timestamp? { state.ledgerTime }

    /// Hands over the events recorded since the last call.
    public mutating func takeRecorded() -> [Event] {
        defer { recorded.removeAll(keepingCapacity: true) }
        return recorded
    }

    /// Applies one recorded event (replay). Its sequence number must be the next one.
    public mutating func apply(_ event: Event) throws(ReplayError) {
        try apply(event, redeciding: false)
    }

    /// Applies one recorded event that does not come from this program's log (an import, a
    /// library caller's events): besides replay's checks, the state machine must record that
    /// very event from the command behind it (`LedgerState.redecisionProblem`), so an order's
    /// prices and legs follow the rules in force, and settlements and expiries come when due.
    public mutating func applyImported(_ event: Event) throws(ReplayError) {
        try apply(event, redeciding: true)
    }

    private mutating func apply(_ event: Event, redeciding: Bool) throws(ReplayError) {
        guard event.sequence == state.lastSequence + 1 else {
            throw ReplayError(sequence: event.sequence,
                              message: "expected sequence number \(state.lastSequence + 1)")
        }
        let (problem, placement) = state.check(event)
        if let problem = problem ?? (redeciding ? state.redecisionProblem(event) : nil) {
            throw ReplayError(sequence: event.sequence, message: "\(event.body.typeName): \(problem)")
        }
        state.apply(event, placement: placement)
    }

    /// Decides `command`, records its events and applies them (SPEC §3, §3.1, §5).
    public mutating func submit(_ command: Command) -> Outcome {
        let prints = fingerprinter.fingerprints(of: command)
        return submit(command, fingerprints: prints)
    }

    /// A fingerprinter under this ledger's key, for a thread that prepares commands ahead of
    /// `submit(_:fingerprints:)`.
    public func makeFingerprinter() -> CommandFingerprinter {
        CommandFingerprinter(key: fingerprints)
    }

    /// `submit(command)` with the command's fingerprints worked out already, by a fingerprinter
    /// of this ledger (`makeFingerprinter()`) from this very command.
    public mutating func submit(_ command: Command, fingerprints prints: CommandFingerprints) -> Outcome {
        precondition(prints.keyIdentity == fingerprints.identity,
                     "fingerprints made under another ledger's key")
        // A place or reserve of an order id never seen (most commands) can be neither a
        // duplicate nor an id conflict: one lookup of the id instead of one for each check.
        let isNewOrder = switch command.action {
        case .placeOrder(let request), .reserveOrder(let request, _):
            state.orders.handle(of: request.order) == nil
        default: false
        }
        if !isNewOrder, let original = state.duplicateOf(command.action, prints) {
            return .duplicate(of: original)
        }
        if let now = state.ledgerTime, command.at < now {
            return .rejected(.timeWentBackwards,
                             message: "at \(command.at) is earlier than ledger time \(now)",
                             recordedSequence: nil)
        }
        if !isNewOrder, let conflict = state.idConflict(command.action) {
            return .rejected(.idConflict, message: conflict, recordedSequence: nil)
        }
        let due = state.dueReservations(at: command.at)
        if command.action.isOrderCommand {
            // Place, reserve and pay are recorded whatever the outcome: expire first, then decide.
            recordExpiries(due, at: command.at)
            return decideAndRecordOrder(command, buyer: prints.buyer)
        }
        // Other rejections record nothing, so decide before expiring; stock.void takes the units
        // that the due expiries would return into account.
        let body: EventBody
        do throws(Rejection) {
            body = try state.decide(command, returning: due, codes: prints.codes)
        } catch {
            return .rejected(error.code, message: error.message, recordedSequence: nil)
        }
        if due.isEmpty {
            return .accepted(sequence: record(body, at: command.at))
        }
        recordExpiries(due, at: command.at)
        do throws(Rejection) {
            // Decided again now that the units are back, so that voids and cancels list them.
            let final = try state.decide(command, returning: [], codes: prints.codes)
            return .accepted(sequence: record(final, at: command.at))
        } catch {
            preconditionFailure("a command accepted before expiries must stay accepted: \(error)")
        }
    }

    private mutating func decideAndRecordOrder(_ command: Command, buyer: Fingerprint?) -> Outcome {
        do throws(OrderRejected) {
            let (body, placement) = try state.decideOrder(command, buyer: buyer)
            return .accepted(sequence: record(body, at: command.at, placement: placement))
        } catch {
            let sequence = record(.orderRejected(error.rejection), at: command.at)
            return .rejected(error.rejection.code, message: error.rejection.message,
                             recordedSequence: sequence)
        }
    }

    private mutating func recordExpiries(_ due: [ReservationQueue.Entry], at time: Timestamp) {
        for entry in due {
            let units = state.orders.read(entry.order) { $0.heldUnits } ?? []
            record(.orderExpired(order: entry.order, units: units), at: time)
        }
    }

    @discardableResult
    private mutating func record(_ body: consuming EventBody, at time: Timestamp?,
                                 placement: OrderPlacement? = nil) -> UInt64 {
        // The body and then the event are moved, not copied: a copy retains every array and id
        // of an order's fact.
        let event = Event(sequence: state.lastSequence + 1, at: time, body: body)
        assert(state.problem(with: event) == nil, "the state machine recorded an event replay would refuse")
        state.apply(event, placement: placement)
        let sequence = event.sequence
        recorded.append(consume event)
        return sequence
    }
}

extension Command.Action {
    /// Commands whose rejections are recorded as `order.rejected` (SPEC §4).
    var isOrderCommand: Bool {
        switch self {
        case .placeOrder, .reserveOrder, .payOrder: true
        default: false
        }
    }
}

/// A recorded log that cannot be applied: a gap in sequence numbers or a missing first event.
public struct ReplayError: Error, Equatable, Sendable, CustomStringConvertible {
    public var sequence: UInt64
    public var message: String
    public var description: String { "event \(sequence): \(message)" }
}

/// A command that is not allowed now. Thrown inside the decision functions only, to keep each
/// check a single `guard … else { throw … }` line; `submit` turns it into `Outcome` data.
struct Rejection: Error {
    var code: RejectionCode
    var message: String

    init(_ code: RejectionCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// A rejected order command, with what is recorded about it.
struct OrderRejected: Error {
    var rejection: OrderRejection
}
