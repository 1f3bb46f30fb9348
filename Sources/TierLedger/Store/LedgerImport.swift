import Foundation

/// `import`: builds a new ledger from an NDJSON export, streaming. Each line is decoded,
/// checked against the state it applies to (`ImportedEventGate`) and applied to the new
/// ledger's writer, which writes every `batchSize` events; so the file is read once, the state
/// is built once, and memory holds one piece of the file and one batch besides the state.
///
/// All or nothing: the ledger is built in a directory of its own beside the target
/// (`.NAME.import-PID`) and renamed into place only when every line has been checked and
/// written; a bad line names its line number and the directory is removed. The target must
/// not exist, or be an empty directory.
public enum LedgerImport {
    public enum Failure: Error, Equatable, Sendable {
        case malformed(String)
        case store(StoreError)
        /// The file to import cannot be read (the message says why).
        case unreadable(String)
    }

    /// Events per write (one fsync each).
    static let defaultBatchSize = LedgerWriter.recordedBatchSize

    /// Imports the NDJSON file at `file` (`-`: standard input, say a pipe from `export`) into a
    /// new ledger at `path`; returns the number of events.
    public static func run(file: String, into path: String, secretKey: [UInt8]?) throws(Failure) -> Int {
        try run(file: file, into: path, secretKey: secretKey, pieceSize: LineSource.defaultPieceSize,
                batchSize: defaultBatchSize)
    }

    /// `run(file:…)` reading `pieceSize` bytes at a time and writing `batchSize` events at a time
    /// (tests make them small).
    static func run(file: String, into path: String, secretKey: [UInt8]?, pieceSize: Int,
                    batchSize: Int) throws(Failure) -> Int {
        let handle: POSIXFile
        do throws(StoreError) {
            handle = try POSIXFile(path: file == "-" ? "/dev/stdin" : file, flags: O_RDONLY)
        } catch {
            throw .unreadable(error.message)
        }
        return try run(LineSource(file: handle, pieceSize: pieceSize), into: path, secretKey: secretKey, batchSize: batchSize)
    }

    /// Imports `data` into a new ledger at `path`; returns the number of events.
    public static func run(_ data: [UInt8], into path: String, secretKey: [UInt8]?) throws(Failure) -> Int {
        try run(LineSource(bytes: data), into: path, secretKey: secretKey, batchSize: defaultBatchSize)
    }

    private static func run(_ lines: consuming LineSource, into path: String, secretKey: [UInt8]?,
                            batchSize: Int) throws(Failure) -> Int {
        let target = LedgerDirectory(path: path)
        try checkTargetIsFree(target)
        let staging = stagingDirectory(for: path)
        removeAbandonedStagingDirectories(for: path)
        do throws(StoreError) {
            try staging.removeIfLedger()
        } catch {
            throw .store(error)
        }
        do throws(Failure) {
            let count = try build(lines, in: staging, secretKey: secretKey, batchSize: batchSize)
            try moveIntoPlace(staging, target)
            return count
        } catch {
            try? FileManager.default.removeItem(atPath: staging.path)
            throw error
        }
    }

    /// Checks and writes every line into a new ledger at `staging`; returns the event count.
    ///
    /// Two threads: one reads and decodes lines (about half the work) and hands the events
    /// over in order, in batches of `parseBatchSize`; this one checks, applies and writes
    /// them. A line the parser cannot decode is reported once every line before it has been
    /// checked, so the first bad line is the one named, as on one thread.
    private static func build(_ lines: consuming LineSource, in staging: LedgerDirectory,
                              secretKey: [UInt8]?, batchSize: Int) throws(Failure) -> Int {
        let queue = BatchQueue<NumberedEvent>(depth: 4)
        let source = Handoff(lines)
        let parsing = BackgroundTask<Failure?>(name: "tierledger-import-parse") {
            parse(source.take(), into: queue)
        }
        var check = LineCheck()
        var writer: LedgerWriter?
        defer { writer?.close() }
        var checked: [NumberedEvent]?
        do throws(Failure) {
            while let batch = queue.pop(handingBack: checked.take()) {
                for (line, event) in batch {
                    guard let open = writer else {
                        let settings = try check.start(event, line: line)
                        writer = try store { () throws(StoreError) in
                            try LedgerDirectory.create(at: staging.path, settings: settings, secretKey: secretKey)
                                .openForWriting()
                        }
                        continue
                    }
                    try open.stage(event) { (ledger: inout Ledger) throws(Failure) in
                        try check.admit(event, line: line, to: &ledger)
                    }
                    if open.stagedCount == batchSize { try store { () throws(StoreError) in try open.writeStaged() } }
                }
                checked = batch
            }
        } catch {
            // The parser stops at its next hand-over. It is not waited for: reading a pipe
            // (`import -`), it may wait for input that never comes.
            queue.close()
            throw error
        }
        if let failure = parsing.wait() { throw failure }
        guard let writer else { throw .malformed("the file holds no events") }
        try store { () throws(StoreError) in try writer.writeStaged() }
        return check.eventCount
    }

    /// A decoded line and its number.
    typealias NumberedEvent = (line: Int, event: Event)
    static let parseBatchSize = 1_024

    /// The parsing thread of `build`: decodes every line and hands the events over; returns
    /// the first line's problem, after handing over the events before it.
    private static func parse(_ lines: consuming LineSource, into queue: BatchQueue<NumberedEvent>) -> Failure? {
        var lines = lines
        var parser = LineParser()
        var batch = [NumberedEvent]()
        var isClosed = false
        defer { queue.end() }
        func handOver() {
            guard !batch.isEmpty, !isClosed else { return }
            isClosed = !queue.push(emptying: &batch)
        }
        do throws(Failure) {
            // Before a read waits for input (a pipe, `import -`), the lines decoded so far go
            // over, so that a refused line among them is reported without more input.
            while !isClosed, let line = try lines.next(beforeWaiting: handOver) {
                guard let event = try parser.event(from: line) else { continue }
                batch.append((parser.lineNumber, event))
                if batch.count == parseBatchSize { handOver() }
            }
            handOver()
            return nil
        } catch {
            handOver()
            return error
        }
    }

    /// A value handed to another thread once (the line source, to the parsing thread).
    private final class Handoff<Value>: @unchecked Sendable {
        private var value: Value?
        init(_ value: consuming Value) { self.value = value }
        func take() -> Value {
            guard let value = value.take() else { preconditionFailure("handed off once") }
            return value
        }
    }

    /// `body`'s result, its error a `Failure`.
    private static func store<T>(_ body: () throws(StoreError) -> T) throws(Failure) -> T {
        do throws(StoreError) {
            return try body()
        } catch {
            throw .store(error)
        }
    }

    /// Decodes and checks every line as `import` does, against a ledger in memory, on one
    /// thread, without writing: the events, or the first bad line's problem.
    static func decode(_ data: [UInt8], secretKey: [UInt8]?) throws(Failure) -> [Event] {
        var lines = LineSource(bytes: data)
        var parser = LineParser()
        var check = LineCheck()
        var events = [Event]()
        var ledger: Ledger?
        while let line = try lines.next() {
            guard let event = try parser.event(from: line) else { continue }
            if ledger == nil {
                ledger = Ledger(settings: try check.start(event, line: parser.lineNumber), secretKey: secretKey ?? [])
            } else {
                try check.admit(event, line: parser.lineNumber, to: &ledger!)
            }
            events.append(event)
        }
        guard !events.isEmpty else { throw .malformed("the file holds no events") }
        return events
    }

    /// Decodes lines, counting them: the bytes must be UTF-8 and the event in its NDJSON form
    /// (`Event.decode(ndjson:)`, which checks the commands' shapes).
    struct LineParser {
        private(set) var lineNumber = 0

        /// The event on the next line, or `nil` for a blank one.
        mutating func event(from line: ArraySlice<UInt8>) throws(Failure) -> Event? {
            lineNumber += 1
            // Decoding would replace a bad byte with U+FFFD, and a message would then name the
            // replacement's first byte, not the file's.
            guard let text = String(validating: line, as: UTF8.self) else {
                let bad = LedgerImport.firstInvalidUTF8(line) - line.startIndex
                throw .malformed("line \(lineNumber): not UTF-8 at byte offset \(bad) of the line")
            }
            if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { return nil }
            do {
                return try Event.decode(ndjson: text)
            } catch {
                throw .malformed("line \(lineNumber): \(error)")
            }
        }
    }

    /// Import's checks of each decoded line, in order: the first is the new ledger's start,
    /// every other is checked against the state before it (`ImportedEventGate`).
    struct LineCheck {
        private var gate = ImportedEventGate()
        private(set) var eventCount = 0

        /// The settings of the first event, which must be the `ledger.created` a new ledger
        /// records, with settings `init` takes (replay does not check them).
        mutating func start(_ event: Event, line: Int) throws(Failure) -> LedgerSettings {
            guard case .ledgerCreated(let settings, _) = event.body else {
                throw .malformed("line \(line): the export must start with ledger.created")
            }
            if let problem = settings.problem {
                throw .malformed("line \(line): ledger.created: \(problem)")
            }
            let created = Ledger(settings: settings, secretKey: []).recorded[0]
            guard event == created else {
                let (path, given, expected) = event.jsonValue.firstDifference(from: created.jsonValue)
                throw .malformed("line \(line): \(path) is \(given), but a new ledger records \(expected)")
            }
            do throws(ImportedEventGate.Refusal) {
                try gate.admitFirst(event)
            } catch {
                throw .malformed("line \(line): \(error.problem)")
            }
            eventCount += 1
            return settings
        }

        /// Applies `event` to `ledger` if import's checks pass.
        mutating func admit(_ event: Event, line: Int, to ledger: inout Ledger) throws(Failure) {
            do throws(ImportedEventGate.Refusal) {
                try gate.admit(event, to: &ledger)
            } catch {
                throw .malformed("line \(line): \(error.problem)")
            }
            eventCount += 1
        }
    }

    /// The lines of an export without their newlines, from memory or read from a file in
    /// pieces (only the piece being split and the line it ends in are held). A line longer than
    /// `lineLimit` is refused before it is read whole, so a file without newlines cannot fill
    /// memory.
    struct LineSource {
        private let file: POSIXFile?
        private var buffer: [UInt8]
        /// Where a read lands before its bytes join `buffer` (a pipe gives a few KiB a read).
        private var piece: [UInt8]
        private var start = 0
        /// Where in `buffer` the search for the next newline goes on (before it, none).
        private var searched = 0
        private var atEnd: Bool
        private let lineLimit: Int
        /// Lines handed out so far.
        private var lineCount = 0
        static let defaultPieceSize = 4 << 20
        /// Far above any event's line: the longest, a `stock.added` of 1,000,000 codes, is
        /// about 35 MB.
        static let defaultLineLimit = 256 << 20

        init(bytes: [UInt8], lineLimit: Int = defaultLineLimit) {
            file = nil
            buffer = bytes
            piece = []
            atEnd = true
            self.lineLimit = lineLimit
        }

        init(file: POSIXFile, pieceSize: Int, lineLimit: Int = defaultLineLimit) {
            self.file = file
            buffer = []
            piece = [UInt8](repeating: 0, count: pieceSize)
            atEnd = false
            self.lineLimit = lineLimit
        }

        /// The next line, or `nil` after the last; `unreadable` when reading fails, `malformed`
        /// for a line longer than `lineLimit`. `beforeWaiting` runs before a read that would
        /// wait for input (a pipe whose writer has not written yet).
        mutating func next(beforeWaiting: () -> Void = {}) throws(Failure) -> ArraySlice<UInt8>? {
            while true {
                let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n"))
                let end = newline ?? buffer.count
                guard end - start <= lineLimit else {
                    throw .malformed("line \(lineCount + 1): longer than \(lineLimit) bytes, more than any event takes")
                }
                if let newline {
                    defer { (start, searched) = (newline + 1, newline + 1) }
                    lineCount += 1
                    return buffer[start..<newline]
                }
                searched = buffer.count
                if atEnd {
                    guard start < buffer.count else { return nil }
                    defer { (start, searched) = (buffer.count, buffer.count) }
                    lineCount += 1
                    return buffer[start...]
                }
                if let file, !file.hasInputReady() { beforeWaiting() }
                do throws(StoreError) {
                    try readPiece()
                } catch {
                    throw .unreadable(error.message)
                }
            }
        }

        /// Drops the lines handed out and appends the next piece of the file.
        private mutating func readPiece() throws(StoreError) {
            guard let file else { preconditionFailure("only a file source reads") }
            buffer.removeSubrange(0..<start)
            searched -= start
            start = 0
            let read = piece.withUnsafeMutableBytes { bytes in
                Result { () throws(StoreError) -> Int in try file.readNext(into: bytes) }
            }
            let count = try read.get()
            if count == 0 { atEnd = true } else { buffer.append(contentsOf: piece[..<count]) }
        }
    }

    /// Refuses a target that holds anything: an import builds a new ledger.
    private static func checkTargetIsFree(_ target: LedgerDirectory) throws(Failure) {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        if files.fileExists(atPath: target.logPath) || files.fileExists(atPath: target.secretKeyPath) {
            throw .store(StoreError(.cannotCreate, "a ledger already exists at \(target.path); choose another --ledger"))
        }
        guard isDirectory.boolValue, (try? files.contentsOfDirectory(atPath: target.path))?.isEmpty == true else {
            throw .store(StoreError(.cannotCreate, "\(target.path) exists and is not an empty directory; "
                + "import builds a new ledger: choose another --ledger"))
        }
    }

    /// Where the ledger is built: beside the target, hidden, named by this process.
    private static func stagingDirectory(for path: String, pid: pid_t = getpid()) -> LedgerDirectory {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let name = "." + url.lastPathComponent + ".import-\(pid)"
        return LedgerDirectory(path: url.deletingLastPathComponent().appendingPathComponent(name).path)
    }

    /// Removes what imports into `path` that were killed left behind: directories named as
    /// `stagingDirectory` names them, of processes that no longer run, holding only a ledger's
    /// files (`removeIfLedger`). A directory of a process that runs is another import at work.
    static func removeAbandonedStagingDirectories(for path: String) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let prefix = "." + url.lastPathComponent + ".import-"
        let parent = url.deletingLastPathComponent().path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            // ESRCH: no such process. EPERM means one runs under another user.
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? stagingDirectory(for: path, pid: pid).removeIfLedger()
        }
    }

    /// Renames the built ledger to its target (replacing an empty directory) and makes the
    /// rename durable.
    private static func moveIntoPlace(_ staging: LedgerDirectory, _ target: LedgerDirectory) throws(Failure) {
        guard rename(staging.path, target.path) == 0 else {
            throw .store(StoreError.posix("rename to \(target.path)", path: staging.path))
        }
        do throws(StoreError) {
            try POSIXFile.syncDirectory(URL(fileURLWithPath: target.path).standardizedFileURL
                .deletingLastPathComponent().path)
        } catch {
            throw .store(error)
        }
    }

    /// The index of the first byte of `bytes` where UTF-8 breaks (the slice's end if none):
    /// each scalar is checked on its own, by its lead byte's length.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let width = lead < 0x80 ? 1
                : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            guard width > 0, index + width <= bytes.endIndex,
                  String(validating: bytes[index..<index + width], as: UTF8.self) != nil else { return index }
            index += width
        }
        return index
    }
}
