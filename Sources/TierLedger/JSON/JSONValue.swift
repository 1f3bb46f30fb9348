/// A JSON document (RFC 8259) for paths where convenience beats speed: reading events back,
/// tests, tools.
///
/// Invariants:
/// - Numbers keep their literal text (`"85"`, `"1e3"`, `"-0"`) and are never turned into
///   floating point; `int64Value` reads integer literals exactly.
/// - Objects keep their members in input order, repeated keys included, so that re-encoding
///   a parsed document reproduces it; `subscript(key)` returns the first member with the key.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// The literal text of the number, exactly as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// An integer number value.
    public static func integer(_ value: Int64) -> JSONValue {
        .number(String(value))
    }

    /// A money value, written as the JSON string `"85.00"` like everywhere in the project.
    public static func money(_ value: Money) -> JSONValue {
        .string(value.description)
    }

    /// The first member named `key` of an object; `nil` for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The element at `index` of an array; `nil` for other values or an index out of range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The literal text of a number.
    public var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    /// The value of an integer literal (no fraction, no exponent) that fits in 64 bits.
    public var int64Value: Int64? {
        guard case .number(let text) = self else { return nil }
        var copy = text
        return copy.withUTF8 { bytes -> Int64? in
            var scanner = JSONScanner(bytes)
            guard let token = try? scanner.scanNumber(), token.isInteger,
                  token.end == bytes.count
            else { return nil }
            return scanner.int64(from: token.start, to: token.end)
        }
    }

    /// A money string, signed as this program writes balances (`"-1.20"`).
    public var moneyValue: Money? {
        stringValue.flatMap(Money.parseSigned)
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var objectMembers: [(key: String, value: JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

extension JSONValue: Equatable {
    /// Structural equality; objects compare member by member, in order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.number(let left), .number(let right)): return left == right
        case (.string(let left), .string(let right)): return left == right
        case (.array(let left), .array(let right)): return left == right
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && zip(left, right).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}
