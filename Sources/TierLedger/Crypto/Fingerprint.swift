// TEMPORARY stand-in until the HMAC-based fingerprint lands from the crypto work.
public struct Fingerprint: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64
    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }
    public static func < (a: Fingerprint, b: Fingerprint) -> Bool { (a.high, a.low) < (b.high, b.low) }
    public var hex: String {
        let h = String(high, radix: 16), l = String(low, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h + String(repeating: "0", count: 16 - l.count) + l
    }
    public var description: String { hex }
    public init?(hex: String) {
        guard hex.utf8.count == 32, let h = UInt64(hex.prefix(16), radix: 16),
              let l = UInt64(hex.suffix(16), radix: 16) else { return nil }
        high = h; low = l
    }
}
public struct FingerprintKey: Sendable {
    let secret: [UInt8]
    public init(secret: [UInt8]) { self.secret = secret }
    func mix(_ domain: String, _ value: String) -> Fingerprint {
        var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4
        for byte in secret + Array(domain.utf8) + Array(value.utf8) {
            a = (a ^ UInt64(byte)) &* 0x100000001b3; b = (b ^ UInt64(byte)) &* 0x1000193
        }
        return Fingerprint(high: a, low: b)
    }
    public func code(_ code: String) -> Fingerprint { mix("code", code) }
    public func buyer(_ buyerID: String) -> Fingerprint { mix("buyer", buyerID) }
}
