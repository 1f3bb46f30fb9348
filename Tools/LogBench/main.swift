// tierledger-bench-log: the log and the state machine through the library, release build.
//
//   swift run -c release tierledger-bench-log COMMANDS.ndjson [WORKDIR]
//
// COMMANDS.ndjson is a simulated market (`tierledger simulate`). Prints a table, then one
// `name=value` line per figure. Parsing is not timed here (tierledger-bench-parse does that).
import Foundation
@_spi(Benchmarks) import TierLedger

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let elapsed = try clock.measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func directorySize(_ path: String) -> Int {
    let files = FileManager.default.enumerator(atPath: path)
    var total = 0
    while let name = files?.nextObject() as? String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
        total += (attributes?[.size] as? Int) ?? 0
    }
    return total
}

/// The figures this run measures: all of them, or those `--only a,b` names (prerequisites still
/// run, untimed), to measure one path again and again without the others.
let stageNames = ["decide", "append", "log", "replay", "scan", "skim", "verify", "hash"]
var positional = [String]()
var requested = Set(stageNames)
var argumentIndex = 1
while argumentIndex < CommandLine.arguments.count {
    let argument = CommandLine.arguments[argumentIndex]
    if argument == "--only", argumentIndex + 1 < CommandLine.arguments.count {
        requested = Set(CommandLine.arguments[argumentIndex + 1].split(separator: ",").map(String.init))
        argumentIndex += 2
    } else {
        positional.append(argument)
        argumentIndex += 1
    }
}
guard (1...2).contains(positional.count), requested.isSubset(of: stageNames),
      let data = FileManager.default.contents(atPath: positional[0]) else {
    FileHandle.standardError.write(Data(("usage: tierledger-bench-log COMMANDS.ndjson [WORKDIR] [--only "
        + stageNames.joined(separator: ",") + "]\n").utf8))
    exit(64)
}
let work = positional.count == 2 ? positional[1] : NSTemporaryDirectory() + "tierledger-bench-log-\(getpid())"
try? FileManager.default.removeItem(atPath: work)
guard case .success(let lines) = CommandParser.parseAll([UInt8](data)) else {
    FileHandle.standardError.write(Data("the commands file has a malformed line\n".utf8))
    exit(65)
}
/// Throughput in MB/s of `body` over 64 MiB in 1 MiB pieces (best of three, so that a busy
/// machine's pauses do not count): the hash chain and the frame checksum alone, the floor
/// under `verify`.
func primitiveMegabytesPerSecond(_ body: (UnsafeRawBufferPointer) -> Void) -> Double {
    var generator = SplitMix64(seed: 1)
    let piece = (0..<(1 << 17)).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
    var best = Double.infinity
    for _ in 0..<3 {
        let elapsed = seconds { piece.withUnsafeBytes { for _ in 0..<64 { body($0) } } }
        best = min(best, elapsed)
    }
    return Double(64 << 20) / 1e6 / best
}

let only = requested
let batch = 10_000
nonisolated(unsafe) var figures: [(String, String)] = []  // this program has one thread
func record(_ stage: String, _ name: String, _ value: String) {
    if only.contains(stage) { figures.append((name, value)) }
}
if only.contains("hash") {
    var sha = SHA256()
    record("hash", "sha256_mb_per_s", String(format: "%.1f", primitiveMegabytesPerSecond { sha.update($0) }))
    var crc: UInt32 = 0
    record("hash", "crc32c_mb_per_s",
           String(format: "%.1f", primitiveMegabytesPerSecond { crc = CRC32C.checksum($0, continuing: crc) }))
}
do {
    // 1. Commands decided and made durable through the library, one fsync per 10,000. Every
    //    other stage starts from these events.
    let first = try LedgerDirectory.create(at: work + "/decided", settings: LedgerSettings())
    let writer = try first.openForWriting()
    let decideSeconds = try seconds {
        var index = 0
        while index < lines.count {
            for line in lines[index..<min(index + batch, lines.count)] { _ = writer.submit(line.command) }
            try writer.commit()
            index += batch
        }
    }
    let eventCount = Int(writer.ledger.lastSequence)
    record("decide", "library_commands_per_s", String(Int(Double(lines.count) / decideSeconds)))
    let events = try first.readEvents()
    // 2. Recorded events appended durably with import's checks (each decided again and read
    //    back), all checked before any is written, then one fsync per 65,536; the ledger the
    //    replay, scan, skim and verify stages read.
    let second = try LedgerDirectory.create(at: work + "/appended", settings: LedgerSettings())
    if !only.isDisjoint(with: ["append", "replay", "scan", "skim", "verify"]) {
        let appender = try second.openForWriting()
        let appendSeconds = try seconds { try appender.appendRecorded(Array(events.dropFirst())) }
        record("append", "library_append_events_per_s", String(Int(Double(events.count) / appendSeconds)))
    }
    // 3. The log layer alone: the same events encoded, framed, hashed, written and fsync'd,
    //    one fsync per 10,000, with no state machine.
    if only.contains("log") {
        let third = try LedgerDirectory.create(at: work + "/log-only", settings: LedgerSettings())
        let logOnly = try third.openForWriting()
        let logSeconds = try seconds { try logOnly.appendToLogOnly(events.dropFirst(), batchSize: batch) }
        record("log", "log_append_events_per_s", String(Int(Double(events.count - 1) / logSeconds)))
    }
    // 4. Replay of the engine's state; the scan alone (read, checksums, hash chain, decode),
    //    the other half of a replay; and verify.
    let logBytes = directorySize(second.path + "/log")
    if only.contains("replay") {
        let replaySeconds = try seconds { _ = try second.open() }
        record("replay", "engine_replay_events_per_s", String(Int(Double(eventCount) / replaySeconds)))
    }
    if only.contains("scan") {
        let scanSeconds = try seconds { try second.forEachEvent { _ in } }
        record("scan", "scan_decode_mb_per_s", String(format: "%.1f", Double(logBytes) / 1e6 / scanSeconds))
    }
    // 5. The floor under every reader of this format: checksums, hash chain and the decoder's
    //    tables, with no event built for an order (`skimEveryRecord`), on one thread.
    if only.contains("skim") {
        var skimmed = 0
        let skimSeconds = try seconds { skimmed = try second.skimEveryRecord() }
        guard skimmed == eventCount else {
            let message = "tierledger-bench-log: the skim read \(skimmed) of \(eventCount) events\n"
            FileHandle.standardError.write(Data(message.utf8))
            exit(70)
        }
        record("skim", "skim_mb_per_s", String(format: "%.1f", Double(logBytes) / 1e6 / skimSeconds))
    }
    var verdict = "not verified"
    if only.contains("verify") {
        var report: LedgerVerifier.Report?
        let verifySeconds = try seconds { report = try LedgerVerifier.verify(second) }
        verdict = report?.isIntact == true ? "verify ok" : "verify FAILED"
        record("verify", "verify_mb_per_s", String(format: "%.1f", Double(logBytes) / 1e6 / verifySeconds))
    }
    record("append", "bytes_per_event", String(format: "%.1f", Double(logBytes) / Double(eventCount)))
    figures.append(("events", String(eventCount)))
    print("commands \(lines.count), events \(eventCount), log \(logBytes) bytes, \(verdict)")
    for (name, value) in figures { print(name.padding(toLength: 30, withPad: " ", startingAt: 0) + value) }
    for (name, value) in figures { print("\(name)=\(value)") }
    try? FileManager.default.removeItem(atPath: work)
} catch {
    FileHandle.standardError.write(Data("tierledger-bench-log: \(error)\n".utf8))
    exit(74)
}
