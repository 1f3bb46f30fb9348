/// The fingerprints of recent buyers by buyer id, so that a buyer who orders again is not
/// fingerprinted again: fingerprinting is an HMAC-SHA-256, the largest single cost of pricing
/// an order, and buyers come back (three orders per buyer in the simulated market).
///
/// A fingerprint is a fixed function of the ledger's key and the id, so the cache changes no
/// output. It lives in memory only (the log never holds a buyer id), holds at most `capacity`
/// buyers and is dropped whole when full, so its memory is bounded however many buyers come.
///
/// Invariant: every entry is `key.buyer(id)` for the ledger's one key.
struct BuyerFingerprints: Sendable {
    private var table = HashTable<String, Fingerprint>()
    /// At most this many buyers are kept (the default: about 2.5 MB).
    let capacity: Int

    init(capacity: Int = 1 << 16) {
        precondition(capacity >= 1, "a cache holds at least one buyer")
        self.capacity = capacity
    }

    var count: Int { table.count }

    /// `key.buyer(buyer)`, from the cache when the buyer was seen since it was last dropped.
    mutating func fingerprint(of buyer: String, key: FingerprintKey) -> Fingerprint {
        let hash = buyer.stableHash
        if let print = table.read(buyer, hash: hash, { $0 }) { return print }
        let print = key.buyer(buyer)
        if table.count >= capacity { table = HashTable() }
        table.add(print, for: buyer, hash: hash)
        return print
    }
}
