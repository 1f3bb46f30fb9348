/// Cutting a report down for a headline (the demo, the HTML page): some of its columns, its
/// top rows by one column. The full report is always one command away.
extension ReportTable {
    /// The named columns, in the order given; names the report lacks are skipped.
    public func selecting(_ names: [String]) -> ReportTable {
        let indices = names.compactMap { name in columns.firstIndex { $0.name == name } }
        return ReportTable(columns: indices.map { columns[$0] }, rows: rows.map { row in indices.map { row[$0] } },
                           totaledColumns: totaledColumns.intersection(names))
    }

    /// The `count` rows with the largest value in `column` (money or integer; empty counts as
    /// the least), ties in the report's own order. No totals: they would be of the top only.
    public func top(_ count: Int, by column: String) -> ReportTable {
        guard let index = columns.firstIndex(where: { $0.name == column }) else { return self }
        func value(_ row: [String]) -> Int64 {
            let cell = row[index]
            if cell.isEmpty { return .min }
            return columns[index].kind == .money ? Money.parseSigned(cell)?.minorUnits ?? .min : Int64(cell) ?? .min
        }
        let ranked = rows.enumerated().sorted { left, right in
            let (a, b) = (value(left.element), value(right.element))
            return a != b ? a > b : left.offset < right.offset
        }
        return ReportTable(columns: columns, rows: ranked.prefix(count).map(\.element))
    }
}
