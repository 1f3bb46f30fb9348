/// The decoder's tables in a projection snapshot, so that a reader can decode the records after
/// the snapshot without reading the log from its start. Chains are written with their strings
/// as handles into the string table written just before them.
///
///     varint n · n × string · varint b · b × fingerprint · varint c · c × chain ·
///     varint k · k × (string batch · varint m · m × fingerprint)   (batches in the order added)
extension LogDictionary {
    func writeSnapshot(to writer: inout ByteWriter) {
        SpillingWriter.collect(into: &writer) { writeSnapshot(to: &$0) }
    }

    /// The same bytes, handed on in pieces as they are written (`SpillingWriter`).
    func writeSnapshot(to spilling: inout SpillingWriter) {
        spilling.writer.varint(strings.values.count)
        for string in strings.values {
            spilling.writer.string(string)
            spilling.spillIfFull()
        }
        spilling.writer.varint(buyers.values.count)
        for buyer in buyers.values {
            spilling.writer.fingerprint(buyer)
            spilling.spillIfFull()
        }
        // The chain table holds the chains in canonical form already: back to back, as here.
        spilling.writer.varint(chains.count)
        chains.bytes.withUnsafeBytes { spilling.append($0) }
        // Batches in the order they were added, which the table keeps (so the bytes are stable).
        let batches = batchCodes.keys
        spilling.writer.varint(batches.count)
        for batch in batches {
            spilling.writer.string(batch)
            let codes = batchCodes[batch] ?? []
            spilling.writer.varint(codes.count)
            for code in codes {
                spilling.writer.fingerprint(code)
                spilling.spillIfFull()
            }
        }
    }

    /// `keepsEncoderTables`: whether the tables will be appended to (and so keep their value →
    /// handle indexes).
    init(snapshot reader: inout ByteReader, keepsEncoderTables: Bool = false) throws(LogDecodingError) {
        func count(_ what: String) throws(LogDecodingError) -> Int {
            let count = try reader.index()
            guard count <= reader.remaining else { throw LogDecodingError("\(what) count past the end") }
            return count
        }
        var strings = [String]()
        for _ in 0..<(try count("string")) { strings.append(try reader.string()) }
        var buyers = [Fingerprint]()
        for _ in 0..<(try count("buyer")) { buyers.append(try reader.fingerprint()) }
        let chainCount = try count("chain")
        var chains = LogDictionary(strings: strings, keepsEncoderTables: keepsEncoderTables)
        for _ in 0..<chainCount { try chains.addCanonicalChain(&reader) }
        var batchCodes = [(batch: String, codes: [Fingerprint])]()
        for _ in 0..<(try count("batch")) {
            let batch = try reader.string()
            var codes = [Fingerprint]()
            for _ in 0..<(try count("code")) { codes.append(try reader.fingerprint()) }
            batchCodes.append((batch, codes))
        }
        self.init(strings: strings, buyers: buyers, chains: chains.chains, batchCodes: batchCodes,
                  keepsEncoderTables: keepsEncoderTables)
    }
}
