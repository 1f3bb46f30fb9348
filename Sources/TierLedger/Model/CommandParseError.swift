/// Why an input line is malformed (SPEC §3.1): the line, the field to blame if one is, what
/// was expected and, where it helps, what was found.
///
/// The description is the message a user sees, always in this shape:
/// `line 3: field "cost": expected a money string with exactly two fraction digits like
/// "85.00", got "85"`. Values shown after `got` are cut to about 40 characters, and code
/// secrets are never shown (only their kind or length).
public struct CommandParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based line number in the input.
    public var line: Int
    /// The key to blame (as decoded from the input), or `nil` when the line as a whole is.
    public var field: String?
    /// Completes "expected …".
    public var expected: String
    /// Completes ", got …"; `nil` when nothing useful can be shown.
    public var got: String?

    public init(line: Int, field: String?, expected: String, got: String? = nil) {
        self.line = line
        self.field = field
        self.expected = expected
        self.got = got
    }

    public var description: String {
        var text = "line \(line): "
        if let field { text += "field \(JSONStringEscaping.quoted(field)): " }
        text += "expected \(expected)"
        if let got { text += ", got \(got)" }
        return text
    }
}
