/// The exit statuses of SPEC §10.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// The answer is "differs" (reconcile, verify found damage).
    case differs = 1
    /// Some commands were rejected; the rest were applied.
    case someRejected = 3
    case usage = 64
    /// Bad input data; nothing was written.
    case dataError = 65
    case cannotCreate = 73
    case ioError = 74
    /// The ledger is locked by another writer.
    case locked = 75
}
