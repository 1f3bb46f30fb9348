/// What `tierledger trace` follows (SPEC §8, §11). Codes and buyers are given in clear and
/// fingerprinted with the ledger's key (SPEC §2), or given as the fingerprint a report printed
/// (the `risk` report names buyers by fingerprint).
public enum TraceSubject: Equatable, Sendable {
    case order(String)
    case code(String)
    case codeFingerprint(Fingerprint)
    case buyer(String)
    case buyerFingerprint(Fingerprint)

    /// `order O1`, `code …`, for messages; never the code itself, which is a secret.
    public var label: String {
        switch self {
        case .order(let order): "order \(order)"
        case .code: "that code"
        case .codeFingerprint(let fingerprint): "code \(fingerprint.hex)"
        case .buyer(let buyer): "buyer \(buyer)"
        case .buyerFingerprint(let fingerprint): "buyer \(fingerprint.hex)"
        }
    }
}

/// The subject with codes and buyers fingerprinted.
enum TraceTarget: Equatable, Sendable {
    case order(String)
    case code(Fingerprint)
    case buyer(Fingerprint)

    init(_ subject: TraceSubject, fingerprints: () throws(StoreError) -> FingerprintKey) throws(StoreError) {
        switch subject {
        case .order(let order): self = .order(order)
        case .code(let code): self = .code(try fingerprints().code(code))
        case .codeFingerprint(let fingerprint): self = .code(fingerprint)
        case .buyer(let buyer): self = .buyer(try fingerprints().buyer(buyer))
        case .buyerFingerprint(let fingerprint): self = .buyer(fingerprint)
        }
    }
}
