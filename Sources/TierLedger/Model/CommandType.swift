/// The 22 command types (SPEC §3) as the parser sees them: the `type` string and the fields
/// each type defines, in the SPEC table's order.
///
/// Cases are in `Command.Action.allTypeNames` order. The type is recognised from the bytes
/// of the `type` value without building a `String`.
enum CommandType: Int, CaseIterable, Sendable {
    case registerSupplier, chargeFee, listProduct, repriceProduct, delistProduct
    case addStock, voidStock, setPlatformMarkup, setFloor, setCeiling
    case joinDistributor, setDistributorMarkup, setOverride
    case placeOrder, reserveOrder, payOrder, cancelOrder, refundOrder
    case openDispute, resolveDispute, runSettlement, makePayout

    var name: StaticString {
        switch self {
        case .registerSupplier: "supplier.register"
        case .chargeFee: "supplier.charge_fee"
        case .listProduct: "product.list"
        case .repriceProduct: "product.reprice"
        case .delistProduct: "product.delist"
        case .addStock: "stock.add"
        case .voidStock: "stock.void"
        case .setPlatformMarkup: "platform.set_markup"
        case .setFloor: "price.set_floor"
        case .setCeiling: "price.set_ceiling"
        case .joinDistributor: "distributor.join"
        case .setDistributorMarkup: "distributor.set_markup"
        case .setOverride: "distributor.set_override"
        case .placeOrder: "order.place"
        case .reserveOrder: "order.reserve"
        case .payOrder: "order.pay"
        case .cancelOrder: "order.cancel"
        case .refundOrder: "order.refund"
        case .openDispute: "dispute.open"
        case .resolveDispute: "dispute.resolve"
        case .runSettlement: "settlement.run"
        case .makePayout: "payout.make"
        }
    }

    /// The fields besides `type` and `at`, in SPEC §3 order (alternatives included).
    var fields: [CommandField] {
        switch self {
        case .registerSupplier: [.supplier, .name]
        case .chargeFee: [.fee, .supplier, .amount, .memo]
        case .listProduct: [.sku, .supplier, .name, .face, .cost, .refundHours]
        case .repriceProduct: [.sku, .cost]
        case .delistProduct: [.sku]
        case .addStock: [.sku, .batch, .codes, .count]
        case .voidStock: [.sku, .batch, .count, .reason]
        case .setPlatformMarkup: [.sku, .fixed, .bps]
        case .setFloor: [.sku, .minimum]
        case .setCeiling: [.sku, .maximum]
        case .joinDistributor: [.distributor, .name, .parent]
        case .setDistributorMarkup: [.distributor, .sku, .fixed, .bps, .price]
        case .setOverride: [.distributor, .bps]
        case .placeOrder: [.order, .distributor, .sku, .quantity, .buyer, .expectUnitPrice]
        case .reserveOrder:
            [.order, .distributor, .sku, .quantity, .buyer, .ttlSeconds, .expectUnitPrice]
        case .payOrder, .cancelOrder: [.order]
        case .refundOrder: [.refund, .order, .amount, .reason]
        case .openDispute: [.dispute, .order, .reason]
        case .resolveDispute: [.dispute, .outcome, .amount]
        case .runSettlement: []
        case .makePayout: [.payout, .supplier, .distributor, .amount]
        }
    }

    /// Every key a line of this type may have, as a bit set of `CommandField.bit`.
    var allowedFields: UInt64 { Self.allowedFieldSets[rawValue] }

    private static let allowedFieldSets: [UInt64] = allCases.map { type in
        type.fields.reduce(CommandField.type.bit | CommandField.at.bit) { $0 | $1.bit }
    }

    /// `type, at, …` for messages about fields a type does not define.
    var allowedFieldList: String {
        (["type", "at"] + fields.map(\.name)).joined(separator: ", ")
    }

    /// The type whose name is exactly `bytes` (already unescaped), or `nil`.
    static func identify(_ bytes: UnsafeBufferPointer<UInt8>) -> CommandType? {
        guard let candidate = candidate(for: bytes), JSONScanner.bytes(bytes, equal: candidate.name)
        else { return nil }
        return candidate
    }

    /// The only type that `bytes` can be, judged by length and one or two bytes.
    private static func candidate(for bytes: UnsafeBufferPointer<UInt8>) -> CommandType? {
        guard bytes.count >= 9 else { return nil }
        let first = bytes[0]
        let startsWithP = first == UInt8(ascii: "p")
        switch bytes.count {
        case 9: return first == UInt8(ascii: "s") ? .addStock : .payOrder
        case 10: return .voidStock
        case 11: return startsWithP ? .makePayout : .placeOrder
        case 12:
            switch first {
            case UInt8(ascii: "p"): return .listProduct
            case UInt8(ascii: "d"): return .openDispute
            default: return bytes[6] == UInt8(ascii: "c") ? .cancelOrder : .refundOrder
            }
        case 13: return .reserveOrder
        case 14: return startsWithP ? .delistProduct : .runSettlement
        case 15:
            if !startsWithP { return .resolveDispute }
            return bytes[2] == UInt8(ascii: "o") ? .repriceProduct : .setFloor
        case 16: return .joinDistributor
        case 17: return startsWithP ? .setCeiling : .registerSupplier
        case 19: return startsWithP ? .setPlatformMarkup : .chargeFee
        case 22: return .setDistributorMarkup
        case 24: return .setOverride
        default: return nil
        }
    }

    /// `one of supplier.register, …, payout.make` for messages about a bad `type`.
    static let expectation = "one of " + Command.Action.allTypeNames.joined(separator: ", ")
}
