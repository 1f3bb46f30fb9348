/// Binary layout of a chain template (written once, at its first use):
///
///     ref seller · ref sku · ref supplier · signed cost · varint cost_seq ·
///     varint refund_hours+1 (0 = no limit) · varint step_count ·
///     step_count × (ref distributor (step 0: none) · rule · signed markup) ·
///     (step_count − 2) × (signed override_bps · varint override_seq)
///
/// where `rule` is a tag byte (0 none, 1 fixed, 2 bps, 3 price), then for a rule its signed
/// value, its sku ref and its varint sequence number. Prices are not stored: each is the
/// previous price plus the step's markup, starting from the cost.
///
/// The chain table (`ChainTable`) keeps each chain in its canonical form: this layout with every
/// string a reference (which is also how a chain is written whenever none of its strings is new,
/// and how a snapshot stores the table).
extension ChainFields {
    /// Reads the layout above into these fields, with `string` reading each string (a
    /// reference, or one written inline). The arrays keep their storage: a reader that decodes
    /// one chain after another into the same fields allocates nothing for them.
    mutating func read(_ reader: inout ByteReader,
                       string readString: (inout ByteReader) throws(LogDecodingError) -> String)
        throws(LogDecodingError) {
        seller = try readString(&reader)
        sku = try readString(&reader)
        supplier = try readString(&reader)
        cost = Money(minorUnits: try reader.signed())
        costSequence = try reader.varint()
        let hours = try reader.varint()
        refundHours = hours == 0 ? nil : Int64(bitPattern: hours &- 1)
        let stepCount = try reader.index()
        guard stepCount >= 1, stepCount <= 64 else { throw LogDecodingError("a chain of \(stepCount) steps") }
        // Steps are overwritten where the last chain left some (`removeAll(keepingCapacity:)`
        // and appending cost about a tenth of reading a chain), then added or dropped.
        if steps.count > stepCount { steps.removeLast(steps.count - stepCount) }
        steps.reserveCapacity(stepCount)  // one allocation, not one per doubling
        var price = cost
        for index in 0..<stepCount {
            let distributor = index > 0 ? try readString(&reader) : nil
            let tag = try reader.byte()
            var rule: MarkupRule?
            switch tag {
            case 0: rule = nil
            case 1: rule = .fixed(Money(minorUnits: try reader.signed()))
            case 2: rule = .bps(try reader.signed())
            case 3: rule = .price(Money(minorUnits: try reader.signed()))
            default: throw LogDecodingError("unknown rule tag \(tag)")
            }
            let ruleSku = rule == nil ? nil : try readString(&reader)
            let ruleSequence = rule == nil ? 0 : try reader.varint()
            let markup = Money(minorUnits: try reader.signed())
            let (next, overflow) = price.minorUnits.addingReportingOverflow(markup.minorUnits)
            guard !overflow else { throw LogDecodingError("chain price overflows") }
            price = Money(minorUnits: next)
            guard index < steps.count else {
                steps.append(PriceStep(distributor: distributor, rule: rule, ruleSku: ruleSku,
                                       ruleSequence: ruleSequence, markup: markup, price: price))
                continue
            }
            // Field by field: assigning a whole step copied it, and destroyed the copy after.
            steps[index].distributor = distributor
            steps[index].rule = rule
            steps[index].ruleSku = ruleSku
            steps[index].ruleSequence = ruleSequence
            steps[index].markup = markup
            steps[index].price = price
        }
        let rateCount = max(stepCount - 2, 0)
        if rates.count > rateCount { rates.removeLast(rates.count - rateCount) }
        rates.reserveCapacity(rateCount)
        for index in 0..<rateCount {
            let rate = OverrideRate(bps: try reader.signed(), sequence: try reader.varint())
            if index < rates.count { rates[index] = rate } else { rates.append(rate) }
        }
    }

    /// The full fact of one order on this chain, with the derived legs, overrides and prices.
    /// `overrides` false leaves out the override shares, `steps` false the chain's steps: a
    /// reader that only rebuilds the state needs neither (its legs are the same).
    func fact(order: String, quantity: Int64, buyer: Fingerprint, expectUnitPrice: Money?,
              units: [UnitRun], codes: [Fingerprint], overrides keepsOverrides: Bool = true,
              steps keepsSteps: Bool = true) throws(LogDecodingError) -> OrderFact {
        let unitPrice = steps[steps.count - 1].price
        guard let gross = ChainTemplate.gross(unitPrice: unitPrice.minorUnits, quantity: quantity),
              ChainTemplate.allowsOrders(cost: cost, steps: steps, rates: rates.lazy.map(\.bps))
        else { throw LogDecodingError("order \(order) has an impossible chain or quantity") }
        let (legs, overrides) = OrderSplit.legs(steps: steps, rates: rates, quantity: quantity, supplier: supplier,
                                                keepingOverrides: keepsOverrides)
        return OrderFact(order: order, distributor: seller, sku: sku, quantity: quantity, buyer: buyer,
                         expectUnitPrice: expectUnitPrice, cost: cost, costSequence: costSequence,
                         chain: keepsSteps ? steps : [], overrides: overrides, legs: legs, unitPrice: unitPrice,
                         gross: Money(minorUnits: gross), refundHours: refundHours, units: units, codes: codes)
    }
}

extension ChainTemplate {
    convenience init(reading reader: inout ByteReader, dictionary: inout LogDictionary) throws(LogDecodingError) {
        try self.init(reading: &reader) { reader throws(LogDecodingError) in try dictionary.readString(&reader) }
    }

    /// The layout above with `string` reading each string (a reference, or one written inline).
    convenience init(reading reader: inout ByteReader,
                     string readString: (inout ByteReader) throws(LogDecodingError) -> String)
        throws(LogDecodingError) {
        var fields = ChainFields()
        try fields.read(&reader, string: readString)
        self.init(fields)
    }

    /// What a string of the layout above is, for `walk`.
    enum StringRole {
        case seller, sku, supplier, distributor, ruleSku
    }

    /// Reads past a chain in the layout above with the checks of `init(reading:dictionary:)`,
    /// building nothing: `string` reads each string (a reference, or one written inline) and
    /// may end the walk early by returning true, which `walk` then returns. A skim reads the
    /// strings into the dictionary as a decode does; a look at a chain's parties reads the
    /// references of its canonical form.
    static func walk(_ reader: inout ByteReader,
                     string: (inout ByteReader, StringRole) throws(LogDecodingError) -> Bool)
        throws(LogDecodingError) -> Bool {
        for role in [StringRole.seller, .sku, .supplier] where try string(&reader, role) { return true }
        var price = try reader.signed()
        _ = try reader.varint()
        _ = try reader.varint()
        let stepCount = try reader.index()
        guard stepCount >= 1, stepCount <= 64 else { throw LogDecodingError("a chain of \(stepCount) steps") }
        for index in 0..<stepCount {
            if index > 0, try string(&reader, .distributor) { return true }
            let tag = try reader.byte()
            guard tag <= 3 else { throw LogDecodingError("unknown rule tag \(tag)") }
            if tag != 0 {
                _ = try reader.signed()
                if try string(&reader, .ruleSku) { return true }
                _ = try reader.varint()
            }
            let (next, overflow) = price.addingReportingOverflow(try reader.signed())
            guard !overflow else { throw LogDecodingError("chain price overflows") }
            price = next
        }
        for _ in 0..<max(stepCount - 2, 0) {
            _ = try reader.signed()
            _ = try reader.varint()
        }
        return false
    }

    /// Whether any order can be priced on a chain of this cost, these steps and these override
    /// rates (in basis points): the decoder's checks, which the order catalog applies too.
    static func allowsOrders(cost: Money, steps: [PriceStep], rates: some Sequence<Int64>) -> Bool {
        cost.isPositive && steps.allSatisfy { !$0.markup.isNegative } && rates.allSatisfy { (0...10_000).contains($0) }
    }

    /// The gross of `quantity` units at `unitPrice`, or `nil` past the decoder's limits
    /// (1 … 1,000,000 units, a gross within the input maximum).
    static func gross(unitPrice: Int64, quantity: Int64) -> Int64? {
        let (gross, overflow) = unitPrice.multipliedReportingOverflow(by: quantity)
        guard !overflow, (1...1_000_000).contains(quantity), gross <= Money.inputMaximumMinorUnits else { return nil }
        return gross
    }
}
