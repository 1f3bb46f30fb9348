/// Field values by kind: ids, money, integers, texts, times, codes, outcomes, and the
/// exactly-one-of alternatives (SPEC §3, §3.1).
extension CommandFieldReader {
    static let skuSelectorExpectation = "\"*\" or " + Identifier.expectation
    static let moneyExpectation = "a money string like \"85.00\""
    static let integerExpectation = "an integer"
    static let nameExpectation = "a string of 1–256 bytes"
    static let textExpectation = "a string of at most 1024 bytes"
    static let codesExpectation = "an array of code strings"
    static let codeExpectation = "each code to be a string of 1–256 bytes"
    static let outcomeExpectation = "\"refund\" or \"reject\""

    func id(_ field: CommandField) throws(CommandParseError) -> String {
        try idValue(requiredMember(field, Identifier.expectation), allowsAnySku: false)
    }

    func optionalID(_ field: CommandField) throws(CommandParseError) -> String? {
        guard let member = optionalMember(field) else { return nil }
        return try idValue(member, allowsAnySku: false)
    }

    /// A sku id or `"*"` (every sku), for markup rules.
    func skuSelector(_ field: CommandField) throws(CommandParseError) -> String {
        try idValue(requiredMember(field, Self.skuSelectorExpectation), allowsAnySku: true)
    }

    private func idValue(_ member: CommandMember, allowsAnySku: Bool)
        throws(CommandParseError) -> String
    {
        let expectation = allowsAnySku ? Self.skuSelectorExpectation : Identifier.expectation
        guard member.value.kind == .string else {
            throw mismatch(member, expectation, typed: true)
        }
        let id = scanner.withContent(of: member.stringToken) { bytes -> String? in
            let isAnySku = bytes.count == 1 && bytes[0] == UInt8(ascii: "*")
            guard Identifier.isValid(utf8: bytes) || (allowsAnySku && isAnySku) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let id else { throw mismatch(member, expectation, typed: false) }
        return id
    }

    func money(_ field: CommandField) throws(CommandParseError) -> Money {
        try moneyValue(requiredMember(field, Self.moneyExpectation))
    }

    func optionalMoney(_ field: CommandField) throws(CommandParseError) -> Money? {
        guard let member = optionalMember(field) else { return nil }
        return try moneyValue(member)
    }

    private func moneyValue(_ member: CommandMember) throws(CommandParseError) -> Money {
        guard member.value.kind == .string else {
            throw mismatch(member, Self.moneyExpectation, typed: true)
        }
        switch scanner.withContent(of: member.stringToken, { Money.parse(utf8: $0) }) {
        case .success(let money):
            return money
        case .failure(.empty):
            // The expectation of `.empty` already says what was found.
            throw error(member.field?.name, Money.ParseFailure.empty.expectation, got: nil)
        case .failure(let failure):
            throw mismatch(member, failure.expectation, typed: false)
        }
    }

    func integer(_ field: CommandField) throws(CommandParseError) -> Int64 {
        try integerValue(requiredMember(field, Self.integerExpectation))
    }

    func optionalInteger(_ field: CommandField) throws(CommandParseError) -> Int64? {
        guard let member = optionalMember(field) else { return nil }
        return try integerValue(member)
    }

    /// A JSON number without fraction or exponent that fits in 64 bits. Range checks
    /// (qty 1–1000, …) belong to the state machine: they are `invalid_value`, not malformed.
    private func integerValue(_ member: CommandMember) throws(CommandParseError) -> Int64 {
        guard member.value.kind == .number else {
            throw mismatch(member, Self.integerExpectation, typed: true)
        }
        guard member.value.flag,
              let value = scanner.int64(from: member.value.start, to: member.value.end)
        else { throw mismatch(member, Self.integerExpectation, typed: false) }
        return value
    }

    func timestamp(_ field: CommandField) throws(CommandParseError) -> Timestamp {
        let member = try requiredMember(field, Timestamp.rfc3339Expectation)
        guard member.value.kind == .string else {
            throw mismatch(member, Timestamp.rfc3339Expectation, typed: true)
        }
        guard let time = scanner.withContent(of: member.stringToken,
                                             { Timestamp.parseRFC3339(utf8: $0) })
        else { throw mismatch(member, Timestamp.rfc3339Expectation, typed: false) }
        return time
    }

    /// A name: 1–256 bytes of UTF-8.
    func name(_ field: CommandField) throws(CommandParseError) -> String {
        try textValue(requiredMember(field, Self.nameExpectation), lengths: 1...256,
                      expectation: Self.nameExpectation)
    }

    /// A memo or reason: 0–1024 bytes of UTF-8.
    func text(_ field: CommandField) throws(CommandParseError) -> String {
        try textValue(requiredMember(field, Self.textExpectation), lengths: 0...1024,
                      expectation: Self.textExpectation)
    }

    func optionalText(_ field: CommandField) throws(CommandParseError) -> String? {
        guard let member = optionalMember(field) else { return nil }
        return try textValue(member, lengths: 0...1024, expectation: Self.textExpectation)
    }

    private func textValue(_ member: CommandMember, lengths: ClosedRange<Int>, expectation: String)
        throws(CommandParseError) -> String
    {
        guard member.value.kind == .string else { throw mismatch(member, expectation, typed: true) }
        let token = member.stringToken
        let text = scanner.withContent(of: token) { bytes -> String? in
            lengths.contains(bytes.count) ? String(decoding: bytes, as: UTF8.self) : nil
        }
        guard let text else {
            let length = scanner.withContent(of: token) { $0.count }
            throw error(member.field?.name, expectation,
                        got: length == 0 ? "\"\"" : "a string of \(length) bytes")
        }
        return text
    }

    func outcome(_ field: CommandField) throws(CommandParseError) -> DisputeOutcome {
        let member = try requiredMember(field, Self.outcomeExpectation)
        guard member.value.kind == .string else {
            throw mismatch(member, Self.outcomeExpectation, typed: true)
        }
        let outcome = scanner.withContent(of: member.stringToken) { bytes -> DisputeOutcome? in
            if JSONScanner.bytes(bytes, equal: "refund") { return .refund }
            if JSONScanner.bytes(bytes, equal: "reject") { return .reject }
            return nil
        }
        guard let outcome else { throw mismatch(member, Self.outcomeExpectation, typed: false) }
        return outcome
    }
}
