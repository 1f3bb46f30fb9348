/// What became of one submitted command (SPEC §3, §3.1, §11 acknowledgements).
public enum Outcome: Equatable, Sendable {
    /// Recorded; `sequence` is the sequence number of the command's own event.
    case accepted(sequence: UInt64)
    /// The same command was recorded before as `sequence`; nothing changed.
    case duplicate(of: UInt64)
    /// Not allowed now. `recordedSequence` is the `order.rejected` event's sequence number when
    /// the rejection is itself a recorded fact (SPEC §4), else `nil` (nothing was recorded).
    case rejected(RejectionCode, message: String, recordedSequence: UInt64?)
}
