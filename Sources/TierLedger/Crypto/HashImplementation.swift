import Foundation
import TierLedgerHardware

/// Which code computes SHA-256 compressions and CRC-32C checksums: the portable Swift code in
/// this folder, or the CPU's own instructions (TierLedgerHardware: the x86 SHA extensions and
/// SSE4.2's crc32). Both give identical results; the tests compare them on random inputs.
///
/// The choice is made once per process, on first use: hardware when the CPU has the
/// instructions, unless the environment variable `TIERLEDGER_SOFTWARE_HASH` is set to anything
/// but empty or `0` (`TIERLEDGER_SOFTWARE_HASH=1`), which forces the software paths so that
/// tests and benchmarks can compare the two.
enum HashImplementation: Sendable, Equatable {
    case software
    case hardware

    /// The environment variable that forces the software paths.
    static let softwareVariableName = "TIERLEDGER_SOFTWARE_HASH"

    /// True when `TIERLEDGER_SOFTWARE_HASH` asks for the software paths.
    static let softwareForced = forcesSoftware(
        variableValue: ProcessInfo.processInfo.environment[softwareVariableName])

    /// Whether a value of `TIERLEDGER_SOFTWARE_HASH` (nil when unset) forces the software
    /// paths: any value but empty and `0`, so that `=1`, `=yes` and `=true` all do.
    static func forcesSoftware(variableValue: String?) -> Bool {
        guard let value = variableValue else { return false }
        return !value.isEmpty && value != "0"
    }

    /// The implementation of SHA-256's compression function new hashers use.
    static let sha256: HashImplementation =
        HardwareSHA256.isAvailable && !softwareForced ? .hardware : .software

    /// The implementation `CRC32C.checksum(_:continuing:)` uses.
    static let crc32c: HashImplementation =
        HardwareCRC32C.isAvailable && !softwareForced ? .hardware : .software

}
