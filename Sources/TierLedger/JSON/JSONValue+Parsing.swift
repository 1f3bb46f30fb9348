/// Parsing a whole JSON text into a `JSONValue`: the tree of a `JSONDocument`.
extension JSONValue {
    /// Parses exactly one JSON value (whitespace around it allowed).
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(utf8: Array(text.utf8))
    }

    /// Parses exactly one JSON value from UTF-8 bytes.
    public static func parse(utf8 bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try JSONDocument.parse(bytes).value(at: 0)
    }

    /// Parses exactly one JSON value from UTF-8 bytes; errors carry the byte offset.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError)
        -> JSONValue
    {
        try JSONDocument(parsing: bytes).value(at: 0)
    }
}
