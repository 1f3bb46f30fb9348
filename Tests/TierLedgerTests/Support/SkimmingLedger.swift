import Foundation
import Testing
@testable import TierLedger

/// The ledgers the skimming tests compare on (a skimmed answer against the one that decodes
/// every record): the party scenario, `WorkloadGenerator` seeds, and `DisputeWorkload` seeds.
enum SkimmingLedger: Sendable, CustomTestStringConvertible {
    case party
    case workload(UInt64)
    case disputes(UInt64)

    /// Three dispute markets by default, 40 with `TIERLEDGER_LONG=1`.
    static let all: [SkimmingLedger] = [.party, .workload(0), .workload(1), .workload(2)]
        + (1...(ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 40 : 3)).map { .disputes(UInt64($0)) }

    func ledger() throws -> LedgerDirectory {
        switch self {
        case .party:
            try PartyScenario.ledger()
        case .workload(let seed):
            try CraftedLogTests.write(EventCodecTests.recordedEvents(seed: seed).events)
        case .disputes(let seed):
            try PartyScenario.ledger(DisputeWorkload.commands(seed: seed).map(\.ndjson).joined(separator: "\n"))
        }
    }

    var testDescription: String {
        switch self {
        case .party: "party scenario"
        case .workload(let seed): "workload \(seed)"
        case .disputes(let seed): "dispute workload \(seed)"
        }
    }
}
