import Foundation
import Testing
@testable import TierLedger

/// The pipelined writer (`LogWriter.append(_:batchSize:)`, `LogPipeline`): batches framed on
/// one thread and sealed, written and fsync'd on another make the very bytes that one batch
/// after another makes, segment rotation included; and a batch that fails stops the pipeline,
/// with the batches before it durable and none after it written.
@Suite struct LogPipelineTests {
    /// The example market's recorded events after `ledger.created`.
    static func exampleEvents() throws -> [Event] {
        Array(try LogTestSupport.exampleLedger().readEvents().dropFirst())
    }

    /// A new, empty ledger (its `ledger.created` only) at a path of its own.
    static func emptyLedger(_ name: String) throws -> LedgerDirectory {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent(name).path
        return try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: LogTestSupport.key)
    }

    /// Every segment of `directory`: its file name and its bytes.
    static func segments(_ directory: LedgerDirectory) throws -> [(name: String, bytes: [UInt8])] {
        try LogTestSupport.segmentFiles(directory).map { path in
            ((path as NSString).lastPathComponent, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
    }

    /// `events` (after `ledger.created`) written into two new ledgers in batches of
    /// `batchSize`: pipelined (`LogWriter.append(_:batchSize:)`, with its chain stage), and one
    /// batch after the other (`append(_:)`).
    static func writtenBothWays(_ events: [Event], batchSize: Int, segmentSizeLimit: Int) throws
        -> (pipelined: LedgerDirectory, inTurn: LedgerDirectory) {
        let pipelined = try emptyLedger("pipelined")
        let writer = try pipelined.openForWriting(segmentSizeLimit: segmentSizeLimit)
        try events.withUnsafeBufferPointer { try writer.writer.append($0, batchSize: batchSize) }
        #expect(writer.writer.lastSequence == events[events.count - 1].sequence)
        writer.close()

        let inTurn = try emptyLedger("in-turn")
        let turnWriter = try inTurn.openForWriting(segmentSizeLimit: segmentSizeLimit)
        var start = 0
        while start < events.count {
            try turnWriter.writer.append(Array(events[start..<min(start + batchSize, events.count)]))
            start += batchSize
        }
        turnWriter.close()
        return (pipelined, inTurn)
    }

    @Test(arguments: [1, 3, 7, 64, 10_000], [512, LedgerDirectory.defaultSegmentSizeLimit])
    func pipelinedBatchesWriteWhatOneBatchAtATimeWrites(batchSize: Int, segmentSizeLimit: Int) throws {
        let events = try Self.exampleEvents()
        let (pipelined, inTurn) = try Self.writtenBothWays(events, batchSize: batchSize,
                                                           segmentSizeLimit: segmentSizeLimit)
        let written = try Self.segments(pipelined)
        #expect(written.count > (segmentSizeLimit == 512 ? 1 : 0))
        #expect(written.map(\.name) == (try Self.segments(inTurn)).map(\.name))
        #expect(written.map(\.bytes) == (try Self.segments(inTurn)).map(\.bytes))
        #expect(try pipelined.readEvents().dropFirst().elementsEqual(events))
        #expect(try LedgerVerifier.verify(pipelined).isIntact)
    }

    /// The segment a later batch would start is blocked (a directory has its name), so that
    /// batch's write fails while the batch after it is already framed: the writer stops, the
    /// failure is thrown once, the log holds exactly the batches before it, and it verifies.
    @Test(arguments: [1, 2, 5])
    func aFailedBatchStopsThePipelineWithTheBatchesBeforeItDurable(failingBatch: Int) throws {
        let events = try Self.exampleEvents()
        let batchSize = 4
        let directory = try Self.emptyLedger("failing")
        // A limit this small starts a segment at every batch.
        let writer = try directory.openForWriting(segmentSizeLimit: 64)
        let firstOfFailing = events[failingBatch * batchSize].sequence
        let blocker = directory.logPath + "/" + SegmentHeader.fileName(firstSequence: firstOfFailing)
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)

        #expect {
            try events.withUnsafeBufferPointer { try writer.writer.append($0, batchSize: batchSize) }
        } throws: { error in
            (error as? StoreError)?.kind == .io
        }
        #expect(writer.writer.lastSequence == firstOfFailing - 1)
        #expect {
            try writer.writer.append(Array(events[(failingBatch * batchSize)...]))
        } throws: { error in
            "\(error)".contains("Nothing after event \(firstOfFailing - 1) is acknowledged")
        }
        writer.close()

        try FileManager.default.removeItem(atPath: blocker)
        let read = try directory.readEvents()
        #expect(read.dropFirst().elementsEqual(events.prefix(failingBatch * batchSize)))
        #expect(try LedgerVerifier.verify(directory).isIntact)
        // Nothing past the failure reached a file: no segment starts after it.
        let names = try Self.segments(directory).map(\.name)
        #expect(names.last.map { $0 < SegmentHeader.fileName(firstSequence: firstOfFailing) } == true)
    }

    /// The first `count` of `events` (all by default) handed to `pipeline` in batches of
    /// `batchSize`.
    static func hand(_ events: [Event], count: Int? = nil, batchSize: Int, to pipeline: LogPipeline) throws {
        let end = count ?? events.count
        try events.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: end, by: batchSize) {
                try pipeline.append(UnsafeBufferPointer(rebasing: all[start..<min(start + batchSize, end)]))
            }
        }
    }

    /// A gate that has not answered holds every batch back, framed (more than `depth` of them,
    /// within the byte limit), and writes nothing; once it says yes, the log holds the very
    /// bytes an ungated pipeline writes.
    @Test func aGateHoldsBatchesBackUntilItSaysYes() throws {
        let events = Array(try Self.exampleEvents())
        let batchSize = 3
        let (_, expected) = try Self.writtenBothWays(events, batchSize: batchSize,
                                                     segmentSizeLimit: LedgerDirectory.defaultSegmentSizeLimit)
        let directory = try Self.emptyLedger("gated")
        let writer = try directory.openForWriting()
        let before = try Self.segments(directory).map(\.bytes)
        let gate = GateSignal()
        let pipeline = try LogPipeline(writer: writer.writer, gate: { gate.answer() })
        try Self.hand(events, batchSize: batchSize, to: pipeline)
        #expect(try Self.segments(directory).map(\.bytes) == before)
        let batches = (events.count + batchSize - 1) / batchSize
        #expect(pipeline.mostBuffers == batches && batches > LogPipeline.depth)
        gate.open(with: nil)
        try pipeline.finish()
        writer.close()
        #expect(try Self.segments(directory).map(\.bytes) == (try Self.segments(expected)).map(\.bytes))
        #expect(try LedgerVerifier.verify(directory).isIntact)
    }

    /// A gate that says no after batches were framed: none is written, and the refusal is what
    /// `finish` throws.
    @Test func aRefusingGateWritesNothing() throws {
        let events = Array(try Self.exampleEvents())
        let directory = try Self.emptyLedger("refused")
        let writer = try directory.openForWriting()
        let before = try Self.segments(directory).map(\.bytes)
        let gate = GateSignal()
        let pipeline = try LogPipeline(writer: writer.writer, gate: { gate.answer() })
        try Self.hand(events, count: 12, batchSize: 4, to: pipeline)
        let refusal = StoreError(.io, "the input has a malformed line; nothing was written")
        gate.open(with: refusal)
        #expect(throws: refusal) {
            try pipeline.finish()
        }
        writer.close()
        #expect(try Self.segments(directory).map(\.bytes) == before)
    }

    /// Past `gatedBytesLimit` of held records, `append` waits for the gate instead of framing
    /// more: with a limit of one byte, no buffer beyond `depth` is made, and the appends finish
    /// only once the gate has said yes.
    @Test func theGatedBytesLimitBoundsWhatIsHeld() throws {
        let events = Array(try Self.exampleEvents())
        let directory = try Self.emptyLedger("limited")
        let writer = try directory.openForWriting()
        let gate = GateSignal()
        let pipeline = try LogPipeline(writer: writer.writer, gate: { gate.answer() }, gatedBytesLimit: 1)
        // Used by the appending thread alone until it is joined.
        let appender = UncheckedPipeline(pipeline: pipeline)
        let done = GateSignal()
        let appended = BackgroundTask { () -> Bool in
            defer { done.open(with: nil) }
            do {
                try Self.hand(events, count: 20, batchSize: 4, to: appender.pipeline)
                return true
            } catch {
                return false
            }
        }
        // Five batches cannot all be framed while the gate is shut: the appends are still
        // waiting (were they not, the flag would be up long before).
        Thread.sleep(forTimeInterval: 0.1)
        #expect(!done.isAnswered)
        gate.open(with: nil)
        #expect(appended.wait())
        try pipeline.finish()
        writer.close()
        #expect(pipeline.mostBuffers == LogPipeline.depth)
        #expect(try directory.readEvents().dropFirst().elementsEqual(events.prefix(20)))
    }

    /// A pipeline handed nothing finishes at once and leaves the log as it was.
    @Test func anEmptyPipelineWritesNothing() throws {
        let directory = try Self.emptyLedger("empty")
        let writer = try directory.openForWriting()
        let before = try Self.segments(directory).map(\.bytes)
        let pipeline = try LogPipeline(writer: writer.writer)
        try pipeline.finish()
        #expect(try Self.segments(directory).map(\.bytes) == before)
        writer.close()
    }
}

/// A gate's answer, given by the test when it chooses (`answer` waits for it).
private final class GateSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var answered = false
    private var refusal: StoreError?

    func open(with refusal: StoreError?) {
        condition.lock()
        self.refusal = refusal
        answered = true
        condition.broadcast()
        condition.unlock()
    }

    var isAnswered: Bool {
        condition.lock()
        defer { condition.unlock() }
        return answered
    }

    func answer() -> StoreError? {
        condition.lock()
        defer { condition.unlock() }
        while !answered { condition.wait() }
        return refusal
    }
}

private struct UncheckedPipeline: @unchecked Sendable {
    let pipeline: LogPipeline
}
