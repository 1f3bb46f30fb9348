/// Skimming: reading the records orders write only as far as the log's tables need, for a
/// reader that follows a few ids or parties (`trace`, `explain`, statements, `reconcile`) and
/// decodes in full only the records that may concern them, or that nothing after a time
/// concerns (period reports, `LogScanner.horizon`).
///
/// A record's payload is stateful (ids, buyers and price chains are written in full at their
/// first use and referred to by handle afterwards, `LogDictionary`), so every record must be
/// read in order; but a skim builds no event: no fact, legs, codes or strings beyond the new
/// ones the tables take. When a skimmed record does concern the reader, `rollBack` returns the
/// tables to where they were before it and the record is decoded in full.
///
/// Invariant: after `skim`, the tables and `previousTime` are exactly what `decode` of the same
/// record leaves (the tests check it over seeded workloads, record by record).

/// What a skimmed record names, by handle into the log's tables.
struct RecordMentions {
    var kind = EventCodec.Kind.orderPlaced
    /// The record's time.
    var at = Timestamp(millisecondsSinceEpoch: 0)
    /// The price chain of an order placed or reserved (a handle into the chain table).
    var chain: Int?
    /// The ids the record names outside its price chain: order ids, the batches of its units,
    /// a rejection's distributor and sku.
    var strings: [Int] = []
    var buyers: [Int] = []
    /// The record's unit runs: batch handle, first position, count.
    var runs: [(batch: Int, start: Int64, count: Int64)] = []

    mutating func removeAll() {
        chain = nil
        strings.removeAll(keepingCapacity: true)
        buyers.removeAll(keepingCapacity: true)
        runs.removeAll(keepingCapacity: true)
    }
}

extension EventCodec {
    /// Where the tables and the time were: `rollBack(to:)` returns there.
    struct Mark {
        var dictionary: LogDictionary.Mark
        var previousTime: Timestamp?
    }

    var mark: Mark { Mark(dictionary: dictionary.mark, previousTime: previousTime) }

    mutating func rollBack(to mark: Mark) {
        dictionary.rollBack(to: mark.dictionary)
        previousTime = mark.previousTime
    }

    /// Skims a record of a kind orders write (placed, reserved, paid, expired, cancelled,
    /// rejected, a settlement run), noting in `mentions` what it names; false, reading
    /// nothing, for any other record, which the caller decodes in full. The record's time is
    /// `previousTime` afterwards. Checks what the tables rely on (handles, lengths, the end of
    /// the payload); the rest of `decode`'s checks (a fact's quantity and prices, units inside
    /// their batch) are left to `verify`.
    mutating func skim(tag: UInt8, version: UInt8, payload: UnsafeBufferPointer<UInt8>,
                       into mentions: inout RecordMentions) throws(LogDecodingError) -> Bool {
        guard version == 1, let kind = Kind(rawValue: tag), Self.isSkimmable(kind) else { return false }
        mentions.removeAll()
        mentions.kind = kind
        var reader = ByteReader(payload)
        mentions.at = try readTime(&reader)
        previousTime = mentions.at
        switch kind {
        case .orderPlaced, .orderReserved:
            mentions.chain = try dictionary.skimChain(&reader)
            mentions.strings.append(try dictionary.readStringHandle(&reader))
            _ = try reader.signed()
            mentions.buyers.append(try dictionary.readBuyerHandle(&reader))
            if try reader.byte() == 1 { _ = try reader.signed() }
            try skimRuns(&reader, into: &mentions)
            if kind == .orderReserved {
                guard (1...604_800).contains(try reader.signed()) else {
                    throw LogDecodingError("a reservation's ttl")
                }
            }
        case .orderPaid:
            mentions.strings.append(try dictionary.readStringHandle(&reader))
            _ = try reader.byte()
            try skimRuns(&reader, into: &mentions)
        case .orderExpired, .orderCancelled:
            mentions.strings.append(try dictionary.readStringHandle(&reader))
            try skimRuns(&reader, into: &mentions)
        case .orderRejected:
            try skimRejection(&reader, into: &mentions)
        default:
            let count = try reader.index()
            guard count <= reader.remaining else { throw LogDecodingError("settlement lists too many orders") }
            for _ in 0..<count { mentions.strings.append(try dictionary.readStringHandle(&reader)) }
        }
        guard reader.isAtEnd else { throw LogDecodingError("\(reader.remaining) bytes left after the event") }
        return true
    }

    /// The time of a record of kind `tag` as `decode` would give it, read from the start of
    /// its payload alone; `nil` for `ledger.created` (which has none) and a payload whose time
    /// does not read (`decode` reports it).
    func peekTime(tag: UInt8, payload: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard tag != Kind.ledgerCreated.rawValue else { return nil }
        var reader = ByteReader(payload)
        return try? readTime(&reader)
    }

    static func isSkimmable(_ kind: Kind) -> Bool {
        switch kind {
        case .orderPlaced, .orderReserved, .orderPaid, .orderExpired, .orderCancelled, .orderRejected,
             .settlementRan: true
        default: false
        }
    }

    private mutating func skimRuns(_ reader: inout ByteReader, into mentions: inout RecordMentions)
        throws(LogDecodingError) {
        let count = try reader.index()
        guard count <= reader.remaining else { throw LogDecodingError("more unit runs than bytes") }
        for _ in 0..<count {
            let batch = try dictionary.readStringHandle(&reader)
            mentions.strings.append(batch)
            mentions.runs.append((batch, try reader.signed(), try reader.signed()))
        }
    }

    private mutating func skimRejection(_ reader: inout ByteReader, into mentions: inout RecordMentions)
        throws(LogDecodingError) {
        mentions.strings.append(try dictionary.readStringHandle(&reader))
        let command = Int(try reader.byte())
        let code = Int(try reader.byte())
        guard command < Self.commandTags.count, code < RejectionCode.allCases.count else {
            throw LogDecodingError("unknown rejection command or code")
        }
        _ = try reader.raw(try reader.index())
        let flags = try reader.byte()
        if flags & 1 != 0 { mentions.strings.append(try dictionary.readStringHandle(&reader)) }
        if flags & 2 != 0 { mentions.strings.append(try dictionary.readStringHandle(&reader)) }
        if flags & 4 != 0 { _ = try reader.signed() }
        if flags & 8 != 0 { mentions.buyers.append(try dictionary.readBuyerHandle(&reader)) }
        if flags & 16 != 0 { _ = try reader.signed() }
    }
}
