/// Names, versions and fields of each event kind in the NDJSON form.
extension EventBody {
    /// The `type` of the event in exports.
    public var typeName: String {
        switch self {
        case .ledgerCreated: "ledger.created"
        case .supplierRegistered: "supplier.registered"
        case .feeCharged: "supplier.fee_charged"
        case .productListed: "product.listed"
        case .productRepriced: "product.repriced"
        case .productDelisted: "product.delisted"
        case .stockAdded: "stock.added"
        case .stockVoided: "stock.voided"
        case .platformMarkupSet: "platform.markup_set"
        case .floorSet: "price.floor_set"
        case .ceilingSet: "price.ceiling_set"
        case .distributorJoined: "distributor.joined"
        case .distributorMarkupSet: "distributor.markup_set"
        case .overrideSet: "distributor.override_set"
        case .orderPlaced: "order.placed"
        case .orderReserved: "order.reserved"
        case .orderPaid: "order.paid"
        case .orderExpired: "order.expired"
        case .orderCancelled: "order.cancelled"
        case .orderRejected: "order.rejected"
        case .orderRefunded: "order.refunded"
        case .disputeOpened: "dispute.opened"
        case .disputeResolved: "dispute.resolved"
        case .settlementRan: "settlement.ran"
        case .payoutMade: "payout.made"
        }
    }

    /// The version of this kind's fields. Every kind is at version 1; a kind that changes gets
    /// a new version and its decoder keeps reading the old ones.
    public var version: Int64 { 1 }

    func encodeFields(into fields: inout EventFields) {
        switch self {
        case .ledgerCreated(let settings, let formatVersion):
            fields.string("currency", settings.currency)
            fields.integer("hold_seconds", settings.holdSeconds)
            fields.integer("format_version", formatVersion)
        case .supplierRegistered(let supplier, let name):
            fields.string("supplier", supplier)
            fields.string("name", name)
        case .feeCharged(let fee, let supplier, let amount, let memo):
            fields.string("fee", fee)
            fields.string("supplier", supplier)
            fields.money("amount", amount)
            fields.optionalString("memo", memo)
        case .productListed(let listing):
            fields.string("sku", listing.sku)
            fields.string("supplier", listing.supplier)
            fields.string("name", listing.name)
            fields.money("face", listing.face)
            fields.money("cost", listing.cost)
            fields.optionalInteger("refund_hours", listing.refundHours)
        case .productRepriced(let sku, let cost):
            fields.string("sku", sku)
            fields.money("cost", cost)
        case .productDelisted(let sku):
            fields.string("sku", sku)
        case .stockAdded(let sku, let batch, let units):
            fields.string("sku", sku)
            fields.string("batch", batch)
            fields.integer("count", units.unitCount)
            if case .codes(let prints) = units { fields.fingerprints("codes", prints) }
        case .stockVoided(let sku, let batch, let count, let reason, let units):
            fields.string("sku", sku)
            fields.string("batch", batch)
            fields.integer("count", count)
            fields.string("reason", reason)
            fields.units("units", units)
        case .platformMarkupSet(let sku, let rule):
            fields.string("sku", sku)
            fields.rule(rule)
        case .floorSet(let sku, let minimum):
            fields.string("sku", sku)
            fields.money("min", minimum)
        case .ceilingSet(let sku, let maximum):
            fields.string("sku", sku)
            fields.money("max", maximum)
        case .distributorJoined(let distributor, let name, let parent):
            fields.string("distributor", distributor)
            fields.string("name", name)
            fields.optionalString("parent", parent)
        case .distributorMarkupSet(let distributor, let sku, let rule):
            fields.string("distributor", distributor)
            fields.string("sku", sku)
            fields.rule(rule)
        case .overrideSet(let distributor, let bps):
            fields.string("distributor", distributor)
            fields.integer("bps", bps)
        case .orderPlaced(let fact):
            fact.encodeFields(into: &fields)
        case .orderReserved(let fact, let ttlSeconds, let deadline):
            fact.encodeFields(into: &fields)
            fields.integer("ttl_seconds", ttlSeconds)
            fields.timestamp("deadline", deadline)
        default:
            encodeLaterFields(into: &fields)
        }
    }

    private func encodeLaterFields(into fields: inout EventFields) {
        switch self {
        case .orderPaid(let order, let late, let units, let codes):
            fields.string("order", order)
            fields.bool("late", late)
            fields.units("units", units)
            fields.fingerprints("codes", codes)
        case .orderExpired(let order, let units), .orderCancelled(let order, let units):
            fields.string("order", order)
            fields.units("units", units)
        case .orderRejected(let rejection):
            rejection.encodeFields(into: &fields)
        case .orderRefunded(let refund):
            refund.encodeFields(into: &fields)
        case .disputeOpened(let dispute, let order, let reason):
            fields.string("dispute", dispute)
            fields.string("order", order)
            fields.string("reason", reason)
        case .disputeResolved(let dispute, let order, let outcome, let refund):
            fields.string("dispute", dispute)
            fields.string("order", order)
            fields.string("outcome", outcome.rawValue)
            if let refund {
                fields.object("refund") { refund.encodeFields(into: &$0) }
            }
        case .settlementRan(let released):
            fields.strings("released", released)
        case .payoutMade(let payout, let party, let amount):
            fields.string("payout", payout)
            switch party {
            case .supplier(let supplier): fields.string("supplier", supplier)
            case .distributor(let distributor): fields.string("distributor", distributor)
            }
            fields.money("amount", amount)
        default:
            preconditionFailure("encodeFields handles the earlier kinds")
        }
    }

    static func decode(type: String, version: Int64,
                       _ reader: EventFieldReader) throws(EventDecodingError) -> EventBody {
        guard version == 1 else {
            throw EventDecodingError(field: "v", message: "\(type) version \(version) is newer than this "
                + "program reads (1); upgrade tierledger")
        }
        switch type {
        case "ledger.created":
            let settings = LedgerSettings(currency: try reader.string("currency"),
                                          holdSeconds: try reader.integer("hold_seconds"))
            return .ledgerCreated(settings, formatVersion: try reader.integer("format_version"))
        case "supplier.registered":
            return .supplierRegistered(supplier: try reader.identifier("supplier"), name: try reader.name("name"))
        case "supplier.fee_charged":
            return .feeCharged(fee: try reader.identifier("fee"), supplier: try reader.identifier("supplier"),
                               amount: try reader.money("amount"), memo: try reader.optionalText("memo"))
        case "product.listed":
            return .productListed(ProductListing(
                sku: try reader.identifier("sku"), supplier: try reader.identifier("supplier"),
                name: try reader.name("name"), face: try reader.money("face"),
                cost: try reader.money("cost"), refundHours: try reader.optionalInteger("refund_hours")))
        case "product.repriced":
            return .productRepriced(sku: try reader.identifier("sku"), cost: try reader.money("cost"))
        case "product.delisted":
            return .productDelisted(sku: try reader.identifier("sku"))
        case "stock.added":
            let count = try reader.integer("count")
            let units: StockAddition = reader.has("codes") ? .codes(try reader.fingerprints("codes")) : .count(count)
            guard units.unitCount == count else {
                throw EventDecodingError(field: "codes", message: "\(units.unitCount) codes for count \(count)")
            }
            return .stockAdded(sku: try reader.identifier("sku"), batch: try reader.identifier("batch"), units: units)
        case "stock.voided":
            return .stockVoided(sku: try reader.identifier("sku"), batch: try reader.identifier("batch"),
                                count: try reader.integer("count"), reason: try reader.text("reason"),
                                units: try reader.units("units"))
        case "platform.markup_set":
            return .platformMarkupSet(sku: try reader.skuSelector("sku"), rule: try reader.rule())
        case "price.floor_set":
            return .floorSet(sku: try reader.identifier("sku"), minimum: try reader.money("min"))
        case "price.ceiling_set":
            return .ceilingSet(sku: try reader.identifier("sku"), maximum: try reader.money("max"))
        case "distributor.joined":
            return .distributorJoined(distributor: try reader.identifier("distributor"),
                                      name: try reader.name("name"), parent: try reader.optionalIdentifier("parent"))
        case "distributor.markup_set":
            return .distributorMarkupSet(distributor: try reader.identifier("distributor"),
                                         sku: try reader.skuSelector("sku"), rule: try reader.rule())
        case "distributor.override_set":
            return .overrideSet(distributor: try reader.identifier("distributor"), bps: try reader.integer("bps"))
        default:
            return try decodeOrderKinds(type: type, reader)
        }
    }

    private static func decodeOrderKinds(type: String,
                                         _ reader: EventFieldReader) throws(EventDecodingError) -> EventBody {
        switch type {
        case "order.placed":
            return .orderPlaced(try OrderFact(reader))
        case "order.reserved":
            return .orderReserved(try OrderFact(reader), ttlSeconds: try reader.integer("ttl_seconds"),
                                  deadline: try reader.timestamp("deadline"))
        case "order.paid":
            return .orderPaid(order: try reader.identifier("order"), late: try reader.bool("late"),
                              units: try reader.units("units"), codes: try reader.fingerprints("codes"))
        case "order.expired":
            return .orderExpired(order: try reader.identifier("order"), units: try reader.units("units"))
        case "order.cancelled":
            return .orderCancelled(order: try reader.identifier("order"), units: try reader.units("units"))
        case "order.rejected":
            return .orderRejected(try OrderRejection(reader))
        case "order.refunded":
            return .orderRefunded(try RefundFact(reader))
        case "dispute.opened":
            return .disputeOpened(dispute: try reader.identifier("dispute"), order: try reader.identifier("order"),
                                  reason: try reader.text("reason"))
        case "dispute.resolved":
            guard let outcome = DisputeOutcome(rawValue: try reader.string("outcome")) else {
                throw EventDecodingError(field: "outcome", message: "expected refund or reject")
            }
            let refund = reader.has("refund") ? try RefundFact(try reader.nested("refund")) : nil
            return .disputeResolved(dispute: try reader.identifier("dispute"), order: try reader.identifier("order"),
                                    outcome: outcome, refund: refund)
        case "settlement.ran":
            var released = [String]()
            for element in try reader.array("released") {
                guard let order = element.stringValue, Identifier.isValid(order) else {
                    throw EventDecodingError(field: "released", message: "expected an array of order ids")
                }
                released.append(order)
            }
            return .settlementRan(released: released)
        case "payout.made":
            let party: Party = reader.has("supplier")
                ? .supplier(try reader.identifier("supplier")) : .distributor(try reader.identifier("distributor"))
            return .payoutMade(payout: try reader.identifier("payout"), party: party,
                               amount: try reader.money("amount"))
        default:
            throw EventDecodingError(field: "type", message: "unknown event type \(type)")
        }
    }
}
