/// The compact binary encoding of events inside log records (format version 1).
///
/// A record's payload starts with the event's time as a signed millisecond delta from the
/// previous event's time (absent for `ledger.created`, which has none), then the kind's fields
/// (see `EventCodec+Kinds.swift`). Ids, buyers and price chains go through `LogDictionary`,
/// so the codec is stateful: events must be encoded and decoded in log order.
///
/// Invariant: `decode(encode(e)) == e` for every event the state machine records; the tests
/// check it over seeded workloads.
struct EventCodec: Sendable {
    var dictionary = LogDictionary()
    /// The time of the last event encoded or decoded.
    var previousTime: Timestamp?
    /// Whether decoded orders carry what the ledger's state does not keep: the codes of the
    /// units they took (`OrderFact.codes`, a late `order.paid`'s codes), their chain's steps
    /// (`OrderFact.chain`) and override shares (`OrderFact.overrides`). A scan that only
    /// rebuilds the state leaves them out (`LogScanner`): it saves three arrays per order and
    /// reads each chain into `chainFields` instead of a template of its own; the stock an
    /// order takes still checks every run, its chain every check, and its legs are split as
    /// always. Encoding does not depend on it.
    var decodesFullOrders = true
    /// Where a state-only decode reads each order's chain (`decodesFullOrders`), reused.
    var chainFields = ChainFields()

    /// The record type tag of each kind; never reused, never renumbered.
    enum Kind: UInt8, CaseIterable {
        case ledgerCreated = 1, supplierRegistered, feeCharged, productListed, productRepriced
        case productDelisted, stockAdded, stockVoided, platformMarkupSet, floorSet, ceilingSet
        case distributorJoined, distributorMarkupSet, overrideSet, orderPlaced, orderReserved
        case orderPaid, orderExpired, orderCancelled, orderRejected, orderRefunded, disputeOpened
        case disputeResolved, settlementRan, payoutMade
    }

    /// The kind tag and version of `body` as framed in its record.
    @inline(__always)
    static func kind(of body: EventBody) -> Kind {
        switch body {
        case .ledgerCreated: .ledgerCreated
        case .supplierRegistered: .supplierRegistered
        case .feeCharged: .feeCharged
        case .productListed: .productListed
        case .productRepriced: .productRepriced
        case .productDelisted: .productDelisted
        case .stockAdded: .stockAdded
        case .stockVoided: .stockVoided
        case .platformMarkupSet: .platformMarkupSet
        case .floorSet: .floorSet
        case .ceilingSet: .ceilingSet
        case .distributorJoined: .distributorJoined
        case .distributorMarkupSet: .distributorMarkupSet
        case .overrideSet: .overrideSet
        case .orderPlaced: .orderPlaced
        case .orderReserved: .orderReserved
        case .orderPaid: .orderPaid
        case .orderExpired: .orderExpired
        case .orderCancelled: .orderCancelled
        case .orderRejected: .orderRejected
        case .orderRefunded: .orderRefunded
        case .disputeOpened: .disputeOpened
        case .disputeResolved: .disputeResolved
        case .settlementRan: .settlementRan
        case .payoutMade: .payoutMade
        }
    }

    /// Encodes `event`'s payload into `writer`; returns its kind. `chain`: the canonical form
    /// of an order's chain when it was worked out ahead (`ChainStage`); `nil` = work it out
    /// here.
    @discardableResult
    mutating func encode(_ event: Event, chain: PrecomputedChain? = nil, into writer: inout ByteWriter) -> Kind {
        if let at = event.at { writeTime(at, &writer) }
        encodeFields(event.body, at: event.at, chain: chain, into: &writer)
        return Self.kind(of: event.body)
    }

    /// Writes a record's time, a delta from the previous event's.
    mutating func writeTime(_ at: Timestamp, _ writer: inout ByteWriter) {
        writer.signed(at.millisecondsSinceEpoch &- (previousTime?.millisecondsSinceEpoch ?? 0))
        previousTime = at
    }

    /// Decodes one payload of kind `tag` at version `version`.
    mutating func decode(sequence: UInt64, tag: UInt8, version: UInt8,
                         payload: UnsafeBufferPointer<UInt8>) throws(LogDecodingError) -> Event {
        guard let kind = Kind(rawValue: tag) else { throw LogDecodingError("unknown event type \(tag)") }
        guard version == 1 else {
            throw LogDecodingError("event type \(tag) version \(version) is newer than this program reads")
        }
        var reader = ByteReader(payload)
        var at: Timestamp?
        if kind != .ledgerCreated {
            at = try readTime(&reader)
            previousTime = at
        }
        let body = try decodeFields(kind, at: at, &reader)
        guard reader.isAtEnd else { throw LogDecodingError("\(reader.remaining) bytes left after the event") }
        return Event(sequence: sequence, at: at, body: body)
    }

    /// Reads a record's time, a delta from the previous event's (which it does not change).
    func readTime(_ reader: inout ByteReader) throws(LogDecodingError) -> Timestamp {
        let delta = try reader.signed()
        let (time, overflow) = (previousTime?.millisecondsSinceEpoch ?? 0).addingReportingOverflow(delta)
        guard !overflow, delta >= 0 || previousTime == nil else { throw LogDecodingError("time runs backwards") }
        return Timestamp(millisecondsSinceEpoch: time)
    }
}
