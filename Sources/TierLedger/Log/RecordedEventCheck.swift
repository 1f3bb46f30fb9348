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
