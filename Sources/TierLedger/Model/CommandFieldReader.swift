/// Reads typed, validated field values out of one scanned command line, and builds the
/// `CommandParseError`s that say which field is wrong and how.
///
/// The reader works on the positions found by the scan (`CommandMember`s); it builds a
/// `String` only for values a command keeps (ids, names, texts, codes) and parses money,
/// times and integers straight from the line's bytes.
///
/// Conventions (README, "Malformed input"): a required field that is missing is malformed;
/// an optional field that is missing or JSON `null` is absent; a value of the wrong JSON kind
/// is malformed and the message shows its kind ("got a number 85").
struct CommandFieldReader {
    let line: UnsafeBufferPointer<UInt8>
    let members: UnsafeBufferPointer<CommandMember>
    let lineNumber: Int

    /// Longest value shown after "got", in Unicode scalars.
    static let previewLimit = 40

    var scanner: JSONScanner { JSONScanner(line) }

    /// The member for `field`, or `nil` when the line lacks it. Keys are unique by now.
    func member(_ field: CommandField) -> CommandMember? {
        for member in members where member.field == field { return member }
        return nil
    }

    /// The member for an optional `field`; `nil` when it is missing or `null`.
    func optionalMember(_ field: CommandField) -> CommandMember? {
        guard let member = member(field), member.value.kind != .null else { return nil }
        return member
    }

    /// The member for a required `field`; a missing one is malformed. `null` is returned
    /// and then rejected as a value of the wrong kind by the caller.
    func requiredMember(_ field: CommandField, _ expectation: @autoclosure () -> String)
        throws(CommandParseError) -> CommandMember
    {
        guard let member = member(field) else {
            throw error(field.name, expectation(), got: "nothing (the field is missing)")
        }
        return member
    }

    func error(_ field: String?, _ expected: String, got: String?) -> CommandParseError {
        CommandParseError(line: lineNumber, field: field, expected: expected, got: got)
    }

    /// The value of `member` is not what `expected` describes. `typed` names the JSON kind
    /// in front of the value, for values of the wrong kind ("a number 85").
    func mismatch(_ member: CommandMember, _ expected: String, typed: Bool) -> CommandParseError {
        error(member.field?.name, expected, got: describe(member.value, typed: typed))
    }

    /// A short rendering of a value for "got …".
    func describe(_ value: JSONScanner.ValueToken, typed: Bool) -> String {
        switch value.kind {
        case .string:
            let token = JSONScanner.StringToken(start: value.start, end: value.end,
                                                hasEscapes: value.flag)
            let preview = scanner.withContent(of: token) { Self.quotedPreview($0) }
            return typed ? "a string " + preview : preview
        case .number:
            let literal = UnsafeBufferPointer(rebasing: line[value.start..<value.end])
            let text = Self.quotedPreview(literal, quoted: false)
            return typed ? "a number " + text : text
        case .object: return "an object"
        case .array: return "an array"
        case .boolean: return value.flag ? "true" : "false"
        case .null: return "null"
        }
    }

    /// `bytes` as a JSON string literal, cut to `previewLimit` scalars; a cut is marked with
    /// `…` and the full length in bytes, outside the quotes so it is not mistaken for data.
    static func quotedPreview(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool = true) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let scalars = text.unicodeScalars
        var shown = text
        var suffix = ""
        if scalars.count > previewLimit {
            shown = String(String.UnicodeScalarView(scalars.prefix(previewLimit)))
            suffix = "… (\(bytes.count) bytes)"
        }
        return (quoted ? JSONStringEscaping.quoted(shown) : shown) + suffix
    }

    /// A key as decoded from the input, for messages about fields the parser does not know.
    func keyName(_ member: CommandMember) -> String {
        if let field = member.field { return field.name }
        return scanner.withContent(of: member.key) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            let scalars = text.unicodeScalars
            guard scalars.count > Self.previewLimit else { return text }
            return String(String.UnicodeScalarView(scalars.prefix(Self.previewLimit))) + "…"
        }
    }
}
