#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a simulated market (`MarketSimulator`) as NDJSON, one command a line in the
/// canonical form of `Command.ndjson` (by `CommandLineEncoder`), in chunks of about a megabyte.
///
/// A file is written as `FILE.tmp`, made durable and then renamed to `FILE`, so that a file
/// of that name is always complete: a run that fails or is killed leaves at most the
/// `.tmp` file (removed on failure), never a truncated `FILE`.
public enum SimulatedMarketWriter {
    static let chunkBytes = 1 << 20

    /// Writes `events` commands for `seed` to the file at `path`, or to standard output.
    public static func write(seed: UInt64, events: Int, to path: String?) throws(StoreError) {
        guard let path else {
            try stream(seed: seed, events: events) { (chunk: [UInt8]) throws(StoreError) in
                try POSIXFile.writeAll(chunk, to: STDOUT_FILENO, name: "standard output")
            }
            return
        }
        try AtomicFile.write(to: path) { file throws(StoreError) in
            try stream(seed: seed, events: events) { (chunk: [UInt8]) throws(StoreError) in try file.write(chunk) }
        }
    }

    /// Generates the lines and hands them over in chunks of about `chunkBytes`.
    static func stream(seed: UInt64, events: Int,
                       into sink: ([UInt8]) throws(StoreError) -> Void) throws(StoreError) {
        var simulator = MarketSimulator(seed: seed, events: events)
        var encoder = CommandLineEncoder()
        // A fixed-size buffer filled from `used`; a line that does not fit in what is left
        // flushes it first, and one larger than the whole buffer grows it.
        var buffer = [UInt8](repeating: 0, count: chunkBytes + 256 * 1_024)
        var used = 0
        while let command = simulator.next() {
            if let written = encoder.write(command, into: &buffer, at: used) {
                used += written
                if used >= chunkBytes {
                    try sink(Array(buffer[0..<used]))
                    used = 0
                }
                continue
            }
            if used > 0 { try sink(Array(buffer[0..<used])) }
            var line = [UInt8]()
            encoder.append(command, to: &line)
            try sink(line)
            used = 0
        }
        if used > 0 { try sink(Array(buffer[0..<used])) }
    }
}
