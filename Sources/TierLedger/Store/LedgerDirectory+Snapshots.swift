import Foundation

/// Replaying the log into projections, starting from the newest snapshot that fits, and
/// keeping a fresh snapshot behind (issue 5). Snapshots are a cache: losing one, or ignoring a
/// stale one, costs time and never changes an answer.
extension LedgerDirectory {
    /// How many snapshot files are kept (the newest ones).
    static let snapshotsKept = 2

    /// The projections of every event inside `cut`. With `validPrefix` (the point is to read a
    /// damaged log as it is) or without `usesSnapshots` (a replay from scratch, `--no-snapshot`),
    /// no snapshot is read or written. `note` hears what happened to snapshots, for `--verbose`.
    ///
    /// The price war and the market are folded on a thread of their own (`SaleFolding`) when
    /// there are cores for it; if any projection refuses an event, the replay runs again on one
    /// thread (`foldsSalesApart` false), whose error, the first in the log's and the
    /// projections' order, is the one reported. Only a log forged past its checksums gets there;
    /// `salesRefusedFrom` makes the folding refuse sales from that sequence number on (tests).
    func replayProjections(cut: ReplayCut, validPrefix: Bool, usesSnapshots: Bool = true,
                           needsCatalog: Bool = false, parts: Set<LedgerProjections.Part> = Set(LedgerProjections.Part.allCases),
                           progress: ReplayProgress? = nil, foldsSalesApart: Bool = EventPipeline.isWorthwhile,
                           salesRefusedFrom: UInt64? = nil,
                           note: (String) -> Void = { _ in }) throws(StoreError) -> LedgerProjections {
        /// The same replay on one thread (without `progress` and `note`, heard already).
        func again() throws(StoreError) -> LedgerProjections {
            try replayProjections(cut: cut, validPrefix: validPrefix, usesSnapshots: usesSnapshots,
                                  needsCatalog: needsCatalog, parts: parts, foldsSalesApart: false)
        }
        let snapshots = usesSnapshots && !validPrefix
        var start = snapshots ? loadSnapshot(fitting: cut, needsCatalog: needsCatalog, parts: parts, note: note) : nil
        if case .fresh(let projections, let name)? = start {
            note("snapshot \(name) covers the log up to event \(projections.lastSequence); no replay needed")
            return projections
        }
        var projections = LedgerProjections()
        var resume: LogScanner.ResumePoint?
        if case .partial(let restored, let point, let name)? = start {
            projections = restored
            resume = point
            note("snapshot \(name) covers events up to \(restored.lastSequence); replaying the rest")
        }
        start = nil
        let folding = foldsSalesApart ? SaleFolding(market: projections.market, priceWar: projections.priceWar,
                                                    refusingFrom: salesRefusedFrom) : nil
        var refused = false
        let result: LogScanner.Result
        do throws(StoreError) {
            result = try replay(cut: cut, validPrefix: validPrefix, resume: resume, progress: progress) {
                event throws(ReplayError) in
                do throws(ReplayError) { try projections.apply(event, foldingSalesIn: folding) } catch {
                    refused = true
                    throw error
                }
            }
        } catch {
            guard let folding else { throw error }
            _ = folding.finish()
            if refused { return try again() }
            throw error
        }
        if let folding {
            let folded = folding.finish()
            if folded.failure != nil { return try again() }
            projections.takeFolded(folded)
        }
        progress?.finish()
        let replayed = projections.lastSequence - (resume?.lastSequence ?? 0)
        if snapshots, cut.isEverything || !result.stoppedAtCut, result.damage == nil, replayed > 0,
           let segment = result.checkpointSegment {
            do throws(StoreError) {
                let name = try writeSnapshot(projections, scan: result, segment: segment)
                note("wrote snapshot \(name)")
            } catch {
                note("could not write a snapshot: \(error.message)")
            }
        }
        return projections
    }

    /// Brings the snapshot up to the end of the log (`tierledger snapshot`, and after appends).
    /// Returns the events it covers.
    @discardableResult
    public func refreshSnapshot(note: (String) -> Void = { _ in }) throws(StoreError) -> UInt64 {
        let projections = try replayProjections(cut: .everything, validPrefix: false, note: note)
        defer { StateDisposal.dispose(projections) }
        return projections.lastSequence
    }

    private enum SnapshotStart {
        /// The snapshot covers the whole log: its report section is all a report needs.
        case fresh(LedgerProjections, name: String)
        /// The replay goes on from the snapshot's checkpoint.
        case partial(LedgerProjections, LogScanner.ResumePoint, name: String)
    }

    /// Snapshot files, newest first.
    private func snapshotNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: snapshotsPath)) ?? []
        return names.filter { $0.hasPrefix("projections-") && $0.hasSuffix(ProjectionSnapshot.fileSuffix) }
            .sorted(by: >)
    }

    /// The newest snapshot that fits `cut` and matches the log; each one passed over is noted.
    private func loadSnapshot(fitting cut: ReplayCut, needsCatalog: Bool, parts: Set<LedgerProjections.Part>,
                              note: (String) -> Void) -> SnapshotStart? {
        for name in snapshotNames() {
            do throws(StoreError) {
                if let start = try loadSnapshot(named: name, fitting: cut, needsCatalog: needsCatalog, parts: parts) {
                    return start
                }
                note("snapshot \(name) covers events after the cut; not used")
            } catch {
                note("ignoring snapshot \(name): \(error.message)")
            }
        }
        return nil
    }

    private func loadSnapshot(named name: String, fitting cut: ReplayCut, needsCatalog: Bool,
                              parts: Set<LedgerProjections.Part>) throws(StoreError) -> SnapshotStart? {
        let file = try POSIXFile(path: snapshotsPath + "/" + name, flags: O_RDONLY)
        let header = try file.read(count: ProjectionSnapshot.headerReadBytes, at: 0)
        let snapshot: ProjectionSnapshot
        do throws(LogDecodingError) {
            snapshot = try ProjectionSnapshot(header: header)
        } catch {
            throw StoreError(.damaged, error.message)
        }
        guard snapshot.fits(cut) else { return nil }
        let segmentPath = logPath + "/" + snapshot.segment
        // A fresh snapshot answers from its report section, unless the caller needs the catalog.
        let fresh = try checkCheckpoint(of: snapshot, segmentPath: segmentPath) && !needsCatalog
        let reports = try file.read(count: snapshot.reportsLength, at: snapshot.headerLength)
        guard reports.count == snapshot.reportsLength, CRC32C.checksum(reports) == snapshot.reportsCRC else {
            throw StoreError(.damaged, "its report section is damaged")
        }
        var continuation: [UInt8]?
        if !fresh {
            let bytes = try file.read(count: snapshot.continuationLength,
                                      at: snapshot.headerLength + snapshot.reportsLength)
            guard bytes.count == snapshot.continuationLength, CRC32C.checksum(bytes) == snapshot.continuationCRC else {
                throw StoreError(.damaged, "its continuation section is damaged")
            }
            continuation = bytes
        }
        do throws(LogDecodingError) {
            return try Self.decode(snapshot, reports: reports, continuation: continuation, parts: parts,
                                   segmentPath: segmentPath, name: name)
        } catch {
            throw StoreError(.damaged, "it does not decode: \(error.message)")
        }
    }

    private static func decode(_ snapshot: ProjectionSnapshot, reports: [UInt8], continuation: [UInt8]?,
                               parts: Set<LedgerProjections.Part>, segmentPath: String, name: String)
        throws(LogDecodingError) -> SnapshotStart {
        var start: SnapshotStart?
        try reports.withUnsafeBufferPointer { reportBytes throws(LogDecodingError) in
            var reportReader = ByteReader(reportBytes)
            guard let continuation else {
                let projections = try LedgerProjections(reports: &reportReader, continuation: nil, parts: parts)
                start = .fresh(projections, name: name)
                return
            }
            try continuation.withUnsafeBufferPointer { bytes throws(LogDecodingError) in
                var reader = ByteReader(bytes)
                guard let hasher = SHA256(resumptionState: Array(try reader.raw(SHA256.resumptionByteCount))) else {
                    throw LogDecodingError("bad hash state")
                }
                var codec = EventCodec()
                codec.dictionary = try LogDictionary(snapshot: &reader)
                let rest = ByteReader(bytes, offset: reader.offset)
                let projections = try LedgerProjections(reports: &reportReader, continuation: rest)
                guard projections.lastSequence == snapshot.lastSequence, projections.lastTime == snapshot.lastTime else {
                    throw LogDecodingError("its projections end at another event")
                }
                // Event times are stored as deltas from the previous event's.
                codec.previousTime = projections.lastTime
                let point = LogScanner.ResumePoint(segment: segmentPath, offset: snapshot.checkpointEnd,
                                                   lastSequence: snapshot.lastSequence, hasher: hasher, codec: codec)
                start = .partial(projections, point, name: name)
            }
        }
        guard let start else { throw LogDecodingError("unreadable snapshot") }
        return start
    }

    /// Checks that the checkpoint the snapshot names is in the log, intact, with the chain value
    /// the snapshot recorded. Returns whether nothing follows it (the snapshot is fresh).
    private func checkCheckpoint(of snapshot: ProjectionSnapshot, segmentPath: String) throws(StoreError) -> Bool {
        guard FileManager.default.fileExists(atPath: segmentPath) else {
            throw StoreError(.damaged, "its segment \(snapshot.segment) is not in the log")
        }
        let segment = try POSIXFile(path: segmentPath, flags: O_RDONLY)
        let length = snapshot.checkpointEnd - snapshot.checkpointOffset
        guard length > 0, length < 256 else { throw StoreError(.damaged, "it names a checkpoint of \(length) bytes") }
        let frame = try segment.read(count: length, at: snapshot.checkpointOffset)
        let matches = frame.withUnsafeBufferPointer { bytes in
            guard case .record(let record) = RecordFrame.parse(bytes, at: 0) else { return false }
            return record.kind == RecordFrame.checkpointKind && record.sequence == snapshot.lastSequence
                && record.frame.upperBound == length && Array(bytes[record.payload]) == snapshot.chainValue
        }
        guard matches else {
            throw StoreError(.damaged, "the log has no checkpoint after event \(snapshot.lastSequence) with its "
                + "chain value at byte \(snapshot.checkpointOffset) of \(snapshot.segment)")
        }
        let segments = (try? FileManager.default.contentsOfDirectory(atPath: logPath)) ?? []
        let isLastSegment = !segments.contains { $0.hasSuffix(".tlog") && $0 > snapshot.segment }
        let size = try segment.size()
        return isLastSegment && size == snapshot.checkpointEnd
    }

    /// Writes a snapshot durably (`AtomicFile`) and removes all but the newest few.
    private func writeSnapshot(_ projections: LedgerProjections, scan: LogScanner.Result, segment: String)
        throws(StoreError) -> String {
        if !FileManager.default.fileExists(atPath: snapshotsPath) {
            do {
                try FileManager.default.createDirectory(atPath: snapshotsPath, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.io, "cannot create \(snapshotsPath): \(error.localizedDescription)")
            }
        }
        let name = ProjectionSnapshot.fileName(lastSequence: projections.lastSequence)
        // Readers write snapshots too, possibly at the same time: each uses a temporary name of its own.
        try AtomicFile.write(to: snapshotsPath + "/" + name, temporary: snapshotsPath + "/.\(name).\(getpid()).tmp") {
            file throws(StoreError) in
            try ProjectionSnapshot.write(projections, scan: scan, segment: (segment as NSString).lastPathComponent,
                                         to: file)
        }
        for old in snapshotNames().dropFirst(Self.snapshotsKept) { unlink(snapshotsPath + "/" + old) }
        return name
    }
}
