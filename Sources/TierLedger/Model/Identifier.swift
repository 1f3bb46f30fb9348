/// Identifier rules (SPEC §2): 1–64 characters of `A-Z a-z 0-9 . _ : -`.
///
/// Identifiers are kept as `String`s; each kind (supplier, sku, batch, distributor, order,
/// refund, dispute, payout, fee, buyer) has its own namespace in the state machine.
public enum Identifier {
    public static let maximumLength = 64
    public static let expectation = "an id of 1–64 characters from A-Z a-z 0-9 . _ : -"

    /// The sku selector that means "every sku" in markup rules.
    public static let anySku = "*"

    @inlinable
    public static func isValid(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 1, bytes.count <= maximumLength else { return false }
        for byte in bytes where !isAllowed(byte) { return false }
        return true
    }

    public static func isValid(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { isValid(utf8: $0) }
    }

    @inlinable
    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
