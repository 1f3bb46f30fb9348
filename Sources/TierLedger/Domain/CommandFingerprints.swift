/// The fingerprints one command needs: its buyer's (`order.place`, `order.reserve`) and its
/// codes' (`stock.add` with codes). They are HMACs under the ledger's key of the command's own
/// text and depend on nothing in the state, so `append` works them out on its parsing thread,
/// ahead of the engine, which decides one command at a time and is the slowest of `append`'s
/// threads.
///
/// Made only by a `CommandFingerprinter`, and stamped with the identity of the key that made
/// them: `Ledger.submit` refuses prints of another ledger's key (a programming error).
public struct CommandFingerprints: Sendable {
    let keyIdentity: UInt64
    /// The buyer's fingerprint, for place and reserve; nil for every other command.
    let buyer: Fingerprint?
    /// The codes' fingerprints in the command's order, for `stock.add` with codes; else empty.
    let codes: [Fingerprint]
}

/// Works out `CommandFingerprints` under one ledger's key (`Ledger.makeFingerprinter()`), keeping
/// recent buyers' fingerprints (`BuyerFingerprints`: a buyer orders again). One per thread.
public struct CommandFingerprinter: Sendable {
    let key: FingerprintKey
    private var buyers = BuyerFingerprints()

    init(key: FingerprintKey) {
        self.key = key
    }

    /// The fingerprints `command` needs (none for most kinds).
    public mutating func fingerprints(of command: Command) -> CommandFingerprints {
        switch command.action {
        case .placeOrder(let request), .reserveOrder(let request, _):
            let buyer = buyers.fingerprint(of: request.buyer, key: key)
            return CommandFingerprints(keyIdentity: key.identity, buyer: buyer, codes: [])
        case .addStock(_, _, .codes(let codes)):
            return CommandFingerprints(keyIdentity: key.identity, buyer: nil, codes: codes.map(key.code))
        default:
            return CommandFingerprints(keyIdentity: key.identity, buyer: nil, codes: [])
        }
    }
}
