/// Integers written as ASCII decimal digits straight into a byte buffer, for the text that is
/// written by the million (`export`'s money, times and numbers), where building a `String`
/// per number cost more than the rest of the line.
enum DecimalText {
    /// How many digits `append(value, to:)` writes (1–20).
    static func digitCount(_ value: UInt64) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// `value` in decimal with no leading zeros, as `String(value)` spells it.
    static func append<Sink: ByteSink & ~Copyable>(_ value: UInt64, to bytes: inout Sink) {
        append(value, minimumWidth: 1, to: &bytes)
    }

    /// `value` in decimal, as `String(value)` spells it (`Int64.min` included).
    static func append<Sink: ByteSink & ~Copyable>(_ value: Int64, to bytes: inout Sink) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        append(value.magnitude, to: &bytes)
    }

    /// `value` in decimal, padded with zeros on the left to at least `minimumWidth` (1–20)
    /// digits.
    static func append<Sink: ByteSink & ~Copyable>(_ value: UInt64, minimumWidth: Int, to bytes: inout Sink) {
        precondition((1...20).contains(minimumWidth), "a width of 1–20 digits")
        var remaining = value
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for all 20 digits
        withUnsafeMutableBytes(of: &digits) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            var start = buffer.count
            while remaining > 0 || buffer.count - start < minimumWidth {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }
}
