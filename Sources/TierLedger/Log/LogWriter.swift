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
/// hash chain over every durable record; the open segment ends with a checkpoint.
final class LogWriter {
    static let defaultSegmentSizeLimit = LedgerDirectory.defaultSegmentSizeLimit

    let logDirectory: String
    let segmentSizeLimit: Int
    private(set) var lastSequence: UInt64
    private var codec: EventCodec
    private var hasher: SHA256
    private var segment: POSIXFile?
    private var segmentSize: Int
    /// One record's body while it is encoded, and the batch being framed; both reused so
    /// that a batch allocates nothing once they have grown.
    private var scratch = ByteWriter(capacity: 4_096)
    private var batch = ByteWriter(capacity: 1 << 16)
    /// Held for the writer's lifetime.
    let lock: LedgerLock

    /// A writer that continues a scanned, recovered log.
    init(logDirectory: String, scan: LogScanner.Result, lock: LedgerLock,
         segmentSizeLimit: Int = defaultSegmentSizeLimit) throws(StoreError) {
        self.logDirectory = logDirectory
        self.segmentSizeLimit = segmentSizeLimit
        self.lock = lock
        lastSequence = scan.lastSequence
        codec = scan.codec
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
        guard let first = events.first else { return }
        precondition(first.sequence == lastSequence + 1, "events are appended in sequence")
        batch.bytes.removeAll(keepingCapacity: true)
        for event in events {
            scratch.bytes.removeAll(keepingCapacity: true)
            let kind = EventCodec.kind(of: event.body).rawValue
            RecordFrame.writeBodyHead(sequence: event.sequence, kind: kind, version: 1, to: &scratch)
            codec.encode(event, into: &scratch)
            RecordFrame.append(body: scratch.bytes, to: &batch)
        }
        let chainBefore = hasher
        let digestBefore = chainBefore.finalize().bytes
        batch.bytes.withUnsafeBytes { hasher.update($0) }
        let chainAfter = hasher
        let checkpointStart = batch.bytes.count
        RecordFrame.append(sequence: events[events.count - 1].sequence, kind: RecordFrame.checkpointKind,
                           version: RecordFrame.checkpointVersion, payload: chainAfter.finalize().bytes,
                           to: &batch)
        batch.bytes[checkpointStart...].withUnsafeBytes { hasher.update($0) }
        let buffer = batch.bytes
        if segment == nil || segmentSize + buffer.count > segmentSizeLimit && segmentSize > SegmentHeader.size {
            try startSegment(firstSequence: first.sequence, chainBefore: digestBefore)
        }
        guard let segment else { preconditionFailure("a segment is open") }
        try segment.write(buffer)
        try segment.sync()
        segmentSize += buffer.count
        lastSequence = events[events.count - 1].sequence
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
