import TierLedgerHardware
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Appends events to the log with group commit: one call writes a whole batch of records and
/// its closing checkpoint with a single `write`, then one `fsync`; only after that returns may
/// the caller acknowledge any of the batch. Rotates to a new segment file when the current one
/// has reached `segmentSizeLimit`.
///
/// The work has two halves: framing (`RecordEncoder`: encode each event and checksum its
/// record) and sealing (`LogSink`: run the hash chain, close the batch with its checkpoint,
/// write, fsync). `append(_:)` does one after the other; `append(_:batchSize:)` and
/// `LogPipeline` seal and write each batch on a thread of their own while the next is framed,
/// so that framing never waits on the disk.
///
/// Invariants: `lastSequence` is the sequence number of the last durable event; the sink's
/// hash chain runs over every durable record; the open segment ends with a checkpoint. After a
/// write, an fsync or a new segment fails, none of that holds any more (the hash chain has run
/// over a batch the file may hold in part or not at all), so the writer keeps the failure and
/// refuses every later append with it: reopening the ledger recovers the log (cuts the
/// unacknowledged tail) and starts again from what is durable.
final class LogWriter {
    static let defaultSegmentSizeLimit = LedgerDirectory.defaultSegmentSizeLimit

    private var encoder: RecordEncoder
    /// The framed batch of `append(_:)`, reused.
    private var batch = ByteWriter(capacity: 1 << 16)
    /// Used by one thread at a time: the caller's, or a pipeline's writing thread while the
    /// pipeline runs.
    fileprivate let sink: LogSink
    private var isClosed = false
    /// Held for the writer's lifetime.
    let lock: LedgerLock

    var logDirectory: String { sink.logDirectory }
    /// The sequence number of the last durable event.
    var lastSequence: UInt64 { sink.lastSequence }
    /// Why the writer stopped, once an append failed.
    var failure: StoreError? { sink.failure }

    /// A writer that continues a scanned, recovered log.
    init(logDirectory: String, scan: LogScanner.Result, lock: LedgerLock,
         segmentSizeLimit: Int = defaultSegmentSizeLimit) throws(StoreError) {
        self.lock = lock
        encoder = RecordEncoder(codec: scan.codec)
        sink = try LogSink(logDirectory: logDirectory, scan: scan, segmentSizeLimit: segmentSizeLimit)
    }

    /// Makes `events` durable: frames, a checkpoint, one write, one fsync. The events must be
    /// the next ones in sequence.
    func append(_ events: [Event]) throws(StoreError) {
        try events.withUnsafeBufferPointer { buffer throws(StoreError) in try append(buffer) }
    }

    /// `append` over events in place. Each event is read where it lies, not copied out of an
    /// array of its own.
    func append(_ events: UnsafeBufferPointer<Event>) throws(StoreError) {
        guard !events.isEmpty else { return }
        try checkOpen(continuing: events[0].sequence)
        encoder.frame(events, into: &batch)
        try sink.commit(&batch, through: events[events.count - 1].sequence)
    }

    /// Makes `events` durable in batches of `batchSize`, one write and one fsync each (a
    /// `LogPipeline`: each batch is sealed and written on a second thread while the next is
    /// framed, and a `ChainStage` works the orders' chains out on a third, ahead of both).
    /// Returns once all are durable; on a failure, the batches before it are durable and none
    /// after it is written.
    func append(_ events: UnsafeBufferPointer<Event>, batchSize: Int) throws(StoreError) {
        precondition(batchSize > 0, "a batch holds at least one event")
        guard !events.isEmpty else { return }
        let pipeline = try LogPipeline(writer: self)
        let chainStage = ChainStage(events: events, batchSize: batchSize)
        defer { chainStage.stop() }
        var start = 0
        var failure: StoreError?
        var forms: ChainForms?
        while start < events.count, failure == nil {
            let end = min(start + batchSize, events.count)
            forms = chainStage.next(returning: forms)
            do throws(StoreError) {
                try pipeline.append(UnsafeBufferPointer(rebasing: events[start..<end]), chains: &forms)
            } catch {
                failure = error
            }
            start = end
        }
        do throws(StoreError) { try pipeline.finish() } catch { failure = failure ?? error }
        if let failure { throw failure }
    }

    /// Refuses every later append (see the invariants): `reason` is why.
    func stop(because reason: String) {
        sink.stop(because: reason)
    }

    /// Done: closes the open segment and releases the lock. Appending afterwards is a bug.
    func close() {
        isClosed = true
        sink.close()
        lock.release()
    }

    /// Throws the failure that stopped the writer, if any; `sequence` must be the next event's.
    fileprivate func checkOpen(continuing sequence: UInt64) throws(StoreError) {
        precondition(!isClosed, "a closed log writer appends nothing")
        if let failure = sink.failure { throw failure }
        precondition(sequence == sink.lastSequence + 1, "events are appended in sequence")
    }

    /// Frames `events` into `records` (a pipeline's framing half, on the caller's thread).
    fileprivate func frame(_ events: UnsafeBufferPointer<Event>, chains: inout ChainForms?,
                           into records: inout ByteWriter) {
        encoder.frame(events, chains: &chains, into: &records)
    }
}

/// Group commit in two stages: the caller frames each batch (`append`) while a thread of the
/// pipeline's own seals, writes and fsyncs the one before it. At most `depth` framed batches
/// exist; `append` waits beyond that for the buffer of a written batch and frames into it, so
/// memory stays bounded and nothing is allocated once the buffers have grown.
///
/// A `gate`, if given, runs first on the writing thread, and nothing at all is written unless
/// it says yes (`append` checks its whole input that way while the engine already decides).
/// Until it has answered, batches go on being framed and are held, up to `gatedBytesLimit`
/// bytes of records (then `append` waits for the answer); a refusal drops them unwritten and
/// is thrown by the next `append` and by `finish`, like a failure.
///
/// Nothing handed to a pipeline is durable, and nothing may be acknowledged, until `finish`
/// has returned without error. The first failure stops the writer (`LogWriter.stop`): the
/// batches after it are dropped unwritten, and the next `append` and `finish` throw it. While
/// a pipeline runs, its writer is used through it alone, and `finish` must be called.
final class LogPipeline {
    private let writer: LogWriter
    private let handoff: Handoff
    private let writing: BackgroundTask<Bool>
    private var nextSequence: UInt64

    static let depth = 2

    /// Records held while a gate has not answered: 128 MiB is about 1.8 M events of the
    /// simulated market (75 bytes each), more than `append` decides while its check reads
    /// 2 M lines, and a small part of what replaying that many events takes anyway.
    static let gatedBytesLimit = 128 << 20

    init(writer: LogWriter, gate: (@Sendable () -> StoreError?)? = nil,
         gatedBytesLimit: Int = LogPipeline.gatedBytesLimit) throws(StoreError) {
        try writer.checkOpen(continuing: writer.lastSequence + 1)
        self.writer = writer
        nextSequence = writer.lastSequence + 1
        let handoff = Handoff(gated: gate != nil, gatedBytesLimit: gatedBytesLimit)
        let sink = UncheckedSink(sink: writer.sink)
        self.handoff = handoff
        writing = BackgroundTask(name: "tierledger-log") {
            if let gate {
                let refusal = gate()
                handoff.opened(refusing: refusal)
                if refusal != nil { return false }
            }
            while var batch = handoff.next() {
                var failure: StoreError?
                do throws(StoreError) { try sink.sink.commit(&batch.records, through: batch.last) } catch {
                    failure = error
                }
                handoff.written(batch.records, failure: failure)
            }
            return true
        }
    }

    /// Frames `events` (the next ones in sequence) and hands them to the writing thread;
    /// returns before they are durable. Throws the failure that stopped the writer, if any.
    func append(_ events: UnsafeBufferPointer<Event>) throws(StoreError) {
        var noForms: ChainForms?
        try append(events, chains: &noForms)
    }

    /// `append(_:)` with the forms of the events' chains worked out ahead (`ChainStage`).
    func append(_ events: UnsafeBufferPointer<Event>, chains: inout ChainForms?) throws(StoreError) {
        guard !events.isEmpty else { return }
        precondition(events[0].sequence == nextSequence, "events are appended in sequence")
        var records = try handoff.buffer()
        writer.frame(events, chains: &chains, into: &records)
        let last = events[events.count - 1].sequence
        nextSequence = last + 1
        handoff.push(records, last: last)
    }

    /// Waits until every batch handed over is durable; the first failure, if any.
    func finish() throws(StoreError) {
        handoff.end()
        _ = writing.wait()
        if let failure = handoff.failure { throw failure }
    }

    /// The most buffers that existed at once: `depth`, unless a gate held batches back.
    var mostBuffers: Int { handoff.mostBuffersSoFar }

    /// The sink, used by the writing thread alone until `finish` returns.
    private struct UncheckedSink: @unchecked Sendable {
        let sink: LogSink
    }

    /// The batches between the two threads, and the buffers coming back.
    ///
    /// Invariants: `buffers` counts the buffers that exist (spare, being framed, framed or being
    /// written); it exceeds `depth` only by buffers made while `gated`, and falls back to it as
    /// their batches are written; `framedBytes` is the byte count of the batches in `framed`.
    private final class Handoff: @unchecked Sendable {
        private let condition = NSCondition()
        private var framed: [(records: ByteWriter, last: UInt64)] = []
        private var framedBytes = 0
        private var spare: [ByteWriter] = []
        private var buffers = 0
        private var ended = false
        private var stopped: StoreError?
        /// A gate has not answered yet: batches are framed and held, nothing is written.
        private var gated: Bool
        private let gatedBytesLimit: Int
        private var mostBuffers = 0

        var mostBuffersSoFar: Int {
            condition.lock()
            defer { condition.unlock() }
            return mostBuffers
        }

        init(gated: Bool, gatedBytesLimit: Int) {
            self.gated = gated
            self.gatedBytesLimit = gatedBytesLimit
        }

        /// The first failure of the writing thread (read after `finish`'s wait).
        var failure: StoreError? {
            condition.lock()
            defer { condition.unlock() }
            return stopped
        }

        /// A buffer to frame into (caller): a spare one, or a new one while fewer than `depth`
        /// exist; waits for one otherwise. Throws once the writing thread has failed.
        func buffer() throws(StoreError) -> ByteWriter {
            condition.lock()
            defer { condition.unlock() }
            while spare.isEmpty, !mayAddBuffer, stopped == nil { condition.wait() }
            if let stopped { throw stopped }
            if let reused = spare.popLast() { return reused }
            buffers += 1
            mostBuffers = max(mostBuffers, buffers)
            return ByteWriter(capacity: 1 << 16)
        }

        /// Fewer than `depth` buffers are out, or a gate has not answered and the batches held
        /// for it are within the limit (called locked).
        private var mayAddBuffer: Bool {
            buffers < LogPipeline.depth || (gated && framedBytes < gatedBytesLimit)
        }

        /// Queues a framed batch ending at event `last` (caller).
        func push(_ records: ByteWriter, last: UInt64) {
            condition.lock()
            framed.append((records, last))
            framedBytes += records.bytes.count
            condition.broadcast()
            condition.unlock()
        }

        /// The gate has answered (writing thread): on a refusal, every batch held is dropped
        /// unwritten and the refusal stops the pipeline.
        func opened(refusing refusal: StoreError?) {
            condition.lock()
            gated = false
            if let refusal { stop(refusal) }
            condition.broadcast()
            condition.unlock()
        }

        /// Records the first failure and drops the batches still queued (called locked).
        private func stop(_ failure: StoreError) {
            guard stopped == nil else { return }
            stopped = failure
            spare.append(contentsOf: framed.map(\.records))
            framed.removeAll()
            framedBytes = 0
        }

        /// No more batches will come (caller).
        func end() {
            condition.lock()
            ended = true
            condition.broadcast()
            condition.unlock()
        }

        /// The oldest framed batch, or `nil` once the caller has ended and all were taken
        /// (writing thread).
        func next() -> (records: ByteWriter, last: UInt64)? {
            condition.lock()
            defer { condition.unlock() }
            while framed.isEmpty, !ended { condition.wait() }
            guard !framed.isEmpty else { return nil }
            let batch = framed.removeFirst()
            framedBytes -= batch.records.bytes.count
            return batch
        }

        /// A batch is done (writing thread): durable, or `failure`. After a failure every
        /// batch still queued is dropped. Buffers beyond `depth` (made while a gate held
        /// batches back) are freed as they come back.
        func written(_ records: ByteWriter, failure: StoreError?) {
            condition.lock()
            if let failure { stop(failure) }
            if buffers > LogPipeline.depth {
                buffers -= 1
            } else {
                spare.append(records)
            }
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// The sealing half of the writer: runs the hash chain over a framed batch, closes it with a
/// checkpoint, writes it to the open segment (a new one when this one is full) and fsyncs.
final class LogSink {
    let logDirectory: String
    let segmentSizeLimit: Int
    private(set) var lastSequence: UInt64
    private var hasher: SHA256
    private var segment: POSIXFile?
    private var segmentSize: Int
    private(set) var failure: StoreError?

    init(logDirectory: String, scan: LogScanner.Result, segmentSizeLimit: Int) throws(StoreError) {
        self.logDirectory = logDirectory
        self.segmentSizeLimit = segmentSizeLimit
        lastSequence = scan.lastSequence
        hasher = scan.hasher
        if let last = scan.segments.last {
            segment = try POSIXFile(path: last.path, flags: O_WRONLY | O_APPEND)
            segmentSize = scan.endOffset
        } else {
            segment = nil
            segmentSize = 0
        }
    }

    /// Makes `records` (framed events up to and including event `last`, the next ones after
    /// `lastSequence`) durable: adds their checkpoint, then one write and one fsync.
    func commit(_ records: inout ByteWriter, through last: UInt64) throws(StoreError) {
        if let failure { throw failure }
        let before = hasher
        records.bytes.withUnsafeBytes { hasher.update($0) }
        let after = hasher
        let checkpointStart = records.bytes.count
        RecordFrame.append(sequence: last, kind: RecordFrame.checkpointKind,
                           version: RecordFrame.checkpointVersion, payload: after.finalize().bytes, to: &records)
        records.bytes[checkpointStart...].withUnsafeBytes { hasher.update($0) }
        let size = records.bytes.count
        do throws(StoreError) {
            if segment == nil || segmentSize + size > segmentSizeLimit && segmentSize > SegmentHeader.size {
                try startSegment(firstSequence: lastSequence + 1, chainBefore: before.finalize().bytes)
            }
            guard let segment else { preconditionFailure("a segment is open") }
            try segment.write(records.bytes)
            try segment.sync()
        } catch {
            stop(because: error.message)
            throw failure ?? error
        }
        segmentSize += size
        lastSequence = last
    }

    /// Refuses every later append (see `LogWriter`'s invariants): `reason` is why.
    func stop(because reason: String) {
        guard failure == nil else { return }
        failure = StoreError(.io, "\(reason). Nothing after event \(lastSequence) is acknowledged and this writer "
            + "appends nothing more: open the ledger again, which cuts the unacknowledged tail")
    }

    func close() {
        segment = nil
    }

    /// Creates the next segment file with its header and makes its directory entry durable.
    private func startSegment(firstSequence: UInt64, chainBefore: [UInt8]) throws(StoreError) {
        let path = logDirectory + "/" + SegmentHeader.fileName(firstSequence: firstSequence)
        let file = try POSIXFile(path: path, flags: O_WRONLY | O_CREAT | O_EXCL | O_APPEND)
        try file.write(SegmentHeader(firstSequence: firstSequence, chainBefore: chainBefore).bytes)
        try file.sync()
        try POSIXFile.syncDirectory(logDirectory)
        segment = file
        segmentSize = SegmentHeader.size
    }
}

/// The framing half of the writer: encodes events into checksummed records. A value of its
/// own, so that a whole batch is framed inside one mutating call (one exclusive access)
/// instead of one dynamic exclusivity check per field of a class.
struct RecordEncoder {
    var codec: EventCodec

    init(codec: EventCodec) {
        self.codec = codec
    }

    /// How many events ahead `frame` asks for the memory an event's encoding reads first.
    static let lookahead = 8
    /// How many orders ahead `frame` asks for the chain table's slot of a chain worked out
    /// ahead (its hash is known).
    static let chainLookahead = 4

    /// Frames `events` into `batch` (replacing what it held).
    mutating func frame(_ events: UnsafeBufferPointer<Event>, into batch: inout ByteWriter) {
        var noForms: ChainForms?
        frame(events, chains: &noForms, into: &batch)
    }

    /// `frame(_:into:)` with the forms of the batch's chains worked out ahead (`ChainStage`),
    /// one per order event in order; the strings of each chain it could not use are added to
    /// `chains.learned`.
    mutating func frame(_ events: UnsafeBufferPointer<Event>, chains: inout ChainForms?,
                        into batch: inout ByteWriter) {
        batch.bytes.removeAll(keepingCapacity: true)
        var nextForm = 0
        var ahead = Lookahead()
        for index in events.indices {
            prefetch(for: index, of: events, chains: chains, &ahead)
            let start = RecordFrame.beginRecord(in: &batch)
            if chains != nil, nextForm < chains!.forms.count, chains!.forms[nextForm].index == index {
                let form = chains!.forms[nextForm]
                if nextForm + Self.chainLookahead < chains!.forms.count {
                    codec.dictionary.prefetchChain(hash: chains!.forms[nextForm + Self.chainLookahead].hash)
                }
                nextForm += 1
                frameOrder(events, index, form, chains: &chains!, into: &batch)
            } else {
                let kind = EventCodec.kind(of: events[index].body)
                RecordFrame.writeBodyHead(sequence: events[index].sequence, kind: kind.rawValue, version: 1, to: &batch)
                codec.encode(events[index], into: &batch)
            }
            RecordFrame.endRecord(startingAt: start, in: &batch)
        }
        precondition(chains == nil || nextForm == chains!.forms.count, "one chain form per order of the batch")
    }

    /// What `frame` remembers between events for its prefetches.
    private struct Lookahead {
        /// The buyer hashes of the orders among the next `lookahead` events, by index modulo
        /// `lookahead`: the first step of their prefetch gives them, the second (halfway) uses
        /// them.
        var buyerHashes = [UInt64?](repeating: nil, count: RecordEncoder.lookahead)
        /// The first form of an event at or after the one `lookahead` ahead.
        var form = 0
    }

    /// Asks for the memory that framing the events after `index` will read: for the event
    /// `lookahead` ahead, its keys' index slots (from its form, without reading the event, if
    /// the stage worked it out) and its arrays; the buyer's table entry halfway; with no stage,
    /// the event array itself twice as far.
    private mutating func prefetch(for index: Int, of events: UnsafeBufferPointer<Event>, chains: ChainForms?,
                                   _ state: inout Lookahead) {
        let ahead = index + Self.lookahead
        var orderAhead: ChainForms.Order?
        if let forms = chains?.forms {
            while state.form < forms.count, forms[state.form].index < ahead { state.form += 1 }
            if state.form < forms.count, forms[state.form].index == ahead { orderAhead = forms[state.form].order }
        }
        var buyerHash: UInt64?
        if let order = orderAhead {
            buyerHash = codec.dictionary.prefetch(order: order)
        } else if ahead < events.count {
            buyerHash = codec.prefetch(for: events.baseAddress! + ahead)
            if chains == nil, ahead + Self.lookahead < events.count {
                let event = UnsafeRawPointer(events.baseAddress! + ahead + Self.lookahead)
                for offset in stride(from: 0, to: MemoryLayout<Event>.stride, by: 64) { Prefetch.read(event + offset) }
            }
        }
        state.buyerHashes[ahead % Self.lookahead] = buyerHash
        if let hash = state.buyerHashes[(index + Self.lookahead / 2) % Self.lookahead] {
            codec.dictionary.prefetchBuyerEntry(hash: hash)
        }
    }

    /// Frames the body of the order at `index`, whose chain (and perhaps whole record) `form`
    /// worked out: from the form's fields alone when it has them all, else from the event (and
    /// then what the stage lacked goes to `chains.learned`).
    private mutating func frameOrder(_ events: UnsafeBufferPointer<Event>, _ index: Int, _ form: ChainForms.Form,
                                     chains: inout ChainForms, into batch: inout ByteWriter) {
        chains.encoding.bytes.withUnsafeBytes { encoding in
            let chain = PrecomputedChain(canonical: UnsafeRawBufferPointer(rebasing: encoding[form.range]),
                                         hash: form.hash)
            if let order = form.order {
                let units = chains.units[order.runs]
                assert(order.isWorkedOut(from: events[index], chain: chain.canonical, units: units,
                                         dictionary: codec.dictionary), "an order worked out ahead is its event's")
                RecordFrame.writeBodyHead(sequence: order.sequence, kind: order.kind.rawValue, version: 1, to: &batch)
                codec.encode(order: order, chain: chain, units: units, into: &batch)
                return
            }
            let kind = EventCodec.kind(of: events[index].body)
            RecordFrame.writeBodyHead(sequence: events[index].sequence, kind: kind.rawValue, version: 1, to: &batch)
            codec.encode(events[index], chain: form.range.isEmpty ? nil : chain, into: &batch)
        }
        if form.order == nil {
            chains.learned.append(contentsOf: codec.dictionary.chainStrings(of: events[index]))
        }
    }
}
