import TierLedger

/// `tierledger simulate`: writes the NDJSON commands of a simulated market with a price war.
struct SimulateCommand: ToolCommand {
    static let name = "simulate"
    static let abstract = "Write the NDJSON commands of a simulated market with a price war."
    static let usage = "simulate --events N [--seed S] [--out FILE]"
    static let options = [
        Arguments.Option("events", value: "N", help: "How many commands to write, 1–100000000."),
        Arguments.Option("seed", value: "S", help: "The seed, 0–18446744073709551615 (default 1)."),
        Arguments.Option("out", value: "FILE", help: "Write to FILE (whole or not at all), not stdout."),
    ]

    let events: Int
    let seed: UInt64
    let output: String?

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else {
            throw UsageError("unexpected argument \(arguments.positionals[0])")
        }
        guard let events = try arguments.integer("events", in: 1...100_000_000) else {
            throw UsageError("--events N is required: how many commands to write (1–100000000)")
        }
        self.events = Int(events)
        if let text = arguments.value("seed") {
            guard let seed = UInt64(text) else {
                throw UsageError("--seed expects a whole number from 0 to \(UInt64.max), got \(text)")
            }
            self.seed = seed
        } else {
            seed = 1
        }
        if let path = arguments.value("out"), path.isEmpty {
            throw UsageError("--out expects a file name")
        }
        output = arguments.value("out")
    }

    func run(_ console: Console) -> ExitStatus {
        do throws(StoreError) {
            try SimulatedMarketWriter.write(seed: seed, events: events, to: output)
        } catch {
            return console.fail(error)
        }
        return .success
    }
}
