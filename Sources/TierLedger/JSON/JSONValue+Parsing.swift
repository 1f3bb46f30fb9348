/// Parsing a whole JSON text into a `JSONValue`, on top of `JSONScanner`.
extension JSONValue {
    /// Parses exactly one JSON value (whitespace around it allowed).
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var copy = text
        // `withUTF8` only rethrows untyped errors, so carry the typed one out in a `Result`.
        let result = copy.withUTF8 { bytes in
            Result { () throws(JSONSyntaxError) -> JSONValue in try parse(utf8: bytes) }
        }
        return try result.get()
    }

    /// Parses exactly one JSON value from UTF-8 bytes.
    public static func parse(utf8 bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            try parse(utf8: buffer)
        }
    }

    /// Parses exactly one JSON value from UTF-8 bytes; errors carry the byte offset.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError)
        -> JSONValue
    {
        var scanner = JSONScanner(bytes)
        let value = try parseValue(&scanner, depth: 0)
        try scanner.expectEnd()
        return value
    }

    private static func parseValue(_ scanner: inout JSONScanner, depth: Int)
        throws(JSONSyntaxError) -> JSONValue
    {
        scanner.skipWhitespace()
        switch scanner.peek {
        case UInt8(ascii: "{"):
            return try parseObject(&scanner, depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(&scanner, depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(scanner.string(try scanner.scanString()))
        default:
            // Scalars: the scanner validates them and reports anything unexpected.
            let token = try scanner.scanValue(depth: depth)
            switch token.kind {
            case .number:
                let text = UnsafeBufferPointer(rebasing: scanner.bytes[token.start..<token.end])
                return .number(String(decoding: text, as: UTF8.self))
            case .boolean: return .bool(token.flag)
            default: return .null
            }
        }
    }

    private static func parseObject(_ scanner: inout JSONScanner, depth: Int)
        throws(JSONSyntaxError) -> JSONValue
    {
        if depth > JSONScanner.depthLimit {
            throw JSONSyntaxError(.tooDeep, offset: scanner.offset)
        }
        _ = scanner.consume(UInt8(ascii: "{"))
        var members: [(key: String, value: JSONValue)] = []
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            let key = scanner.string(try scanner.scanMemberKey())
            members.append((key: key, value: try parseValue(&scanner, depth: depth)))
        } while try scanner.scanObjectSeparator()
        return .object(members)
    }

    private static func parseArray(_ scanner: inout JSONScanner, depth: Int)
        throws(JSONSyntaxError) -> JSONValue
    {
        if depth > JSONScanner.depthLimit {
            throw JSONSyntaxError(.tooDeep, offset: scanner.offset)
        }
        _ = scanner.consume(UInt8(ascii: "["))
        var elements: [JSONValue] = []
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try parseValue(&scanner, depth: depth))
        } while try scanner.scanArraySeparator()
        return .array(elements)
    }
}
