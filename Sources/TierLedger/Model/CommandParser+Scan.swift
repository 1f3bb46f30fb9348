/// The first pass over a line (JSON syntax, keys recognised, members recorded), then the
/// whole-line checks in their documented order: repeated keys, `type`, unknown keys.
extension CommandParser {
    /// What the first pass learned besides the members themselves.
    struct MemberScan {
        var count = 0
        /// `CommandField.bit` of every known key seen.
        var seenFields: UInt64 = 0
        /// The index of the first member whose key repeats an earlier known key.
        var firstRepeat: Int?
        /// Whether some key is not a field of any command type.
        var hasUnknownKey = false
    }

    /// A well-formed line has at most 9 members (`order.reserve`); room for a few more keeps
    /// nearly every malformed line on the stack too.
    static let membersOnStack = 16

    static func command(line: UnsafeBufferPointer<UInt8>, lineNumber: Int)
        throws(CommandParseError) -> Command
    {
        var scanner = JSONScanner(line)
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "{") else {
            throw notAnObject(line: line, lineNumber: lineNumber)
        }
        let objectStart = scanner.offset
        let onStack = try withUnsafeTemporaryAllocation(
            of: CommandMember.self, capacity: membersOnStack
        ) { (members) throws(CommandParseError) -> Command? in
            try command(line: line, lineNumber: lineNumber, objectStart: objectStart,
                        members: members)
        }
        if let onStack { return onStack }
        // More members than any command has: scan again with room for all of them
        // (every member takes at least 4 bytes plus a separator).
        let capacity = line.count / 4 + 1
        let onHeap = try withUnsafeTemporaryAllocation(
            of: CommandMember.self, capacity: capacity
        ) { (members) throws(CommandParseError) -> Command? in
            try command(line: line, lineNumber: lineNumber, objectStart: objectStart,
                        members: members)
        }
        guard let onHeap else {
            throw CommandParseError(line: lineNumber, field: nil, expected: "a JSON object",
                                    got: "more members than the parser can hold")
        }
        return onHeap
    }

    /// Parses the object at `objectStart`; `nil` when it has more members than `members` holds.
    private static func command(
        line: UnsafeBufferPointer<UInt8>, lineNumber: Int, objectStart: Int,
        members: UnsafeMutableBufferPointer<CommandMember>
    ) throws(CommandParseError) -> Command? {
        var scanner = JSONScanner(line, offset: objectStart)
        let scan: MemberScan
        do {
            guard let result = try scanMembers(&scanner, into: members) else { return nil }
            scan = result
        } catch {
            throw invalidJSON(error, lineNumber: lineNumber)
        }
        let reader = CommandFieldReader(
            line: line, members: UnsafeBufferPointer(rebasing: members[0..<scan.count]),
            lineNumber: lineNumber)
        if let repeated = scan.firstRepeat {
            let member = reader.members[repeated]
            throw reader.error(reader.keyName(member), "each field at most once per line",
                               got: "it again at byte offset \(member.key.start - 1)")
        }
        let type = try reader.commandType()
        if scan.hasUnknownKey || scan.seenFields & ~type.allowedFields != 0 {
            try reader.rejectUnknownFields(for: type)
        }
        let at = try reader.timestamp(.at)
        return Command(at: at, action: try reader.action(type))
    }

    /// Scans an object starting at `{` through the end of the line into `members`.
    private static func scanMembers(
        _ scanner: inout JSONScanner, into members: UnsafeMutableBufferPointer<CommandMember>
    ) throws(JSONSyntaxError) -> MemberScan? {
        var scan = MemberScan()
        _ = scanner.consume(UInt8(ascii: "{"))
        scanner.skipWhitespace()
        if !scanner.consume(UInt8(ascii: "}")) {
            repeat {
                let key = try scanner.scanMemberKey()
                let value = try scanner.scanValue(depth: 1)
                guard scan.count < members.count else { return nil }
                let field = scanner.withContent(of: key) { CommandField.identify($0) }
                if let field {
                    if scan.seenFields & field.bit != 0, scan.firstRepeat == nil {
                        scan.firstRepeat = scan.count
                    }
                    scan.seenFields |= field.bit
                } else {
                    scan.hasUnknownKey = true
                }
                members[scan.count] = CommandMember(field: field, key: key, value: value)
                scan.count += 1
            } while try scanner.scanObjectSeparator()
        }
        try scanner.expectEnd()
        return scan
    }

    static func invalidJSON(_ error: JSONSyntaxError, lineNumber: Int) -> CommandParseError {
        CommandParseError(line: lineNumber, field: nil, expected: "a JSON object",
                          got: "invalid JSON: \(error)")
    }

    /// The error for a line that does not start with `{`: say what it is instead.
    private static func notAnObject(line: UnsafeBufferPointer<UInt8>, lineNumber: Int)
        -> CommandParseError
    {
        if isBlank(line) {
            return CommandParseError(line: lineNumber, field: nil, expected: "a JSON object",
                                     got: "an empty line")
        }
        var scanner = JSONScanner(line)
        let value: JSONScanner.ValueToken
        do {
            value = try scanner.scanValue()
            try scanner.expectEnd()
        } catch {
            return invalidJSON(error, lineNumber: lineNumber)
        }
        let reader = CommandFieldReader(
            line: line, members: UnsafeBufferPointer(start: nil, count: 0), lineNumber: lineNumber)
        return CommandParseError(line: lineNumber, field: nil, expected: "a JSON object",
                                 got: reader.describe(value, typed: true))
    }
}
