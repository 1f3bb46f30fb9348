import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A ledger on disk:
///
///     DIR/secret.key    32 random bytes, mode 0600: the key of code and buyer fingerprints
///     DIR/LOCK          the writer's lock (holds its pid)
///     DIR/log/*.tlog    the event log, in segments named by their first sequence number
///     DIR/snapshots/    projection snapshots
///
/// Readers open without the lock and see the log up to its last complete batch. One writer at
/// a time takes the lock, recovers the log (cuts a torn, unacknowledged tail) and appends.
public struct LedgerDirectory: Sendable {
    public let path: String

    static let secretKeyFileName = "secret.key"
    static let lockFileName = "LOCK"
    static let logDirectoryName = "log"
    static let snapshotsDirectoryName = "snapshots"
    static let secretKeyByteCount = 32
    /// Segment files are rotated at this size (a batch may run past it).
    public static let defaultSegmentSizeLimit = 64 << 20

    public init(path: String) {
        self.path = path
    }

    var secretKeyPath: String { path + "/" + Self.secretKeyFileName }
    var lockPath: String { path + "/" + Self.lockFileName }
    var logPath: String { path + "/" + Self.logDirectoryName }
    var snapshotsPath: String { path + "/" + Self.snapshotsDirectoryName }

    /// The ledger directory named by `--ledger`, else `$TIERLEDGER_DIR`, else `./ledger`.
    public static func resolve(option: String?) -> LedgerDirectory {
        if let option { return LedgerDirectory(path: option) }
        if let environment = ProcessInfo.processInfo.environment["TIERLEDGER_DIR"], !environment.isEmpty {
            return LedgerDirectory(path: environment)
        }
        return LedgerDirectory(path: "ledger")
    }

    /// Creates a new ledger: the directory (if needed), a fresh secret key and event 1.
    @discardableResult
    /// `secretKey` is for `import` (keeping an exported ledger's fingerprints valid) and for
    /// canonical test logs; a new ledger otherwise gets 32 fresh random bytes.
    public static func create(at path: String, settings: LedgerSettings, secretKey: [UInt8]? = nil,
                              segmentSizeLimit: Int = LedgerDirectory.defaultSegmentSizeLimit) throws(StoreError)
        -> LedgerDirectory {
        let directory = LedgerDirectory(path: path)
        if let problem = settings.problem {
            throw StoreError(.cannotCreate, "cannot create a ledger at \(path): \(problem)")
        }
        let files = FileManager.default
        if files.fileExists(atPath: directory.logPath) || files.fileExists(atPath: directory.secretKeyPath) {
            throw StoreError(.cannotCreate, "a ledger already exists at \(path); choose another --ledger")
        }
        do {
            try files.createDirectory(atPath: directory.logPath, withIntermediateDirectories: true)
            try files.createDirectory(atPath: directory.snapshotsPath, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotCreate, "cannot create the directory \(path): \(error.localizedDescription)")
        }
        do throws(StoreError) {
            let lock = try LedgerLock(path: directory.lockPath)
            let key = secretKey ?? FingerprintKey.generateSecret()
            guard key.count == secretKeyByteCount else {
                throw StoreError(.cannotCreate, "a secret key is \(secretKeyByteCount) bytes, not \(key.count)")
            }
            let keyFile = try POSIXFile(path: directory.secretKeyPath, flags: O_WRONLY | O_CREAT | O_EXCL,
                                        mode: 0o600)
            try keyFile.write(key)
            try keyFile.sync()
            let ledger = Ledger(settings: settings, secretKey: key)
            let writer = try LogWriter(logDirectory: directory.logPath, scan: LogScanner.Result(), lock: lock,
                                       segmentSizeLimit: segmentSizeLimit)
            try writer.append(ledger.recorded)
            try POSIXFile.syncDirectory(path)
        } catch {
            throw StoreError(error.kind == .locked ? .locked : .cannotCreate,
                             "cannot create a ledger at \(path): \(error.message)")
        }
        return directory
    }

    public func readSecretKey() throws(StoreError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: secretKeyPath) else {
            throw StoreError(.notFound, "no ledger at \(path) (no \(Self.secretKeyFileName)); "
                + "create one with `tierledger init --ledger \(path)`")
        }
        let key = try POSIXFile(path: secretKeyPath, flags: O_RDONLY).readAll()
        guard key.count == Self.secretKeyByteCount else {
            throw StoreError(.damaged, "\(secretKeyPath) holds \(key.count) bytes, not \(Self.secretKeyByteCount)")
        }
        return key
    }

    /// Reads the log, handing each event of the durable prefix to `visit`. Damage is an error
    /// unless `validPrefix` is set, in which case the events before it are visited and the
    /// damage is returned in the result. A torn tail (a batch still being written, or cut by
    /// a crash) is not part of the log and is ignored.
    ///
    /// `interest`: skim the records orders write and visit only those it wants (see
    /// `LogScanner.interest`); the scan then keeps to one thread. `horizon`: skim and leave out
    /// those at or after it (`LogScanner.horizon`).
    ///
    /// `fullOrders`: false leaves out of orders' events what only the log keeps (their units'
    /// codes, their chain's override shares), for a visitor that only rebuilds the ledger's state
    /// (`EventCodec.decodesFullOrders`).
    ///
    /// `concurrently`: `visit` runs on a second thread while this one reads and decodes, when
    /// the machine has two cores (`EventPipeline`). That pays only for a visitor that does more
    /// with an event than handing it across costs: at 2 M commands a trace took 4.2–4.7 s on two
    /// threads and 2.7–3.1 s on one, since events decoded on one core and read on the other go
    /// back to the first to be freed, cold.
    func scan(validPrefix: Bool = false, forWriting: Bool = false, cut: ReplayCut = .everything,
              resume: LogScanner.ResumePoint? = nil, progress: ReplayProgress? = nil, concurrently: Bool = true,
              interest: LogScanner.Interest? = nil, horizon: Timestamp? = nil, fullOrders: Bool = true,
              _ visit: (Event) throws(ReplayError) -> Void) throws(StoreError) -> LogScanner.Result {
        guard FileManager.default.fileExists(atPath: logPath) else {
            throw StoreError(.notFound, "no ledger at \(path) (no \(Self.logDirectoryName)/); "
                + "create one with `tierledger init --ledger \(path)`")
        }
        var scanner = LogScanner(logDirectory: logPath, forWriting: forWriting)
        scanner.cut = cut
        scanner.resume = resume
        scanner.progress = progress
        scanner.usesSecondThread = scanner.usesSecondThread && concurrently
        scanner.interest = interest
        scanner.horizon = horizon
        scanner.decodesFullOrders = fullOrders
        let result = try scanner.scan(visit)
        if let damage = result.damage, !validPrefix {
            throw StoreError(.damaged, "the log of \(path) is damaged: \(damage). Nothing was changed. "
                + "Run `tierledger verify --ledger \(path)` for details; reports can read the valid prefix "
                + "with --valid-prefix")
        }
        return result
    }

    /// Hands every durable event to `visit`, in order, without keeping them.
    public func forEachEvent(_ visit: (Event) -> Void) throws(StoreError) {
        _ = try scan { event throws(ReplayError) in visit(event) }
    }

    /// Every durable event, in order.
    public func readEvents() throws(StoreError) -> [Event] {
        var events = [Event]()
        _ = try scan { event throws(ReplayError) in events.append(event) }
        return events
    }

    /// The ledger rebuilt by replaying every durable event (read-only). With `validPrefix`, a
    /// damaged log gives the state before the damage instead of an error.
    public func open(validPrefix: Bool = false) throws(StoreError) -> Ledger {
        let key = try readSecretKey()
        var ledger: Ledger?
        _ = try scan(validPrefix: validPrefix, fullOrders: false) { event throws(ReplayError) in
            if ledger == nil {
                ledger = try Ledger(replaying: [event], secretKey: key)
            } else {
                try ledger?.apply(event)
            }
        }
        guard let ledger else { throw StoreError(.damaged, "the log of \(path) holds no events") }
        return ledger
    }

    /// Opens for appending: takes the lock (or fails naming its holder), recovers the log
    /// (removes a torn tail; refuses any other damage) and replays it.
    public func openForWriting(segmentSizeLimit: Int = LedgerDirectory.defaultSegmentSizeLimit) throws(StoreError)
        -> LedgerWriter {
        let key = try readSecretKey()
        let lock = try LedgerLock(path: lockPath)
        var ledger: Ledger?
        var result = try scan(forWriting: true, fullOrders: false) { event throws(ReplayError) in
            if ledger == nil {
                ledger = try Ledger(replaying: [event], secretKey: key)
            } else {
                try ledger?.apply(event)
            }
        }
        if let torn = result.tornTail { try cutTornTail(torn, &result) }
        guard let ledger else { throw StoreError(.damaged, "the log of \(path) holds no events") }
        let writer = try LogWriter(logDirectory: logPath, scan: result, lock: lock, segmentSizeLimit: segmentSizeLimit)
        return LedgerWriter(ledger: ledger, writer: writer, directory: self)
    }

    /// Removes an unacknowledged tail left by a crash, durably.
    private func cutTornTail(_ torn: LogScanner.TornTail, _ result: inout LogScanner.Result) throws(StoreError) {
        if torn.offset == 0 {
            guard unlink(torn.segment) == 0 else { throw StoreError.posix("unlink", path: torn.segment) }
        } else {
            let file = try POSIXFile(path: torn.segment, flags: O_WRONLY)
            try file.truncate(to: Int64(torn.offset))
            try file.sync()
        }
        try POSIXFile.syncDirectory(logPath)
        result.tornTail = nil
    }
}

/// A ledger opened for appending: its replayed state and the log writer holding the lock.
///
/// Invariant: outside a call, `ledger` is the fold of the durable log plus its pending
/// (`recorded`) and `staged` events, or the log writer has stopped (`LogWriter.failure`) and
/// appends nothing, or (import only) a refused `stage` has left it to be discarded.
public final class LedgerWriter {
    public private(set) var ledger: Ledger
    let writer: LogWriter
    let directory: LedgerDirectory
    /// Events `stage` applied that `writeStaged` has not written yet (import only).
    private var staged: [Event] = []

    init(ledger: Ledger, writer: LogWriter, directory: LedgerDirectory) {
        self.ledger = ledger
        self.writer = writer
        self.directory = directory
    }

    /// Submits one command; its events stay pending until `commit`.
    public func submit(_ command: Command) -> Outcome {
        ledger.submit(command)
    }

    /// Submits one command whose fingerprints a fingerprinter of this ledger worked out.
    public func submit(_ command: Command, fingerprints: CommandFingerprints) -> Outcome {
        ledger.submit(command, fingerprints: fingerprints)
    }

    /// Appends already-recorded events (an import, a copy of another ledger's log), all or
    /// nothing. Each must be the event the state machine records at that point
    /// (`Ledger.applyImported`) and read back from the log as given (`RecordedEventCheck`).
    /// Every event is checked before any is written: when one fails, it is reported as
    /// `.damaged`, nothing is written and the state is rebuilt from the log (a replay), so the
    /// writer goes on as if the call had not been made. Pending events are committed first.
    public func appendRecorded(_ events: [Event]) throws(StoreError) {
        try commit()
        var gate = ImportedEventGate()
        for event in events {
            do throws(ImportedEventGate.Refusal) {
                try gate.admit(event, to: &ledger)
            } catch {
                let stopped = restoreFromLog()
                throw StoreError(.damaged, "\(error). Nothing was written" + (stopped.map { "; \($0)" } ?? ""))
            }
        }
        try events.withUnsafeBufferPointer { events throws(StoreError) in
            try writer.append(events, batchSize: Self.recordedBatchSize)
        }
    }

    /// `import`'s way in, one event at a time: `admit` checks `event` against the state and
    /// applies it, and the event is written with the next `writeStaged`. After a refusal the
    /// state matches no log, and the writer must be discarded with its directory (`import`
    /// writes into a directory of its own and removes it).
    func stage<Refusal: Error>(_ event: Event, admit: (inout Ledger) throws(Refusal) -> Void) throws(Refusal) {
        try admit(&ledger)
        staged.append(event)
    }

    /// How many staged events wait for `writeStaged`.
    var stagedCount: Int { staged.count }

    /// Makes the staged events durable (one write, one fsync).
    func writeStaged() throws(StoreError) {
        try writer.append(staged)
        staged.removeAll(keepingCapacity: true)
    }

    /// Events per write of `appendRecorded` (one fsync each).
    static let recordedBatchSize = 65_536

    /// Rebuilds the state from the durable log after `appendRecorded` applied events it then
    /// did not write. Should that fail, the writer stops (`LogWriter.stop`), never to append
    /// after a state the log does not hold, and the reason is returned.
    private func restoreFromLog() -> String? {
        do throws(StoreError) {
            ledger = try directory.open()
            guard ledger.lastSequence == writer.lastSequence else {
                throw StoreError(.io, "the log read back ends at event \(ledger.lastSequence), "
                    + "not \(writer.lastSequence)")
            }
            return nil
        } catch {
            writer.stop(because: "the state could not be rebuilt from the log: \(error.message)")
            return writer.failure?.message
        }
    }

    /// Starts group commits on a second thread (`BackgroundCommitter`), writing nothing until
    /// `gate` says yes (and holding up to `gatedBytesLimit` bytes of records meanwhile). Until
    /// its `finish` returns, hand batches over with `commit(to:)` only.
    func startBackgroundCommits(gatedBytesLimit: Int = LogPipeline.gatedBytesLimit,
                                gate: @escaping @Sendable () -> StoreError?) -> BackgroundCommitter {
        BackgroundCommitter(log: writer, gatedBytesLimit: gatedBytesLimit, gate: gate)
    }

    /// Hands every pending event to `committer`; durable once its `finish` returns.
    func commit(to committer: BackgroundCommitter) throws(StoreError) {
        try committer.enqueue(ledger.takeRecorded())
    }

    /// Makes every pending event durable (one write, one fsync).
    public func commit() throws(StoreError) {
        let events = ledger.takeRecorded()
        try writer.append(events)
    }

    /// Done writing: releases the lock and the open segment at once, and hands the replayed
    /// state to `StateDisposal` (freed, or kept until the process exits). Pending events are
    /// not written; commit them first. The writer must not be used afterwards.
    public func close() {
        writer.close()
        StateDisposal.dispose(self)
    }
}

extension LedgerDirectory {
    /// Removes this directory, but only when it holds a ledger (for `demo`, which rebuilds
    /// its own); anything else there is left alone and reported.
    public func removeIfLedger() throws(StoreError) {
        let files = FileManager.default
        guard files.fileExists(atPath: path) else { return }
        let names = (try? files.contentsOfDirectory(atPath: path)) ?? []
        let ledgerFiles: Set<String> = [Self.secretKeyFileName, Self.lockFileName, Self.logDirectoryName,
                                         Self.snapshotsDirectoryName]
        guard !names.isEmpty, Set(names).isSubset(of: ledgerFiles) else {
            throw StoreError(.cannotCreate, "\(path) exists and is not a ledger; choose another --ledger")
        }
        do {
            try files.removeItem(atPath: path)
        } catch {
            throw StoreError(.io, "cannot remove the old demo ledger \(path): \(error.localizedDescription)")
        }
    }
}

@_spi(Benchmarks)
extension LedgerWriter {
    /// The log layer alone, for `tierledger-bench-log`: frames, hashes, writes and fsyncs
    /// `events` in batches of `batchSize` (pipelined, as `appendRecorded` and `append` write)
    /// without deciding or checking them. The state does not
    /// see them, so the writer is fit for nothing else afterwards; the events must be the next
    /// ones in sequence (say, a recorded log copied into a new ledger).
    public func appendToLogOnly(_ events: ArraySlice<Event>, batchSize: Int) throws(StoreError) {
        try events.withUnsafeBufferPointer { events throws(StoreError) in
            try writer.append(events, batchSize: batchSize)
        }
    }
}

@_spi(Benchmarks)
extension LedgerDirectory {
    /// What every reader of this log format pays before it does anything with an event, for
    /// `tierledger-bench-log`: reads every segment, checks every checksum and the hash chain,
    /// and skims each record an order writes (`EventCodec.skim`: its strings, buyers and chain
    /// go into the decoder's tables, and no event is built); the other records (about a tenth
    /// of a simulated market's events, among them every `stock.added` with its codes) are
    /// decoded and dropped. On one thread. Returns the number of events read.
    public func skimEveryRecord() throws(StoreError) -> Int {
        let result = try scan(concurrently: false, interest: { _, _ in false }, fullOrders: false) {
            _ throws(ReplayError) in
        }
        return result.eventCount
    }
}
