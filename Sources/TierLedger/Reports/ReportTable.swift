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

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
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
    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .csv: csv
        case .json: json
        case .table: table
        }
    }

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

    /// Aligned columns for a terminal: text left, numbers right, two spaces between columns.
    public var table: String {
        var widths = columns.map { $0.name.count }
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts = [String]()
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                parts.append(columns[index].kind == .text ? cell + padding : padding + cell)
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var output = line(columns.map(\.name)) + "\n"
        output += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { output += line(row) + "\n" }
        return output
    }
}
