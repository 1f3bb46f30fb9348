import Foundation

/// Reads a ledger's log from its first segment: checks every frame's checksum, every
/// segment header, the hash chain at every checkpoint, and hands each event of a complete
/// (checkpointed) batch to a visitor, in order.
///
/// What it finds at the end is one of three things:
/// - a clean end: the last frame is a checkpoint;
/// - a torn tail: after the last checkpoint of the last segment, frames that are incomplete,
///   fail their checksum, or lack their closing checkpoint, with no valid frame after them.
///   That batch was never acknowledged (acknowledgement waits for the checkpoint's fsync);
/// - damage: anything else (a bad frame with valid frames after it, a bad frame in an earlier
///   segment, a chain mismatch, a broken segment sequence). The scan stops before it and says
///   which record and byte offset.
struct LogScanner {
    struct Damage: Error, Equatable, Sendable, CustomStringConvertible {
        /// The sequence number the first damaged record has or would have.
        var sequence: UInt64
        var segment: String
        var offset: Int
        var reason: String

        var description: String {
            "record \(sequence) at byte \(offset) of \(segment): \(reason)"
        }
    }

    struct TornTail: Equatable, Sendable {
        var segment: String
        /// Where the unacknowledged bytes start (the end of the last checkpoint).
        var offset: Int
        var byteCount: Int
        /// The first frame in the tail that is cut or fails its checksum (the end of the file
        /// when the frames are whole but their checkpoint is missing).
        var badOffset: Int
        /// The sequence number that frame has or would have.
        var badSequence: UInt64
    }

    struct Result {
        var lastSequence: UInt64 = 0
        var eventCount = 0
        var recordCount = 0
        /// The running hash of every record of the valid prefix.
        var hasher = SHA256()
        var codec = EventCodec()
        /// Segment file paths in order, with their first sequence numbers.
        var segments: [(path: String, firstSequence: UInt64)] = []
        /// The end of the valid prefix in the last segment.
        var endOffset = SegmentHeader.size
        /// Where the last checkpoint's frame starts (in the last segment scanned).
        var checkpointOffset = 0
        var checkpointSegment: String?
        var checkpointEnd = 0
        /// The chain value the last checkpoint carries (that of every record before it).
        var checkpointChain: [UInt8] = []
        var byteCount = 0
        var tornTail: TornTail?
        var damage: Damage?
        /// Whether the scan ended at the reader's cut rather than at the end of the log.
        var stoppedAtCut = false
        /// Where the first event outside the cut was found (segment file name, byte offset).
        var cutPosition: (segment: String, offset: Int)?

        /// The hash-chain value of the valid prefix (what `verify` prints as the head).
        var head: SHA256Digest {
            let copy = hasher
            return copy.finalize()
        }
    }

    let logDirectory: String
    /// Keep the codec's encoder tables (for a writer that continues the log).
    var forWriting = true
    /// Where a read stops: the scan ends before the first event outside the cut.
    var cut = ReplayCut.everything
    /// Where a read starts when not at the beginning: just after a checkpoint that a projection
    /// snapshot recorded, with the hash chain and decoder tables as they were there.
    var resume: ResumePoint?
    /// Told how far a long scan has got.
    var progress: ReplayProgress?
    /// Whether the visitor runs on a second thread (see `scan`).
    var usesSecondThread = EventPipeline.isWorthwhile
    /// Whether orders' events come with what only the log keeps, their units' codes and their
    /// chain's override shares (`EventCodec.decodesFullOrders`); a visitor that only rebuilds
    /// the ledger's state needs neither.
    var decodesFullOrders = true
    /// When set, the records orders write are skimmed (`EventCodec.skim`) and decoded and
    /// visited only when `interest` says they may concern the visitor; every other event is
    /// decoded and visited as always. Asked on the scanning thread, so the scan keeps to one.
    var interest: Interest?
    /// When set, the records orders write at or after this time are skimmed and not visited
    /// (every other record is); for a visitor that nothing after it concerns but the
    /// catalogue and the tree (a period report). Decided on the scanning thread from the
    /// record alone, so the visitor may still run on a second thread.
    var horizon: Timestamp?
    /// The pipeline a two-thread scan hands its events to: each decoded event is moved into
    /// the batch rather than copied in and destroyed (a retain and a release of each of its
    /// strings and arrays, a tenth of the scanning thread). Set by `scan` alone.
    var pipeline: EventPipeline?

    typealias Interest = (RecordMentions, LogDictionary) -> Bool

    struct ResumePoint {
        var segment: String
        /// The byte just after the checkpoint record.
        var offset: Int
        var lastSequence: UInt64
        var hasher: SHA256
        var codec: EventCodec
    }

    /// Segment files in sequence order.
    func segmentPaths() throws(StoreError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: logDirectory)
        } catch {
            throw StoreError(.notFound, "cannot list \(logDirectory): \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(".tlog") }.sorted().map { logDirectory + "/" + $0 }
    }

    /// Scans the whole log. `visit` sees each event of each complete batch once, in order.
    ///
    /// On more than one core, `visit` runs on a second thread (`EventPipeline`) while this one
    /// reads, checks and decodes: the result is the same as that of a scan on one thread.
    func scan(_ visit: (Event) throws(ReplayError) -> Void) throws(StoreError) -> Result {
        guard usesSecondThread, interest == nil else { return try scanInline(visit) }
        return try withoutActuallyEscaping(visit) { visit throws(StoreError) in
            let pipeline = EventPipeline(visit: visit)
            var handing = self
            handing.pipeline = pipeline
            let result: Result
            do throws(StoreError) {
                result = try handing.scanInline { _ throws(ReplayError) in
                    preconditionFailure("a two-thread scan hands its events to the pipeline")
                }
            } catch {
                pipeline.cancel()
                throw error
            }
            guard let failure = pipeline.finish() else { return result }
            return try rescan(refusedAt: failure)
        }
    }

    /// The result a one-thread scan gives when the visitor refuses event `failure.sequence`:
    /// the scanning thread had already read further, so the log is read again up to just
    /// before that event (without visiting), and the refusal is reported as damage there.
    private func rescan(refusedAt failure: EventPipeline.Failure) throws(StoreError) -> Result {
        var again = self
        again.cut = ReplayCut(untilSequence: max(failure.sequence, 1) - 1)
        again.progress = nil
        var result = try again.scanInline { _ throws(ReplayError) in }
        result.stoppedAtCut = false
        let position = result.cutPosition ?? (segment: "", offset: 0)
        result.damage = Damage(sequence: failure.sequence, segment: position.segment, offset: position.offset,
                               reason: "\(failure.error)")
        return result
    }

    private func scanInline(_ visit: (Event) throws(ReplayError) -> Void) throws(StoreError) -> Result {
        var result = Result()
        result.codec.dictionary.keepsEncoderTables = forWriting
        let paths = try segmentPaths()
        var first = 0
        if let resume {
            guard let index = paths.firstIndex(of: resume.segment) else {
                throw StoreError(.notFound, "segment \(resume.segment) is not part of the log")
            }
            first = index
            result.lastSequence = resume.lastSequence
            result.hasher = resume.hasher
            result.codec = resume.codec
        }
        result.codec.decodesFullOrders = decodesFullOrders
        var totalBytes = 0
        if progress != nil {
            for path in paths[first...] { totalBytes += (try? POSIXFile(path: path, flags: O_RDONLY).size()) ?? 0 }
            totalBytes -= resume?.offset ?? 0
        }
        var bytes: [UInt8] = []  // one buffer for every segment (see `POSIXFile.readAll(into:)`)
        for (index, path) in paths.enumerated() where index >= first {
            try POSIXFile(path: path, flags: O_RDONLY).readAll(into: &bytes)
            progress?.segmentStarted(bytesBefore: result.byteCount - (resume?.offset ?? 0), totalBytes: totalBytes)
            result.byteCount += bytes.count
            let isLast = index == paths.count - 1
            let startOffset = index == first ? resume?.offset : nil
            let keepGoing = bytes.withUnsafeBufferPointer { buffer in
                scanSegment(buffer, path: path, isLast: isLast, startOffset: startOffset, into: &result, visit)
            }
            if !keepGoing { break }
        }
        // The codec goes on to a writer or a snapshot, which expect the full decoder.
        result.codec.decodesFullOrders = true
        return result
    }

    /// Scans one segment; false when the scan must stop (damage).
    private func scanSegment(_ bytes: UnsafeBufferPointer<UInt8>, path: String, isLast: Bool, startOffset: Int?,
                             into result: inout Result, _ visit: (Event) throws(ReplayError) -> Void) -> Bool {
        let name = (path as NSString).lastPathComponent
        if let startOffset {
            // Resuming after a snapshot's checkpoint: the segment's start was read before.
            guard startOffset <= bytes.count else {
                result.damage = Damage(sequence: result.lastSequence + 1, segment: name, offset: startOffset,
                                       reason: "the segment is shorter than a snapshot recorded")
                return false
            }
            result.segments.append((path, result.lastSequence + 1))
            return scanRecords(bytes, path: path, isLast: isLast, from: startOffset, into: &result, visit)
        }
        let header: SegmentHeader
        do throws(LogDecodingError) {
            header = try SegmentHeader(bytes)
        } catch {
            if isLast, !hasValidFrame(bytes, from: 0) {
                // A segment whose creation was cut short: nothing in it was acknowledged.
                result.tornTail = TornTail(segment: path, offset: 0, byteCount: bytes.count, badOffset: 0,
                                           badSequence: result.lastSequence + 1)
            } else {
                result.damage = Damage(sequence: result.lastSequence + 1, segment: name, offset: 0,
                                       reason: error.message)
            }
            return false
        }
        guard header.firstSequence == result.lastSequence + 1, header.chainBefore == result.head.bytes else {
            result.damage = Damage(sequence: result.lastSequence + 1, segment: name, offset: 0,
                                   reason: "segment does not continue the log (missing, reordered or replaced)")
            return false
        }
        result.segments.append((path, header.firstSequence))
        return scanRecords(bytes, path: path, isLast: isLast, from: SegmentHeader.size, into: &result, visit)
    }

    /// Scans the records of a segment from `start` (a record boundary); false when the scan
    /// must stop (damage, a torn tail, or the end of the reader's cut).
    private func scanRecords(_ bytes: UnsafeBufferPointer<UInt8>, path: String, isLast: Bool, from start: Int,
                             into result: inout Result, _ visit: (Event) throws(ReplayError) -> Void) -> Bool {
        let name = (path as NSString).lastPathComponent
        result.endOffset = start
        var offset = start
        var pending = [RecordFrame.Record]()
        var hasher = result.hasher
        var expected = result.lastSequence + 1
        while offset < bytes.count {
            guard case .record(let record) = RecordFrame.parse(bytes, at: offset) else {
                return endOfFrames(bytes, at: offset, path: path, isLast: isLast, expected: expected, into: &result)
            }
            let frame = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[record.frame]))
            offset = record.frame.upperBound
            if record.kind != RecordFrame.checkpointKind {
                guard record.sequence == expected else {
                    result.damage = Damage(sequence: expected, segment: name, offset: record.frame.lowerBound,
                                           reason: "sequence number \(record.sequence), expected \(expected)")
                    return false
                }
                hasher.update(frame)
                pending.append(record)
                expected += 1
                continue
            }
            let before = hasher
            let chain = before.finalize().bytes
            guard record.sequence == expected - 1, Array(bytes[record.payload]) == chain else {
                let first = pending.first
                result.damage = Damage(sequence: first?.sequence ?? expected, segment: name,
                                       offset: first?.frame.lowerBound ?? record.frame.lowerBound,
                                       reason: "hash chain mismatch at the checkpoint after record \(expected - 1)")
                return false
            }
            hasher.update(frame)
            guard deliver(pending, bytes, segment: name, into: &result, visit) else { return false }
            progress?.reached(offset: offset, events: result.eventCount)
            pending.removeAll(keepingCapacity: true)
            result.hasher = hasher
            result.recordCount += 1
            result.checkpointOffset = record.frame.lowerBound
            result.checkpointSegment = path
            result.checkpointEnd = offset
            result.checkpointChain = chain
            result.endOffset = offset
        }
        if !pending.isEmpty || result.endOffset < bytes.count {
            // Complete frames without their checkpoint: an unfinished batch.
            return endOfFrames(bytes, at: bytes.count, path: path, isLast: isLast, expected: expected, into: &result)
        }
        return true
    }

    /// Decodes and visits the events of a checkpointed batch (passing over those a skim leaves
    /// out, see `reading`).
    private func deliver(_ records: [RecordFrame.Record], _ bytes: UnsafeBufferPointer<UInt8>, segment: String,
                         into result: inout Result, _ visit: (Event) throws(ReplayError) -> Void) -> Bool {
        var mentions = RecordMentions()
        for record in records {
            do {
                let payload = UnsafeBufferPointer(rebasing: bytes[record.payload])
                var inCut = true
                switch try reading(record, payload, &result.codec, &mentions) {
                case .outsideCut:
                    inCut = false
                case .passedOver:
                    break
                case .decode:
                    let event = try result.codec.decode(sequence: record.sequence, tag: record.kind,
                                                        version: record.version, payload: payload)
                    guard cut.admits(event) else {
                        inCut = false
                        break
                    }
                    if let pipeline {
                        try pipeline.add(consume event)
                    } else {
                        try visit(event)
                    }
                }
                guard inCut else {
                    result.stoppedAtCut = true
                    result.cutPosition = (segment, record.frame.lowerBound)
                    return false
                }
            } catch {
                result.damage = Damage(sequence: record.sequence, segment: segment, offset: record.frame.lowerBound,
                                       reason: "\(error)")
                return false
            }
            result.lastSequence = record.sequence
            result.eventCount += 1
            result.recordCount += 1
        }
        return true
    }

    private enum Reading {
        /// Decode the record in full and visit its event.
        case decode
        /// Skimmed and left out.
        case passedOver
        /// Skimmed, and after the cut: the scan ends here.
        case outsideCut
    }

    /// What to do with a record. With a `horizon` or an `interest`, a record orders write is
    /// skimmed when it may be left out: it is past the horizon, or (asked only inside the cut)
    /// the interest does not want it. A skimmed record that is wanted after all has its tables
    /// rolled back, to be decoded in full.
    private func reading(_ record: RecordFrame.Record, _ payload: UnsafeBufferPointer<UInt8>,
                         _ codec: inout EventCodec, _ mentions: inout RecordMentions) throws(LogDecodingError)
        -> Reading {
        let pastHorizon = horizon.map { horizon in
            codec.peekTime(tag: record.kind, payload: payload).map { $0 >= horizon } ?? false
        } ?? false
        guard pastHorizon || interest != nil else { return .decode }
        let mark = codec.mark
        guard try codec.skim(tag: record.kind, version: record.version, payload: payload, into: &mentions) else {
            return .decode
        }
        guard cut.admits(sequence: record.sequence, at: mentions.at) else { return .outsideCut }
        if pastHorizon || interest?(mentions, codec.dictionary) == false { return .passedOver }
        codec.rollBack(to: mark)
        return .decode
    }

    /// Whether any valid frame starts at or after `start` (a search byte by byte).
    private func hasValidFrame(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var probe = start
        while probe + 1 < bytes.count {
            if bytes[probe] == RecordFrame.magic0, bytes[probe + 1] == RecordFrame.magic1,
               case .record = RecordFrame.parse(bytes, at: probe) {
                return true
            }
            probe += 1
        }
        return false
    }

    /// Classifies what follows the last checkpoint: a torn tail, or damage.
    private func endOfFrames(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, path: String, isLast: Bool,
                             expected: UInt64, into result: inout Result) -> Bool {
        let tailStart = result.endOffset
        let validLater = offset < bytes.count && hasValidFrame(bytes, from: offset + 1)
        if isLast, !validLater {
            result.tornTail = TornTail(segment: path, offset: tailStart, byteCount: bytes.count - tailStart,
                                       badOffset: offset, badSequence: expected)
            return false
        }
        let reason: String = if offset < bytes.count, case .invalid(let why) = RecordFrame.parse(bytes, at: offset) {
            why + (validLater ? ", with valid records after it" : " in a segment that is not the last")
        } else {
            "the segment ends inside a batch and later segments follow"
        }
        result.damage = Damage(sequence: expected, segment: (path as NSString).lastPathComponent, offset: offset,
                               reason: reason)
        return false
    }
}
