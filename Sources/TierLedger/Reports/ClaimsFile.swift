/// The file a distributor reconciles against (`reconcile --against FILE.csv`, SPEC §8): CSV
/// with the header line `order,amount`, then one claim a line, `O1,6.00`.
///
/// Accepted: LF or CRLF line ends, a UTF-8 byte order mark before the header, cells quoted the
/// RFC 4180 way (`"O1","6.00"`), and a last line without a line end. Refused, naming the line:
/// a missing or other header, a line without exactly two cells, an empty line, an order id that
/// is not an id (SPEC §2), an amount that is not a money string (two fraction digits, no sign),
/// and an order claimed twice.
///
/// Invariant: at most one claim per order.
public struct ClaimsFile: Equatable, Sendable {
    public struct Claim: Equatable, Sendable {
        public var amount: Money
        /// The 1-based line of the file it is on.
        public var line: Int
    }

    public private(set) var claims: [String: Claim] = [:]

    public init(claims: [String: Claim] = [:]) {
        self.claims = claims
    }

    /// Parses the bytes of a claims file.
    public init(parsing bytes: [UInt8]) throws(ClaimsFileError) {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // "\r\n" is one Character in Swift, so both ends are named.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first, Self.cells(header) == ["order", "amount"] else {
            throw ClaimsFileError(line: 1, "expected the header line order,amount")
        }
        for (index, line) in lines.enumerated().dropFirst() {
            try add(line, number: index + 1)
        }
    }

    private mutating func add(_ line: Substring, number: Int) throws(ClaimsFileError) {
        guard !line.isEmpty else { throw ClaimsFileError(line: number, "the line is empty") }
        guard let cells = Self.cells(line), cells.count == 2 else {
            throw ClaimsFileError(line: number, "expected two cells, order,amount")
        }
        let order = cells[0]
        guard Identifier.isValid(order) else {
            throw ClaimsFileError(line: number, "order: expected \(Identifier.expectation), got \"\(order)\"")
        }
        let amount: Money
        switch Money.parse(cells[1]) {
        case .success(let parsed): amount = parsed
        case .failure(let failure):
            throw ClaimsFileError(line: number, "amount: expected \(failure.expectation), got \"\(cells[1])\"")
        }
        if let earlier = claims[order] {
            throw ClaimsFileError(line: number, "order \(order) is claimed again (first on line \(earlier.line))")
        }
        claims[order] = Claim(amount: amount, line: number)
    }

    /// The cells of one CSV line (RFC 4180 quoting, no line breaks inside cells); `nil` when
    /// a quote is not closed or is followed by something other than a comma.
    static func cells(_ line: Substring) -> [String]? {
        var cells = [String]()
        var cell = ""
        var quoted = false
        var afterQuote = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" { quoted = false; afterQuote = true } else { cell.append(character) }
            } else if character == "," {
                cells.append(cell)
                cell = ""
                afterQuote = false
            } else if character == "\"" {
                // `""` inside a quoted cell is one quote: the quote ends and opens again.
                guard cell.isEmpty || afterQuote else { return nil }
                if afterQuote { cell.append("\"") }
                quoted = true
                afterQuote = false
            } else {
                guard !afterQuote else { return nil }
                cell.append(character)
            }
        }
        guard !quoted else { return nil }
        cells.append(cell)
        return cells
    }
}

/// A claims file that cannot be read as written (exit 65); nothing is compared.
public struct ClaimsFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
