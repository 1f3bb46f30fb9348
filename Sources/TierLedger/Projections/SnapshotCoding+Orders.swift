/// Snapshot forms of the order facts the catalog keeps, field by field in declaration order.
extension PriceStep: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        distributor.write(to: &writer)
        rule.write(to: &writer)
        ruleSku.write(to: &writer)
        writer.varint(ruleSequence)
        markup.write(to: &writer)
        price.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(distributor: try String?(from: &reader), rule: try MarkupRule?(from: &reader),
                  ruleSku: try String?(from: &reader), ruleSequence: try reader.varint(),
                  markup: try Money(from: &reader), price: try Money(from: &reader))
    }
}

extension OverrideShare: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.string(parent)
        writer.string(child)
        writer.signed(bps)
        writer.varint(bpsSequence)
        amount.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(parent: try reader.string(), child: try reader.string(), bps: try reader.signed(),
                  bpsSequence: try reader.varint(), amount: try Money(from: &reader))
    }
}

extension Leg: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        party.write(to: &writer)
        amount.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(party: try LegParty(from: &reader), amount: try Money(from: &reader))
    }
}

extension UnitRun: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.string(batch)
        writer.signed(start)
        writer.signed(count)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(batch: try reader.string(), start: try reader.signed(), count: try reader.signed())
    }
}

extension OrderFact: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.string(order)
        writer.string(distributor)
        writer.string(sku)
        writer.signed(quantity)
        buyer.write(to: &writer)
        expectUnitPrice.write(to: &writer)
        cost.write(to: &writer)
        writer.varint(costSequence)
        chain.write(to: &writer)
        overrides.write(to: &writer)
        legs.write(to: &writer)
        unitPrice.write(to: &writer)
        gross.write(to: &writer)
        refundHours.write(to: &writer)
        units.write(to: &writer)
        codes.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(
            order: try reader.string(), distributor: try reader.string(), sku: try reader.string(),
            quantity: try reader.signed(), buyer: try Fingerprint(from: &reader),
            expectUnitPrice: try Money?(from: &reader), cost: try Money(from: &reader),
            costSequence: try reader.varint(), chain: try [PriceStep](from: &reader),
            overrides: try [OverrideShare](from: &reader), legs: try [Leg](from: &reader),
            unitPrice: try Money(from: &reader), gross: try Money(from: &reader),
            refundHours: try Int64?(from: &reader), units: try [UnitRun](from: &reader),
            codes: try [Fingerprint](from: &reader))
    }
}
