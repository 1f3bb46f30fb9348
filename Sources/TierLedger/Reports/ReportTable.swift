/// One report's rows, ready to print as a table for people or as CSV or JSON for machines
/// (SPEC §8). The three formats carry the same columns and rows.
///
/// Invariants: every row has one cell per column; rows are already in their final order
/// (sorted by the first column, byte order, unless the report says otherwise).
public struct ReportTable: Equatable, Sendable {
    public enum ColumnKind: Equatable, Sendable {
        /// Left-aligned text; a JSON string.
        case text
        /// An amount like `85.00`: right-aligned; a JSON string.
        case money
        /// A whole number: right-aligned; a JSON number.
        case integer
        /// A decimal like `12.50` that is not money: right-aligned; a JSON string.
        case decimal
    }

    public struct Column: Equatable, Sendable {
        public var name: String
        public var kind: ColumnKind

        public init(_ name: String, _ kind: ColumnKind = .text) {
            self.name = name
            self.kind = kind
        }
    }

    public var columns: [Column]
    public var rows: [[String]]
    /// Columns (money or integer) whose sum the table format prints under the rows, where a
    /// total means something. CSV and JSON carry the rows only: a machine sums for itself.
    public var totaledColumns: Set<String> = []

    public init(columns: [Column], rows: [[String]] = [], totaledColumns: Set<String> = []) {
        self.columns = columns
        self.rows = rows
        self.totaledColumns = totaledColumns
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "a row needs one cell per column")
        rows.append(row)
    }
}

/// How a report is printed.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table
    case csv
    case json
}

extension ReportTable {
    /// The report in `format`; a table is folded to fit `width` columns of text.
    public func rendered(as format: ReportFormat, width: Int = ReportTable.defaultWidth) -> String {
        switch format {
        case .csv: csv
        case .json: json
        case .table: table(width: width)
        }
    }

    /// The width tables fit when nothing else is known: a classic terminal.
    public static let defaultWidth = 80

    /// RFC 4180 CSV with a header line; cells with a comma, quote or line break are quoted.
    public var csv: String {
        var output = columns.map { Self.csvCell($0.name) }.joined(separator: ",") + "\n"
        for row in rows {
            output += row.map(Self.csvCell).joined(separator: ",") + "\n"
        }
        return output
    }

    static func csvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A JSON array of row objects, one per line; empty cells are `null`.
    public var json: String {
        guard !rows.isEmpty else { return "[]\n" }
        var lines = [String]()
        for row in rows {
            var members = [(key: String, value: JSONValue)]()
            for (column, cell) in zip(columns, row) {
                let value: JSONValue = if cell.isEmpty {
                    .null
                } else if column.kind == .integer {
                    .number(cell)
                } else {
                    .string(cell)
                }
                members.append((column.name, value))
            }
            lines.append(JSONValue.object(members).jsonText)
        }
        return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    /// Aligned columns for a terminal: text left, numbers right, two spaces between columns,
    /// and a total line where the report has one. A table wider than `width` is folded into
    /// blocks of columns, each repeating the first (key) column, so every column and row is
    /// still there and no line is longer than `width` (unless one column alone is).
    public func table(width: Int = ReportTable.defaultWidth) -> String {
        let totals = totalsRow
        var widths = columns.map { $0.name.count }
        for row in rows + (totals.map { [$0] } ?? []) {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var blocks = [[Int]]()
        var current = [0]
        var used = widths.first ?? 0
        for index in columns.indices.dropFirst() {
            if current.count > 1, used + 2 + widths[index] > width {
                blocks.append(current)
                current = [0]
                used = widths[0]
            }
            current.append(index)
            used += 2 + widths[index]
        }
        blocks.append(current)
        return blocks.map { block(of: $0, widths: widths, totals: totals) }.joined(separator: "\n")
    }

    private func block(of indices: [Int], widths: [Int], totals: [String]?) -> String {
        func line(_ cells: [String]) -> String {
            var text = ""
            for (position, index) in indices.enumerated() {
                let cell = cells[index]
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                if position > 0 { text += "  " }
                text += columns[index].kind == .text ? cell + padding : padding + cell
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        let rule = indices.map { String(repeating: "-", count: widths[$0]) }.joined(separator: "  ") + "\n"
        var output = line(columns.map(\.name)) + "\n" + rule
        for row in rows { output += line(row) + "\n" }
        if let totals { output += rule + line(totals) + "\n" }
        return output
    }

    /// "total" and the sum of each totaled column; `nil` when the report has none, or a sum
    /// does not fit (then the table shows no total rather than a wrong one).
    var totalsRow: [String]? {
        guard !totaledColumns.isEmpty, !rows.isEmpty else { return nil }
        var cells = [String](repeating: "", count: columns.count)
        cells[0] = "total"
        for (index, column) in columns.enumerated() where totaledColumns.contains(column.name) {
            var sum: Int64 = 0
            for row in rows where !row[index].isEmpty {
                let value: Int64? = column.kind == .money ? Money.parseSigned(row[index])?.minorUnits : Int64(row[index])
                guard let value else { return nil }
                let (next, overflow) = sum.addingReportingOverflow(value)
                guard !overflow else { return nil }
                sum = next
            }
            cells[index] = column.kind == .money ? Money(minorUnits: sum).description : String(sum)
        }
        return cells
    }
}
