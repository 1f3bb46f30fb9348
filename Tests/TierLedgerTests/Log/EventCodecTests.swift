import Foundation
import Testing
@testable import TierLedger

/// The recorded facts survive both of their forms: the NDJSON export and the binary log codec.
@Suite struct EventCodecTests {
    static let seedCount: UInt64 = ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 2_000 : 100
    static let key = [UInt8](repeating: 42, count: 32)

    /// Every event the engine records over a seeded workload.
    static func recordedEvents(seed: UInt64) -> (events: [Event], summary: LedgerSummary) {
        var ledger = Ledger(settings: LedgerSettings(), secretKey: key)
        for command in WorkloadGenerator.workload(seed: seed) { _ = ledger.submit(command) }
        return (ledger.takeRecorded(), ledger.summary)
    }

    @Test func ndjsonRoundTripsEveryRecordedEvent() throws {
        for seed in 0..<Self.seedCount {
            let (events, summary) = Self.recordedEvents(seed: seed)
            var decoded = [Event]()
            for event in events {
                let line = event.ndjson
                let back = try Event.decode(ndjson: line)
                #expect(back == event, "seed \(seed) seq \(event.sequence): \(line)")
                #expect(back.ndjson == line, "seed \(seed) seq \(event.sequence)")
                decoded.append(back)
            }
            let replayed = try Ledger(replaying: decoded, secretKey: Self.key)
            #expect(replayed.summary == summary, "seed \(seed): replay of the export differs")
        }
    }

    @Test func binaryCodecRoundTripsEveryRecordedEvent() throws {
        var kinds = Set<UInt8>()
        for seed in 0..<Self.seedCount {
            let (events, _) = Self.recordedEvents(seed: seed)
            var encoder = EventCodec()
            var decoder = EventCodec()
            for event in events {
                var writer = ByteWriter()
                let kind = encoder.encode(event, into: &writer)
                kinds.insert(kind.rawValue)
                let back = try writer.bytes.withUnsafeBufferPointer { payload in
                    try decoder.decode(sequence: event.sequence, tag: kind.rawValue, version: 1, payload: payload)
                }
                #expect(back == event, "seed \(seed) seq \(event.sequence)")
            }
            // Both sides number the same strings and keep the same chains in canonical form.
            #expect(encoder.dictionary.strings.values == decoder.dictionary.strings.values, "seed \(seed)")
            #expect(encoder.dictionary.chains.bytes == decoder.dictionary.chains.bytes, "seed \(seed)")
            #expect(encoder.dictionary.chains.ends == decoder.dictionary.chains.ends, "seed \(seed)")
        }
        #expect(kinds.count == EventCodec.Kind.allCases.count, "the workloads record every kind")
    }

    /// A decoder that leaves out what the state does not keep (what `verify` and opening a
    /// ledger use) gives the same events but for orders' codes, chain steps and override
    /// shares, and they rebuild the same state.
    @Test func decodingForTheStateLeavesOutCodesStepsAndOverridesNotTheState() throws {
        var ordersWithCodes = 0
        var ordersWithOverrides = 0
        for seed in 0..<Self.seedCount {
            let (events, summary) = Self.recordedEvents(seed: seed)
            var encoder = EventCodec()
            var decoder = EventCodec()
            decoder.decodesFullOrders = false
            var decoded = [Event]()
            for event in events {
                var writer = ByteWriter()
                let kind = encoder.encode(event, into: &writer)
                let back = try writer.bytes.withUnsafeBufferPointer { payload in
                    try decoder.decode(sequence: event.sequence, tag: kind.rawValue, version: 1, payload: payload)
                }
                var expected = event
                switch event.body {
                case .orderPlaced(var fact):
                    ordersWithCodes += fact.codes.isEmpty ? 0 : 1
                    ordersWithOverrides += fact.overrides.isEmpty ? 0 : 1
                    fact.codes = []
                    fact.overrides = []
                    fact.chain = []
                    expected.body = .orderPlaced(fact)
                case .orderReserved(var fact, let ttl, let deadline):
                    fact.codes = []
                    fact.overrides = []
                    fact.chain = []
                    expected.body = .orderReserved(fact, ttlSeconds: ttl, deadline: deadline)
                case .orderPaid(let order, let late, let units, _):
                    expected.body = .orderPaid(order: order, late: late, units: units, codes: [])
                default: break
                }
                #expect(back == expected, "seed \(seed) seq \(event.sequence)")
                decoded.append(back)
            }
            let replayed = try Ledger(replaying: decoded, secretKey: Self.key)
            #expect(replayed.summary == summary, "seed \(seed)")
        }
        #expect(ordersWithCodes > 0, "the workloads sell coded units")
        #expect(ordersWithOverrides > 0, "the workloads sell through chains with override shares")
    }

    /// A state-only scan of a ledger (`fullOrders: false`) visits as many events, leaves its
    /// decoder's tables as a full scan does, and hands on a decoder that decodes in full again
    /// (its result goes on to a writer or a snapshot).
    @Test func aStateOnlyScanHandsOnAFullDecoder() throws {
        let directory = try LogTestSupport.exampleLedger()
        var full = 0
        var lean = 0
        let fullScan = try directory.scan { _ throws(ReplayError) in full += 1 }
        let leanScan = try directory.scan(fullOrders: false) { _ throws(ReplayError) in lean += 1 }
        #expect(lean == full && full > 0)
        #expect(leanScan.codec.decodesFullOrders)
        #expect(leanScan.codec.dictionary.strings.values == fullScan.codec.dictionary.strings.values)
        #expect(leanScan.codec.dictionary.chains.bytes == fullScan.codec.dictionary.chains.bytes)
        #expect(leanScan.head == fullScan.head)
    }

    /// A chain whose strings the log has not seen yet writes each inline at its first mention
    /// (a string named twice in it is referred to the second time), and the chain table keeps it
    /// with references only, on both sides; the next order on it is a reference, and so it is
    /// for a reader that continues from a snapshot of the tables.
    @Test func chainsThatNameNewStringsRoundTripAndAreReferredToAfterwards() throws {
        let (events, _) = Self.recordedEvents(seed: 5)
        guard let index = events.firstIndex(where: {
            if case .orderPlaced(let fact) = $0.body { fact.chain.count >= 3 } else { false }
        }), case .orderPlaced(var fact) = events[index].body else {
            Issue.record("the workload places an order on a chain of three steps or more")
            return
        }
        fact.distributor = "seller-new"
        for step in fact.chain.indices.dropFirst() {
            fact.chain[step].distributor = "step-new"  // the same new string on every step
            if fact.chain[step].rule != nil { fact.chain[step].ruleSku = "rule-sku-new" }
        }
        var encoder = EventCodec()
        var decoder = EventCodec()
        func roundTrip(_ event: Event, _ decoder: inout EventCodec) throws -> (Event, [UInt8]) {
            var writer = ByteWriter()
            let kind = encoder.encode(event, into: &writer)
            let back = try writer.bytes.withUnsafeBufferPointer { payload in
                try decoder.decode(sequence: event.sequence, tag: kind.rawValue, version: 1, payload: payload)
            }
            return (back, writer.bytes)
        }
        for event in events[..<index] { _ = try roundTrip(event, &decoder) }
        let placed = Event(sequence: events[index].sequence, at: events[index].at, body: .orderPlaced(fact))
        let (first, firstBytes) = try roundTrip(placed, &decoder)
        guard case .orderPlaced(let decoded) = first.body else {
            Issue.record("an order.placed decodes as \(first.body)")
            return
        }
        #expect(decoded.distributor == "seller-new")
        #expect(decoded.chain.dropFirst().allSatisfy { $0.distributor == "step-new" })
        #expect(decoded.chain.map(\.ruleSku) == fact.chain.map(\.ruleSku))
        #expect(decoded.chain.map(\.price) == fact.chain.map(\.price))
        func mentions(_ string: String, in bytes: [UInt8]) -> Int {
            let needle = Array(string.utf8)
            return (0...(bytes.count - needle.count)).count { Array(bytes[$0..<($0 + needle.count)]) == needle }
        }
        for string in ["seller-new", "step-new", "rule-sku-new"] {
            #expect(mentions(string, in: firstBytes) == 1, "\(string) is written once: \(firstBytes)")
            #expect(mentions(string, in: encoder.dictionary.chains.bytes) == 0, "the table holds references only")
        }
        #expect(encoder.dictionary.chains.bytes == decoder.dictionary.chains.bytes)
        // The same chain again, under another order id: a reference, also after a snapshot.
        var again = fact
        again.order = "order-again"
        let next = Event(sequence: placed.sequence + 1, at: placed.at, body: .orderPlaced(again))
        var writer = ByteWriter()
        decoder.dictionary.writeSnapshot(to: &writer)
        var restored = EventCodec()
        restored.previousTime = decoder.previousTime
        restored.dictionary = try writer.bytes.withUnsafeBufferPointer { bytes in
            var reader = ByteReader(bytes)
            return try LogDictionary(snapshot: &reader)
        }
        #expect(restored.dictionary.chains.bytes == encoder.dictionary.chains.bytes)
        let (second, secondBytes) = try roundTrip(next, &restored)
        #expect(secondBytes.count < firstBytes.count - 20, "the second order refers to the chain")
        guard case .orderPlaced(let secondFact) = second.body else {
            Issue.record("an order.placed decodes as \(second.body)")
            return
        }
        #expect(secondFact.chain == decoded.chain && secondFact.legs == decoded.legs)
    }

    /// A record whose checksum is right but whose payload is not what the encoder wrote (a log
    /// forged past its checksums): changed, inserted and removed bytes, and runs of 0xFF that
    /// make huge varints. The decoder throws or returns an event, and the state machine refuses
    /// or applies that event, without a trap either way.
    @Test func mutatedPayloadsAreErrorsNotCrashes() throws {
        let (events, _) = Self.recordedEvents(seed: 4)
        var random = SplitMix64(seed: 41)
        var encoder = EventCodec()
        var ledger = try Ledger(replaying: [events[0]], secretKey: Self.key)
        var (decoded, refused) = (0, 0)
        for event in events {
            var writer = ByteWriter()
            let snapshot = encoder
            let kind = encoder.encode(event, into: &writer)
            for _ in 0..<(Self.seedCount == 100 ? 6 : 60) {
                var payload = writer.bytes
                let position = Int(random.next() % UInt64(payload.count + 1))
                switch random.next() % 4 {
                case 0 where position < payload.count: payload[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: payload.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                case 2 where position < payload.count: payload.remove(at: position)
                default: payload.insert(contentsOf: [UInt8](repeating: 0xFF, count: 9) + [0x7F], at: position)
                }
                var decoder = snapshot
                let result = payload.withUnsafeBufferPointer { bytes in
                    Result { () throws(LogDecodingError) -> Event in
                        try decoder.decode(sequence: event.sequence, tag: kind.rawValue, version: 1, payload: bytes)
                    }
                }
                guard case .success(let forged) = result, event.sequence > 1 else { continue }
                decoded += 1
                var copy = ledger
                if (try? copy.apply(forged)) == nil { refused += 1 }
            }
            if event.sequence > 1 { try ledger.apply(event) }
        }
        #expect(decoded > 0 && refused > 0, "decoded \(decoded), refused \(refused)")
    }

    @Test func truncatedPayloadsAreErrorsNotCrashes() throws {
        let (events, _) = Self.recordedEvents(seed: 3)
        var encoder = EventCodec()
        for event in events {
            var writer = ByteWriter()
            let snapshot = encoder
            let kind = encoder.encode(event, into: &writer)
            for cut in 0..<writer.bytes.count {
                var decoder = snapshot
                let prefix = Array(writer.bytes[0..<cut])
                let result = prefix.withUnsafeBufferPointer { payload in
                    Result { () throws(LogDecodingError) -> Event in
                        try decoder.decode(sequence: event.sequence, tag: kind.rawValue, version: 1, payload: payload)
                    }
                }
                if case .success(let decoded) = result {
                    #expect(decoded != event, "a cut payload decoded to the whole event")
                }
            }
        }
    }
}
