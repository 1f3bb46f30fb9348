/// Which optional fields of a record hold a value, one bit each (up to 8 fields, fewer where
/// the record keeps a flag of its own in a spare bit).
///
/// A record kept once per order (`OrderState`, `OrderCatalog.Entry`) stores each of its
/// optional integers as a plain value plus its bit here: an `Int64?` field takes 16 bytes with
/// its padding, the value alone 8. The value of an absent field is 0 and is never read.
struct PresenceMask: Equatable, Sendable {
    private var bits: UInt8 = 0

    /// `stored` when field `bit` holds a value, else `nil`.
    func value<Value>(_ stored: Value, _ bit: UInt8) -> Value? {
        bits & bit != 0 ? stored : nil
    }

    /// Whether flag `bit` is set (a bit that stands for no field).
    func contains(_ bit: UInt8) -> Bool {
        bits & bit != 0
    }

    /// Sets or clears flag `bit`.
    mutating func set(_ bit: UInt8, to isSet: Bool) {
        bits = isSet ? bits | bit : bits & ~bit
    }

    /// Notes whether `value` is present in field `bit`, and returns what to store (0 for `nil`).
    mutating func store<Value: FixedWidthInteger>(_ value: Value?, _ bit: UInt8) -> Value {
        guard let value else {
            bits &= ~bit
            return 0
        }
        bits |= bit
        return value
    }
}
