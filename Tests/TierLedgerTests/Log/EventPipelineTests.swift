import Foundation
import Testing
@testable import TierLedger

/// Replays whose visitor runs on a second thread give exactly what a replay on one thread gives.
@Suite struct EventPipelineTests {
    /// What a scan says about the log, apart from the decoder it carries.
    struct Outcome: Equatable {
        var damage: LogScanner.Damage?
        var eventCount: Int
        var recordCount: Int
        var lastSequence: UInt64
        var head: String
        var endOffset: Int
        var checkpointEnd: Int
        var stoppedAtCut: Bool
        var visited: [UInt64]
    }

    static func scan(_ directory: LedgerDirectory, secondThread: Bool, refusing refused: UInt64?) throws -> Outcome {
        var scanner = LogScanner(logDirectory: directory.logPath, forWriting: false)
        scanner.usesSecondThread = secondThread
        var visited = [UInt64]()
        let result = try scanner.scan { event throws(ReplayError) in
            if event.sequence == refused { throw ReplayError(sequence: event.sequence, message: "refused") }
            visited.append(event.sequence)
        }
        return Outcome(damage: result.damage, eventCount: result.eventCount, recordCount: result.recordCount,
                       lastSequence: result.lastSequence, head: result.head.hex, endOffset: result.endOffset,
                       checkpointEnd: result.checkpointEnd, stoppedAtCut: result.stoppedAtCut, visited: visited)
    }

    @Test func aRefusalAtAnyEventGivesTheOneThreadResult() throws {
        // Small segments, so that refusals fall in every segment and at batch edges.
        let directory = try LogTestSupport.exampleLedger(batchSize: 3, segmentSizeLimit: 300)
        let whole = try Self.scan(directory, secondThread: false, refusing: nil)
        #expect(whole.damage == nil)
        #expect(try Self.scan(directory, secondThread: true, refusing: nil) == whole)
        #expect(try LogTestSupport.segmentFiles(directory).count > 2)
        for refused in 1...whole.lastSequence {
            let one = try Self.scan(directory, secondThread: false, refusing: refused)
            let two = try Self.scan(directory, secondThread: true, refusing: refused)
            #expect(two == one, "refusing event \(refused)")
            #expect(one.damage?.sequence == refused)
            #expect(one.damage?.reason.contains("refused") == true)
            #expect(one.visited == Array(1..<refused))
        }
    }

    @Test func manySmallBatchesArriveInOrderAndOnce() {
        let events = (1...5_000).map { Event(sequence: UInt64($0), at: nil, body: .orderExpired(order: "O", units: [])) }
        var seen = [UInt64]()
        let pipeline = EventPipeline(batchSize: 3, depth: 2) { event throws(ReplayError) in seen.append(event.sequence) }
        for event in events { try? pipeline.add(event) }
        #expect(pipeline.finish() == nil)
        #expect(seen == events.map(\.sequence))
    }

    @Test func theFirstRefusalStopsTheVisitorAndReachesTheScanningThread() {
        var seen = [UInt64]()
        let pipeline = EventPipeline(batchSize: 4, depth: 1) { event throws(ReplayError) in
            guard event.sequence != 10 else { throw ReplayError(sequence: 10, message: "no") }
            seen.append(event.sequence)
        }
        var refusedAt: Int?
        for index in 1...1_000 {
            do throws(ReplayError) {
                try pipeline.add(Event(sequence: UInt64(index), at: nil, body: .orderExpired(order: "O", units: [])))
            } catch {
                refusedAt = index
                break
            }
        }
        let failure = pipeline.finish()
        #expect(failure?.sequence == 10)
        #expect(failure?.error.message == "no")
        #expect(seen == Array(1...9))
        // The scanning thread hears of it by the time it has filled the batch after the one that
        // waits behind the refused one (batches of 4: 9…12 refused, 13…16 waiting, 17…20 filling).
        #expect((refusedAt ?? 1_000) <= 12 + 4 * 2)
    }
}
