/// Applies a whole NDJSON input of commands to a ledger directory (SPEC §3.1, `append`).
///
/// One malformed line anywhere and nothing is written: every line is parsed before the log
/// writes anything (the engine decides meanwhile, and the log holds what it frames). Each
/// command is submitted in order, the events are written and fsync'd in batches, and the result
/// is reported once the last batch is durable.
public enum CommandAppender {
    /// What happened to one input.
    public struct Result: Equatable, Sendable {
        public var accepted = 0
        public var duplicates = 0
        public var rejections: [RejectedLine] = []
        public var lastSequence: UInt64 = 0
    }

    /// One rejected command, as `append` reports it on stderr.
    public struct RejectedLine: Equatable, Sendable {
        public var line: Int
        public var type: String
        public var code: RejectionCode
        public var message: String

        /// `{"line":N,"type":…,"code":…,"message":…}`
        public var json: String {
            JSONValue.object([("line", .integer(Int64(line))), ("type", .string(type)),
                              ("code", .string(code.rawValue)), ("message", .string(message))]).jsonText
        }
    }

    public enum Failure: Error, Equatable, Sendable {
        case malformed(CommandParseError)
        case store(StoreError)
    }

    /// Commands are committed (written and fsync'd) in batches of this many, so that memory
    /// stays bounded and the engine decides one batch while the log writes the one before; an
    /// interrupted `append` leaves a prefix of whole batches.
    ///
    /// Why 2,048: the engine frees each batch's events once the log's thread has written them,
    /// and a small batch comes back while its events are still in the caches. `append` of the
    /// 2 M market, medians of five runs each, alternating: 7.48 s with 16,384, 7.06 s with
    /// 2,048, 7.02 s with 1,024, 7.17 s with 512 (whose fsyncs cost more system time). An fsync
    /// (about 0.25 ms) is still a few percent of the engine's time for a batch.
    public static let batchCommandCount = 2_048

    public static func append(_ input: [UInt8], to directory: LedgerDirectory) throws(Failure) -> Result {
        try input.withUnsafeBufferPointer { data throws(Failure) in try append(data, to: directory) }
    }

    /// How many parsed commands `append` keeps ready ahead of the engine, at most: the parsing
    /// thread is also the check that every line is well-formed (nothing is written before it
    /// has read the whole input), so the further ahead it may keep what it parsed, the fewer
    /// lines it parses twice, once to check and once for the engine (`parsedInBackground`).
    ///
    /// Why 1,048,576: the parsing thread is about three times as fast as the engine, so it
    /// parses some 1.6 M commands before its queue is full, and the 2 M market is parsed once
    /// but for its last fifth. `append` of that market, 17 runs alternating with the build
    /// before (whose second thread parsed everything once more to check it): user CPU median
    /// 13.3 → 11.8 s, wall median 7.68 → 7.27 s (faster in 11; at the machine's quickest,
    /// 6.6–6.9 s, the same: the engine's thread sets the pace), peak memory 884–938 →
    /// 1,091–1,127 MB (the parsed commands waiting). With room for 262,144 commands it was no
    /// faster than the build before (7.21–8.85 s in four runs): most lines parsed twice again,
    /// and read by the engine long after they were parsed. At 10 M commands, where most lines
    /// are parsed twice either way: 53.8 s against 55.9 s (one run each).
    public static let lookaheadCommandCount = 1 << 20

    /// `append` over bytes in place (a memory-mapped file).
    ///
    /// Three things overlap: one thread parses the lines and works out their fingerprints
    /// (`CommandFingerprints`), this one decides, and the log's thread (`BackgroundCommitter`)
    /// writes and fsyncs each batch while the engine decides the next. The log's thread writes
    /// nothing until the parsing thread has found every line well-formed: one malformed line
    /// anywhere, and nothing is written.
    public static func append(_ data: UnsafeBufferPointer<UInt8>, to directory: LedgerDirectory) throws(Failure)
        -> Result {
        try append(data, to: directory, lookahead: lookaheadCommandCount)
    }

    /// `append` keeping at most `lookahead` parsed commands ahead of the engine, and at most
    /// `gatedBytesLimit` bytes of records before the input is known to be well-formed
    /// (parameters for tests, which make them small: the input's far end is then checked in a
    /// pass of its own, and the engine waits for that check).
    static func append(_ data: UnsafeBufferPointer<UInt8>, to directory: LedgerDirectory, lookahead: Int,
                       gatedBytesLimit: Int = LogPipeline.gatedBytesLimit) throws(Failure) -> Result {
        let input = BytesInPlace(bytes: data)
        let writer: LedgerWriter
        do throws(StoreError) {
            writer = try directory.openForWriting()
        } catch {
            // A malformed input is the first thing to mend, whatever the ledger's trouble.
            if let malformed = CommandParser.forEachCommand(in: data, { _ in }) { throw .malformed(malformed) }
            throw .store(error)
        }
        let lines = parsedInBackground(input, fingerprinter: writer.ledger.makeFingerprinter(), lookahead: lookahead)
        let committer = writer.startBackgroundCommits(gatedBytesLimit: gatedBytesLimit) {
            lines.verdict.wait() == nil ? nil : StoreError(.io, "the input has a malformed line; nothing was written")
        }
        var result = Result()
        var pending = 0
        var failure: StoreError?
        var previous: [PreparedLine]?
        while failure == nil, var batch = lines.queue.pop(handingBack: previous.take()) {
            // Each line is moved out of the batch, lent and moved back (the batch goes back to
            // the parsing thread to be freed there): `for prepared in batch` copied each line
            // out, and so did lending `prepared[index]` in place, since the engine might, for
            // all the compiler knows, write to the memory it borrows from (a retain and a
            // release of each of the line's strings and arrays, 39.5 M instructions at 200 k).
            batch.withUnsafeMutableBufferPointer { prepared in
                for index in prepared.indices {
                    let slot = prepared.baseAddress! + index
                    let line = slot.move()
                    submit(line, to: writer, into: &result)
                    slot.initialize(to: line)
                    pending += 1
                    if pending == batchCommandCount {
                        do throws(StoreError) { try writer.commit(to: committer) } catch { failure = error }
                        pending = 0
                    }
                }
            }
            previous = batch
        }
        lines.queue.close()
        lines.parser.wait()  // joined before the input's bytes go away
        if failure == nil {
            do throws(StoreError) { try writer.commit(to: committer) } catch { failure = error }
        }
        do throws(StoreError) { try committer.finish() } catch { failure = failure ?? error }
        if let malformed = lines.verdict.wait() { throw .malformed(malformed) }
        if let failure { throw .store(failure) }
        result.lastSequence = writer.ledger.lastSequence
        writer.close()
        return result
    }

    /// Submits one prepared line and tallies its outcome. `borrowing`: passing the line's
    /// parts from the batch straight to `submit` and `tally` copied the line and its
    /// fingerprints (a retain and a release of every string and array in them) for each
    /// command; a borrowed parameter cannot be copied without saying so.
    private static func submit(_ prepared: borrowing PreparedLine, to writer: LedgerWriter, into result: inout Result) {
        tally(writer.submit(prepared.line.command, fingerprints: prepared.fingerprints), prepared.line, into: &result)
    }

    /// One parsed line and its command's fingerprints.
    private struct PreparedLine: Sendable {
        var line: ParsedLine
        var fingerprints: CommandFingerprints
    }

    /// The input's commands, parsed and fingerprinted on a thread of their own and handed over
    /// in batches, and that thread's verdict on the whole input: the first malformed line, or
    /// nil once every line has parsed. The verdict comes before the thread ever waits for the
    /// engine, so the engine may wait for it (the log's gate holds only so much):
    /// 1. every command is kept while the queue has room (`lookahead` commands);
    /// 2. the first time it has none, the rest of the input is parsed to check it, kept not;
    /// 3. the verdict is given, and the rest is parsed again and handed over as room comes.
    /// An input of up to `lookahead` commands more than the engine decides meanwhile is
    /// parsed once. Up to the first malformed line only, and nothing after its verdict.
    private static func parsedInBackground(_ input: BytesInPlace, fingerprinter: CommandFingerprinter,
                                           lookahead: Int)
        -> (queue: BatchQueue<PreparedLine>, verdict: Answer<CommandParseError?>, parser: BackgroundTask<Void>) {
        let batchSize = 1_024
        let queue = BatchQueue<PreparedLine>(depth: max(1, lookahead / batchSize))
        let verdict = Answer<CommandParseError?>()
        let parser = BackgroundTask(name: "tierledger-parse") {
            var fingerprinter = fingerprinter
            var lines = CommandLines(input.bytes)
            var batch = [PreparedLine]()
            batch.reserveCapacity(batchSize)
            func prepare(_ line: ParsedLine) {
                batch.append(PreparedLine(line: line, fingerprints: fingerprinter.fingerprints(of: line.command)))
            }
            var outOfRoom = false  // or the engine stopped taking batches
            var malformed = CommandParser.forEachCommand(from: &lines) { line in
                prepare(line)
                guard batch.count == batchSize else { return true }
                guard queue.push(ifRoom: &batch) == .taken else {
                    outOfRoom = true
                    return false
                }
                batch.reserveCapacity(batchSize)
                return true
            }
            if malformed == nil, outOfRoom {
                var rest = lines
                malformed = CommandParser.forEachCommand(from: &rest) { _ in true }
            }
            verdict.give(malformed)
            if malformed == nil {
                var taken = batch.isEmpty || queue.push(emptying: &batch)
                if taken, outOfRoom {
                    batch.reserveCapacity(batchSize)
                    let again = CommandParser.forEachCommand(from: &lines) { line in
                        prepare(line)
                        if batch.count == batchSize {
                            taken = queue.push(emptying: &batch)
                            batch.reserveCapacity(batchSize)
                        }
                        return taken
                    }
                    assert(again == nil, "lines the checking pass found well-formed parse again")
                    if taken, !batch.isEmpty { _ = queue.push(emptying: &batch) }
                }
            }
            queue.end()
        }
        return (queue, verdict, parser)
    }

    /// The input's bytes, shared with the parsing thread for the length of one `append` call
    /// (which waits for it before it returns).
    private struct BytesInPlace: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }

    static func tally(_ outcome: Outcome, _ line: ParsedLine, into result: inout Result) {
        switch outcome {
        case .accepted: result.accepted += 1
        case .duplicate: result.duplicates += 1
        case .rejected(let code, let message, _):
            result.rejections.append(RejectedLine(line: line.lineNumber, type: line.command.action.typeName,
                                                  code: code, message: message))
        }
    }

    /// Submits each parsed line in order and tallies the outcomes (without committing).
    public static func submit(_ lines: [ParsedLine], to writer: LedgerWriter) -> Result {
        var result = Result()
        for line in lines { tally(writer.submit(line.command), line, into: &result) }
        result.lastSequence = writer.ledger.lastSequence
        return result
    }
}
