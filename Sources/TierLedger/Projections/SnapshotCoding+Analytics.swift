/// Snapshot forms of the analytics projections (all time; period folds are never snapshotted).
extension MarginsProjection.Row: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        for value in [tier, orders, units, sales, cost, ownMargin, downlineMargin, overrideIn, overrideOut,
                      refunds, net] { writer.signed(value) }
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(tier: try reader.signed())
        orders = try reader.signed()
        units = try reader.signed()
        sales = try reader.signed()
        cost = try reader.signed()
        ownMargin = try reader.signed()
        downlineMargin = try reader.signed()
        overrideIn = try reader.signed()
        overrideOut = try reader.signed()
        refunds = try reader.signed()
        net = try reader.signed()
    }
}

extension MarginsProjection: SnapshotCodable {
    func write(to writer: inout ByteWriter) { rows.write(to: &writer) }
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(period: .always, rows: try Rows(from: &reader))
    }
}

extension MarketProjection.Month: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.signed(sales)
        writer.signed(ownMargin)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(sales: try reader.signed(), ownMargin: try reader.signed())
    }
}

extension MarketProjection: SnapshotCodable {
    func write(to writer: inout ByteWriter) { months.write(to: &writer) }
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(period: .always, months: try [String: Month](from: &reader))
    }
}

extension PriceWarProjection.Key: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.string(period)
        writer.string(sku)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(period: try reader.string(), sku: try reader.string())
    }
}

extension PriceWarProjection.Row: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.signed(orders)
        writer.signed(units)
        ordersByUnitPrice.write(to: &writer)
        unitsBySeller.write(to: &writer)
        writer.signed(undercuts)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(orders: try reader.signed(), units: try reader.signed(),
                  ordersByUnitPrice: try [Int64: Int64](from: &reader),
                  unitsBySeller: try [String: Int64](from: &reader), undercuts: try reader.signed())
    }
}

extension PriceWarProjection.Watch.LastSale: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.signed(unitPrice)
        at.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(unitPrice: try reader.signed(), at: try Timestamp(from: &reader))
    }
}

extension PriceWarProjection.Watch: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        lastSales.write(to: &writer)
        lastUndercutPrices.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(lastSales: try [String: LastSale](from: &reader),
                  lastUndercutPrices: try [String: Int64](from: &reader))
    }
}

extension PriceWarProjection: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        rows.write(to: &writer)
        watches.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(period: .always, rows: try StableDictionary(from: &reader), watches: try StableDictionary(from: &reader))
    }
}
