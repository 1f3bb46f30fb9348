@testable import TierLedger

/// Times and small builders shared by the command parser tests.
enum CommandFixtures {
    /// 2026-03-01T08:00:00Z.
    static let at = Timestamp(millisecondsSinceEpoch: 1_772_352_000_000)

    /// A line of `type` at 2026-03-01T08:00:00Z with `fields` (JSON members) after it.
    static func line(_ type: String, _ fields: String = "") -> String {
        #"{"type":"\#(type)","at":"2026-03-01T08:00:00Z""# + (fields.isEmpty ? "" : ",")
            + fields + "}"
    }

    static func money(_ text: String) -> Money {
        guard case .success(let money) = Money.parse(text) else {
            preconditionFailure("bad money fixture \(text)")
        }
        return money
    }

    static func command(_ action: Command.Action, at time: Timestamp = at) -> Command {
        Command(at: time, action: action)
    }

    /// The description of the parse error for `line`, or `"parsed"` when it parsed.
    static func errorText(_ line: String, lineNumber: Int = 1) -> String {
        switch CommandParser.parse(line, lineNumber: lineNumber) {
        case .success: "parsed"
        case .failure(let error): error.description
        }
    }

    /// The description of the parse error for raw bytes (for invalid UTF-8).
    static func errorText(bytes: [UInt8], lineNumber: Int = 1) -> String {
        let result = bytes.withUnsafeBufferPointer {
            CommandParser.parse(line: $0, lineNumber: lineNumber)
        }
        switch result {
        case .success: return "parsed"
        case .failure(let error): return error.description
        }
    }
}
