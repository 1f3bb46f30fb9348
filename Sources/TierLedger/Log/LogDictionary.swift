import TierLedgerHardware

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
    private(set) var chains = ChainTable()
    /// Code fingerprints of each code batch, by batch id, so that order events can store unit
    /// positions and the decoder can restore the codes.
    private(set) var batchCodes = HashTable<String, [Fingerprint]>()
    /// Scratch space of `write(chainOf:)`: the chain's canonical encoding, and where in it the
    /// strings it numbered (new ones) are referred to.
    private var chainEncoding = ByteWriter(capacity: 256)
    private var newChainStrings: [(start: Int, end: Int, handle: Int)] = []
    /// While `readChain` reads a chain in full: where its inline strings lie in the record.
    private var recordsChainStrings = false
    /// The chains decoded last, by the low bits of their handle, so that a chain many orders
    /// share (a popular seller and sku between two price changes) is not decoded from its bytes
    /// again for each of them, and their facts share its steps (a replay keeps every order's
    /// fact). Bounded, unlike a table of every chain as values: at 2 M commands, 1,024 entries
    /// left a report's replay 80 MB larger than the old table of values, 65,536 make it 77 MB
    /// smaller. Allocated at the first chain read (8 MB), so that a reader that reads no order
    /// does not pay for it.
    private var recentChains: [(handle: Int, chain: ChainTemplate)?] = []
    private static var recentChainCount: Int { 65_536 }

    init() {}

    /// Tables restored from a projection snapshot, for a reader that continues from it.
    init(strings: [String], buyers: [Fingerprint] = [], chains: ChainTable = ChainTable(),
         batchCodes: [(batch: String, codes: [Fingerprint])] = [], keepsEncoderTables: Bool = false) {
        self.chains = chains
        self.keepsEncoderTables = keepsEncoderTables
        for string in strings { self.strings.add(string) }
        for buyer in buyers { self.buyers.add(buyer) }
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

    /// Asks for the index slot a later write of `string` starts from to be brought into the
    /// cache (the framing loop does so some events ahead).
    func prefetch(_ string: String) { strings.prefetch(string) }
    func prefetch(buyer: Fingerprint) -> UInt64 { buyers.prefetch(buyer) }
    /// Asks for the index slots of an order's id and buyer, as `prefetch(_:)` and
    /// `prefetch(buyer:)`; returns the buyer's hash.
    func prefetch(order: ChainForms.Order) -> UInt64 {
        prefetch(order.id)
        return prefetch(buyer: order.buyer)
    }
    /// The second step of a buyer's prefetch (`InternTable.prefetchEntry(hash:)`).
    mutating func prefetchBuyerEntry(hash: UInt64) { buyers.prefetchEntry(hash: hash) }
    /// `mutating` though it changes nothing: the caller passes the dictionary in place.
    mutating func prefetchChain(hash: UInt64) { chains.prefetch(hash: hash) }

    mutating func readString(_ reader: inout ByteReader) throws(LogDecodingError) -> String {
        // The handle first: an index expression that adds to `strings.values` would be read
        // after the array it indexes.
        let handle = try readStringHandle(&reader)
        return strings.values[handle]
    }

    /// `readString`'s handle: the string is `strings.values[handle]`.
    mutating func readStringHandle(_ reader: inout ByteReader) throws(LogDecodingError) -> Int {
        let start = reader.offset
        if let known = try strings.readHandle(&reader) { return known }
        strings.add(try reader.string())
        let handle = strings.values.count - 1
        if recordsChainStrings {
            newChainStrings.append((start: start, end: reader.offset, handle: handle))
        }
        return handle
    }

    mutating func write(buyer: Fingerprint, to writer: inout ByteWriter) {
        if buyers.writeReference(buyer, to: &writer) { writer.fingerprint(buyer) }
    }

    mutating func readBuyer(_ reader: inout ByteReader) throws(LogDecodingError) -> Fingerprint {
        let handle = try readBuyerHandle(&reader)
        return buyers.values[handle]
    }

    /// `readBuyer`'s handle: the buyer is `buyers.values[handle]`.
    mutating func readBuyerHandle(_ reader: inout ByteReader) throws(LogDecodingError) -> Int {
        if let known = try buyers.readHandle(&reader) { return known }
        buyers.add(try reader.fingerprint())
        return buyers.values.count - 1
    }

    // MARK: Skimming

    /// How far the tables had grown: `rollBack(to:)` returns them there. Chains decoded as
    /// values stay cached by handle; only a skim adds chains, and it caches none.
    struct Mark: Equatable {
        var strings: Int
        var buyers: Int
        var chains: Int
    }

    var mark: Mark {
        Mark(strings: strings.values.count, buyers: buyers.values.count, chains: chains.count)
    }

    /// Forgets what was added since `mark` (a skimmed record that is then decoded in full).
    /// Only a reader's tables, which keep no encoder handles, can go back.
    mutating func rollBack(to mark: Mark) {
        strings.truncate(to: mark.strings)
        buyers.truncate(to: mark.buyers)
        chains.truncate(to: mark.chains)
    }

    /// Whether `body` holds for one of the strings chain `handle` names, given by its role and
    /// its string handle (the seller, the sku, the supplier, each step's distributor, each
    /// rule's sku). Read from the chain's canonical form; true when that cannot be read (the
    /// caller then decodes the record and finds out).
    func anyString(ofChain handle: Int, _ body: (ChainTemplate.StringRole, _ string: Int) -> Bool) -> Bool {
        guard handle >= 0, handle < chains.count else { return true }
        let range = chains.range(of: handle)
        return chains.bytes.withUnsafeBufferPointer { bytes in
            Self.anyString(inCanonical: UnsafeBufferPointer(rebasing: bytes[range]), known: strings.values.count, body)
        }
    }

    /// `anyString(ofChain:_:)` over a chain's canonical form, whose references name strings
    /// below `known`.
    static func anyString(inCanonical encoding: UnsafeBufferPointer<UInt8>, known: Int,
                          _ body: (ChainTemplate.StringRole, _ string: Int) -> Bool) -> Bool {
        var reader = ByteReader(encoding)
        do throws(LogDecodingError) {
            return try ChainTemplate.walk(&reader) { reader, role throws(LogDecodingError) in
                // A canonical reference names a known string: r − 1 for r in 1 ... count.
                let reference = try reader.index()
                guard reference >= 1, reference <= known else {
                    throw LogDecodingError("not a canonical reference")
                }
                return body(role, reference - 1)
            }
        } catch {
            return true
        }
    }

    /// Whether `body` holds for a party with a leg in the orders of chain `handle`: its
    /// supplier (`isSupplier`) or a distributor of one of its steps (`anyString`).
    func anyParty(ofChain handle: Int, _ body: (_ isSupplier: Bool, _ string: Int) -> Bool) -> Bool {
        anyString(ofChain: handle) { role, string in
            switch role {
            case .supplier: body(true, string)
            case .distributor: body(false, string)
            case .seller, .sku, .ruleSku: false
            }
        }
    }

    /// Reads a chain reference, or a chain in full at its first use, as `readChain` does (the
    /// same table entries, in the same order), without building the chain; returns its handle.
    mutating func skimChain(_ reader: inout ByteReader) throws(LogDecodingError) -> Int {
        let reference = try reader.index()
        if reference > 0 {
            guard reference <= chains.count else { throw LogDecodingError("unknown chain handle") }
            return reference - 1
        }
        let start = reader.offset
        newChainStrings.removeAll(keepingCapacity: true)
        recordsChainStrings = true
        defer { recordsChainStrings = false }
        _ = try ChainTemplate.walk(&reader) { reader, _ throws(LogDecodingError) in
            _ = try readStringHandle(&reader)
            return false
        }
        addCanonicalForm(ofChainAt: start, in: reader)
        return chains.count - 1
    }

    /// Writes a reference to the price chain of `fact` (sold by its distributor, supplied by
    /// `supplier`), and the chain itself at its first use (layout in `ChainTemplate+Coding`).
    ///
    /// The chain is first encoded in its canonical form, every string a reference (strings seen
    /// for the first time are numbered now, in the order the layout names them), and looked up
    /// by those bytes. A new chain is written as its canonical form, except that each string it
    /// numbered is written inline at its first mention, as every new string is.
    mutating func write(chainOf fact: borrowing OrderFact, supplier: String, to writer: inout ByteWriter) {
        let firstNewString = strings.values.count
        withCanonicalForm(ofChainOf: fact, supplier: supplier) { dictionary, canonical, hash in
            if let handle = dictionary.chains.find(canonical, hash: hash) {
                precondition(dictionary.strings.values.count == firstNewString,
                             "a known chain names only known strings")
                writer.varint(handle + 1)
                return
            }
            writer.varint(0)
            var copied = 0
            var nextInline = firstNewString
            for mention in dictionary.newChainStrings {
                writer.bytes.append(contentsOf: canonical[copied..<mention.start])
                if mention.handle == nextInline {
                    writer.varint(0)
                    writer.string(dictionary.strings.values[mention.handle])
                    nextInline += 1
                } else {
                    writer.bytes.append(contentsOf: canonical[mention.start..<mention.end])
                }
                copied = mention.end
            }
            writer.bytes.append(contentsOf: canonical[copied...])
            dictionary.chains.add(canonical, hash: hash)
        }
    }

    /// `write(chainOf:supplier:to:)` for a chain whose canonical form (and its `StableHash`)
    /// was worked out ahead, from strings that were all known then (`ChainStage`): only the
    /// lookup is left, and a new chain is written as that form, since it names no new string.
    mutating func write(chainOf fact: borrowing OrderFact, supplier: String, canonical: UnsafeRawBufferPointer,
                        hash: UInt64, to writer: inout ByteWriter) {
        assert(withCanonicalForm(ofChainOf: fact, supplier: supplier) { _, ownForm, ownHash in
            ownHash == hash && ownForm.elementsEqual(canonical)
        }, "a chain worked out ahead is the one the writer works out")
        write(chainCanonical: canonical, hash: hash, to: &writer)
    }

    /// The reference to a chain given in canonical form (which names only known strings) with
    /// its `StableHash`, or the chain itself if it is new: `write(chainOf:)` once the form is
    /// known to be the chain's.
    mutating func write(chainCanonical canonical: UnsafeRawBufferPointer, hash: UInt64, to writer: inout ByteWriter) {
        if let handle = chains.find(canonical, hash: hash) {
            writer.varint(handle + 1)
            return
        }
        writer.varint(0)
        writer.bytes.append(contentsOf: canonical)
        chains.add(canonical, hash: hash)
    }

    /// The handle of the price chain of `fact` (supplied by `supplier`), adding the chain and
    /// the strings it names when they are new: `write(chainOf:supplier:to:)` for a table kept
    /// beside a log rather than written into one (the order catalog names each order's chain
    /// by its handle).
    mutating func chainHandle(of fact: borrowing OrderFact, supplier: String) -> Int {
        withCanonicalForm(ofChainOf: fact, supplier: supplier) { dictionary, canonical, hash in
            if let handle = dictionary.chains.find(canonical, hash: hash) { return handle }
            dictionary.chains.add(canonical, hash: hash)
            return dictionary.chains.count - 1
        }
    }

    /// `body` given the canonical form of the chain of `fact` and its `StableHash` (strings it
    /// names for the first time are numbered now, and noted in `newChainStrings`).
    private mutating func withCanonicalForm<Result>(
        ofChainOf fact: borrowing OrderFact, supplier: String,
        _ body: (inout LogDictionary, UnsafeRawBufferPointer, UInt64) -> Result) -> Result {
        let firstNewString = strings.values.count
        var encoding = chainEncoding
        chainEncoding = ByteWriter(capacity: 0)
        defer { chainEncoding = encoding }
        encoding.bytes.removeAll(keepingCapacity: true)
        newChainStrings.removeAll(keepingCapacity: true)
        encodeCanonically(chainOf: fact, supplier: supplier, into: &encoding, firstNewString: firstNewString)
        return encoding.bytes.withUnsafeBytes { canonical in
            body(&self, canonical, StableHash.of(bytes: canonical))
        }
    }

    /// Chain `handle` as a value, decoded from its canonical form without touching the tables
    /// (every string it names is known), and without the reader's cache of recent chains.
    func template(ofChain handle: Int) throws(LogDecodingError) -> ChainTemplate {
        var fields = ChainFields()
        try read(chain: handle, into: &fields)
        return ChainTemplate(fields)
    }

    /// Reads the chain with `handle` from its canonical form into `fields`.
    func read(chain handle: Int, into fields: inout ChainFields) throws(LogDecodingError) {
        guard handle >= 0, handle < chains.count else { throw LogDecodingError("unknown chain handle") }
        let known = strings.values
        try chains.bytes.withUnsafeBufferPointer { bytes throws(LogDecodingError) in
            var reader = ByteReader(UnsafeBufferPointer(rebasing: bytes[chains.range(of: handle)]))
            try fields.read(&reader) { reader throws(LogDecodingError) in
                let reference = try reader.index()
                guard reference >= 1, reference <= known.count else {
                    throw LogDecodingError("not a canonical reference")
                }
                return known[reference - 1]
            }
        }
    }

    /// The chain of `fact` in canonical form (see `write(chainOf:)`), noting in
    /// `newChainStrings` where it refers to strings numbered from `firstNewString` on.
    private mutating func encodeCanonically(chainOf fact: borrowing OrderFact, supplier: String,
                                            into encoding: inout ByteWriter, firstNewString: Int) {
        _ = Self.encodeCanonically(chainOf: fact, supplier: supplier, into: &encoding) { string, encoding in
            let handle = strings.intern(string)
            let start = encoding.bytes.count
            encoding.varint(handle + 1)
            if handle >= firstNewString {
                newChainStrings.append((start: start, end: encoding.bytes.count, handle: handle))
            }
            return true
        }
    }

    /// Writes the chain of `fact` (supplied by `supplier`) in canonical form: `reference`
    /// writes the reference to each string it names, in the layout's order, or returns false
    /// when it cannot, which stops the encoding (false; what was written is then of no use).
    /// The one encoder of a canonical chain: the writer's, and `ChainStage`'s, which works
    /// chains out ahead from the strings it has been told.
    static func encodeCanonically(chainOf fact: borrowing OrderFact, supplier: String, into encoding: inout ByteWriter,
                                  reference: (String, inout ByteWriter) -> Bool) -> Bool {
        guard reference(fact.distributor, &encoding), reference(fact.sku, &encoding),
              reference(supplier, &encoding) else { return false }
        encoding.signed(fact.cost.minorUnits)
        encoding.varint(fact.costSequence)
        encoding.varint(fact.refundHours.map { UInt64(bitPattern: $0) &+ 1 } ?? 0)
        encoding.varint(fact.chain.count)
        for index in fact.chain.indices {
            let step = fact.chain[index]
            if index > 0 { guard reference(step.distributor ?? "", &encoding) else { return false } }
            switch step.rule {
            case nil: encoding.byte(0)
            case .fixed(let fixed): encoding.byte(1); encoding.signed(fixed.minorUnits)
            case .bps(let bps): encoding.byte(2); encoding.signed(bps)
            case .price(let price): encoding.byte(3); encoding.signed(price.minorUnits)
            }
            if step.rule != nil {
                guard reference(step.ruleSku ?? "", &encoding) else { return false }
                encoding.varint(step.ruleSequence)
            }
            encoding.signed(step.markup.minorUnits)
        }
        for share in fact.overrides {
            encoding.signed(share.bps)
            encoding.varint(share.bpsSequence)
        }
        return true
    }

    /// Every string the chain of the order of `event` names, with its handle, in the layout's
    /// order; all of them must be known (the chain was written). What `ChainStage` learns from
    /// an order whose chain it could not work out.
    func chainStrings(of event: Event) -> [(string: String, handle: Int)] {
        switch event.body {
        case .orderPlaced(let fact), .orderReserved(let fact, _, _):
            return chainStrings(of: fact, supplier: fact.chainSupplier)
        default:
            return []
        }
    }

    /// The canonical form of the chain of `fact` from the strings the table knows, without
    /// adding any; `nil` if it names one it does not know. For checks.
    func knownCanonicalForm(ofChainOf fact: borrowing OrderFact, supplier: String) -> [UInt8]? {
        var encoding = ByteWriter(capacity: 128)
        let known = Self.encodeCanonically(chainOf: fact, supplier: supplier, into: &encoding,
                                           reference: writeKnownReference)
        return known ? encoding.bytes : nil
    }

    /// Writes the reference to `string` if the table knows it (false if not), adding nothing.
    func writeKnownReference(_ string: String, to writer: inout ByteWriter) -> Bool {
        guard let handle = strings.handle(of: string) else { return false }
        writer.varint(handle + 1)
        return true
    }

    func chainStrings(of fact: borrowing OrderFact, supplier: String) -> [(string: String, handle: Int)] {
        var found: [(string: String, handle: Int)] = []
        var scratch = ByteWriter(capacity: 0)
        _ = Self.encodeCanonically(chainOf: fact, supplier: supplier, into: &scratch) { string, _ in
            guard let handle = strings.handle(of: string) else { preconditionFailure("a written chain names known strings") }
            found.append((string, handle))
            return true
        }
        return found
    }

    /// Reads a chain reference, or a chain in full at its first use (and adds its canonical
    /// form to the table: its bytes, with each inline string replaced by its reference).
    mutating func readChain(_ reader: inout ByteReader) throws(LogDecodingError) -> ChainTemplate {
        let reference = try reader.index()
        if recentChains.isEmpty { recentChains = Array(repeating: nil, count: Self.recentChainCount) }
        if reference > 0 {
            guard reference <= chains.count else { throw LogDecodingError("unknown chain handle") }
            let handle = reference - 1
            if let recent = recentChains[handle & (Self.recentChainCount - 1)], recent.handle == handle {
                return recent.chain
            }
            let chain = try template(ofChain: handle)
            recentChains[handle & (Self.recentChainCount - 1)] = (handle, chain)
            return chain
        }
        var fields = ChainFields()
        try readInlineChain(&reader, into: &fields)
        let chain = ChainTemplate(fields)
        recentChains[(chains.count - 1) & (Self.recentChainCount - 1)] = (chains.count - 1, chain)
        return chain
    }

    /// `readChain` into `fields`, whose storage is reused from one order to the next, for a
    /// reader that only rebuilds the state and keeps no order's chain: no template is made and
    /// the recent chains are neither asked nor kept (a reference is read from the table).
    mutating func readChain(_ reader: inout ByteReader, into fields: inout ChainFields) throws(LogDecodingError) {
        let reference = try reader.index()
        if reference > 0 {
            guard reference <= chains.count else { throw LogDecodingError("unknown chain handle") }
            try read(chain: reference - 1, into: &fields)
        } else {
            try readInlineChain(&reader, into: &fields)
        }
    }

    /// Reads a chain written inline (its first use) into `fields` and adds it to the table.
    private mutating func readInlineChain(_ reader: inout ByteReader,
                                          into fields: inout ChainFields) throws(LogDecodingError) {
        let start = reader.offset
        newChainStrings.removeAll(keepingCapacity: true)
        recordsChainStrings = true
        defer { recordsChainStrings = false }
        try fields.read(&reader) { reader throws(LogDecodingError) in try readString(&reader) }
        addCanonicalForm(ofChainAt: start, in: reader)
    }

    /// Adds the chain just read inline, from `start` to the reader's offset, to the table in
    /// canonical form: its bytes, with each string it named for the first time (recorded in
    /// `newChainStrings`) replaced by its reference.
    private mutating func addCanonicalForm(ofChainAt start: Int, in reader: ByteReader) {
        if newChainStrings.isEmpty {
            // No string was new: the record holds the canonical form already.
            chains.add(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: reader.bytes[start..<reader.offset])))
        } else {
            var encoding = chainEncoding
            chainEncoding = ByteWriter(capacity: 0)
            defer { chainEncoding = encoding }
            encoding.bytes.removeAll(keepingCapacity: true)
            var copied = start
            for mention in newChainStrings {
                encoding.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: reader.bytes[copied..<mention.start]))
                encoding.varint(mention.handle + 1)
                copied = mention.end
            }
            encoding.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: reader.bytes[copied..<reader.offset]))
            encoding.bytes.withUnsafeBytes { chains.add($0) }
        }
    }

    /// Adds a chain in canonical form (from a snapshot) after checking that it decodes and
    /// names only known strings.
    mutating func addCanonicalChain(_ reader: inout ByteReader) throws(LogDecodingError) {
        let start = reader.offset
        let known = strings.values.count
        _ = try ChainTemplate(reading: &reader, dictionary: &self)
        guard strings.values.count == known else {
            throw LogDecodingError("a snapshot chain names a string the table lacks")
        }
        chains.add(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(reader.bytes)[start..<reader.offset]))
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
                // Compared without adding: a forged run's start + count may not fit in 64 bits.
                guard run.start >= 0, run.count >= 0, run.start <= Int64(batch.count),
                      run.count <= Int64(batch.count) - run.start
                else { return false }
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
///
/// A class, immutable: the reader keeps the chains it decoded last and hands each to every
/// order that uses it, and copying a struct of three strings and two arrays in and out of
/// that cache (and dropping the one it replaced) was a tenth of a scanning thread.
final class ChainTemplate: Sendable {
    let fields: ChainFields

    init(_ fields: ChainFields) {
        self.fields = fields
    }
}

/// A chain's fields (the layout in `ChainTemplate+Coding.swift`): its seller, sku and
/// supplier, cost, refund window, steps with their rules and prices, and the parents' override
/// rates.
struct ChainFields: Sendable {
    var seller = ""
    var sku = ""
    var supplier = ""
    var cost = Money.zero
    var costSequence: UInt64 = 0
    var refundHours: Int64?
    var steps: [PriceStep] = []
    var rates: [OverrideRate] = []
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
        let known = values.count
        let handle = intern(value)
        writer.varint(handle == known ? 0 : handle + 1)
        return handle == known
    }

    /// Asks for the index slot a later `intern(value)` starts from to be brought into the
    /// cache; returns the value's hash, for `prefetchEntry(hash:)` some time later.
    @inline(__always) @discardableResult
    func prefetch(_ value: Value) -> UInt64 {
        let hash = value.stableHash
        handles.prefetch(hash: hash)
        return hash
    }

    /// Asks for the value a later `intern` of a value with `hash` will most likely compare
    /// with to be brought into the cache (read from its slot, prefetched before).
    @inline(__always)
    func prefetchEntry(hash: UInt64) {
        guard let handle = handles.firstCandidate(hash: hash) else { return }
        values.withUnsafeBufferPointer { values in Prefetch.read(values.baseAddress! + handle) }
    }

    /// The handle of `value`, numbering it now if it is new.
    mutating func intern(_ value: Value) -> Int {
        let hash = value.stableHash
        if let handle = find(value, hash: hash) { return handle }
        add(value, hash: hash)
        return values.count - 1
    }

    /// The handle of `value` if it has one (an encoder's table).
    func handle(of value: Value) -> Int? {
        find(value, hash: value.stableHash)
    }

    @inline(__always)
    private func find(_ value: Value, hash: UInt64) -> Int? {
        values.withUnsafeBufferPointer { values in
            handles.find(hash: hash) { values[$0] == value }
        }
    }

    /// The handle a reference names, or `nil` when a new value follows inline (read it, then
    /// `add`).
    func readHandle(_ reader: inout ByteReader) throws(LogDecodingError) -> Int? {
        let reference = try reader.index()
        guard reference > 0 else { return nil }
        guard reference <= values.count else { throw LogDecodingError("unknown \(Value.self) handle") }
        return reference - 1
    }

    /// Drops the values numbered from `count` on (a reader's table only: it keeps no handles).
    mutating func truncate(to count: Int) {
        precondition(!keepsHandles, "only a reader's table goes back")
        values.removeSubrange(count...)
    }

    mutating func add(_ value: Value) {
        add(value, hash: keepsHandles ? value.stableHash : 0)
    }

    private mutating func add(_ value: Value, hash: UInt64) {
        if keepsHandles { handles.insert(hash: hash, handle: values.count) }
        values.append(value)
    }
}
