// swift-tools-version:6.0
// TierLedger: an event-sourced ledger for multi-tier distribution of virtual goods.
// Foundation only: no package dependencies (see README.md).
import PackageDescription

let package = Package(
    name: "TierLedger",
    products: [
        .library(name: "TierLedger", targets: ["TierLedger"]),
        .executable(name: "tierledger", targets: ["tierledger"]),
    ],
    targets: [
        .target(name: "TierLedger"),
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
        .testTarget(name: "TierLedgerTests", dependencies: ["TierLedger", "tierledger"]),
    ],
    swiftLanguageModes: [.v6]
)
