/// Identifier and code text for the simulated market: a prefix and zero-padded digits
/// (`O000000042`), short enough to stay in Swift's inline small-string form (≤ 15 bytes).
enum SimulatedIdentifiers {
    /// `prefix` (at most 16 bytes) followed by `number` (≥ 0) zero-padded to `width` digits.
    static func make(_ prefix: String, _ number: Int64, width: Int) -> String {
        precondition(number >= 0 && width <= 20, "identifiers number from zero")
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var count = 0
            for byte in prefix.utf8 where count < 16 {
                buffer[count] = byte
                count += 1
            }
            var digitCount = 0
            var remaining = number
            repeat {
                digitCount += 1
                remaining /= 10
            } while remaining > 0
            let total = Swift.max(width, digitCount)
            remaining = number
            for position in stride(from: count + total - 1, through: count, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            let text = UnsafeBufferPointer(rebasing: buffer[0..<(count + total)])
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// Crockford's base-32 alphabet (no I, L, O, U): codes that read well aloud.
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A code secret: `initial` then 13 base-32 digits (65 bits) of a bijective scramble of
    /// `serial`, so that distinct serials always give distinct codes that look random.
    static func code(initial: UInt8, serial: UInt64, salt: UInt64) -> String {
        var mixed = serial ^ salt
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 14) { buffer in
            buffer[0] = initial
            var remaining = mixed
            for index in stride(from: 13, through: 1, by: -1) {
                buffer[index] = alphabet[Int(remaining & 31)]
                remaining >>= 5
            }
            return String(decoding: UnsafeBufferPointer(buffer), as: UTF8.self)
        }
    }
}
