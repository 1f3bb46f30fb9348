/// The in-memory state machine: commands in, events out, events applied to the state.
public struct Ledger: Sendable {
    public let settings: LedgerSettings

    public init(settings: LedgerSettings, secretKey: [UInt8]) {
        self.settings = settings
    }

    /// Decides `command` against the current state, records its events and applies them.
    public mutating func submit(_ command: Command) -> Outcome {
        .rejected(.invalidValue, message: "not built yet", recordedSequence: nil)
    }

    public var summary: LedgerSummary {
        LedgerSummary(lastSequence: 1, ledgerTime: nil, balances: [:], inventory: [:], orders: [:], parties: [:])
    }
}
