/// The decoder's tables in a projection snapshot, so that a reader can decode the records after
/// the snapshot without reading the log from its start. Chains are written with their strings
/// as handles into the string table written just before them.
///
///     varint n · n × string · varint b · b × fingerprint · varint c · c × chain ·
///     varint k · k × (string batch · varint m · m × fingerprint)   (batches in the order added)
extension LogDictionary {
    func writeSnapshot(to writer: inout ByteWriter) {
        // A dictionary that knows every string already writes each chain's strings as handles.
        var encoder = LogDictionary(strings: strings.values, keepsEncoderTables: true)
        writer.varint(strings.values.count)
        for string in strings.values { writer.string(string) }
        writer.varint(buyers.values.count)
        for buyer in buyers.values { writer.fingerprint(buyer) }
        writer.varint(chains.values.count)
        for chain in chains.values { chain.write(to: &writer, dictionary: &encoder) }
        // Batches in the order they were added, which the table keeps (so the bytes are stable).
        let batches = batchCodes.keys
        writer.varint(batches.count)
        for batch in batches {
            writer.string(batch)
            let codes = batchCodes[batch] ?? []
            writer.varint(codes.count)
            for code in codes { writer.fingerprint(code) }
        }
    }

    init(snapshot reader: inout ByteReader) throws(LogDecodingError) {
        func count(_ what: String) throws(LogDecodingError) -> Int {
            let count = try reader.index()
            guard count <= reader.remaining else { throw LogDecodingError("\(what) count past the end") }
            return count
        }
        var strings = [String]()
        for _ in 0..<(try count("string")) { strings.append(try reader.string()) }
        var decoder = LogDictionary(strings: strings)
        var buyers = [Fingerprint]()
        for _ in 0..<(try count("buyer")) { buyers.append(try reader.fingerprint()) }
        var chains = [ChainTemplate]()
        for _ in 0..<(try count("chain")) {
            chains.append(try ChainTemplate(reading: &reader, dictionary: &decoder))
        }
        guard decoder.strings.values.count == strings.count else {
            throw LogDecodingError("a snapshot chain names a string the table lacks")
        }
        var batchCodes = [(batch: String, codes: [Fingerprint])]()
        for _ in 0..<(try count("batch")) {
            let batch = try reader.string()
            var codes = [Fingerprint]()
            for _ in 0..<(try count("code")) { codes.append(try reader.fingerprint()) }
            batchCodes.append((batch, codes))
        }
        self.init(strings: strings, buyers: buyers, chains: chains, batchCodes: batchCodes)
    }
}
