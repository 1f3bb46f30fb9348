/// The command language (SPEC §3, §3.1): NDJSON lines in, typed `Command`s out.
///
/// A line is well-formed when it is one JSON object whose `type` is one of the 22 command
/// types, whose `at` is an RFC 3339 time, and whose other keys are exactly the fields that
/// type defines, each of the right kind and syntax. Anything else is a `CommandParseError`
/// naming the line, the field and what was expected. Range checks that the SPEC makes
/// `invalid_value` (qty 0, negative bps, …) are left to the state machine.
///
/// Order of checks within a line, so that every malformed line has one defined error:
/// 1. JSON syntax of the whole line (not an object, bad escapes, invalid UTF-8, trailing data);
/// 2. a key repeated (the first repeat in reading order);
/// 3. `type`; 4. keys the type does not define (the first in reading order);
/// 5. `at`; 6. the type's fields in SPEC table order.
public enum CommandParser {
    /// Parses one line (without its `\n`; a trailing `\r` is whitespace).
    public static func parse(line: UnsafeBufferPointer<UInt8>, lineNumber: Int)
        -> Result<Command, CommandParseError>
    {
        do {
            return .success(try command(line: line, lineNumber: lineNumber))
        } catch {
            return .failure(error)
        }
    }

    /// Parses one line of text.
    public static func parse(_ line: String, lineNumber: Int = 1)
        -> Result<Command, CommandParseError>
    {
        var copy = line
        return copy.withUTF8 { parse(line: $0, lineNumber: lineNumber) }
    }

    /// Parses a whole NDJSON input: lines split on `\n` and numbered from 1, a trailing `\r`
    /// stripped, lines of only whitespace skipped (they still count), a missing final newline
    /// allowed, a UTF-8 byte order mark at the very start ignored. Stops at the first
    /// malformed line and returns only its error, because a malformed input is applied not
    /// at all (SPEC §3.1).
    public static func parseAll(_ data: [UInt8]) -> Result<[ParsedLine], CommandParseError> {
        data.withUnsafeBufferPointer { parseAll(utf8: $0) }
    }

    /// `parseAll` over bytes in memory (a mapped file, a buffer read from stdin).
    public static func parseAll(utf8 data: UnsafeBufferPointer<UInt8>)
        -> Result<[ParsedLine], CommandParseError>
    {
        var parsed: [ParsedLine] = []
        // Typical lines are well over 100 bytes; a close guess saves most regrowth copies.
        parsed.reserveCapacity(data.count / 128 + 1)
        if let error = forEachCommand(in: data, { parsed.append($0) }) { return .failure(error) }
        return .success(parsed)
    }

    /// Parses the lines of `data` one by one (the splitting rules of `parseAll`), handing each
    /// command to `body` without keeping it; returns the first malformed line's error, if any.
    public static func forEachCommand(in data: UnsafeBufferPointer<UInt8>,
                                      _ body: (ParsedLine) -> Void) -> CommandParseError? {
        var lines = CommandLines(data)
        return forEachCommand(from: &lines) { line in
            body(line)
            return true
        }
    }

    /// Parses the lines `lines` has not yet given, handing each command to `body` until `body`
    /// returns false (then `lines` stands after that command's line, so that a later call goes
    /// on from the next); returns the first malformed line's error, if any, and stops there.
    static func forEachCommand(from lines: inout CommandLines,
                               _ body: (ParsedLine) -> Bool) -> CommandParseError? {
        while let (line, lineNumber) = lines.next() {
            switch parse(line: line, lineNumber: lineNumber) {
            case .success(let command):
                if !body(ParsedLine(lineNumber: lineNumber, command: command)) { return nil }
            case .failure(let error):
                return error
            }
        }
        return nil
    }

    static func hasByteOrderMark(_ data: UnsafeBufferPointer<UInt8>) -> Bool {
        data.count >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF
    }

    /// The index of the next `\n` at or after `start`, or `data.count` when there is none.
    ///
    /// Looks at eight bytes at a time (the classic "has a zero byte" bit trick on the word
    /// XOR-ed with newlines), because splitting lines is a fifth of the parser's time otherwise.
    static func nextNewline(in data: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        #if _endian(little)
        if let base = data.baseAddress {
            let raw = UnsafeRawPointer(base)
            let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
            while index + 8 <= data.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ newlines
                let zeroBytes = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                if zeroBytes != 0 {
                    // The lowest set bit marks the first newline: the trick's false positives
                    // only appear above a real zero byte, i.e. later in little-endian memory.
                    return index + zeroBytes.trailingZeroBitCount / 8
                }
                index += 8
            }
        }
        #endif
        while index < data.count, data[index] != UInt8(ascii: "\n") { index += 1 }
        return index
    }

    /// Whether a line holds only JSON whitespace.
    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var scanner = JSONScanner(line)
        scanner.skipWhitespace()
        return scanner.isAtEnd
    }
}

/// The lines of an NDJSON input one at a time, by the splitting rules of
/// `CommandParser.parseAll`: split on `\n` and numbered from 1, a trailing `\r` stripped, lines
/// of only whitespace skipped (they still count), a UTF-8 byte order mark at the very start
/// ignored. A value: a copy goes on from where the original stood without moving it.
struct CommandLines {
    let data: UnsafeBufferPointer<UInt8>
    /// Where the next line starts.
    private(set) var offset: Int
    /// The number of the line before `offset` (0 at the start).
    private(set) var lineNumber = 0

    init(_ data: UnsafeBufferPointer<UInt8>) {
        self.data = data
        offset = CommandParser.hasByteOrderMark(data) ? 3 : 0
    }

    /// The next line that is not blank, without its newline, and its number; nil at the end.
    mutating func next() -> (line: UnsafeBufferPointer<UInt8>, number: Int)? {
        while offset < data.count {
            lineNumber += 1
            let newline = CommandParser.nextNewline(in: data, from: offset)
            var lineEnd = newline
            if lineEnd > offset, data[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: data[offset..<lineEnd])
            offset = newline + 1
            if !CommandParser.isBlank(line) { return (line, lineNumber) }
        }
        return nil
    }
}
