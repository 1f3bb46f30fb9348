/// HMAC with SHA-256 (RFC 2104; test vectors in RFC 4231), as a one-shot function.
///
/// For many codes under one key, prepare an `HMACSHA256Key` once instead: this function
/// re-derives the padded-key states on every call.
public enum HMACSHA256 {
    /// HMAC-SHA-256 of `message` under `key` (any key length; longer than 64 bytes is hashed
    /// first, as RFC 2104 says).
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> SHA256Digest {
        HMACSHA256Key(key: key).authenticationCode(for: message)
    }
}
