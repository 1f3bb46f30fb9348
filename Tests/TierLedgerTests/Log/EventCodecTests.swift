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
        }
        #expect(kinds.count == EventCodec.Kind.allCases.count, "the workloads record every kind")
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
