/// The stable NDJSON form of events: the `export` format of SPEC §9.
///
/// Every line is one object: `seq`, `at` (absent for `ledger.created`), `type`, `v` (the
/// kind's version), then the kind's fields in a fixed order. Money is a string (`"85.00"`,
/// balances may be negative), fingerprints are 32 hex digits, optional fields are omitted when
/// absent. Encoding is deterministic, so `export` of an imported export is byte-identical.
extension Event {
    /// The compact JSON text of this event (one NDJSON line, without the newline).
    public var ndjson: String { jsonValue.jsonText }

    public var jsonValue: JSONValue {
        var fields = EventFields()
        fields.integer("seq", Int64(sequence))
        if let at { fields.string("at", at.rfc3339) }
        fields.string("type", body.typeName)
        fields.integer("v", body.version)
        body.encodeFields(into: &fields)
        return .object(fields.members)
    }

    /// Reads one NDJSON line written by `ndjson`.
    public static func decode(ndjson line: String) throws(EventDecodingError) -> Event {
        let value: JSONValue
        do throws(JSONSyntaxError) {
            value = try JSONValue.parse(line)
        } catch {
            throw EventDecodingError(field: nil, message: "not JSON: \(error)")
        }
        guard case .object = value else {
            throw EventDecodingError(field: nil, message: "expected a JSON object")
        }
        let reader = EventFieldReader(object: value)
        let sequence = try reader.integer("seq")
        guard sequence >= 1 else { throw EventDecodingError(field: "seq", message: "expected ≥ 1") }
        let at = try reader.optionalTimestamp("at")
        let type = try reader.string("type")
        let version = try reader.integer("v")
        let body = try EventBody.decode(type: type, version: version, reader)
        if at == nil, type != "ledger.created" {
            throw EventDecodingError(field: "at", message: "missing")
        }
        return Event(sequence: UInt64(sequence), at: at, body: body)
    }
}

/// Why an event line could not be read.
public struct EventDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String?
    public var message: String

    public init(field: String?, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "field \"\(field)\": \(message)" }
        return message
    }
}

/// Ordered members of an event object under construction.
struct EventFields {
    var members: [(key: String, value: JSONValue)] = []

    mutating func string(_ key: String, _ value: String) { members.append((key, .string(value))) }
    mutating func optionalString(_ key: String, _ value: String?) {
        if let value { string(key, value) }
    }
    mutating func integer(_ key: String, _ value: Int64) { members.append((key, .integer(value))) }
    mutating func sequence(_ key: String, _ value: UInt64) { integer(key, Int64(value)) }
    mutating func optionalInteger(_ key: String, _ value: Int64?) {
        if let value { integer(key, value) }
    }
    mutating func money(_ key: String, _ value: Money) { members.append((key, .money(value))) }
    mutating func optionalMoney(_ key: String, _ value: Money?) {
        if let value { money(key, value) }
    }
    mutating func bool(_ key: String, _ value: Bool) { members.append((key, .bool(value))) }
    mutating func value(_ key: String, _ value: JSONValue) { members.append((key, value)) }
    mutating func fingerprints(_ key: String, _ values: [Fingerprint]) {
        members.append((key, .array(values.map { .string($0.hex) })))
    }
    mutating func units(_ key: String, _ runs: [UnitRun]) {
        members.append((key, .array(runs.map { run in
            .object([("batch", .string(run.batch)), ("start", .integer(run.start)),
                     ("count", .integer(run.count))])
        })))
    }
    mutating func rule(_ rule: MarkupRule) {
        switch rule {
        case .fixed(let fixed): money("fixed", fixed)
        case .bps(let bps): integer("bps", bps)
        case .price(let price): money("price", price)
        }
    }
}

/// Typed access to the members of an event object, with errors that name the field.
struct EventFieldReader {
    let object: JSONValue

    func has(_ key: String) -> Bool {
        guard let value = object[key] else { return false }
        return !value.isNull
    }

    func value(_ key: String) throws(EventDecodingError) -> JSONValue {
        guard let value = object[key], !value.isNull else {
            throw EventDecodingError(field: key, message: "missing")
        }
        return value
    }

    func string(_ key: String) throws(EventDecodingError) -> String {
        guard let text = try value(key).stringValue else {
            throw EventDecodingError(field: key, message: "expected a string")
        }
        return text
    }

    func optionalString(_ key: String) throws(EventDecodingError) -> String? {
        has(key) ? try string(key) : nil
    }

    /// A string that `isValid`, else an error that expected `expectation`.
    private func string(_ key: String, _ expectation: String,
                        isValid: (String) -> Bool) throws(EventDecodingError) -> String {
        let text = try string(key)
        guard isValid(text) else { throw EventDecodingError(field: key, message: "expected \(expectation)") }
        return text
    }

    /// An id (SPEC §2): an export holds only ids the commands' parser accepted.
    func identifier(_ key: String) throws(EventDecodingError) -> String {
        try string(key, Identifier.expectation, isValid: Identifier.isValid)
    }

    func optionalIdentifier(_ key: String) throws(EventDecodingError) -> String? {
        has(key) ? try identifier(key) : nil
    }

    /// A sku id or `*` (every sku), as markup rules take.
    func skuSelector(_ key: String) throws(EventDecodingError) -> String {
        try string(key, Identifier.expectation + ", or *") { $0 == Identifier.anySku || Identifier.isValid($0) }
    }

    /// A name: 1–256 bytes of UTF-8, like the commands' names.
    func name(_ key: String) throws(EventDecodingError) -> String {
        try text(key, lengths: 1...256)
    }

    /// A memo or reason: 0–1024 bytes of UTF-8, like the commands'.
    func text(_ key: String, lengths: ClosedRange<Int> = 0...1_024) throws(EventDecodingError) -> String {
        let text = try string(key)
        guard lengths.contains(text.utf8.count) else {
            throw EventDecodingError(field: key, message: "expected \(lengths.lowerBound)–\(lengths.upperBound) "
                + "bytes of text, got \(text.utf8.count)")
        }
        return text
    }

    func optionalText(_ key: String) throws(EventDecodingError) -> String? {
        has(key) ? try text(key) : nil
    }

    func integer(_ key: String) throws(EventDecodingError) -> Int64 {
        guard let number = try value(key).int64Value else {
            throw EventDecodingError(field: key, message: "expected an integer")
        }
        return number
    }

    func optionalInteger(_ key: String) throws(EventDecodingError) -> Int64? {
        has(key) ? try integer(key) : nil
    }

    func sequence(_ key: String) throws(EventDecodingError) -> UInt64 {
        let number = try integer(key)
        guard number >= 0 else { throw EventDecodingError(field: key, message: "expected ≥ 0") }
        return UInt64(number)
    }

    func money(_ key: String) throws(EventDecodingError) -> Money {
        guard let amount = try value(key).moneyValue else {
            throw EventDecodingError(field: key, message: "expected a money string like \"85.00\"")
        }
        return amount
    }

    func optionalMoney(_ key: String) throws(EventDecodingError) -> Money? {
        has(key) ? try money(key) : nil
    }

    func bool(_ key: String) throws(EventDecodingError) -> Bool {
        guard let flag = try value(key).boolValue else {
            throw EventDecodingError(field: key, message: "expected true or false")
        }
        return flag
    }

    func optionalTimestamp(_ key: String) throws(EventDecodingError) -> Timestamp? {
        guard has(key) else { return nil }
        guard let time = Timestamp.parseRFC3339(try string(key)) else {
            throw EventDecodingError(field: key, message: "expected \(Timestamp.rfc3339Expectation)")
        }
        return time
    }

    func timestamp(_ key: String) throws(EventDecodingError) -> Timestamp {
        guard let time = try optionalTimestamp(key) else {
            throw EventDecodingError(field: key, message: "missing")
        }
        return time
    }

    func array(_ key: String) throws(EventDecodingError) -> [JSONValue] {
        guard let elements = try value(key).arrayValue else {
            throw EventDecodingError(field: key, message: "expected an array")
        }
        return elements
    }

    func objects(_ key: String) throws(EventDecodingError) -> [EventFieldReader] {
        var readers = [EventFieldReader]()
        for element in try array(key) {
            guard case .object = element else {
                throw EventDecodingError(field: key, message: "expected an array of objects")
            }
            readers.append(EventFieldReader(object: element))
        }
        return readers
    }

    func nested(_ key: String) throws(EventDecodingError) -> EventFieldReader {
        let inner = try value(key)
        guard case .object = inner else { throw EventDecodingError(field: key, message: "expected an object") }
        return EventFieldReader(object: inner)
    }

    func fingerprint(_ key: String) throws(EventDecodingError) -> Fingerprint {
        guard let print = Fingerprint(hex: try string(key)) else {
            throw EventDecodingError(field: key, message: "expected 32 hex digits")
        }
        return print
    }

    func fingerprints(_ key: String) throws(EventDecodingError) -> [Fingerprint] {
        var prints = [Fingerprint]()
        for element in try array(key) {
            guard let print = element.stringValue.flatMap(Fingerprint.init(hex:)) else {
                throw EventDecodingError(field: key, message: "expected an array of 32 hex digits")
            }
            prints.append(print)
        }
        return prints
    }

    func units(_ key: String) throws(EventDecodingError) -> [UnitRun] {
        var runs = [UnitRun]()
        for run in try objects(key) {
            runs.append(UnitRun(batch: try run.identifier("batch"), start: try run.integer("start"),
                                count: try run.integer("count")))
        }
        return runs
    }

    /// Exactly one of `fixed`, `bps` and (when allowed) `price`.
    func rule() throws(EventDecodingError) -> MarkupRule {
        if has("fixed") { return .fixed(try money("fixed")) }
        if has("bps") { return .bps(try integer("bps")) }
        if has("price") { return .price(try money("price")) }
        throw EventDecodingError(field: "rule", message: "expected one of fixed, bps, price")
    }
}
