/// The canonical NDJSON form of a command: `type`, `at`, then the fields in SPEC §3 table
/// order, optional fields omitted when absent, money as `"85.00"`, time as UTC RFC 3339.
///
/// For every well-formed command (what `CommandParser` can produce),
/// `CommandParser.parse(command.ndjson) == .success(command)`. The simulator and the tests
/// write their input with it. Combinations the parser never produces (a `price` rule in
/// `platform.set_markup`, an amount with outcome `reject`) are written as they are and
/// parse back as malformed.
extension Command {
    /// One JSON object, without the line terminator.
    public var ndjson: String {
        var writer = JSONObjectWriter()
        writer.string("type", action.typeName)
        writer.timestamp("at", at)
        action.writeFields(to: &writer)
        return writer.finish()
    }
}

extension Command.Action {
    fileprivate func writeFields(to writer: inout JSONObjectWriter) {
        switch self {
        case .registerSupplier(let supplier, let name):
            writer.string("supplier", supplier)
            writer.string("name", name)
        case .chargeFee(let fee, let supplier, let amount, let memo):
            writer.string("fee", fee)
            writer.string("supplier", supplier)
            writer.money("amount", amount)
            if let memo { writer.string("memo", memo) }
        case .listProduct(let listing):
            writer.string("sku", listing.sku)
            writer.string("supplier", listing.supplier)
            writer.string("name", listing.name)
            writer.money("face", listing.face)
            writer.money("cost", listing.cost)
            if let hours = listing.refundHours { writer.integer("refund_hours", hours) }
        case .repriceProduct(let sku, let cost):
            writer.string("sku", sku)
            writer.money("cost", cost)
        case .delistProduct(let sku):
            writer.string("sku", sku)
        case .addStock(let sku, let batch, let units):
            writer.string("sku", sku)
            writer.string("batch", batch)
            switch units {
            case .codes(let codes): writer.stringArray("codes", codes)
            case .count(let count): writer.integer("count", count)
            }
        case .voidStock(let sku, let batch, let count, let reason):
            writer.string("sku", sku)
            writer.string("batch", batch)
            writer.integer("count", count)
            writer.string("reason", reason)
        case .setPlatformMarkup(let sku, let rule):
            writer.string("sku", sku)
            rule.write(to: &writer)
        case .setFloor(let sku, let minimum):
            writer.string("sku", sku)
            writer.money("min", minimum)
        case .setCeiling(let sku, let maximum):
            writer.string("sku", sku)
            writer.money("max", maximum)
        case .joinDistributor(let distributor, let name, let parent):
            writer.string("distributor", distributor)
            writer.string("name", name)
            if let parent { writer.string("parent", parent) }
        case .setDistributorMarkup(let distributor, let sku, let rule):
            writer.string("distributor", distributor)
            writer.string("sku", sku)
            rule.write(to: &writer)
        case .setOverride(let distributor, let bps):
            writer.string("distributor", distributor)
            writer.integer("bps", bps)
        default:
            writeOrderAndLaterFields(to: &writer)
        }
    }

    /// Orders, refunds, disputes, settlement and payouts.
    private func writeOrderAndLaterFields(to writer: inout JSONObjectWriter) {
        switch self {
        case .placeOrder(let request):
            request.write(to: &writer, ttlSeconds: nil)
        case .reserveOrder(let request, let ttlSeconds):
            request.write(to: &writer, ttlSeconds: ttlSeconds)
        case .payOrder(let order), .cancelOrder(let order):
            writer.string("order", order)
        case .refundOrder(let refund, let order, let amount, let reason):
            writer.string("refund", refund)
            writer.string("order", order)
            writer.money("amount", amount)
            if let reason { writer.string("reason", reason) }
        case .openDispute(let dispute, let order, let reason):
            writer.string("dispute", dispute)
            writer.string("order", order)
            writer.string("reason", reason)
        case .resolveDispute(let dispute, let outcome, let amount):
            writer.string("dispute", dispute)
            writer.string("outcome", outcome.rawValue)
            if let amount { writer.money("amount", amount) }
        case .makePayout(let payout, let party, let amount):
            writer.string("payout", payout)
            switch party {
            case .supplier(let supplier): writer.string("supplier", supplier)
            case .distributor(let distributor): writer.string("distributor", distributor)
            }
            writer.money("amount", amount)
        default:
            break  // settlement.run has no fields; the others were written by the caller.
        }
    }
}

extension MarkupRule {
    fileprivate func write(to writer: inout JSONObjectWriter) {
        switch self {
        case .fixed(let amount): writer.money("fixed", amount)
        case .bps(let bps): writer.integer("bps", bps)
        case .price(let price): writer.money("price", price)
        }
    }
}

extension OrderRequest {
    fileprivate func write(to writer: inout JSONObjectWriter, ttlSeconds: Int64?) {
        writer.string("order", order)
        writer.string("distributor", distributor)
        writer.string("sku", sku)
        writer.integer("qty", quantity)
        writer.string("buyer", buyer)
        if let ttlSeconds { writer.integer("ttl_seconds", ttlSeconds) }
        if let expectUnitPrice { writer.money("expect_unit_price", expectUnitPrice) }
    }
}
