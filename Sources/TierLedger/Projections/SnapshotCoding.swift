/// The binary form of projection state in a snapshot (SPEC §8, issue 5): the log's primitives
/// (`ByteWriter`/`ByteReader`: zigzag varints, length-prefixed strings), composed per type.
/// Readers check every length against the bytes left, so a damaged snapshot is an error (and
/// is then ignored and rebuilt), never a crash. Dictionaries are written in a sorted order so
/// that the same state always gives the same bytes.
protocol SnapshotCodable {
    func write(to writer: inout ByteWriter)
    init(from reader: inout ByteReader) throws(LogDecodingError)
}

extension Int64: SnapshotCodable {
    func write(to writer: inout ByteWriter) { writer.signed(self) }
    init(from reader: inout ByteReader) throws(LogDecodingError) { self = try reader.signed() }
}

extension UInt64: SnapshotCodable {
    func write(to writer: inout ByteWriter) { writer.varint(self) }
    init(from reader: inout ByteReader) throws(LogDecodingError) { self = try reader.varint() }
}

extension Int: SnapshotCodable {
    func write(to writer: inout ByteWriter) { writer.signed(Int64(self)) }
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        let value = try reader.signed()
        guard let converted = Int(exactly: value) else { throw LogDecodingError("integer out of range") }
        self = converted
    }
}

extension Bool: SnapshotCodable {
    func write(to writer: inout ByteWriter) { writer.byte(self ? 1 : 0) }
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        switch try reader.byte() {
        case 0: self = false
        case 1: self = true
        default: throw LogDecodingError("expected a boolean byte")
        }
    }
}

extension String: SnapshotCodable {
    func write(to writer: inout ByteWriter) { writer.string(self) }
    init(from reader: inout ByteReader) throws(LogDecodingError) { self = try reader.string() }
}

extension Money: SnapshotCodable {
    func write(to writer: inout ByteWriter) { writer.signed(minorUnits) }
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(minorUnits: try reader.signed())
    }
}

extension Timestamp: SnapshotCodable {
    func write(to writer: inout ByteWriter) { writer.signed(millisecondsSinceEpoch) }
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(millisecondsSinceEpoch: try reader.signed())
    }
}

extension Fingerprint: SnapshotCodable {
    func write(to writer: inout ByteWriter) { writer.fingerprint(self) }
    init(from reader: inout ByteReader) throws(LogDecodingError) { self = try reader.fingerprint() }
}

extension Optional: SnapshotCodable where Wrapped: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        switch self {
        case nil: writer.byte(0)
        case let value?: writer.byte(1); value.write(to: &writer)
        }
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self = try Bool(from: &reader) ? try Wrapped(from: &reader) : nil
    }
}

extension Array: SnapshotCodable where Element: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.varint(count)
        for element in self { element.write(to: &writer) }
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        let count = try reader.index()
        // Every element takes at least one byte: a count beyond the bytes left is damage.
        guard count <= reader.remaining else { throw LogDecodingError("array of \(count) past the end") }
        self.init()
        reserveCapacity(count)
        for _ in 0..<count { append(try Element(from: &reader)) }
    }
}

/// The snapshot form of a map (a `Dictionary` or a `StableDictionary`): the count, then the
/// entries sorted by the bytes of their keys, so that equal maps give equal bytes.
enum SnapshotMap {
    static func write<Key: SnapshotCodable, Value: SnapshotCodable>(_ pairs: some Sequence<(Key, Value)>,
                                                                    count: Int, to writer: inout ByteWriter) {
        var entries = [(key: [UInt8], value: Value)]()
        entries.reserveCapacity(count)
        for (key, value) in pairs {
            var keyWriter = ByteWriter(capacity: 16)
            key.write(to: &keyWriter)
            entries.append((keyWriter.bytes, value))
        }
        entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
        writer.varint(entries.count)
        for entry in entries {
            writer.bytes(entry.key)
            entry.value.write(to: &writer)
        }
    }

    /// Reads the entries and hands each to `add`, which says whether its key was new (a key
    /// that appears twice is damage). Returns nothing; the caller keeps the map.
    static func read<Key: SnapshotCodable, Value: SnapshotCodable>(
        from reader: inout ByteReader, reserving reserve: (Int) -> Void,
        _ add: (Key, Value) -> Bool) throws(LogDecodingError) {
        let count = try reader.index()
        guard count <= reader.remaining else { throw LogDecodingError("map of \(count) past the end") }
        reserve(count)
        for _ in 0..<count {
            let key = try Key(from: &reader)
            guard add(key, try Value(from: &reader)) else { throw LogDecodingError("a map key appears twice") }
        }
    }
}

extension Dictionary: SnapshotCodable where Key: SnapshotCodable, Value: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        SnapshotMap.write(lazy.map { ($0.key, $0.value) }, count: count, to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        var map: [Key: Value] = [:]
        try SnapshotMap.read(from: &reader, reserving: { map.reserveCapacity($0) }) { key, value in
            map.updateValue(value, forKey: key) == nil
        }
        self = map
    }
}

extension StableDictionary: SnapshotCodable where Key: SnapshotCodable, Value: SnapshotCodable {
    /// Exactly the bytes of a `Dictionary` of the same pairs.
    func write(to writer: inout ByteWriter) {
        SnapshotMap.write(self, count: count, to: &writer)
    }

    /// Keys are added in the snapshot's (byte) order.
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        var map = StableDictionary()
        try SnapshotMap.read(from: &reader, reserving: { _ in }) { (key: Key, value: Value) in
            guard map.index(forKey: key) == nil else { return false }
            map.set(value, for: key)
            return true
        }
        self = map
    }
}

// MARK: The model's values

extension Party: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        switch self {
        case .supplier(let supplier): writer.byte(0); writer.string(supplier)
        case .distributor(let distributor): writer.byte(1); writer.string(distributor)
        }
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        switch try reader.byte() {
        case 0: self = .supplier(try reader.string())
        case 1: self = .distributor(try reader.string())
        default: throw LogDecodingError("unknown party tag")
        }
    }
}

extension LegParty: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        switch self {
        case .supplier(let supplier): writer.byte(0); writer.string(supplier)
        case .platform: writer.byte(2)
        case .distributor(let distributor): writer.byte(1); writer.string(distributor)
        }
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        switch try reader.byte() {
        case 0: self = .supplier(try reader.string())
        case 1: self = .distributor(try reader.string())
        case 2: self = .platform
        default: throw LogDecodingError("unknown leg party tag")
        }
    }
}

extension Account: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        switch self {
        case .gateway: writer.byte(0)
        case .escrow: writer.byte(1)
        case .supplierPayable(let supplier): writer.byte(2); writer.string(supplier)
        case .distributorPayable(let distributor): writer.byte(3); writer.string(distributor)
        case .platformMarkup: writer.byte(4)
        case .platformFees: writer.byte(5)
        }
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        switch try reader.byte() {
        case 0: self = .gateway
        case 1: self = .escrow
        case 2: self = .supplierPayable(try reader.string())
        case 3: self = .distributorPayable(try reader.string())
        case 4: self = .platformMarkup
        case 5: self = .platformFees
        default: throw LogDecodingError("unknown account tag")
        }
    }
}

extension MarkupRule: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        switch self {
        case .fixed(let fixed): writer.byte(1); writer.signed(fixed.minorUnits)
        case .bps(let bps): writer.byte(2); writer.signed(bps)
        case .price(let price): writer.byte(3); writer.signed(price.minorUnits)
        }
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        switch try reader.byte() {
        case 1: self = .fixed(Money(minorUnits: try reader.signed()))
        case 2: self = .bps(try reader.signed())
        case 3: self = .price(Money(minorUnits: try reader.signed()))
        default: throw LogDecodingError("unknown rule tag")
        }
    }
}

extension LedgerSettings: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.string(currency)
        writer.signed(holdSeconds)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(currency: try reader.string(), holdSeconds: try reader.signed())
    }
}

extension InventoryCounts: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        for count in [added, available, reserved, delivered, voided] { writer.signed(count) }
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(added: try reader.signed(), available: try reader.signed(), reserved: try reader.signed(),
                  delivered: try reader.signed(), voided: try reader.signed())
    }
}

// MARK: Projections

extension BalancesProjection: SnapshotCodable {
    func write(to writer: inout ByteWriter) { balances.write(to: &writer) }
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(balances: try StableDictionary(from: &reader))
    }
}

extension InventoryProjection.Row: SnapshotCodable {
    func write(to writer: inout ByteWriter) {
        writer.string(supplier)
        counts.write(to: &writer)
    }

    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(supplier: try reader.string(), counts: try InventoryCounts(from: &reader))
    }
}

extension InventoryProjection: SnapshotCodable {
    func write(to writer: inout ByteWriter) { skus.write(to: &writer) }
    init(from reader: inout ByteReader) throws(LogDecodingError) {
        self.init(skus: try StableDictionary(from: &reader))
    }
}
