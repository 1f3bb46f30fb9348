/// Building each command type's `Command.Action` from its fields, read in SPEC §3 table
/// order so that the first wrong field in that order is the one reported.
extension CommandFieldReader {
    func action(_ type: CommandType) throws(CommandParseError) -> Command.Action {
        switch type {
        case .registerSupplier:
            return .registerSupplier(supplier: try id(.supplier), name: try name(.name))
        case .chargeFee:
            return .chargeFee(fee: try id(.fee), supplier: try id(.supplier),
                              amount: try money(.amount), memo: try optionalText(.memo))
        case .listProduct:
            return .listProduct(ProductListing(
                sku: try id(.sku), supplier: try id(.supplier), name: try name(.name),
                face: try money(.face), cost: try money(.cost),
                refundHours: try optionalInteger(.refundHours)))
        case .repriceProduct:
            return .repriceProduct(sku: try id(.sku), cost: try money(.cost))
        case .delistProduct:
            return .delistProduct(sku: try id(.sku))
        case .addStock:
            let sku = try id(.sku)
            let batch = try id(.batch)
            let units: StockUnits = try alternative(.codes, .count) == .codes
                ? .codes(try codes(.codes)) : .count(try integer(.count))
            return .addStock(sku: sku, batch: batch, units: units)
        case .voidStock:
            return .voidStock(sku: try id(.sku), batch: try id(.batch), count: try integer(.count),
                              reason: try text(.reason))
        case .setPlatformMarkup:
            let sku = try skuSelector(.sku)
            return .setPlatformMarkup(sku: sku, rule: try markupRule(try alternative(.fixed, .bps)))
        case .setFloor:
            return .setFloor(sku: try id(.sku), minimum: try money(.minimum))
        case .setCeiling:
            return .setCeiling(sku: try id(.sku), maximum: try money(.maximum))
        case .joinDistributor:
            return .joinDistributor(distributor: try id(.distributor), name: try name(.name),
                                    parent: try optionalID(.parent))
        case .setDistributorMarkup:
            let distributor = try id(.distributor)
            let sku = try skuSelector(.sku)
            let rule = try markupRule(try alternative(.fixed, .bps, .price))
            return .setDistributorMarkup(distributor: distributor, sku: sku, rule: rule)
        case .setOverride:
            return .setOverride(distributor: try id(.distributor), bps: try integer(.bps))
        case .placeOrder, .reserveOrder, .payOrder, .cancelOrder, .refundOrder:
            return try orderAction(type)
        case .openDispute:
            return .openDispute(dispute: try id(.dispute), order: try id(.order),
                                reason: try text(.reason))
        case .resolveDispute:
            return try resolveDispute()
        case .runSettlement:
            return .runSettlement
        case .makePayout:
            let payout = try id(.payout)
            let party: Party = try alternative(.supplier, .distributor) == .supplier
                ? .supplier(try id(.supplier)) : .distributor(try id(.distributor))
            return .makePayout(payout: payout, party: party, amount: try money(.amount))
        }
    }

    private func orderAction(_ type: CommandType) throws(CommandParseError) -> Command.Action {
        switch type {
        case .placeOrder:
            let request = try orderRequest(ttlSeconds: false)
            return .placeOrder(request.request)
        case .reserveOrder:
            let request = try orderRequest(ttlSeconds: true)
            return .reserveOrder(request.request, ttlSeconds: request.ttlSeconds ?? 0)
        case .payOrder:
            return .payOrder(order: try id(.order))
        case .cancelOrder:
            return .cancelOrder(order: try id(.order))
        default:
            return .refundOrder(refund: try id(.refund), order: try id(.order),
                                amount: try money(.amount), reason: try optionalText(.reason))
        }
    }

    /// `order.place` and `order.reserve`; `ttl_seconds` comes between `buyer` and
    /// `expect_unit_price` in the SPEC table, and is read there.
    private func orderRequest(ttlSeconds hasTTL: Bool)
        throws(CommandParseError) -> (request: OrderRequest, ttlSeconds: Int64?)
    {
        let order = try id(.order)
        let distributor = try id(.distributor)
        let sku = try id(.sku)
        let quantity = try integer(.quantity)
        let buyer = try id(.buyer)
        let ttlSeconds = hasTTL ? try integer(.ttlSeconds) : nil
        let expectUnitPrice = try optionalMoney(.expectUnitPrice)
        let request = OrderRequest(order: order, distributor: distributor, sku: sku,
                                   quantity: quantity, buyer: buyer,
                                   expectUnitPrice: expectUnitPrice)
        return (request, ttlSeconds)
    }

    private func markupRule(_ field: CommandField) throws(CommandParseError) -> MarkupRule {
        switch field {
        case .fixed: .fixed(try money(.fixed))
        case .bps: .bps(try integer(.bps))
        default: .price(try money(.price))
        }
    }

    /// `amount` is only well-formed with outcome `refund` (README, "Per command").
    private func resolveDispute() throws(CommandParseError) -> Command.Action {
        let dispute = try id(.dispute)
        let outcome = try outcome(.outcome)
        if outcome == .reject, let amount = optionalMember(.amount) {
            throw mismatch(amount, "no amount when outcome is \"reject\"", typed: false)
        }
        return .resolveDispute(dispute: dispute, outcome: outcome,
                               amount: try optionalMoney(.amount))
    }
}
