import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Appends events to the log with group commit: one call writes a whole batch of records and
/// its closing checkpoint with a single `write`, then one `fsync`; only after that returns may
/// the caller acknowledge any of the batch. Rotates to a new segment file when the current one
/// has reached `segmentSizeLimit`.
///
/// Invariants: `lastSequence` is the sequence number of the last durable event; `hasher` is the
/// hash chain over every durable record; the open segment ends with a checkpoint. After a write,
/// an fsync or a new segment fails, none of that holds any more (the hash chain has run over a
/// batch the file may hold in part or not at all), so the writer keeps the failure and refuses
/// every later append with it: reopening the ledger recovers the log (cuts the unacknowledged
/// tail) and starts again from what is durable.
final class LogWriter {
    static let defaultSegmentSizeLimit = LedgerDirectory.defaultSegmentSizeLimit

    let logDirectory: String
    let segmentSizeLimit: Int
    private(set) var lastSequence: UInt64
    private var encoder: RecordEncoder
    private var hasher: SHA256
    private var segment: POSIXFile?
    private var segmentSize: Int
    private var isClosed = false
    /// Why the writer stopped, once an append failed.
    private(set) var failure: StoreError?
    /// Held for the writer's lifetime.
    let lock: LedgerLock

    /// A writer that continues a scanned, recovered log.
    init(logDirectory: String, scan: LogScanner.Result, lock: LedgerLock,
         segmentSizeLimit: Int = defaultSegmentSizeLimit) throws(StoreError) {
        self.logDirectory = logDirectory
        self.segmentSizeLimit = segmentSizeLimit
        self.lock = lock
        lastSequence = scan.lastSequence
        encoder = RecordEncoder(codec: scan.codec)
        hasher = scan.hasher
        if let last = scan.segments.last {
            segment = try POSIXFile(path: last.path, flags: O_WRONLY | O_APPEND)
            segmentSize = scan.endOffset
        } else {
            segment = nil
            segmentSize = 0
        }
    }

    /// Makes `events` durable: frames, a checkpoint, one write, one fsync. The events must be
    /// the next ones in sequence.
    func append(_ events: [Event]) throws(StoreError) {
        try events.withUnsafeBufferPointer { buffer throws(StoreError) in try append(buffer) }
    }

    /// `append` over events in place. Each event is read where it lies (a subscript of the
    /// buffer is a borrow), not copied out: copying an order event retains each of its arrays.
    func append(_ events: UnsafeBufferPointer<Event>) throws(StoreError) {
        guard !events.isEmpty else { return }
        precondition(!isClosed, "a closed log writer appends nothing")
        if let failure { throw failure }
        let firstSequence = events[0].sequence
        precondition(firstSequence == lastSequence + 1, "events are appended in sequence")
        encoder.frame(events, hasher: &hasher)
        let buffer = encoder.batch.bytes
        do throws(StoreError) {
            if segment == nil || segmentSize + buffer.count > segmentSizeLimit && segmentSize > SegmentHeader.size {
                try startSegment(firstSequence: firstSequence, chainBefore: encoder.chainBefore)
            }
            guard let segment else { preconditionFailure("a segment is open") }
            try segment.write(buffer)
            try segment.sync()
        } catch {
            stop(because: error.message)
            throw failure ?? error
        }
        segmentSize += buffer.count
        lastSequence = events[events.count - 1].sequence
    }

    /// Refuses every later append (see the invariants): `reason` is why.
    func stop(because reason: String) {
        guard failure == nil else { return }
        failure = StoreError(.io, "\(reason). Nothing after event \(lastSequence) is acknowledged and this writer "
            + "appends nothing more: open the ledger again, which cuts the unacknowledged tail")
    }

    /// Done: closes the open segment and releases the lock. Appending afterwards is a bug.
    func close() {
        isClosed = true
        segment = nil
        lock.release()
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

/// The framing half of the writer: encodes a batch of events into records, closes it with a
/// checkpoint and runs the hash chain over it. A value of its own, so that a whole batch is
/// framed inside one mutating call (one exclusive access) instead of one dynamic exclusivity
/// check per field of the class.
struct RecordEncoder {
    var codec: EventCodec
    /// One record's body while it is encoded, and the framed batch; both reused so that a
    /// batch allocates nothing once they have grown.
    private var scratch = ByteWriter(capacity: 4_096)
    private(set) var batch = ByteWriter(capacity: 1 << 16)
    /// The chain value before the last framed batch (a new segment's header carries it).
    private(set) var chainBefore: [UInt8] = []

    init(codec: EventCodec) {
        self.codec = codec
    }

    /// Frames `events` and their checkpoint into `batch`, advancing `hasher` over both.
    mutating func frame(_ events: UnsafeBufferPointer<Event>, hasher: inout SHA256) {
        batch.bytes.removeAll(keepingCapacity: true)
        for index in events.indices {
            scratch.bytes.removeAll(keepingCapacity: true)
            let kind = EventCodec.kind(of: events[index].body).rawValue
            RecordFrame.writeBodyHead(sequence: events[index].sequence, kind: kind, version: 1, to: &scratch)
            codec.encode(events[index], into: &scratch)
            RecordFrame.append(body: scratch.bytes, to: &batch)
        }
        let before = hasher
        chainBefore = before.finalize().bytes
        batch.bytes.withUnsafeBytes { hasher.update($0) }
        let after = hasher
        let checkpointStart = batch.bytes.count
        RecordFrame.append(sequence: events[events.count - 1].sequence, kind: RecordFrame.checkpointKind,
                           version: RecordFrame.checkpointVersion, payload: after.finalize().bytes, to: &batch)
        batch.bytes[checkpointStart...].withUnsafeBytes { hasher.update($0) }
    }
}
