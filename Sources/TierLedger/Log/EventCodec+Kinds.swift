import TierLedgerHardware
/// The fields of each kind, version 1. `ref` is a `LogDictionary` string reference, `signed` a
/// zigzag varint, `opt X` a flag byte (0 absent, 1 present) then X.
///
///     ledger.created         string currency · signed hold_seconds · varint format_version
///     supplier.registered    ref supplier · string name
///     supplier.fee_charged   ref fee · ref supplier · signed amount · opt string memo
///     product.listed         ref sku · ref supplier · string name · signed face · signed cost ·
///                            varint refund_hours+1 (0 = no limit)
///     product.repriced       ref sku · signed cost
///     product.delisted       ref sku
///     stock.added            ref sku · ref batch · byte (0 count, 1 codes) · varint count ·
///                            (codes: count × 16-byte fingerprint)
///     stock.voided           ref sku · ref batch · signed count · string reason · runs
///     platform.markup_set    ref sku · rule          price.floor_set / ceiling_set: ref sku · signed
///     distributor.joined     ref distributor · string name · opt ref parent
///     distributor.markup_set ref distributor · ref sku · rule
///     distributor.override_set ref distributor · signed bps
///     order.placed           order          order.reserved: order · signed ttl_seconds
///     order.paid             ref order · byte late · runs
///     order.expired/cancelled ref order · runs
///     order.rejected         ref order · byte command · byte code · string message · byte flags ·
///                            [ref distributor] [ref sku] [signed qty] [buyer] [signed unit_price]
///     order.refunded         refund
///     dispute.opened         ref dispute · ref order · string reason
///     dispute.resolved       ref dispute · ref order · byte outcome · opt refund
///     settlement.ran         varint count · count × ref order
///     payout.made            ref payout · byte party (0 supplier, 1 distributor) · ref party · signed amount
///
/// with `runs` = varint count · count × (ref batch · signed start · signed count), `rule` = byte
/// (1 fixed, 2 bps, 3 price) · signed value, `order` = chain ref · ref order · signed qty · buyer
/// ref · opt signed expect_unit_price · runs, and `refund` = ref refund · ref order · signed
/// amount · opt string reason · varint legs · legs × signed reversal · byte after_release.
/// A reservation's deadline is its time plus ttl_seconds; code fingerprints of delivered units
/// come from their batch.
extension EventCodec {
    mutating func encodeFields(_ body: EventBody, at: Timestamp?, chain: PrecomputedChain? = nil,
                               into writer: inout ByteWriter) {
        switch body {
        case .ledgerCreated(let settings, let formatVersion):
            writer.string(settings.currency)
            writer.signed(settings.holdSeconds)
            writer.varint(UInt64(bitPattern: formatVersion))
        case .supplierRegistered(let supplier, let name):
            dictionary.write(supplier, to: &writer)
            writer.string(name)
        case .feeCharged(let fee, let supplier, let amount, let memo):
            dictionary.write(fee, to: &writer)
            dictionary.write(supplier, to: &writer)
            writer.signed(amount.minorUnits)
            Self.writeOptional(memo, &writer) { $1.string($0) }
        case .productListed(let listing):
            dictionary.write(listing.sku, to: &writer)
            dictionary.write(listing.supplier, to: &writer)
            writer.string(listing.name)
            writer.signed(listing.face.minorUnits)
            writer.signed(listing.cost.minorUnits)
            writer.varint(listing.refundHours.map { UInt64(bitPattern: $0) &+ 1 } ?? 0)
        case .productRepriced(let sku, let cost):
            dictionary.write(sku, to: &writer)
            writer.signed(cost.minorUnits)
        case .productDelisted(let sku):
            dictionary.write(sku, to: &writer)
        case .stockAdded(let sku, let batch, let units):
            dictionary.write(sku, to: &writer)
            dictionary.write(batch, to: &writer)
            switch units {
            case .count(let count):
                writer.byte(0)
                writer.varint(UInt64(bitPattern: count))
            case .codes(let codes):
                writer.byte(1)
                writer.varint(codes.count)
                for code in codes { writer.fingerprint(code) }
                dictionary.remember(codes: codes, ofBatch: batch)
            }
        case .stockVoided(let sku, let batch, let count, let reason, let units):
            dictionary.write(sku, to: &writer)
            dictionary.write(batch, to: &writer)
            writer.signed(count)
            writer.string(reason)
            writeRuns(units, &writer)
        case .platformMarkupSet(let sku, let rule):
            dictionary.write(sku, to: &writer)
            Self.writeRule(rule, &writer)
        case .floorSet(let sku, let amount), .ceilingSet(let sku, let amount):
            dictionary.write(sku, to: &writer)
            writer.signed(amount.minorUnits)
        case .distributorJoined(let distributor, let name, let parent):
            dictionary.write(distributor, to: &writer)
            writer.string(name)
            writer.byte(parent == nil ? 0 : 1)
            if let parent { dictionary.write(parent, to: &writer) }
        case .distributorMarkupSet(let distributor, let sku, let rule):
            dictionary.write(distributor, to: &writer)
            dictionary.write(sku, to: &writer)
            Self.writeRule(rule, &writer)
        case .overrideSet(let distributor, let bps):
            dictionary.write(distributor, to: &writer)
            writer.signed(bps)
        default:
            encodeOrderFields(body, at: at, chain: chain, into: &writer)
        }
    }

    private mutating func encodeOrderFields(_ body: EventBody, at: Timestamp?, chain: PrecomputedChain?,
                                            into writer: inout ByteWriter) {
        switch body {
        case .orderPlaced(let fact):
            writeOrder(fact, chain: chain, &writer)
        case .orderReserved(let fact, let ttlSeconds, let deadline):
            precondition(at.map { $0.adding(seconds: ttlSeconds) } == deadline,
                         "a reservation's deadline is its time plus its ttl")
            writeOrder(fact, chain: chain, &writer)
            writer.signed(ttlSeconds)
        case .orderPaid(let order, let late, let units, _):
            dictionary.write(order, to: &writer)
            writer.byte(late ? 1 : 0)
            writeRuns(units, &writer)
        case .orderExpired(let order, let units), .orderCancelled(let order, let units):
            dictionary.write(order, to: &writer)
            writeRuns(units, &writer)
        case .orderRejected(let rejection):
            writeRejection(rejection, &writer)
        case .orderRefunded(let refund):
            writeRefund(refund, &writer)
        case .disputeOpened(let dispute, let order, let reason):
            dictionary.write(dispute, to: &writer)
            dictionary.write(order, to: &writer)
            writer.string(reason)
        case .disputeResolved(let dispute, let order, let outcome, let refund):
            dictionary.write(dispute, to: &writer)
            dictionary.write(order, to: &writer)
            writer.byte(outcome == .refund ? 1 : 0)
            writer.byte(refund == nil ? 0 : 1)
            if let refund { writeRefund(refund, &writer) }
        case .settlementRan(let released):
            writer.varint(released.count)
            for order in released { dictionary.write(order, to: &writer) }
        case .payoutMade(let payout, let party, let amount):
            dictionary.write(payout, to: &writer)
            switch party {
            case .supplier(let supplier):
                writer.byte(0)
                dictionary.write(supplier, to: &writer)
            case .distributor(let distributor):
                writer.byte(1)
                dictionary.write(distributor, to: &writer)
            }
            writer.signed(amount.minorUnits)
        default:
            preconditionFailure("encodeFields handles the catalogue kinds")
        }
    }

    // MARK: Shared pieces

    static func writeOptional<T>(_ value: T?, _ writer: inout ByteWriter, _ write: (T, inout ByteWriter) -> Void) {
        guard let value else {
            writer.byte(0)
            return
        }
        writer.byte(1)
        write(value, &writer)
    }

    static func writeRule(_ rule: MarkupRule, _ writer: inout ByteWriter) {
        switch rule {
        case .fixed(let fixed): writer.byte(1); writer.signed(fixed.minorUnits)
        case .bps(let bps): writer.byte(2); writer.signed(bps)
        case .price(let price): writer.byte(3); writer.signed(price.minorUnits)
        }
    }

    mutating func writeRuns(_ runs: some Collection<UnitRun>, _ writer: inout ByteWriter) {
        writer.varint(runs.count)
        for run in runs {
            dictionary.write(run.batch, to: &writer)
            writer.signed(run.start)
            writer.signed(run.count)
        }
    }

    /// Asks for what encoding `event` will read first to be brought into the cache: the heap
    /// blocks of its arrays (their headers are written by the retains of a copy) and the
    /// index slots of its keys. Returns the hash of an order's buyer, for the second step of
    /// its prefetch (`LogDictionary.prefetchBuyerEntry`). It reads the event through a pointer
    /// and keeps no copy of its arrays, so nothing is retained here. `mutating` though it
    /// changes nothing: the framing loop then passes the codec in place instead of copying its
    /// 193 bytes.
    mutating func prefetch(for event: UnsafePointer<Event>) -> UInt64? {
        var key: String?
        var buyer: Fingerprint?
        var storage: (UnsafeRawPointer?, UnsafeRawPointer?, UnsafeRawPointer?, UnsafeRawPointer?, UnsafeRawPointer?)
            = (nil, nil, nil, nil, nil)
        switch event.pointee.body {
        case .orderPlaced(let fact):
            key = fact.order
            buyer = fact.buyer
            storage = (Self.storage(of: fact.chain), Self.storage(of: fact.overrides), Self.storage(of: fact.legs),
                       Self.storage(of: fact.units), Self.storage(of: fact.codes))
        case .orderPaid(let order, _, let units, let codes):
            key = order
            storage.0 = Self.storage(of: units)
            storage.1 = Self.storage(of: codes)
        default:
            break
        }
        for address in [storage.0, storage.1, storage.2, storage.3, storage.4] {
            guard let address else { continue }
            // The reference count of an array's storage lies 24 bytes before its elements;
            // the retains of copying the event write it.
            Prefetch.write(address - 24)
            Prefetch.read(address)
        }
        if let key { dictionary.prefetch(key) }
        return buyer.map { dictionary.prefetch(buyer: $0) }
    }

    @inline(__always)
    static func storage<Element>(of array: [Element]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { elements in elements.baseAddress.map(UnsafeRawPointer.init) }
    }

    mutating func writeOrder(_ fact: OrderFact, chain: PrecomputedChain?, _ writer: inout ByteWriter) {
        if let chain {
            dictionary.write(chainOf: fact, supplier: fact.chainSupplier, canonical: chain.canonical, hash: chain.hash,
                             to: &writer)
        } else {
            dictionary.write(chainOf: fact, supplier: fact.chainSupplier, to: &writer)
        }
        writeOrderFields(id: fact.order, quantity: fact.quantity, buyer: fact.buyer, expect: fact.expectUnitPrice,
                         &writer) { codec, writer in codec.writeRuns(fact.units, &writer) }
    }

    /// An order's fields after its chain; `runs` writes its units.
    mutating func writeOrderFields(id: String, quantity: Int64, buyer: Fingerprint, expect: Money?,
                                   _ writer: inout ByteWriter, runs: (inout EventCodec, inout ByteWriter) -> Void) {
        dictionary.write(id, to: &writer)
        writer.signed(quantity)
        dictionary.write(buyer: buyer, to: &writer)
        Self.writeOptional(expect, &writer) { $1.signed($0.minorUnits) }
        runs(&self, &writer)
    }

    /// The record of an order `ChainStage` worked out (its chain's canonical form from strings
    /// it knew, its fields and units copied): the same bytes as `encode` of its event, without
    /// reading the event.
    mutating func encode(order: ChainForms.Order, chain: PrecomputedChain, units: ArraySlice<UnitRun>,
                         into writer: inout ByteWriter) {
        writeTime(order.at, &writer)
        dictionary.write(chainCanonical: chain.canonical, hash: chain.hash, to: &writer)
        writeOrderFields(id: order.id, quantity: order.quantity, buyer: order.buyer, expect: order.expect,
                         &writer) { codec, writer in codec.writeRuns(units, &writer) }
        if order.kind == .orderReserved { writer.signed(order.ttlSeconds) }
    }

    mutating func writeRejection(_ rejection: OrderRejection, _ writer: inout ByteWriter) {
        dictionary.write(rejection.order, to: &writer)
        writer.byte(Self.commandTags.firstIndex(of: rejection.commandType).map(UInt8.init) ?? 0)
        writer.byte(UInt8(RejectionCode.allCases.firstIndex(of: rejection.code) ?? 0))
        writer.string(rejection.message)
        var flags: UInt8 = 0
        if rejection.distributor != nil { flags |= 1 }
        if rejection.sku != nil { flags |= 2 }
        if rejection.quantity != nil { flags |= 4 }
        if rejection.buyer != nil { flags |= 8 }
        if rejection.unitPrice != nil { flags |= 16 }
        writer.byte(flags)
        if let distributor = rejection.distributor { dictionary.write(distributor, to: &writer) }
        if let sku = rejection.sku { dictionary.write(sku, to: &writer) }
        if let quantity = rejection.quantity { writer.signed(quantity) }
        if let buyer = rejection.buyer { dictionary.write(buyer: buyer, to: &writer) }
        if let unitPrice = rejection.unitPrice { writer.signed(unitPrice.minorUnits) }
    }

    mutating func writeRefund(_ refund: RefundFact, _ writer: inout ByteWriter) {
        dictionary.write(refund.refund, to: &writer)
        dictionary.write(refund.order, to: &writer)
        writer.signed(refund.amount.minorUnits)
        Self.writeOptional(refund.reason, &writer) { $1.string($0) }
        writer.varint(refund.reversals.count)
        for reversal in refund.reversals { writer.signed(reversal.minorUnits) }
        writer.byte(refund.afterRelease ? 1 : 0)
    }

    static let commandTags = ["order.place", "order.reserve", "order.pay"]
}
