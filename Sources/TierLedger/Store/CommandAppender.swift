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

    public static func append(_ input: [UInt8], to directory: LedgerDirectory) throws(Failure) -> Result {
        let lines: [ParsedLine]
        switch CommandParser.parseAll(input) {
        case .success(let parsed): lines = parsed
        case .failure(let error): throw .malformed(error)
        }
        do throws(StoreError) {
            let writer = try directory.openForWriting()
            let result = submit(lines, to: writer)
            try writer.commit()
            return result
        } catch {
            throw .store(error)
        }
    }

    /// Submits each parsed line in order and tallies the outcomes.
    public static func submit(_ lines: [ParsedLine], to writer: LedgerWriter) -> Result {
        var result = Result()
        for line in lines {
            switch writer.submit(line.command) {
            case .accepted: result.accepted += 1
            case .duplicate: result.duplicates += 1
            case .rejected(let code, let message, _):
                result.rejections.append(RejectedLine(line: line.lineNumber, type: line.command.action.typeName,
                                                      code: code, message: message))
            }
        }
        result.lastSequence = writer.ledger.lastSequence
        return result
    }
}
