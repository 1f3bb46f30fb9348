/// Exactly-one-of alternatives (`fixed`/`bps`/`price`, `codes`/`count`,
/// `supplier`/`distributor`) and the `codes` array.
extension CommandFieldReader {
    /// The one field of `first`, `second`, `third` that the line has. `null` counts as absent,
    /// like for every optional field. None, or more than one, is malformed; the error names
    /// the first present field in SPEC order, or no field when none is present.
    func alternative(_ first: CommandField, _ second: CommandField, _ third: CommandField? = nil)
        throws(CommandParseError) -> CommandField
    {
        let firstPresent = optionalMember(first) != nil
        let secondPresent = optionalMember(second) != nil
        let thirdPresent = third.map { optionalMember($0) != nil } ?? false
        switch (firstPresent, secondPresent, thirdPresent) {
        case (true, false, false): return first
        case (false, true, false): return second
        case (false, false, true): if let third { return third }
        default: break
        }
        let candidates = [first, second] + (third.map { [$0] } ?? [])
        let expected = "exactly one of " + candidates.map(\.name).joined(separator: ", ")
        let present = zip(candidates, [firstPresent, secondPresent, thirdPresent])
            .filter(\.1).map(\.0.name)
        guard let blamed = present.first else {
            throw error(nil, expected, got: "none of them")
        }
        let listed = present.dropLast().joined(separator: ", ") + " and " + (present.last ?? "")
        throw error(blamed, expected, got: listed)
    }

    /// `codes`: an array of strings of 1–256 bytes, possibly empty (the state machine
    /// rejects an empty batch as `invalid_value`). Codes are secrets, so messages show only
    /// their kind, length and position, never their text.
    func codes(_ field: CommandField) throws(CommandParseError) -> [String] {
        let member = try requiredMember(field, Self.codesExpectation)
        guard member.value.kind == .array else {
            throw error(field.name, Self.codesExpectation, got: Self.kindName(member.value.kind))
        }
        var scanner = JSONScanner(line, offset: member.value.start + 1)
        var codes: [String] = []
        do {
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: "]")) { return codes }
            repeat {
                let element = try scanner.scanValue(depth: 1)
                codes.append(try code(element, index: codes.count, field: field, scanner: scanner))
            } while try scanner.scanArraySeparator()
        } catch let syntaxError as JSONSyntaxError {
            // Unreachable: the scan validated the whole line. Say what happened anyway.
            throw CommandParser.invalidJSON(syntaxError, lineNumber: lineNumber)
        } catch let parseError as CommandParseError {
            throw parseError
        } catch {
            throw CommandParseError(line: lineNumber, field: field.name,
                                    expected: Self.codesExpectation)
        }
        return codes
    }

    private func code(_ element: JSONScanner.ValueToken, index: Int, field: CommandField,
                      scanner: JSONScanner) throws(CommandParseError) -> String
    {
        guard element.kind == .string else {
            throw error(field.name, Self.codeExpectation,
                        got: "\(Self.kindName(element.kind)) at index \(index)")
        }
        let token = JSONScanner.StringToken(start: element.start, end: element.end,
                                            hasEscapes: element.flag)
        let code = scanner.withContent(of: token) { bytes -> String? in
            (1...256).contains(bytes.count) ? String(decoding: bytes, as: UTF8.self) : nil
        }
        guard let code else {
            let length = scanner.withContent(of: token) { $0.count }
            let shown = length == 0 ? "\"\"" : "a string of \(length) bytes"
            throw error(field.name, Self.codeExpectation, got: "\(shown) at index \(index)")
        }
        return code
    }

    static func kindName(_ kind: JSONScanner.ValueKind) -> String {
        switch kind {
        case .string: "a string"
        case .number: "a number"
        case .object: "an object"
        case .array: "an array"
        case .boolean: "a boolean"
        case .null: "null"
        }
    }
}
