import Foundation
import Testing
@testable import TierLedger

/// Golden files of one report in all three formats: `Snapshots/reports/NAME.txt` (the table
/// people read), `NAME.csv` and `NAME.json`.
enum ReportGoldens {
    static func assertMatches(_ table: ReportTable, _ name: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        GoldenFile.assertMatches(table.table(), "reports/\(name).txt", sourceLocation: sourceLocation)
        GoldenFile.assertMatches(table.csv, "reports/\(name).csv", sourceLocation: sourceLocation)
        GoldenFile.assertMatches(table.json, "reports/\(name).json", sourceLocation: sourceLocation)
    }

    /// The example market (SPEC's demo day) on disk, with a fixed key.
    static func exampleMarket() throws -> LedgerDirectory {
        try PartyScenario.ledger(ExampleMarket.ndjson, key: LogTestSupport.key)
    }

    /// A column of a table by name.
    static func column(_ table: ReportTable, _ name: String) -> [String] {
        guard let index = table.columns.firstIndex(where: { $0.name == name }) else { return [] }
        return table.rows.map { $0[index] }
    }

    static func time(_ text: String) -> Timestamp {
        guard let time = Timestamp.parseRFC3339(text) else { preconditionFailure("bad time \(text)") }
        return time
    }
}
