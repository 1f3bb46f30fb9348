/// The stable NDJSON form of events: the `export` format of SPEC §9.
///
/// Every line is one object: `seq`, `at` (absent for `ledger.created`), `type`, `v` (the
/// kind's version), then the kind's fields in a fixed order. Money is a string (`"85.00"`,
/// balances may be negative), fingerprints are 32 hex digits, optional fields are omitted when
/// absent. Encoding is deterministic, so `export` of an imported export is byte-identical.
extension Event {
    /// The compact JSON text of this event (one NDJSON line, without the newline).
    public var ndjson: String {
        var text = TextBuffer(capacity: 1_024)
        appendNDJSON(to: &text)
        return text.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the NDJSON line of this event (without the newline) to `output`, written as it
    /// is encoded: `export` writes millions of these, and a tree of `JSONValue`s per event cost
    /// four fifths of its time.
    public func appendNDJSON(to output: inout TextBuffer) {
        var fields = EventFields(output: output)
        fields.open("{")
        fields.sequence("seq", sequence)
        if let at { fields.timestamp("at", at) }
        fields.string("type", body.typeName)
        fields.integer("v", body.version)
        body.encodeFields(into: &fields)
        fields.close("}")
        output = fields.finish()
    }

    /// The event as a JSON tree, to compare two events field by field (`firstDifference`): the
    /// parse of `ndjson`, so the two forms cannot differ.
    public var jsonValue: JSONValue {
        do throws(JSONSyntaxError) {
            return try JSONValue.parse(ndjson)
        } catch {
            preconditionFailure("an event's NDJSON does not parse: \(error)")
        }
    }

    /// Reads one NDJSON line written by `ndjson`.
    public static func decode(ndjson line: String) throws(EventDecodingError) -> Event {
        var text = line
        let parsed = text.withUTF8 { bytes in
            Result { () throws(JSONSyntaxError) -> JSONDocument in try JSONDocument(parsing: bytes) }
        }
        let document: JSONDocument
        do throws(JSONSyntaxError) {
            document = try parsed.get()
        } catch {
            throw EventDecodingError(field: nil, message: "not JSON: \(error)")
        }
        guard document.nodes[0].kind == .object else {
            throw EventDecodingError(field: nil, message: "expected a JSON object")
        }
        let reader = EventFieldReader(document: document, object: 0)
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

/// The members of an event object, written as compact JSON text as they are added: exactly the
/// bytes `JSONValue.jsonText` gives for the same members (no whitespace, members in the order
/// added, strings escaped by `JSONStringEscaping`). Keys are literals that need no escaping.
///
/// One flag tracks the separators at every depth: a container just opened takes no comma
/// before its first member or element, and once any container closes, the one around it holds
/// at least that member, so its next one takes a comma.
struct EventFields: ~Copyable {
    private var bytes: TextBuffer
    private var isFirst = true

    /// A writer that appends to `output`, which it owns until `finish` hands it back.
    init(output: consuming TextBuffer) {
        bytes = output
    }

    /// The output with everything written, once the outermost container is closed.
    consuming func finish() -> TextBuffer { bytes }

    mutating func open(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        isFirst = true
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        isFirst = false
    }

    /// Starts the next member: a comma unless it is the first, then `"key":`.
    private mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(key)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A comma before every member or element but the first of its container.
    private mutating func separate() {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
    }

    private mutating func quoted(_ text: String) {
        JSONStringEscaping.appendQuoted(text, to: &bytes)
    }

    mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        quoted(value)
    }

    mutating func optionalString(_ key: StaticString, _ value: String?) {
        if let value { string(key, value) }
    }

    /// `"prefix…value"`: a party such as `distributor:D1`, without building the string.
    /// `prefix` needs no escaping, so this is the quoted concatenation.
    mutating func prefixedString(_ key: StaticString, _ prefix: StaticString, _ value: String) {
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(prefix)
        var text = value
        text.withUTF8 { JSONStringEscaping.appendEscaped(utf8: $0, to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func integer(_ key: StaticString, _ value: Int64) {
        self.key(key)
        DecimalText.append(value, to: &bytes)
    }

    /// A sequence number: all 64 bits (a log's varint may hold any), never a trap.
    mutating func sequence(_ key: StaticString, _ value: UInt64) {
        self.key(key)
        DecimalText.append(value, to: &bytes)
    }

    mutating func optionalInteger(_ key: StaticString, _ value: Int64?) {
        if let value { integer(key, value) }
    }

    /// Money as the JSON string `"85.00"`.
    mutating func money(_ key: StaticString, _ value: Money) {
        self.key(key)
        plainQuoted { value.appendText(to: &$0) }
    }

    mutating func optionalMoney(_ key: StaticString, _ value: Money?) {
        if let value { money(key, value) }
    }

    mutating func timestamp(_ key: StaticString, _ value: Timestamp) {
        self.key(key)
        plainQuoted { value.appendRFC3339(to: &$0) }
    }

    mutating func bool(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bytes.append(value ? "true" : "false")
    }

    /// `"key":{…}` with the members `write` adds.
    mutating func object(_ key: StaticString, _ write: (inout EventFields) -> Void) {
        self.key(key)
        open("{")
        write(&self)
        close("}")
    }

    /// `"key":[{…},…]`, one object per element with the members `write` adds.
    mutating func objects<Elements: Sequence>(_ key: StaticString, _ elements: Elements,
                                              _ write: (Elements.Element, inout EventFields) -> Void) {
        array(key, elements) { element, fields in
            fields.open("{")
            write(element, &fields)
            fields.close("}")
        }
    }

    /// `"key":["…",…]`.
    mutating func strings(_ key: StaticString, _ values: [String]) {
        array(key, values) { value, fields in fields.quoted(value) }
    }

    mutating func moneys(_ key: StaticString, _ values: [Money]) {
        array(key, values) { value, fields in fields.plainQuoted { value.appendText(to: &$0) } }
    }

    /// `"key":["…",…]` of 32 hex digits each.
    mutating func fingerprints(_ key: StaticString, _ values: [Fingerprint]) {
        array(key, values) { value, fields in fields.plainQuoted { value.appendHex(to: &$0) } }
    }

    /// `"key":[…]`, each element the one value `write` writes.
    private mutating func array<Elements: Sequence>(_ key: StaticString, _ elements: Elements,
                                                    _ write: (Elements.Element, inout EventFields) -> Void) {
        self.key(key)
        open("[")
        for element in elements {
            separate()
            write(element, &self)
        }
        close("]")
    }

    /// `"…"` around what `write` appends, which needs no escaping (digits, signs, hex).
    private mutating func plainQuoted(_ write: (inout TextBuffer) -> Void) {
        bytes.append(UInt8(ascii: "\""))
        write(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func units(_ key: StaticString, _ runs: [UnitRun]) {
        objects(key, runs) { run, fields in
            fields.string("batch", run.batch)
            fields.integer("start", run.start)
            fields.integer("count", run.count)
        }
    }

    mutating func rule(_ rule: MarkupRule) {
        switch rule {
        case .fixed(let fixed): money("fixed", fixed)
        case .bps(let bps): integer("bps", bps)
        case .price(let price): money("price", price)
        }
    }
}

/// Typed access to the members of an event object, with errors that name the field. It reads
/// the values where they lie in the line (`JSONDocument`); a repeated key reads as its first
/// member, and `null` as absent.
struct EventFieldReader {
    let document: JSONDocument
    /// The object's node.
    let object: Int

    /// The member `key`, unless it is absent or null.
    private func node(_ key: String) -> Int? {
        guard let node = document.member(key, of: object), document.nodes[node].kind != .null else { return nil }
        return node
    }

    func has(_ key: String) -> Bool {
        node(key) != nil
    }

    func value(_ key: String) throws(EventDecodingError) -> EventFieldValue {
        guard let node = node(key) else {
            throw EventDecodingError(field: key, message: "missing")
        }
        return EventFieldValue(document: document, node: node)
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

    func array(_ key: String) throws(EventDecodingError) -> [EventFieldValue] {
        let array = try value(key)
        guard array.kind == .array else {
            throw EventDecodingError(field: key, message: "expected an array")
        }
        return document.children(of: array.node).map { EventFieldValue(document: document, node: $0) }
    }

    func objects(_ key: String) throws(EventDecodingError) -> [EventFieldReader] {
        var readers = [EventFieldReader]()
        for element in try array(key) {
            guard element.kind == .object else {
                throw EventDecodingError(field: key, message: "expected an array of objects")
            }
            readers.append(EventFieldReader(document: document, object: element.node))
        }
        return readers
    }

    func nested(_ key: String) throws(EventDecodingError) -> EventFieldReader {
        let inner = try value(key)
        guard inner.kind == .object else { throw EventDecodingError(field: key, message: "expected an object") }
        return EventFieldReader(document: document, object: inner.node)
    }

    func fingerprint(_ key: String) throws(EventDecodingError) -> Fingerprint {
        let text = try value(key)
        guard text.kind == .string else { throw EventDecodingError(field: key, message: "expected a string") }
        guard let print = text.fingerprintValue else {
            throw EventDecodingError(field: key, message: "expected 32 hex digits")
        }
        return print
    }

    func fingerprints(_ key: String) throws(EventDecodingError) -> [Fingerprint] {
        var prints = [Fingerprint]()
        for element in try array(key) {
            guard let print = element.fingerprintValue else {
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

/// One value of an event line, read where it lies.
struct EventFieldValue {
    let document: JSONDocument
    let node: Int

    var kind: JSONScanner.ValueKind { document.nodes[node].kind }

    var stringValue: String? { document.string(at: node) }

    /// An integer literal (no fraction, no exponent) that fits in 64 bits.
    var int64Value: Int64? { document.int64(at: node) }

    var boolValue: Bool? { document.bool(at: node) }

    /// 32 lowercase hex digits.
    var fingerprintValue: Fingerprint? { document.withString(at: node) { Fingerprint(hexUTF8: $0) } ?? nil }

    /// A money string, signed as this program writes balances (`"-1.20"`).
    var moneyValue: Money? { document.withString(at: node) { Money.parseSigned(utf8: $0) } ?? nil }
}
