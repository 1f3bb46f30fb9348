import Foundation
import Testing
@testable import TierLedger

/// Skimming (`EventCodec.skim`) keeps the log's tables exactly as decoding does, record by
/// record, and a skimmed record rolled back and decoded gives the event a decoder that never
/// skimmed gives. A mistake here would give every later record of a trace the wrong ids.
@Suite struct EventSkimmingTests {
    /// A reader's codec (no encoder tables), as a scan has.
    static func readerCodec() -> EventCodec {
        var codec = EventCodec()
        codec.dictionary.keepsEncoderTables = false
        return codec
    }

    static func tablesEqual(_ lhs: EventCodec, _ rhs: EventCodec) -> Bool {
        lhs.dictionary.strings.values == rhs.dictionary.strings.values
            && lhs.dictionary.buyers.values == rhs.dictionary.buyers.values
            && lhs.dictionary.chains.bytes == rhs.dictionary.chains.bytes
            && lhs.dictionary.chains.ends == rhs.dictionary.chains.ends
            && lhs.previousTime == rhs.previousTime
    }

    /// The payload and kind of each event, as the writer encodes them.
    static func records(_ events: [Event]) -> [(kind: UInt8, payload: [UInt8], event: Event)] {
        var encoder = EventCodec()
        return events.map { event in
            var writer = ByteWriter()
            let kind = encoder.encode(event, into: &writer)
            return (kind.rawValue, writer.bytes, event)
        }
    }

    /// Three readers of the same records: one decodes all; one skims what it can; one skims,
    /// rolls back and decodes (what a trace does with a record it wants). After every record
    /// the three hold the same tables, and the third decodes the first one's event.
    @Test func skimmingKeepsTheTablesAsDecodingDoes() throws {
        var skimmedKinds = Set<UInt8>()
        for seed in 0..<EventCodecTests.seedCount / 4 {
            let records = Self.records(EventCodecTests.recordedEvents(seed: seed).events)
            var decoder = Self.readerCodec()
            var skimmer = Self.readerCodec()
            var undoer = Self.readerCodec()
            var mentions = RecordMentions()
            for (kind, payload, event) in records {
                let decoded = try payload.withUnsafeBufferPointer { bytes in
                    try decoder.decode(sequence: event.sequence, tag: kind, version: 1, payload: bytes)
                }
                #expect(decoded == event, "seed \(seed) seq \(event.sequence)")
                let skimmed = try payload.withUnsafeBufferPointer { bytes in
                    try skimmer.skim(tag: kind, version: 1, payload: bytes, into: &mentions)
                }
                if skimmed {
                    skimmedKinds.insert(kind)
                    #expect(skimmer.previousTime == event.at)
                    try Self.expectMentions(mentions, of: event, in: skimmer.dictionary)
                } else {
                    _ = try payload.withUnsafeBufferPointer { bytes in
                        try skimmer.decode(sequence: event.sequence, tag: kind, version: 1, payload: bytes)
                    }
                }
                #expect(Self.tablesEqual(skimmer, decoder), "seed \(seed) seq \(event.sequence)")

                let mark = undoer.mark
                let undone = try payload.withUnsafeBufferPointer { bytes in
                    try undoer.skim(tag: kind, version: 1, payload: bytes, into: &mentions)
                }
                if undone { undoer.rollBack(to: mark) }
                let again = try payload.withUnsafeBufferPointer { bytes in
                    try undoer.decode(sequence: event.sequence, tag: kind, version: 1, payload: bytes)
                }
                #expect(again == event, "seed \(seed) seq \(event.sequence)")
                #expect(Self.tablesEqual(undoer, decoder), "seed \(seed) seq \(event.sequence)")
            }
        }
        let skimmable = EventCodec.Kind.allCases.filter(EventCodec.isSkimmable).map(\.rawValue)
        #expect(skimmedKinds == Set(skimmable), "every kind a skim reads came up")
    }

    /// What a skim notes is what the event names: the order ids, the buyer, the units.
    static func expectMentions(_ mentions: RecordMentions, of event: Event, in tables: LogDictionary) throws {
        let strings = Set(mentions.strings.map { tables.strings.values[$0] })
        let buyers = mentions.buyers.map { tables.buyers.values[$0] }
        let runs = mentions.runs.map { run in
            UnitRun(batch: tables.strings.values[run.batch], start: run.start, count: run.count)
        }
        switch event.body {
        case .orderPlaced(let fact), .orderReserved(let fact, _, _):
            #expect(strings.contains(fact.order))
            #expect(buyers == [fact.buyer])
            #expect(runs == fact.units)
            // The chain's parties are the parties of the order's legs, the platform aside.
            let chain = try #require(mentions.chain)
            var parties: [LegParty] = []
            let stopped = tables.anyParty(ofChain: chain) { isSupplier, string in
                let id = tables.strings.values[string]
                parties.append(isSupplier ? .supplier(id) : .distributor(id))
                return false
            }
            #expect(!stopped)
            #expect(parties == fact.legs.map(\.party).filter { $0 != .platform })
            #expect(tables.anyParty(ofChain: chain) { _, _ in true })
            // Its seller and sku are the order's (a code trace asks for the sku).
            var named: [ChainTemplate.StringRole: [String]] = [:]
            _ = tables.anyString(ofChain: chain) { role, string in
                named[role, default: []].append(tables.strings.values[string])
                return false
            }
            #expect(named[.sku] == [fact.sku])
            #expect(named[.seller] == [fact.distributor])
        case .orderPaid(let order, _, let units, _), .orderExpired(let order, let units),
             .orderCancelled(let order, let units):
            #expect(strings.contains(order))
            #expect(runs == units)
        case .orderRejected(let rejection):
            #expect(strings.contains(rejection.order))
            #expect(buyers == (rejection.buyer.map { [$0] } ?? []))
        case .settlementRan(let released):
            #expect(strings == Set(released))
        default:
            Issue.record("\(event.body.typeName) is not skimmed")
        }
    }

    /// Damage a skim meets is an error, never a trap: payloads cut short, and references to
    /// handles the tables do not have.
    @Test func aDamagedPayloadIsAnErrorNotATrap() throws {
        let records = Self.records(EventCodecTests.recordedEvents(seed: 3).events)
        var checked = 0
        for cut in [1, 2, 5] {
            var skimmer = Self.readerCodec()
            var mentions = RecordMentions()
            for (kind, payload, event) in records {
                guard EventCodec.Kind(rawValue: kind).map(EventCodec.isSkimmable) == true, payload.count > cut else {
                    _ = try payload.withUnsafeBufferPointer { bytes in
                        try skimmer.decode(sequence: event.sequence, tag: kind, version: 1, payload: bytes)
                    }
                    continue
                }
                let mark = skimmer.mark
                let short = Array(payload.dropLast(cut))
                let result = Result { () throws(LogDecodingError) -> Bool in
                    try short.withUnsafeBufferPointer { bytes throws(LogDecodingError) in
                        try skimmer.skim(tag: kind, version: 1, payload: bytes, into: &mentions)
                    }
                }
                if case .success = result { Issue.record("a payload short by \(cut) bytes was skimmed") }
                skimmer.rollBack(to: mark)
                checked += 1
                _ = try payload.withUnsafeBufferPointer { bytes in
                    try skimmer.skim(tag: kind, version: 1, payload: bytes, into: &mentions)
                }
            }
        }
        #expect(checked > 100)
        // A reference past the end of the string table.
        var skimmer = Self.readerCodec()
        var mentions = RecordMentions()
        var forged = ByteWriter()
        forged.signed(0)
        forged.varint(UInt64(1_000))
        forged.byte(0)
        forged.varint(UInt64(0))
        #expect(throws: LogDecodingError.self) {
            try forged.bytes.withUnsafeBufferPointer { bytes in
                try skimmer.skim(tag: EventCodec.Kind.orderPaid.rawValue, version: 1, payload: bytes, into: &mentions)
            }
        }
    }
}
