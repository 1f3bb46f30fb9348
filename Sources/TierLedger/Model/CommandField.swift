/// The JSON keys that some command type defines (SPEC §3), for the command parser.
///
/// Keys are recognised from their UTF-8 bytes without building a `String` (a switch on the
/// length and first bytes, then one comparison with the key's static text), because every
/// command line has about ten keys and the parser must handle a million lines a second.
/// Raw values fit in a `UInt64` bit set (`bit`), which the parser uses for "seen" and
/// "allowed" sets.
enum CommandField: UInt8, CaseIterable, Sendable {
    case type, at
    case supplier, name, fee, amount, memo, sku, face, cost, refundHours
    case batch, codes, count, reason, fixed, bps, minimum, maximum
    case distributor, parent, price, order, quantity, buyer, expectUnitPrice, ttlSeconds
    case refund, dispute, outcome, payout

    /// The key as written in JSON.
    var key: StaticString {
        switch self {
        case .type: "type"
        case .at: "at"
        case .supplier: "supplier"
        case .name: "name"
        case .fee: "fee"
        case .amount: "amount"
        case .memo: "memo"
        case .sku: "sku"
        case .face: "face"
        case .cost: "cost"
        case .refundHours: "refund_hours"
        case .batch: "batch"
        case .codes: "codes"
        case .count: "count"
        case .reason: "reason"
        case .fixed: "fixed"
        case .bps: "bps"
        case .minimum: "min"
        case .maximum: "max"
        case .distributor: "distributor"
        case .parent: "parent"
        case .price: "price"
        case .order: "order"
        case .quantity: "qty"
        case .buyer: "buyer"
        case .expectUnitPrice: "expect_unit_price"
        case .ttlSeconds: "ttl_seconds"
        case .refund: "refund"
        case .dispute: "dispute"
        case .outcome: "outcome"
        case .payout: "payout"
        }
    }

    var name: String { key.description }

    var bit: UInt64 { 1 << UInt64(rawValue) }

    /// The field whose key is exactly `bytes` (already unescaped), or `nil`.
    static func identify(_ bytes: UnsafeBufferPointer<UInt8>) -> CommandField? {
        guard let candidate = candidate(for: bytes), JSONScanner.bytes(bytes, equal: candidate.key)
        else { return nil }
        return candidate
    }

    /// The only field that `bytes` can be, judged by length and one or two bytes.
    private static func candidate(for bytes: UnsafeBufferPointer<UInt8>) -> CommandField? {
        guard bytes.count >= 2 else { return nil }
        let first = bytes[0]
        let second = bytes[1]
        switch bytes.count {
        case 2: return .at
        case 3:
            switch first {
            case UInt8(ascii: "f"): return .fee
            case UInt8(ascii: "s"): return .sku
            case UInt8(ascii: "b"): return .bps
            case UInt8(ascii: "q"): return .quantity
            case UInt8(ascii: "m"): return second == UInt8(ascii: "i") ? .minimum : .maximum
            default: return nil
            }
        case 4:
            switch first {
            case UInt8(ascii: "t"): return .type
            case UInt8(ascii: "n"): return .name
            case UInt8(ascii: "m"): return .memo
            case UInt8(ascii: "f"): return .face
            case UInt8(ascii: "c"): return .cost
            default: return nil
            }
        case 5: return candidateOfFive(first: first, fourth: bytes[3])
        case 6:
            switch first {
            case UInt8(ascii: "a"): return .amount
            case UInt8(ascii: "p"): return bytes[2] == UInt8(ascii: "r") ? .parent : .payout
            case UInt8(ascii: "r"): return bytes[2] == UInt8(ascii: "a") ? .reason : .refund
            default: return nil
            }
        case 7: return first == UInt8(ascii: "d") ? .dispute : .outcome
        case 8: return .supplier
        case 11: return first == UInt8(ascii: "d") ? .distributor : .ttlSeconds
        case 12: return .refundHours
        case 17: return .expectUnitPrice
        default: return nil
        }
    }

    /// codes, count, batch, buyer, fixed, price, order.
    private static func candidateOfFive(first: UInt8, fourth: UInt8) -> CommandField? {
        switch first {
        case UInt8(ascii: "c"): return fourth == UInt8(ascii: "e") ? .codes : .count
        case UInt8(ascii: "b"): return fourth == UInt8(ascii: "c") ? .batch : .buyer
        case UInt8(ascii: "f"): return .fixed
        case UInt8(ascii: "p"): return .price
        case UInt8(ascii: "o"): return .order
        default: return nil
        }
    }
}
