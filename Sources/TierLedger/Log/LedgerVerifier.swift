/// `verify`: reads the whole log and checks every frame's checksum, every segment header, the
/// hash chain at every checkpoint, that every event applies to the state before it, and the
/// state's invariants at the end. It changes nothing.
public enum LedgerVerifier {
    public struct Report: Equatable, Sendable {
        public var eventCount: Int
        public var lastSequence: UInt64
        public var segmentCount: Int
        public var byteCount: Int
        /// The hash-chain value of the verified prefix (hex).
        public var head: String
        /// The first damaged record, if any: its (expected) sequence number, file and byte offset.
        public var damage: String?
        public var damagedSequence: UInt64?
        public var damagedOffset: Int?
        /// A state invariant that does not hold after replay, if any.
        public var invariantProblem: String?

        public var isIntact: Bool { damage == nil && invariantProblem == nil }
    }

    /// `decisions`: also decide every event the engine decides from the state again, from the
    /// command behind it, and require the recorded one (`Ledger.applyImported`, what `import`
    /// checks): every order's prices, legs and overrides follow the rules in force, every
    /// settlement releases what is due. Slower; it settles "my commission is wrong" for a whole
    /// log whose files someone could have rewritten, checksums and chain included.
    public static func verify(_ directory: LedgerDirectory, decisions: Bool = false) throws(StoreError) -> Report {
        let key = try directory.readSecretKey()
        var ledger: Ledger?
        // Deciding again compares whole events; the state alone keeps no codes or overrides.
        let result = try directory.scan(validPrefix: true, fullOrders: decisions) { event throws(ReplayError) in
            if ledger == nil {
                ledger = try Ledger(replaying: [event], secretKey: key)
            } else if decisions {
                try ledger?.applyImported(event)
            } else {
                try ledger?.apply(event)
            }
        }
        var report = Report(eventCount: result.eventCount, lastSequence: result.lastSequence,
                            segmentCount: result.segments.count, byteCount: result.byteCount,
                            head: result.head.hex)
        if let damage = result.damage {
            report.damage = damage.description
            report.damagedSequence = damage.sequence
            report.damagedOffset = damage.offset
        } else if let torn = result.tornTail {
            let name = torn.segment.split(separator: "/").last.map(String.init) ?? torn.segment
            report.damage = "record \(torn.badSequence) at byte \(torn.badOffset) of \(name): the last "
                + "\(torn.byteCount) bytes (from byte \(torn.offset)) are an unfinished batch: a crash before it "
                + "was acknowledged, a write in progress, or damage; opening the ledger for writing removes it"
            report.damagedSequence = torn.badSequence
            report.damagedOffset = torn.badOffset
        }
        if let ledger, !ledger.checkInvariants() {
            report.invariantProblem = "the replayed state breaks an invariant (double entry, legs, or stock counts)"
        }
        StateDisposal.dispose(ledger)
        return report
    }
}

extension Ledger {
    /// Every invariant of the state: double entry sums to zero, legs sum to gross, stock
    /// counts add up, available ranges agree with counts. O(size of the state).
    public func checkInvariants() -> Bool { state.checkInvariants() }
}
