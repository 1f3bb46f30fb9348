/// NDJSON fields of the facts nested in order events.
extension OrderFact {
    func encodeFields(into fields: inout EventFields) {
        fields.string("order", order)
        fields.string("distributor", distributor)
        fields.string("sku", sku)
        fields.integer("qty", quantity)
        fields.string("buyer", buyer.hex)
        fields.optionalMoney("expect_unit_price", expectUnitPrice)
        fields.money("cost", cost)
        fields.sequence("cost_seq", costSequence)
        fields.objects("chain", chain) { step, fields in step.encodeFields(into: &fields) }
        fields.objects("overrides", overrides) { share, fields in share.encodeFields(into: &fields) }
        fields.objects("legs", legs) { leg, fields in
            leg.party.encodeField("party", into: &fields)
            fields.money("amount", leg.amount)
        }
        fields.money("unit_price", unitPrice)
        fields.money("gross", gross)
        fields.optionalInteger("refund_hours", refundHours)
        fields.units("units", units)
        fields.fingerprints("codes", codes)
    }

    init(_ reader: EventFieldReader) throws(EventDecodingError) {
        var chain = [PriceStep]()
        for step in try reader.objects("chain") { chain.append(try PriceStep(step)) }
        var overrides = [OverrideShare]()
        for share in try reader.objects("overrides") {
            overrides.append(OverrideShare(
                parent: try share.string("parent"), child: try share.string("child"),
                bps: try share.integer("bps"), bpsSequence: try share.sequence("bps_seq"),
                amount: try share.money("amount")))
        }
        var legs = [Leg]()
        for leg in try reader.objects("legs") {
            guard let party = LegParty(text: try leg.string("party")) else {
                throw EventDecodingError(field: "legs", message: "expected a party like supplier:S1")
            }
            legs.append(Leg(party: party, amount: try leg.money("amount")))
        }
        self.init(
            order: try reader.identifier("order"), distributor: try reader.identifier("distributor"),
            sku: try reader.identifier("sku"), quantity: try reader.integer("qty"),
            buyer: try reader.fingerprint("buyer"), expectUnitPrice: try reader.optionalMoney("expect_unit_price"),
            cost: try reader.money("cost"), costSequence: try reader.sequence("cost_seq"), chain: chain,
            overrides: overrides, legs: legs, unitPrice: try reader.money("unit_price"),
            gross: try reader.money("gross"), refundHours: try reader.optionalInteger("refund_hours"),
            units: try reader.units("units"), codes: try reader.fingerprints("codes"))
    }
}

extension PriceStep {
    func encodeFields(into fields: inout EventFields) {
        if let distributor {
            fields.prefixedString("party", "distributor:", distributor)
        } else {
            fields.string("party", "platform")
        }
        if let rule {
            fields.object("rule") { ruleFields in
                ruleFields.rule(rule)
                ruleFields.optionalString("sku", ruleSku)
                ruleFields.sequence("seq", ruleSequence)
            }
        }
        fields.money("markup", markup)
        fields.money("price", price)
    }

    init(_ reader: EventFieldReader) throws(EventDecodingError) {
        let party = try reader.string("party")
        var distributor: String?
        if party != "platform" {
            guard party.hasPrefix("distributor:") else {
                throw EventDecodingError(field: "party", message: "expected platform or distributor:ID")
            }
            distributor = String(party.dropFirst("distributor:".count))
        }
        var rule: MarkupRule?
        var ruleSku: String?
        var ruleSequence: UInt64 = 0
        if reader.has("rule") {
            let ruleReader = try reader.nested("rule")
            rule = try ruleReader.rule()
            ruleSku = try ruleReader.optionalString("sku")
            ruleSequence = try ruleReader.sequence("seq")
        }
        self.init(distributor: distributor, rule: rule, ruleSku: ruleSku, ruleSequence: ruleSequence,
                  markup: try reader.money("markup"), price: try reader.money("price"))
    }
}

extension OverrideShare {
    func encodeFields(into fields: inout EventFields) {
        fields.string("parent", parent)
        fields.string("child", child)
        fields.integer("bps", bps)
        fields.sequence("bps_seq", bpsSequence)
        fields.money("amount", amount)
    }
}

extension LegParty {
    /// `supplier:S1`, `platform` or `distributor:D1`.
    public var text: String {
        switch self {
        case .supplier(let supplier): "supplier:\(supplier)"
        case .platform: "platform"
        case .distributor(let distributor): "distributor:\(distributor)"
        }
    }

    /// `text` as the member `key`, without building the string.
    func encodeField(_ key: StaticString, into fields: inout EventFields) {
        switch self {
        case .supplier(let supplier): fields.prefixedString(key, "supplier:", supplier)
        case .platform: fields.string(key, "platform")
        case .distributor(let distributor): fields.prefixedString(key, "distributor:", distributor)
        }
    }

    init?(text: String) {
        if text == "platform" {
            self = .platform
        } else if text.hasPrefix("supplier:") {
            self = .supplier(String(text.dropFirst("supplier:".count)))
        } else if text.hasPrefix("distributor:") {
            self = .distributor(String(text.dropFirst("distributor:".count)))
        } else {
            return nil
        }
    }
}

extension OrderRejection {
    func encodeFields(into fields: inout EventFields) {
        fields.string("order", order)
        fields.string("command", commandType)
        fields.string("code", code.rawValue)
        fields.string("message", message)
        fields.optionalString("distributor", distributor)
        fields.optionalString("sku", sku)
        fields.optionalInteger("qty", quantity)
        fields.optionalString("buyer", buyer?.hex)
        fields.optionalMoney("unit_price", unitPrice)
    }

    init(_ reader: EventFieldReader) throws(EventDecodingError) {
        guard let code = RejectionCode(rawValue: try reader.string("code")) else {
            throw EventDecodingError(field: "code", message: "expected a rejection code")
        }
        self.init(order: try reader.identifier("order"), commandType: try reader.string("command"), code: code,
                  message: try reader.string("message"), distributor: try reader.optionalIdentifier("distributor"),
                  sku: try reader.optionalIdentifier("sku"), quantity: try reader.optionalInteger("qty"),
                  buyer: reader.has("buyer") ? try reader.fingerprint("buyer") : nil,
                  unitPrice: try reader.optionalMoney("unit_price"))
    }
}

extension RefundFact {
    func encodeFields(into fields: inout EventFields) {
        fields.string("refund", refund)
        fields.string("order", order)
        fields.money("amount", amount)
        fields.optionalString("reason", reason)
        fields.moneys("reversals", reversals)
        fields.bool("after_release", afterRelease)
    }

    init(_ reader: EventFieldReader) throws(EventDecodingError) {
        var reversals = [Money]()
        for element in try reader.array("reversals") {
            guard let amount = element.moneyValue else {
                throw EventDecodingError(field: "reversals", message: "expected money strings")
            }
            reversals.append(amount)
        }
        self.init(refund: try reader.identifier("refund"), order: try reader.identifier("order"),
                  amount: try reader.money("amount"), reason: try reader.optionalText("reason"),
                  reversals: reversals, afterRelease: try reader.bool("after_release"))
    }
}
