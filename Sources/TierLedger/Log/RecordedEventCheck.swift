/// Checks that events arriving from outside the state machine (an `import` file, a library
/// caller's `appendRecorded`) read back from the log exactly as given.
///
/// The log does not store what it can derive: an order's prices, unit price, gross, legs and
/// override amounts follow from its cost and markups, a reservation's deadline from its time
/// and ttl. The state machine only records events of that shape, but an edited export may hold
/// an order whose prices do not add up; written as given, it would read back as another order,
/// or not at all. So each event is encoded and decoded here, in log order, by a codec pair of
/// its own (the writer's and a reader's), and must come back equal.
struct RecordedEventCheck {
    private var encoder = EventCodec()
    private var decoder = EventCodec()
    private var scratch = ByteWriter(capacity: 1 << 12)

    /// What would not read back as given in `event`, or `nil`. Call it for each event in log
    /// order; after a problem, the check holds that event's strings and stops being useful.
    mutating func problem(with event: Event) -> String? {
        scratch.bytes.removeAll(keepingCapacity: true)
        let kind = encoder.encode(event, into: &scratch)
        // The frame also holds the sequence number, kind and version (at most 12 bytes).
        guard scratch.bytes.count <= RecordFrame.bodyMaximumBytes - 12 else {
            return "the event takes \(scratch.bytes.count) bytes; a log record holds at most "
                + "\(RecordFrame.bodyMaximumBytes - 12)"
        }
        let decoded: Event
        do throws(LogDecodingError) {
            decoded = try scratch.bytes.withUnsafeBufferPointer { payload throws(LogDecodingError) in
                try decoder.decode(sequence: event.sequence, tag: kind.rawValue, version: 1, payload: payload)
            }
        } catch {
            return "the log cannot hold it: \(error.message)"
        }
        guard decoded != event else { return nil }
        let (path, given, derived) = event.jsonValue.firstDifference(from: decoded.jsonValue)
        return "\(path) is \(given), but the log derives \(derived) from the rest of the event "
            + "(it keeps an order's cost and markups, not its prices, legs and override amounts)"
    }
}

/// Import's checks of events from outside the log, in log order (`import`, the library's
/// `appendRecorded`): the state machine's (`Ledger.applyImported`, which also applies the event)
/// and then the log's (`RecordedEventCheck`).
struct ImportedEventGate {
    enum Refusal: Error, CustomStringConvertible {
        /// The state machine refused it; the ledger is as before the event.
        case replay(ReplayError)
        /// The log would not read it back as given; the ledger has applied it.
        case log(sequence: UInt64, problem: String)

        /// What is wrong, without naming the event (the caller names its line or sequence).
        var problem: String {
            switch self {
            case .replay(let error): "\(error)"
            case .log(_, let problem): problem
            }
        }

        var description: String {
            switch self {
            case .replay(let error): "\(error)"
            case .log(let sequence, let problem): "event \(sequence): \(problem)"
            }
        }
    }

    private var check = RecordedEventCheck()

    /// Applies `event` to `ledger` when both checks pass. After a refusal, the ledger no longer
    /// matches any log: the caller discards it or rebuilds it.
    mutating func admit(_ event: Event, to ledger: inout Ledger) throws(Refusal) {
        do throws(ReplayError) {
            try ledger.applyImported(event)
        } catch {
            throw .replay(error)
        }
        // After the replay, which refuses what the encoder may not be handed (a deadline other
        // than the reservation's time plus its ttl).
        if let problem = check.problem(with: event) { throw .log(sequence: event.sequence, problem: problem) }
    }

    /// The log's check alone, for the first event (`ledger.created`, which a new ledger applies).
    mutating func admitFirst(_ event: Event) throws(Refusal) {
        if let problem = check.problem(with: event) { throw .log(sequence: event.sequence, problem: problem) }
    }
}
