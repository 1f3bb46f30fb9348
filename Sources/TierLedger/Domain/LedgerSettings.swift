/// The settings a ledger is created with; recorded in its first event.
public struct LedgerSettings: Equatable, Sendable {
    /// ISO 4217-style code, three upper-case letters (default `CNY`).
    public var currency: String
    /// Escrow hold before a paid order can be released (default 24 hours).
    public var holdSeconds: Int64

    public static let defaultCurrency = "CNY"
    public static let defaultHoldSeconds: Int64 = 24 * 3_600

    public init(currency: String = defaultCurrency, holdSeconds: Int64 = defaultHoldSeconds) {
        self.currency = currency
        self.holdSeconds = holdSeconds
    }

    /// The escrow hold `init` accepts: 0 to 8,760 hours (a year).
    public static let holdSecondsRange: ClosedRange<Int64> = 0...(8_760 * 3_600)

    /// What is wrong with these settings, or `nil`: a new ledger (`LedgerDirectory.create`,
    /// `import`) takes only what `init` takes. Replay does not check them, so a ledger made
    /// through the library with other settings still opens.
    public var problem: String? {
        guard Self.isValidCurrency(currency) else { return "currency \(currency) is not three letters A–Z" }
        guard Self.holdSecondsRange.contains(holdSeconds) else { return "hold_seconds is outside 0–31536000" }
        return nil
    }

    /// A currency code is three letters A–Z.
    public static func isValidCurrency(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }
}
