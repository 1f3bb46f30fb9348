/// Builds one JSON object as compact text, with its keys in the order they are written.
///
/// The project's NDJSON lines (commands, events, acknowledgements, rejections) come from
/// here, so output is deterministic: no hashing, no floating point, strings escaped per
/// RFC 8259 by `JSONStringEscaping`, money as a string with two fraction digits.
///
/// Invariant: the caller writes each key at most once (not checked: the writers in this
/// project write fixed key sequences). `raw` trusts its argument to be one JSON value.
///
///     var writer = JSONObjectWriter()
///     writer.string("type", "order.place")
///     writer.integer("qty", 2)
///     let line = writer.finish()   // {"type":"order.place","qty":2}
public struct JSONObjectWriter: Sendable {
    private var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func string(_ key: String, _ value: String) {
        appendKey(key)
        JSONStringEscaping.appendQuoted(value, to: &bytes)
    }

    public mutating func integer(_ key: String, _ value: Int64) {
        appendKey(key)
        Self.appendDecimal(value.magnitude, negative: value < 0, to: &bytes)
    }

    public mutating func integer(_ key: String, _ value: Int) {
        integer(key, Int64(value))
    }

    public mutating func integer(_ key: String, _ value: UInt64) {
        appendKey(key)
        Self.appendDecimal(value, negative: false, to: &bytes)
    }

    /// Money as a JSON string, `"85.00"` (`"-1.20"` for a negative balance).
    public mutating func money(_ key: String, _ value: Money) {
        appendKey(key)
        bytes.append(UInt8(ascii: "\""))
        let magnitude = value.minorUnits.magnitude
        Self.appendDecimal(magnitude / 100, negative: value.minorUnits < 0, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 100 / 10))
        bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
        bytes.append(UInt8(ascii: "\""))
    }

    /// A time as its canonical RFC 3339 string in UTC.
    public mutating func timestamp(_ key: String, _ value: Timestamp) {
        string(key, value.rfc3339)
    }

    public mutating func bool(_ key: String, _ value: Bool) {
        appendKey(key)
        appendASCII(value ? "true" : "false")
    }

    public mutating func null(_ key: String) {
        appendKey(key)
        appendASCII("null")
    }

    /// An already encoded JSON value (an array of legs, a nested object), copied verbatim.
    public mutating func raw(_ key: String, _ json: String) {
        appendKey(key)
        bytes.append(contentsOf: json.utf8)
    }

    public mutating func stringArray(_ key: String, _ values: [String]) {
        appendKey(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONStringEscaping.appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Any document value, encoded compactly.
    public mutating func value(_ key: String, _ value: JSONValue) {
        appendKey(key)
        value.appendJSON(to: &bytes)
    }

    /// The finished object, `{…}`, without a line terminator.
    public func finish() -> String {
        String(decoding: finishUTF8(), as: UTF8.self)
    }

    /// The finished object as UTF-8 bytes, for writers that go straight to a file.
    public func finishUTF8() -> [UInt8] {
        var result = bytes
        result.append(UInt8(ascii: "}"))
        return result
    }

    private mutating func appendKey(_ key: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        JSONStringEscaping.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func appendASCII(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start,
                                                     count: text.utf8CodeUnitCount))
    }

    /// Decimal digits of `magnitude`, with a leading `-` when `negative`.
    static func appendDecimal(_ magnitude: UInt64, negative: Bool, to output: inout [UInt8]) {
        if negative { output.append(UInt8(ascii: "-")) }
        // 20 digits hold UInt64.max; fill from the right, then copy the used part.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var remaining = magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }
}
