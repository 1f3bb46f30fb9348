import Testing
@testable import TierLedger

/// The three renderings of a report: same columns and rows; tables folded to a width, with
/// totals only where the report asks for them.
@Suite struct ReportTableTests {
    static func wide() -> ReportTable {
        var table = ReportTable(columns: [.init("distributor")] + (1...9).map { .init("amount_\($0)", .money) },
                                totaledColumns: ["amount_1", "amount_9"])
        table.append(["D1"] + (1...9).map { "\($0 * 1_000).25" })
        table.append(["D2-with-a-long-name"] + (1...9).map { "-\($0).50" })
        return table
    }

    @Test func aWideTableIsFoldedIntoBlocksThatFitAndKeepEveryColumn() {
        let text = Self.wide().table(width: 60)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(text)")
        for column in Self.wide().columns { #expect(text.contains(column.name), "\(column.name) missing") }
        let headers = lines.filter { $0.hasPrefix("distributor") }
        #expect(headers.count > 1, "expected several blocks:\n\(text)")
        #expect(lines.filter { $0.hasPrefix("D2-with-a-long-name") }.count == headers.count)
    }

    @Test func aNarrowTableIsOneBlockWithItsTotals() {
        var table = ReportTable(columns: [.init("account"), .init("balance", .money)], totaledColumns: ["balance"])
        table.append(["assets:gateway", "10.05"])
        table.append(["liabilities:escrow", "-10.05"])
        #expect(table.table() == """
            account             balance
            ------------------  -------
            assets:gateway        10.05
            liabilities:escrow   -10.05
            ------------------  -------
            total                  0.00

            """)
        #expect(table.csv == "account,balance\nassets:gateway,10.05\nliabilities:escrow,-10.05\n")
    }

    @Test func aTotalThatWouldOverflowIsLeftOut() {
        var table = ReportTable(columns: [.init("k"), .init("n", .integer)], totaledColumns: ["n"])
        table.append(["a", String(Int64.max)])
        table.append(["b", "1"])
        #expect(table.totalsRow == nil)
        #expect(!table.table().contains("total"))
    }

    @Test func theSameRowsInEveryFormat() {
        let table = Self.wide()
        #expect(table.csv.split(separator: "\n").count == 1 + table.rows.count)
        #expect(table.json.components(separatedBy: "\"distributor\"").count - 1 == table.rows.count)
        #expect(table.json.contains("\"amount_9\":\"-9.50\""))
    }
}
