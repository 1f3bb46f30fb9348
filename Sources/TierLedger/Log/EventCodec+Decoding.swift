/// Decoding of each kind's fields (the layouts are listed in `EventCodec+Kinds.swift`).
extension EventCodec {
    mutating func decodeFields(_ kind: Kind, at: Timestamp?,
                               _ reader: inout ByteReader) throws(LogDecodingError) -> EventBody {
        switch kind {
        case .ledgerCreated:
            let currency = try reader.string()
            let hold = try reader.signed()
            let format = Int64(bitPattern: try reader.varint())
            return .ledgerCreated(LedgerSettings(currency: currency, holdSeconds: hold), formatVersion: format)
        case .supplierRegistered:
            return .supplierRegistered(supplier: try string(&reader), name: try reader.string())
        case .feeCharged:
            return .feeCharged(fee: try string(&reader), supplier: try string(&reader),
                               amount: try money(&reader), memo: try optionalText(&reader))
        case .productListed:
            let sku = try string(&reader)
            let supplier = try string(&reader)
            let name = try reader.string()
            let face = try money(&reader)
            let cost = try money(&reader)
            let hours = try reader.varint()
            return .productListed(ProductListing(sku: sku, supplier: supplier, name: name, face: face, cost: cost,
                                                 refundHours: hours == 0 ? nil : Int64(bitPattern: hours &- 1)))
        case .productRepriced:
            return .productRepriced(sku: try string(&reader), cost: try money(&reader))
        case .productDelisted:
            return .productDelisted(sku: try string(&reader))
        case .stockAdded:
            return try decodeStockAdded(&reader)
        case .stockVoided:
            return .stockVoided(sku: try string(&reader), batch: try string(&reader), count: try reader.signed(),
                                reason: try reader.string(), units: try runs(&reader))
        case .platformMarkupSet:
            return .platformMarkupSet(sku: try string(&reader), rule: try rule(&reader))
        case .floorSet:
            return .floorSet(sku: try string(&reader), minimum: try money(&reader))
        case .ceilingSet:
            return .ceilingSet(sku: try string(&reader), maximum: try money(&reader))
        case .distributorJoined:
            let distributor = try string(&reader)
            let name = try reader.string()
            let parent = try reader.byte() == 1 ? try string(&reader) : nil
            return .distributorJoined(distributor: distributor, name: name, parent: parent)
        case .distributorMarkupSet:
            return .distributorMarkupSet(distributor: try string(&reader), sku: try string(&reader),
                                         rule: try rule(&reader))
        case .overrideSet:
            return .overrideSet(distributor: try string(&reader), bps: try reader.signed())
        default:
            return try decodeOrderFields(kind, at: at, &reader)
        }
    }

    private mutating func decodeOrderFields(_ kind: Kind, at: Timestamp?,
                                            _ reader: inout ByteReader) throws(LogDecodingError) -> EventBody {
        switch kind {
        case .orderPlaced:
            return .orderPlaced(try order(&reader))
        case .orderReserved:
            let fact = try order(&reader)
            let ttl = try reader.signed()
            guard let at, (1...604_800).contains(ttl) else { throw LogDecodingError("a reservation's ttl") }
            return .orderReserved(fact, ttlSeconds: ttl, deadline: at.adding(seconds: ttl))
        case .orderPaid:
            let order = try string(&reader)
            let late = try reader.byte() == 1
            let units = try runs(&reader)
            return .orderPaid(order: order, late: late, units: units, codes: try codes(of: units))
        case .orderExpired:
            return .orderExpired(order: try string(&reader), units: try runs(&reader))
        case .orderCancelled:
            return .orderCancelled(order: try string(&reader), units: try runs(&reader))
        case .orderRejected:
            return .orderRejected(try rejection(&reader))
        case .orderRefunded:
            return .orderRefunded(try refund(&reader))
        case .disputeOpened:
            return .disputeOpened(dispute: try string(&reader), order: try string(&reader), reason: try reader.string())
        case .disputeResolved:
            let dispute = try string(&reader)
            let order = try string(&reader)
            let outcome: DisputeOutcome = try reader.byte() == 1 ? .refund : .reject
            let refund = try reader.byte() == 1 ? try self.refund(&reader) : nil
            return .disputeResolved(dispute: dispute, order: order, outcome: outcome, refund: refund)
        case .settlementRan:
            let count = try reader.index()
            guard count <= reader.remaining else { throw LogDecodingError("settlement lists too many orders") }
            var released = [String]()
            released.reserveCapacity(count)
            for _ in 0..<count { released.append(try string(&reader)) }
            return .settlementRan(released: released)
        case .payoutMade:
            let payout = try string(&reader)
            let tag = try reader.byte()
            let id = try string(&reader)
            return .payoutMade(payout: payout, party: tag == 0 ? .supplier(id) : .distributor(id),
                               amount: try money(&reader))
        default:
            throw LogDecodingError("kind \(kind) is not an order kind")
        }
    }

    private mutating func decodeStockAdded(_ reader: inout ByteReader) throws(LogDecodingError) -> EventBody {
        let sku = try string(&reader)
        let batch = try string(&reader)
        let tag = try reader.byte()
        let count = try reader.count()
        guard tag == 1 else { return .stockAdded(sku: sku, batch: batch, units: .count(count)) }
        guard count <= Int64(reader.remaining / 16) else { throw LogDecodingError("more codes than bytes") }
        var codes = [Fingerprint]()
        codes.reserveCapacity(Int(count))
        for _ in 0..<count { codes.append(try reader.fingerprint()) }
        dictionary.remember(codes: codes, ofBatch: batch)
        return .stockAdded(sku: sku, batch: batch, units: .codes(codes))
    }

    // MARK: Shared pieces

    private mutating func string(_ reader: inout ByteReader) throws(LogDecodingError) -> String {
        try dictionary.readString(&reader)
    }

    private func money(_ reader: inout ByteReader) throws(LogDecodingError) -> Money {
        Money(minorUnits: try reader.signed())
    }

    private func optionalText(_ reader: inout ByteReader) throws(LogDecodingError) -> String? {
        try reader.byte() == 1 ? try reader.string() : nil
    }

    private func rule(_ reader: inout ByteReader) throws(LogDecodingError) -> MarkupRule {
        let tag = try reader.byte()
        let value = try reader.signed()
        switch tag {
        case 1: return .fixed(Money(minorUnits: value))
        case 2: return .bps(value)
        case 3: return .price(Money(minorUnits: value))
        default: throw LogDecodingError("unknown rule tag \(tag)")
        }
    }

    private mutating func runs(_ reader: inout ByteReader) throws(LogDecodingError) -> [UnitRun] {
        let count = try reader.index()
        guard count <= reader.remaining else { throw LogDecodingError("more unit runs than bytes") }
        var runs = [UnitRun]()
        runs.reserveCapacity(count)
        for _ in 0..<count {
            runs.append(UnitRun(batch: try string(&reader), start: try reader.signed(), count: try reader.signed()))
        }
        return runs
    }

    private mutating func order(_ reader: inout ByteReader) throws(LogDecodingError) -> OrderFact {
        // A full decode hands each fact its chain's steps, shared by the orders on that chain
        // (a template); a state-only one reads the chain into reused fields and leaves them out.
        var template: ChainTemplate?
        if decodesFullOrders {
            template = try dictionary.readChain(&reader)
        } else {
            try dictionary.readChain(&reader, into: &chainFields)
        }
        let order = try string(&reader)
        let quantity = try reader.signed()
        let buyer = try dictionary.readBuyer(&reader)
        let expect = try reader.byte() == 1 ? Money(minorUnits: try reader.signed()) : nil
        let units = try runs(&reader)
        let codes = try codes(of: units)
        func fact(on chain: borrowing ChainFields) throws(LogDecodingError) -> OrderFact {
            try chain.fact(order: order, quantity: quantity, buyer: buyer, expectUnitPrice: expect, units: units,
                           codes: codes, overrides: decodesFullOrders, steps: decodesFullOrders)
        }
        if let template { return try fact(on: template.fields) }
        return try fact(on: chainFields)
    }

    /// The codes of `units`, or none when the decoder leaves them out (`decodesFullOrders`).
    private func codes(of units: [UnitRun]) throws(LogDecodingError) -> [Fingerprint] {
        decodesFullOrders ? try dictionary.codes(of: units) : []
    }

    private mutating func rejection(_ reader: inout ByteReader) throws(LogDecodingError) -> OrderRejection {
        let order = try string(&reader)
        let command = Int(try reader.byte())
        let codeIndex = Int(try reader.byte())
        guard command < Self.commandTags.count, codeIndex < RejectionCode.allCases.count else {
            throw LogDecodingError("unknown rejection command or code")
        }
        var rejection = OrderRejection(order: order, commandType: Self.commandTags[command],
                                       code: RejectionCode.allCases[codeIndex], message: try reader.string())
        let flags = try reader.byte()
        if flags & 1 != 0 { rejection.distributor = try string(&reader) }
        if flags & 2 != 0 { rejection.sku = try string(&reader) }
        if flags & 4 != 0 { rejection.quantity = try reader.signed() }
        if flags & 8 != 0 { rejection.buyer = try dictionary.readBuyer(&reader) }
        if flags & 16 != 0 { rejection.unitPrice = Money(minorUnits: try reader.signed()) }
        return rejection
    }

    private mutating func refund(_ reader: inout ByteReader) throws(LogDecodingError) -> RefundFact {
        let refund = try string(&reader)
        let order = try string(&reader)
        let amount = try money(&reader)
        let reason = try optionalText(&reader)
        let count = try reader.index()
        guard count <= reader.remaining else { throw LogDecodingError("more reversals than bytes") }
        var reversals = [Money]()
        for _ in 0..<count { reversals.append(try money(&reader)) }
        return RefundFact(refund: refund, order: order, amount: amount, reason: reason, reversals: reversals,
                          afterRelease: try reader.byte() == 1)
    }
}
