/// One input command (SPEC §3): a typed, well-formed request at a point in time.
///
/// Well-formedness (types, money and time syntax, ids, exactly-one-of alternatives) is the
/// parser's job; whether a command is allowed now is the state machine's (`Decision`).
/// Integers are kept as parsed so that range checks report `invalid_value`, not malformed.
public struct Command: Equatable, Sendable {
    public var at: Timestamp
    public var action: Action

    public init(at: Timestamp, action: Action) {
        self.at = at
        self.action = action
    }

    public enum Action: Equatable, Sendable {
        case registerSupplier(supplier: String, name: String)
        case chargeFee(fee: String, supplier: String, amount: Money, memo: String?)
        case listProduct(ProductListing)
        case repriceProduct(sku: String, cost: Money)
        case delistProduct(sku: String)
        case addStock(sku: String, batch: String, units: StockUnits)
        case voidStock(sku: String, batch: String, count: Int64, reason: String)
        /// `sku` is a sku id or `Identifier.anySku`; the rule is `.fixed` or `.bps`.
        case setPlatformMarkup(sku: String, rule: MarkupRule)
        /// `Money.zero` clears the floor.
        case setFloor(sku: String, minimum: Money)
        /// `Money.zero` clears the ceiling.
        case setCeiling(sku: String, maximum: Money)
        case joinDistributor(distributor: String, name: String, parent: String?)
        case setDistributorMarkup(distributor: String, sku: String, rule: MarkupRule)
        case setOverride(distributor: String, bps: Int64)
        case placeOrder(OrderRequest)
        case reserveOrder(OrderRequest, ttlSeconds: Int64)
        case payOrder(order: String)
        case cancelOrder(order: String)
        case refundOrder(refund: String, order: String, amount: Money, reason: String?)
        case openDispute(dispute: String, order: String, reason: String)
        /// `amount` only with `.refund`; absent means all that is refundable.
        case resolveDispute(dispute: String, outcome: DisputeOutcome, amount: Money?)
        case runSettlement
        case makePayout(payout: String, party: Party, amount: Money)
    }
}

public struct ProductListing: Equatable, Sendable {
    public var sku: String
    public var supplier: String
    public var name: String
    public var face: Money
    public var cost: Money
    /// Hours after payment in which refunds are allowed; `nil` = no limit, 0 = no refunds.
    public var refundHours: Int64?

    public init(sku: String, supplier: String, name: String, face: Money, cost: Money, refundHours: Int64?) {
        self.sku = sku
        self.supplier = supplier
        self.name = name
        self.face = face
        self.cost = cost
        self.refundHours = refundHours
    }
}

/// What a `stock.add` brings: code secrets (never stored in clear) or anonymous units.
public enum StockUnits: Equatable, Sendable {
    case codes([String])
    case count(Int64)
}

/// A markup rule: `fixed` amount, `bps` of the upstream price, or a fixed retail `price`
/// (distributors only).
public enum MarkupRule: Hashable, Sendable {
    case fixed(Money)
    case bps(Int64)
    case price(Money)
}

public struct OrderRequest: Equatable, Sendable {
    public var order: String
    public var distributor: String
    public var sku: String
    public var quantity: Int64
    public var buyer: String
    public var expectUnitPrice: Money?

    public init(order: String, distributor: String, sku: String, quantity: Int64, buyer: String,
                expectUnitPrice: Money?) {
        self.order = order
        self.distributor = distributor
        self.sku = sku
        self.quantity = quantity
        self.buyer = buyer
        self.expectUnitPrice = expectUnitPrice
    }
}

public enum DisputeOutcome: String, Equatable, Sendable {
    case refund
    case reject
}

/// The party of a payout: exactly one of a supplier or a distributor.
public enum Party: Hashable, Sendable, Comparable {
    case supplier(String)
    case distributor(String)
}

extension Command.Action {
    /// The command's `type` as written in NDJSON.
    public var typeName: String { commandType.name.description }

    /// Every command type name, in SPEC §3 order.
    public static let allTypeNames = CommandType.allCases.map { $0.name.description }

    var commandType: CommandType {
        switch self {
        case .registerSupplier: .registerSupplier
        case .chargeFee: .chargeFee
        case .listProduct: .listProduct
        case .repriceProduct: .repriceProduct
        case .delistProduct: .delistProduct
        case .addStock: .addStock
        case .voidStock: .voidStock
        case .setPlatformMarkup: .setPlatformMarkup
        case .setFloor: .setFloor
        case .setCeiling: .setCeiling
        case .joinDistributor: .joinDistributor
        case .setDistributorMarkup: .setDistributorMarkup
        case .setOverride: .setOverride
        case .placeOrder: .placeOrder
        case .reserveOrder: .reserveOrder
        case .payOrder: .payOrder
        case .cancelOrder: .cancelOrder
        case .refundOrder: .refundOrder
        case .openDispute: .openDispute
        case .resolveDispute: .resolveDispute
        case .runSettlement: .runSettlement
        case .makePayout: .makePayout
        }
    }
}
