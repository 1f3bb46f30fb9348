/// One `"key": value` member of a command line's object, as positions in the line.
///
/// The command parser first scans the whole line into these (validating the JSON and
/// recognising keys), then reads fields out of them; nothing here owns memory, so a line's
/// members live in a stack buffer.
struct CommandMember {
    /// The field the key names, or `nil` for a key that no command type has.
    var field: CommandField?
    var key: JSONScanner.StringToken
    var value: JSONScanner.ValueToken

    /// The value as a string token; meaningful when `value.kind == .string`.
    var stringToken: JSONScanner.StringToken {
        JSONScanner.StringToken(start: value.start, end: value.end, hasEscapes: value.flag)
    }
}
