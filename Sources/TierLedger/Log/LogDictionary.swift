/// The tables that make the binary encoding compact: every id string, buyer fingerprint and
/// frozen price chain is written in full once, at its first use, and referred to by a small
/// handle afterwards. Encoder and decoder build the same tables in the same order, so a
/// handle means the same thing on both sides; the log is therefore read from its start (or
/// from a snapshot that carries the tables).
///
/// Reference layout: a varint `r`; `r = 0` means "a new entry follows inline" (it takes the
/// next handle), `r ≥ 1` refers to the entry with handle `r − 1`.
struct LogDictionary: Sendable {
    private(set) var strings = InternTable<String>()
    private(set) var buyers = InternTable<Fingerprint>()
    private(set) var chains = InternTable<ChainTemplate>()
    /// Code fingerprints of each code batch, by batch id, so that order events can store unit
    /// positions and the decoder can restore the codes.
    private(set) var batchCodes = HashTable<String, [Fingerprint]>()

    init() {}

    /// Tables restored from a projection snapshot, for a reader that continues from it.
    init(strings: [String], buyers: [Fingerprint] = [], chains: [ChainTemplate] = [],
         batchCodes: [(batch: String, codes: [Fingerprint])] = [], keepsEncoderTables: Bool = false) {
        self.keepsEncoderTables = keepsEncoderTables
        for string in strings { self.strings.add(string) }
        for buyer in buyers { self.buyers.add(buyer) }
        for chain in chains { self.chains.add(chain) }
        for (batch, codes) in batchCodes { self.batchCodes.set(codes, for: batch) }
    }

    /// Whether the reverse tables (value → handle) are kept while decoding. Only a log that
    /// will be appended to needs them; read-only replays skip the hashing.
    var keepsEncoderTables: Bool {
        get { strings.keepsHandles }
        set {
            strings.keepsHandles = newValue
            buyers.keepsHandles = newValue
            chains.keepsHandles = newValue
        }
    }

    mutating func write(_ string: String, to writer: inout ByteWriter) {
        if strings.writeReference(string, to: &writer) { writer.string(string) }
    }

    mutating func readString(_ reader: inout ByteReader) throws(LogDecodingError) -> String {
        if let known = try strings.readReference(&reader) { return known }
        let string = try reader.string()
        strings.add(string)
        return string
    }

    mutating func write(buyer: Fingerprint, to writer: inout ByteWriter) {
        if buyers.writeReference(buyer, to: &writer) { writer.fingerprint(buyer) }
    }

    mutating func readBuyer(_ reader: inout ByteReader) throws(LogDecodingError) -> Fingerprint {
        if let known = try buyers.readReference(&reader) { return known }
        let buyer = try reader.fingerprint()
        buyers.add(buyer)
        return buyer
    }

    /// Writes a chain reference, and the chain itself at its first use.
    mutating func write(chain: ChainTemplate, to writer: inout ByteWriter) {
        if chains.writeReference(chain, to: &writer) { chain.write(to: &writer, dictionary: &self) }
    }

    mutating func readChain(_ reader: inout ByteReader) throws(LogDecodingError) -> ChainTemplate {
        if let known = try chains.readReference(&reader) { return known }
        let chain = try ChainTemplate(reading: &reader, dictionary: &self)
        chains.add(chain)
        return chain
    }

    // MARK: Codes

    mutating func remember(codes: [Fingerprint], ofBatch batch: String) {
        batchCodes.set(codes, for: batch)
    }

    /// The code fingerprints of `runs`, in order; empty for anonymous units.
    func codes(of runs: [UnitRun]) throws(LogDecodingError) -> [Fingerprint] {
        var codes = [Fingerprint]()
        for run in runs {
            // Borrowed (`read`), not copied: most batches are anonymous and have no entry.
            let fits = batchCodes.read(run.batch) { batch in
                guard run.start >= 0, run.count >= 0, run.start + run.count <= Int64(batch.count) else {
                    return false
                }
                codes.append(contentsOf: batch[Int(run.start)..<Int(run.start + run.count)])
                return true
            }
            guard fits != false else {
                throw LogDecodingError("units \(run.start)+\(run.count) outside batch \(run.batch)")
            }
        }
        return codes
    }
}

/// The per-chain part of an order: everything frozen at pricing that many orders share (the
/// seller, sku, cost, each step's rule and markup, the parents' override rates, the refund
/// window). An order adds its own id, quantity, buyer and units.
struct ChainTemplate: Equatable, Sendable {
    var seller: String
    var sku: String
    var supplier: String
    var cost: Money
    var costSequence: UInt64
    var refundHours: Int64?
    var steps: [PriceStep]
    var rates: [OverrideRate]
}

/// A value the log interns: equal values have equal `stableHash`es, a fixed function of the
/// value (not seeded per process).
protocol StablyHashable: Equatable, Sendable {
    var stableHash: UInt64 { get }
}

extension String: StablyHashable {
    /// Of the UTF-8 bytes. Ids are ASCII, where equal strings have equal bytes.
    var stableHash: UInt64 { StableHash.of(self) }
}

extension Fingerprint: StablyHashable {
    /// A fingerprint is already a keyed hash; mixing its halves is enough.
    var stableHash: UInt64 { StableHash.finish(high ^ low.rotatedLeft(by: 32)) }
}

extension ChainTemplate: StablyHashable {
    /// Hashes the fields that tell chains apart in practice (who, what, which rules set the
    /// prices) and skips the strings inside the steps; equality still compares everything.
    var stableHash: UInt64 {
        var hash = StableHash.combine(seller.stableHash, sku.stableHash)
        hash = StableHash.combine(hash, costSequence)
        hash = StableHash.combine(hash, UInt64(bitPattern: cost.minorUnits))
        for step in steps {
            hash = StableHash.combine(hash, step.ruleSequence)
            hash = StableHash.combine(hash, UInt64(bitPattern: step.markup.minorUnits))
        }
        return StableHash.finish(hash)
    }
}

/// Values numbered in order of first use. A reference is a varint `r`: 0 = a new value follows
/// inline (and takes the next handle), `r ≥ 1` = the value with handle `r − 1`.
struct InternTable<Value: StablyHashable>: Sendable {
    private(set) var values: [Value] = []
    /// Value → handle, for the encoder (`HandleIndex`: no second copy of each value).
    private var handles = HandleIndex()
    var keepsHandles = true

    /// Writes the reference to `value`; true when it is new and must be written inline next
    /// (it is numbered already).
    mutating func writeReference(_ value: Value, to writer: inout ByteWriter) -> Bool {
        let hash = value.stableHash
        let found = values.withUnsafeBufferPointer { values in
            handles.find(hash: hash) { values[$0] == value }
        }
        if let handle = found {
            writer.varint(handle + 1)
            return false
        }
        writer.varint(0)
        add(value, hash: hash)
        return true
    }

    /// The value a reference names, or `nil` when a new value follows inline (read it, then `add`).
    func readReference(_ reader: inout ByteReader) throws(LogDecodingError) -> Value? {
        let reference = try reader.index()
        guard reference > 0 else { return nil }
        guard reference <= values.count else { throw LogDecodingError("unknown \(Value.self) handle") }
        return values[reference - 1]
    }

    mutating func add(_ value: Value) {
        add(value, hash: keepsHandles ? value.stableHash : 0)
    }

    private mutating func add(_ value: Value, hash: UInt64) {
        if keepsHandles { handles.insert(hash: hash, handle: values.count) }
        values.append(value)
    }
}
