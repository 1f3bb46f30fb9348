// swift-tools-version:6.0
// TierLedger: an event-sourced ledger for multi-tier distribution of virtual goods.
// Foundation only: no package dependencies (see README.md).
import PackageDescription

/// TierLedgerHardware calls the compiler's x86 intrinsics for the SHA extensions (sha256rnds2,
/// sha256msg1/2), SSSE3 (pshufb, to byte-swap message words) and CRC32 (SSE4.2's crc32). Clang
/// only lets code use an instruction set the target is compiled for, so this one small module,
/// and no other, is compiled with those three features; it asks cpuid before running any of
/// them. Other hosts get no flags, and the module's sources fall back to "not available".
let hardwareSettings: [SwiftSetting] = {
    #if arch(x86_64)
    return [.unsafeFlags(["-Xcc", "-msha", "-Xcc", "-mssse3", "-Xcc", "-mcrc32"])]
    #else
    return []
    #endif
}()

/// TierLedgerHardware also holds `Prefetch`, a cache hint (LLVM's `llvm.prefetch`, `prefetcht0`
/// on x86_64) that the log writer gives for memory it will read a few events later. Swift has
/// no such call and Clang's `_mm_prefetch` is a macro Swift cannot import, so that one file
/// uses the compiler's `Builtin` module, which needs `-enable-builtin-module`.
let prefetchSettings: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-enable-builtin-module"])]

let package = Package(
    name: "TierLedger",
    products: [
        .library(name: "TierLedger", targets: ["TierLedger"]),
        .executable(name: "tierledger", targets: ["tierledger"]),
    ],
    targets: [
        .target(name: "TierLedgerHardware", swiftSettings: hardwareSettings + prefetchSettings),
        .target(name: "TierLedger", dependencies: ["TierLedgerHardware"]),
        .executableTarget(name: "tierledger", dependencies: ["TierLedger"]),
        .executableTarget(
            name: "tierledger-bench-parse",
            dependencies: ["TierLedger"],
            path: "Tools/ParseBench"
        ),
        .executableTarget(
            name: "tierledger-bench-log",
            dependencies: ["TierLedger"],
            path: "Tools/LogBench"
        ),
        .testTarget(
            name: "TierLedgerTests",
            dependencies: ["TierLedger", "TierLedgerHardware", "tierledger"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
