/// A write position in memory reserved for one NDJSON line (`CommandLineEncoder` reserves an
/// upper bound on the line's size first, so no write here checks for room).
///
/// Strings are escaped exactly as `JSONStringEscaping` does (RFC 8259 §7): `"`, `\` and the
/// control characters below U+0020, as `\b \f \n \r \t` where those exist, else `\u00xx`.
struct LineCursor {
    let start: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(start: UnsafeMutablePointer<UInt8>) {
        self.start = start
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        start[count] = value
        count += 1
    }

    @inline(__always)
    mutating func bytes(_ values: UnsafeRawBufferPointer) {
        guard let base = values.baseAddress else { return }
        (start + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: values.count)
        count += values.count
    }

    /// `value` (0–99) as two digits.
    @inline(__always)
    mutating func twoDigits(_ value: Int) {
        byte(UInt8(ascii: "0") + UInt8(value / 10))
        byte(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// The decimal digits of `value`.
    mutating func decimal(_ value: UInt64) {
        var digitCount = 1
        var scale: UInt64 = 10
        while digitCount < 20, value >= scale {
            digitCount += 1
            scale = scale &* 10
        }
        var remaining = value
        for offset in stride(from: digitCount - 1, through: 0, by: -1) {
            start[count + offset] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        count += digitCount
    }

    /// `"…"` with `text` escaped.
    mutating func quoted(_ text: String) {
        byte(UInt8(ascii: "\""))
        var copy = text
        copy.withUTF8 { utf8 in
            for value in utf8 {
                if value >= 0x20, value != UInt8(ascii: "\""), value != UInt8(ascii: "\\") {
                    byte(value)
                } else {
                    escape(value)
                }
            }
        }
        byte(UInt8(ascii: "\""))
    }

    private mutating func escape(_ value: UInt8) {
        byte(UInt8(ascii: "\\"))
        switch value {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte(value)
        case 0x08: byte(UInt8(ascii: "b"))
        case 0x0C: byte(UInt8(ascii: "f"))
        case 0x0A: byte(UInt8(ascii: "n"))
        case 0x0D: byte(UInt8(ascii: "r"))
        case 0x09: byte(UInt8(ascii: "t"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            byte(UInt8(ascii: "u"))
            byte(UInt8(ascii: "0"))
            byte(UInt8(ascii: "0"))
            byte(hexDigits.utf8Start[Int(value >> 4)])
            byte(hexDigits.utf8Start[Int(value & 0x0F)])
        }
    }
}
