/// The tables that make the binary encoding compact: every id string, buyer fingerprint and
/// frozen price chain is written in full once, at its first use, and referred to by a small
/// handle afterwards. Encoder and decoder build the same tables in the same order, so a
/// handle means the same thing on both sides; the log is therefore read from its start (or
/// from a snapshot that carries the tables).
///
/// Reference layout: a varint `r`; `r = 0` means "a new entry follows inline" (it takes the
/// next handle), `r ≥ 1` refers to the entry with handle `r − 1`.
struct LogDictionary: Sendable {
    /// Whether the reverse tables (value → handle) are kept while decoding. Only a log that
    /// will be appended to needs them; read-only replays skip the hashing.
    var keepsEncoderTables = true
    private(set) var strings: [String] = []
    private var stringHandles: [String: Int] = [:]
    private(set) var buyers: [Fingerprint] = []
    private var buyerHandles: [Fingerprint: Int] = [:]
    private(set) var chains: [ChainTemplate] = []
    private var chainHandles: [ChainTemplate: Int] = [:]
    /// Code fingerprints of each code batch, by batch id handle, so that order events can
    /// store unit positions and the decoder can restore the codes.
    private(set) var batchCodes: [String: [Fingerprint]] = [:]

    // MARK: Strings

    mutating func write(_ string: String, to writer: inout ByteWriter) {
        if let handle = stringHandles[string] {
            writer.varint(handle + 1)
        } else {
            writer.varint(0)
            writer.string(string)
            stringHandles[string] = strings.count
            strings.append(string)
        }
    }

    mutating func readString(_ reader: inout ByteReader) throws(LogDecodingError) -> String {
        let reference = try reader.index()
        if reference > 0 {
            guard reference <= strings.count else { throw LogDecodingError("unknown string handle") }
            return strings[reference - 1]
        }
        let string = try reader.string()
        if keepsEncoderTables { stringHandles[string] = strings.count }
        strings.append(string)
        return string
    }

    func handle(of string: String) -> Int? { stringHandles[string] }

    // MARK: Buyers

    mutating func write(buyer: Fingerprint, to writer: inout ByteWriter) {
        if let handle = buyerHandles[buyer] {
            writer.varint(handle + 1)
        } else {
            writer.varint(0)
            writer.fingerprint(buyer)
            buyerHandles[buyer] = buyers.count
            buyers.append(buyer)
        }
    }

    mutating func readBuyer(_ reader: inout ByteReader) throws(LogDecodingError) -> Fingerprint {
        let reference = try reader.index()
        if reference > 0 {
            guard reference <= buyers.count else { throw LogDecodingError("unknown buyer handle") }
            return buyers[reference - 1]
        }
        let buyer = try reader.fingerprint()
        if keepsEncoderTables { buyerHandles[buyer] = buyers.count }
        buyers.append(buyer)
        return buyer
    }

    // MARK: Chains

    /// Writes a chain reference; a new chain is written inline by `writeInline`.
    mutating func write(chain: ChainTemplate, to writer: inout ByteWriter) {
        if let handle = chainHandles[chain] {
            writer.varint(handle + 1)
        } else {
            writer.varint(0)
            chain.write(to: &writer, dictionary: &self)
            chainHandles[chain] = chains.count
            chains.append(chain)
        }
    }

    mutating func readChain(_ reader: inout ByteReader) throws(LogDecodingError) -> ChainTemplate {
        let reference = try reader.index()
        if reference > 0 {
            guard reference <= chains.count else { throw LogDecodingError("unknown chain handle") }
            return chains[reference - 1]
        }
        let chain = try ChainTemplate(reading: &reader, dictionary: &self)
        if keepsEncoderTables { chainHandles[chain] = chains.count }
        chains.append(chain)
        return chain
    }

    // MARK: Codes

    mutating func remember(codes: [Fingerprint], ofBatch batch: String) {
        batchCodes[batch] = codes
    }

    /// The code fingerprints of `runs`, in order; empty for anonymous units.
    func codes(of runs: [UnitRun]) throws(LogDecodingError) -> [Fingerprint] {
        var codes = [Fingerprint]()
        for run in runs {
            guard let batch = batchCodes[run.batch] else { continue }
            guard run.start >= 0, run.count >= 0, run.start + run.count <= Int64(batch.count) else {
                throw LogDecodingError("units \(run.start)+\(run.count) outside batch \(run.batch)")
            }
            codes.append(contentsOf: batch[Int(run.start)..<Int(run.start + run.count)])
        }
        return codes
    }
}

/// The per-chain part of an order: everything frozen at pricing that many orders share (the
/// seller, sku, cost, each step's rule and markup, the parents' override rates, the refund
/// window). An order adds its own id, quantity, buyer and units.
struct ChainTemplate: Hashable, Sendable {
    var seller: String
    var sku: String
    var supplier: String
    var cost: Money
    var costSequence: UInt64
    var refundHours: Int64?
    var steps: [PriceStep]
    var rates: [OverrideRate]

    /// Hashes the fields that tell chains apart in practice (who, what, which rules set the
    /// prices) and skips the strings inside the steps; equality still compares everything.
    func hash(into hasher: inout Hasher) {
        hasher.combine(seller)
        hasher.combine(sku)
        hasher.combine(costSequence)
        hasher.combine(cost.minorUnits)
        for step in steps {
            hasher.combine(step.ruleSequence)
            hasher.combine(step.markup.minorUnits)
        }
    }
}

