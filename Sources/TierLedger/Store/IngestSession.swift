/// The streaming side of `tierledger ingest` (SPEC §11): bytes of NDJSON commands come in as
/// they arrive; every complete line is decided; each chunk's events are made durable with one
/// fsync (group commit) and only then are the chunk's acknowledgements handed back.
///
/// A malformed line cannot undo lines already acknowledged, so in a stream it is acknowledged
/// as `malformed` and skipped; the caller exits 65 at the end if any was.
public final class IngestSession {
    let writer: LedgerWriter
    private var partial: [UInt8] = []
    private var lineNumber = 0
    public private(set) var accepted = 0
    public private(set) var duplicates = 0
    public private(set) var rejected = 0
    public private(set) var malformed = 0

    public init(writer: LedgerWriter) {
        self.writer = writer
    }

    /// Decides every complete line in `bytes` (with what was left over before), commits, and
    /// returns one acknowledgement line (with its newline) per command.
    public func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws(StoreError) -> [UInt8] {
        var acknowledgements = [UInt8]()
        var start = 0
        if let firstNewline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            partial.append(contentsOf: bytes[0..<firstNewline])
            let line = partial
            partial.removeAll(keepingCapacity: true)
            line.withUnsafeBufferPointer { decide(line: $0, into: &acknowledgements) }
            start = firstNewline + 1
            while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                decide(line: UnsafeBufferPointer(rebasing: bytes[start..<newline]), into: &acknowledgements)
                start = newline + 1
            }
        }
        partial.append(contentsOf: bytes[start...])
        try writer.commit()
        return acknowledgements
    }

    /// Decides a final line that had no newline, commits, and closes the writer (the session
    /// takes no more input).
    public func finish() throws(StoreError) -> [UInt8] {
        var acknowledgements = [UInt8]()
        if !partial.isEmpty {
            let line = partial
            partial.removeAll()
            line.withUnsafeBufferPointer { decide(line: $0, into: &acknowledgements) }
        }
        try writer.commit()
        writer.close()
        return acknowledgements
    }

    private func decide(line rawLine: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        lineNumber += 1
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
        output.append(contentsOf: JSONValue.object(members).jsonText.utf8)
        output.append(UInt8(ascii: "\n"))
    }
}
