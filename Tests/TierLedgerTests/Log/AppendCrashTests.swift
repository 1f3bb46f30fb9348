import Foundation
import Testing
@testable import TierLedger

/// `append` killed part way (SIGKILL at random moments): the ledger then opens for writing,
/// verifies, and holds a prefix of whole commit batches (README "`append` in batches"), byte
/// for byte the start of the log that an uninterrupted run writes. `TIERLEDGER_LONG=1` runs
/// more rounds.
@Suite(.serialized) struct AppendCrashTests {
    static let rounds = ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 200 : 10

    /// The log of an uninterrupted run (one thread, committing as `append` does) and the last
    /// sequence number after each commit.
    static func reference(_ input: [UInt8]) throws -> (log: [UInt8], boundaries: Set<UInt64>) {
        let directory = try CommandAppenderTests.newLedger()
        let boundaries = try CommandAppenderTests.appendOnOneThread(input, to: directory)
        return (try Self.log(of: directory), boundaries)
    }

    static func log(of directory: LedgerDirectory) throws -> [UInt8] {
        Array(try CommandAppenderTests.logBytes(directory).joined())
    }

    /// Runs `tierledger append` on `file`, killed after `delay` if it has not finished; the
    /// seconds it ran.
    @discardableResult
    static func append(_ file: String, to ledger: String, killAfter delay: Double?) throws -> Double {
        let process = Process()
        process.executableURL = ToolRunner.executable
        process.arguments = ["append", file, "--ledger", ledger, "--no-snapshot"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = Date()
        try process.run()
        if let delay {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) { kill(pid, SIGKILL) }
        }
        process.waitUntilExit()
        return Date().timeIntervalSince(start)
    }

    @Test func aKilledAppendLeavesAPrefixOfWholeBatches() throws {
        let input = CommandAppenderTests.simulatedInput(commands: 6 * CommandAppender.batchCommandCount + 300)
        let scratch = try ToolRunner.temporaryDirectory()
        let file = scratch.appendingPathComponent("commands.ndjson").path
        try Data(input).write(to: URL(fileURLWithPath: file))
        let (full, boundaries) = try Self.reference(input)
        #expect(boundaries.count == 8)  // nothing, six whole batches, the rest

        // An uninterrupted run writes the reference log; its duration sets the kills' range.
        let whole = scratch.appendingPathComponent("whole").path
        try LedgerDirectory.create(at: whole, settings: LedgerSettings(), secretKey: LogTestSupport.key)
        let duration = try Self.append(file, to: whole, killAfter: nil)
        #expect(try Self.log(of: LedgerDirectory(path: whole)) == full)

        var random = SplitMix64(seed: 41)
        var killedMidway = 0
        for round in 0..<Self.rounds {
            let path = scratch.appendingPathComponent("round\(round)").path
            try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: LogTestSupport.key)
            let delay = duration * Double(random.integer(in: 0...1_000)) / 1_000
            try Self.append(file, to: path, killAfter: delay)
            let directory = LedgerDirectory(path: path)
            // Opening for writing recovers: a torn last batch goes.
            let writer = try directory.openForWriting()
            let last = writer.ledger.lastSequence
            writer.close()
            #expect(boundaries.contains(last), "round \(round): ends at \(last), not after a whole batch")
            let log = try Self.log(of: directory)
            #expect(log.count <= full.count && Array(full.prefix(log.count)) == log,
                    "round \(round): the log is not the start of the uninterrupted one")
            #expect(try LedgerVerifier.verify(directory).isIntact, "round \(round): verify")
            if last > 1, log.count < full.count { killedMidway += 1 }
        }
        // The kills must land while batches are being written often enough to mean something.
        #expect(killedMidway >= Self.rounds / 4, "only \(killedMidway) of \(Self.rounds) kills came mid-way")
    }
}
