/// Applies a whole NDJSON input of commands to a ledger directory (SPEC §3.1, `append`).
///
/// Every line is parsed before anything is decided: one malformed line and nothing is written.
/// Then each command is submitted in order; the events of the whole input are appended and
/// fsync'd once, and only then is the result reported.
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

    /// `append` over bytes in place (a memory-mapped file).
    ///
    /// Four things overlap: one thread checks every line of the input, another parses the lines
    /// for the engine and works out their fingerprints (`CommandFingerprints`), this one
    /// decides, and the log's thread (`BackgroundCommitter`) writes and fsyncs each batch while
    /// the engine decides the next. The log's thread writes nothing until the check has passed:
    /// one malformed line anywhere, and nothing is written.
    public static func append(_ data: UnsafeBufferPointer<UInt8>, to directory: LedgerDirectory) throws(Failure)
        -> Result {
        let input = BytesInPlace(bytes: data)
        let check = BackgroundTask { CommandParser.forEachCommand(in: input.bytes, { _ in }) }
        let writer: LedgerWriter
        do throws(StoreError) {
            writer = try directory.openForWriting()
        } catch {
            if let malformed = check.wait() { throw .malformed(malformed) }
            throw .store(error)
        }
        let committer = writer.startBackgroundCommits {
            check.wait() == nil ? nil : StoreError(.io, "the input has a malformed line; nothing was written")
        }
        let lines = parsedInBackground(input, fingerprinter: writer.ledger.makeFingerprinter())
        var result = Result()
        var pending = 0
        var failure: StoreError?
        var previous: [PreparedLine]?
        while failure == nil, let batch = lines.queue.pop(handingBack: previous.take()) {
            previous = batch
            // Lent in place: `for prepared in batch` copied each line out of the batch (its
            // 150 bytes, and a retain and a release of each of its arrays).
            batch.withUnsafeBufferPointer { prepared in
                for index in prepared.indices {
                    submit(prepared[index], to: writer, into: &result)
                    pending += 1
                    if pending == batchCommandCount {
                        do throws(StoreError) { try writer.commit(to: committer) } catch { failure = error }
                        pending = 0
                    }
                }
            }
        }
        lines.queue.close()
        _ = lines.parser.wait()  // joined before the input's bytes go away
        if failure == nil {
            do throws(StoreError) { try writer.commit(to: committer) } catch { failure = error }
        }
        do throws(StoreError) { try committer.finish() } catch { failure = failure ?? error }
        if let malformed = check.wait() { throw .malformed(malformed) }
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
    /// in batches (up to the first malformed line, which the check reports).
    private static func parsedInBackground(_ input: BytesInPlace, fingerprinter: CommandFingerprinter)
        -> (queue: BatchQueue<PreparedLine>, parser: BackgroundTask<Bool>) {
        let queue = BatchQueue<PreparedLine>(depth: 4)
        let parser = BackgroundTask(name: "tierledger-parse") { () -> Bool in
            var fingerprinter = fingerprinter
            var batch = [PreparedLine]()
            var taken = true
            _ = CommandParser.forEachCommand(in: input.bytes) { line in
                guard taken else { return }
                let prints = fingerprinter.fingerprints(of: line.command)
                batch.append(PreparedLine(line: line, fingerprints: prints))
                if batch.count == 1_024 {
                    taken = queue.push(emptying: &batch)
                    batch.reserveCapacity(1_024)
                }
            }
            if taken, !batch.isEmpty { taken = queue.push(emptying: &batch) }
            queue.end()
            return taken
        }
        return (queue, parser)
    }

    /// The input's bytes, shared with the checking and parsing threads for the length of one
    /// `append` call (which waits for both before it returns).
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
