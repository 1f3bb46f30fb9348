import Foundation
import Testing
@testable import TierLedger

/// The party scenario does what its comments say, so the report tests can rely on it.
@Suite struct PartyScenarioTests {
    @Test func onlyThePlannedCommandsAreRejected() throws {
        var ledger = Ledger(settings: LedgerSettings(), secretKey: PartyScenario.key)
        guard case .success(let lines) = CommandParser.parseAll(Array(PartyScenario.ndjson.utf8)) else {
            Issue.record("the scenario does not parse")
            return
        }
        var rejected = [String]()
        for line in lines {
            if case .rejected(let code, _, _) = ledger.submit(line.command) {
                rejected.append("\(line.lineNumber):\(code.rawValue)")
            }
        }
        if ProcessInfo.processInfo.environment["DUMP_SCENARIO"] == "1" {
            try PartyScenario.ndjson.write(toFile: "/tmp/party-scenario.ndjson", atomically: true, encoding: .utf8)
        }
        #expect(rejected == ["27:price_changed", "33:below_floor", "34:below_floor"])
    }
}
