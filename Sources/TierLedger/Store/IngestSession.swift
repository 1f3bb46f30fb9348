/// The streaming side of `tierledger ingest` (SPEC §11): bytes of NDJSON commands come in as
/// they arrive; every complete line is decided; each chunk's events are made durable with one
/// fsync (group commit) and only then are the chunk's acknowledgements handed back.
///
/// A malformed line cannot undo lines already acknowledged, so in a stream it is acknowledged
/// as `malformed` and skipped; the caller exits 65 at the end if any was. So is a line longer
/// than `lineLimit`: once its start has grown past the limit it is dropped, the rest of it
/// skipped up to its newline, so a stream without newlines cannot fill memory.
public final class IngestSession {
    let writer: LedgerWriter
    /// The start of a line whose newline has not come yet.
    private var partial: [UInt8] = []
    /// Whether the line under way is too long (its start dropped, its rest skipped).
    private var skippingLongLine = false
    private var lineNumber = 0
    let lineLimit: Int
    /// Above any command a person or program would send: 1,000,000 codes of 256 bytes written
    /// plainly take about 260 MB (JSON's escapes and spaces could take more).
    public static let defaultLineLimit = 1 << 30
    public private(set) var accepted = 0
    public private(set) var duplicates = 0
    public private(set) var rejected = 0
    public private(set) var malformed = 0

    /// Bytes held of the line under way (never more than `lineLimit`).
    var heldByteCount: Int { partial.count }

    public init(writer: LedgerWriter, lineLimit: Int = IngestSession.defaultLineLimit) {
        self.writer = writer
        self.lineLimit = lineLimit
    }

    /// Decides every complete line in `bytes` (with what was left over before), commits, and
    /// returns one acknowledgement line (with its newline) per command.
    public func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws(StoreError) -> [UInt8] {
        var acknowledgements = [UInt8]()
        var start = 0
        if let firstNewline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            extendPartial(UnsafeBufferPointer(rebasing: bytes[0..<firstNewline]))
            finishPartial(into: &acknowledgements)
            start = firstNewline + 1
            while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                decide(line: UnsafeBufferPointer(rebasing: bytes[start..<newline]), into: &acknowledgements)
                start = newline + 1
            }
        }
        extendPartial(UnsafeBufferPointer(rebasing: bytes[start...]))
        try writer.commit()
        return acknowledgements
    }

    /// Adds the next bytes of the line under way, or drops it once it is too long.
    private func extendPartial(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !skippingLongLine else { return }
        guard partial.count + bytes.count <= lineLimit else {
            skippingLongLine = true
            partial = []
            return
        }
        partial.append(contentsOf: bytes)
    }

    /// The line under way has ended: decides it (or refuses it as too long).
    private func finishPartial(into acknowledgements: inout [UInt8]) {
        if skippingLongLine {
            skippingLongLine = false
            lineNumber += 1
            acknowledgeTooLong(into: &acknowledgements)
            return
        }
        let line = partial
        partial.removeAll(keepingCapacity: true)
        line.withUnsafeBufferPointer { decide(line: $0, into: &acknowledgements) }
    }

    /// Decides a final line that had no newline, commits, and closes the writer (the session
    /// takes no more input).
    public func finish() throws(StoreError) -> [UInt8] {
        var acknowledgements = [UInt8]()
        if !partial.isEmpty || skippingLongLine { finishPartial(into: &acknowledgements) }
        try writer.commit()
        writer.close()
        return acknowledgements
    }

    /// Acknowledges line `lineNumber` as malformed for its length.
    private func acknowledgeTooLong(into output: inout [UInt8]) {
        malformed += 1
        acknowledge([("line", .integer(Int64(lineNumber))), ("status", .string("malformed")),
                     ("message", .string("line \(lineNumber): longer than \(lineLimit) bytes; skipped"))],
                    into: &output)
    }

    /// Writes one acknowledgement line.
    private func acknowledge(_ members: [(key: String, value: JSONValue)], into output: inout [UInt8]) {
        output.append(contentsOf: JSONValue.object(members).jsonText.utf8)
        output.append(UInt8(ascii: "\n"))
    }

    private func decide(line rawLine: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        lineNumber += 1
        // The same limit for a line within one read as for one across reads.
        guard rawLine.count <= lineLimit else { return acknowledgeTooLong(into: &output) }
        var line = rawLine
        if let last = line.last, last == UInt8(ascii: "\r") { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        var members: [(key: String, value: JSONValue)] = [("line", .integer(Int64(lineNumber)))]
        switch CommandParser.parse(line: line, lineNumber: lineNumber) {
        case .failure(let error):
            malformed += 1
            members += [("status", .string("malformed")), ("message", .string(error.description))]
        case .success(let command):
            switch writer.submit(command) {
            case .accepted(let sequence):
                accepted += 1
                members += [("status", .string("accepted")), ("seq", .integer(Int64(sequence)))]
            case .duplicate(let sequence):
                duplicates += 1
                members += [("status", .string("duplicate")), ("seq", .integer(Int64(sequence)))]
            case .rejected(let code, let message, let recorded):
                rejected += 1
                members.append(("status", .string("rejected")))
                if let recorded { members.append(("seq", .integer(Int64(recorded)))) }
                members += [("code", .string(code.rawValue)), ("message", .string(message))]
            }
        }
        acknowledge(members, into: &output)
    }
}
