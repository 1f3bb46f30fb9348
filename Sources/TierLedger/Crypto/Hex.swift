/// Lowercase hexadecimal text for digests and fingerprints.
///
/// Encoding always writes lowercase; decoding accepts only lowercase, so every value has exactly
/// one spelling and two texts compare equal exactly when their values do (the ledger stores and
/// compares these texts).
enum Hex {
    /// The 16 lowercase digits, indexed by nibble.
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `bytes` as `2 × bytes.count` lowercase hex digits.
    static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        let characterCount = bytes.count * 2
        return digits.withUnsafeBufferPointer { digits in
            String(unsafeUninitializedCapacity: characterCount) { output in
                var index = 0
                for byte in bytes {
                    output[index] = digits[Int(byte >> 4)]
                    output[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }

    /// Appends `bytes` as `2 × bytes.count` lowercase hex digits to `output`.
    static func append<Sink: ByteSink & ~Copyable>(_ bytes: UnsafeRawBufferPointer, to output: inout Sink) {
        digits.withUnsafeBufferPointer { digits in
            for byte in bytes {
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
        }
    }

    /// The bytes spelled by `text`, which must be exactly `byteCount × 2` lowercase hex digits;
    /// nil otherwise.
    static func decode(_ text: String, byteCount: Int) -> [UInt8]? {
        let utf8 = text.utf8
        guard utf8.count == byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        var high: UInt8?
        for character in utf8 {
            guard let nibble = nibble(character) else { return nil }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    /// The value of one lowercase hex digit, or nil.
    static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
