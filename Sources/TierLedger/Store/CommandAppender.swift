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
    /// stays bounded; an interrupted `append` leaves a prefix of whole batches.
    public static let batchCommandCount = 65_536

    public static func append(_ input: [UInt8], to directory: LedgerDirectory) throws(Failure) -> Result {
        try input.withUnsafeBufferPointer { data throws(Failure) in try append(data, to: directory) }
    }

    /// `append` over bytes in place (a memory-mapped file).
    public static func append(_ data: UnsafeBufferPointer<UInt8>, to directory: LedgerDirectory) throws(Failure)
        -> Result {
        // First pass: a malformed line anywhere means nothing is written.
        if let error = CommandParser.forEachCommand(in: data, { _ in }) { throw .malformed(error) }
        do throws(StoreError) {
            let writer = try directory.openForWriting()
            var result = Result()
            var pending = 0
            var failure: StoreError?
            _ = CommandParser.forEachCommand(in: data) { line in
                guard failure == nil else { return }
                tally(writer.submit(line.command), line, into: &result)
                pending += 1
                if pending == batchCommandCount {
                    do throws(StoreError) { try writer.commit() } catch { failure = error }
                    pending = 0
                }
            }
            if let failure { throw failure }
            try writer.commit()
            result.lastSequence = writer.ledger.lastSequence
            return result
        } catch {
            throw .store(error)
        }
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
