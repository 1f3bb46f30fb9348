import Foundation
import Testing
@testable import TierLedger

/// `append` decides while a second thread parses (and checks) the input and a third writes:
/// one malformed line anywhere still means nothing is written.
@Suite struct CommandAppenderTests {
    /// A simulated market's commands as NDJSON, longer than one commit batch.
    static func simulatedInput(commands: Int) -> [UInt8] {
        var simulator = MarketSimulator(seed: 11, events: commands)
        var text = ""
        while let command = simulator.next() { text += command.ndjson + "\n" }
        return Array(text.utf8)
    }

    static func logBytes(_ directory: LedgerDirectory) throws -> [[UInt8]] {
        try LogTestSupport.segmentFiles(directory).map { try POSIXFile(path: $0, flags: O_RDONLY).readAll() }
    }

    static func newLedger() throws -> LedgerDirectory {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
        return try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: LogTestSupport.key)
    }

    /// More batches than the log's pipeline keeps at once are decided (and held back) before
    /// the check reaches the last line.
    @Test func aMalformedLastLineAfterWholeBatchesWritesNothing() throws {
        let valid = Self.simulatedInput(commands: CommandAppender.batchCommandCount * (LogPipeline.depth + 1) + 500)
        let input = valid + Array("{\"type\":\"order.pay\",\"order\":}\n".utf8)
        let directory = try Self.newLedger()
        let before = try Self.logBytes(directory)
        do {
            _ = try CommandAppender.append(input, to: directory)
        } catch {
            guard case .malformed(let parseError) = error else {
                Issue.record("expected a malformed-line failure, got \(error)")
                return
            }
            #expect(parseError.line == valid.filter { $0 == UInt8(ascii: "\n") }.count + 1)
        }
        #expect(try Self.logBytes(directory) == before)
        // The same input without its bad line goes in whole, in batches, and verifies.
        let result = try CommandAppender.append(valid, to: directory)
        #expect(result.accepted + result.duplicates + result.rejections.count
                == CommandAppender.batchCommandCount * (LogPipeline.depth + 1) + 500)
        let report = try LedgerVerifier.verify(directory)
        #expect(report.isIntact)
        #expect(report.lastSequence == result.lastSequence)
    }

    @Test func theThreadsWriteExactlyWhatOneThreadWould() throws {
        let input = Self.simulatedInput(commands: 3_000)
        let threaded = try Self.newLedger()
        let result = try CommandAppender.append(input, to: threaded)
        let plain = try Self.newLedger()
        let commits = try Self.appendOnOneThread(input, to: plain)
        #expect(result.lastSequence == commits.max())
        #expect(try Self.logBytes(threaded) == Self.logBytes(plain))
    }

    /// `input`'s commands submitted one by one on this thread and committed where `append`
    /// commits (every `batchCommandCount` commands, and at the end): the log `append` must
    /// write. Returns the last sequence number before the first commit and after each.
    static func appendOnOneThread(_ input: [UInt8], to directory: LedgerDirectory) throws -> Set<UInt64> {
        guard case .success(let lines) = CommandParser.parseAll(input) else {
            preconditionFailure("the test's input parses")
        }
        let writer = try directory.openForWriting()
        defer { writer.close() }
        var commits: Set<UInt64> = [writer.ledger.lastSequence]
        for (index, line) in lines.enumerated() {
            _ = writer.submit(line.command)
            if (index + 1) % CommandAppender.batchCommandCount == 0 {
                try writer.commit()
                commits.insert(writer.ledger.lastSequence)
            }
        }
        try writer.commit()
        commits.insert(writer.ledger.lastSequence)
        return commits
    }

    /// With room for one parsed batch ahead of the engine, the parsing thread runs out of room
    /// early, checks the rest of the input in a pass of its own, then parses it again for the
    /// engine: the log is still the one a single thread writes, to the byte.
    @Test func aShortLookaheadWritesWhatOneThreadWould() throws {
        let input = Self.simulatedInput(commands: 9_000)
        let threaded = try Self.newLedger()
        let result = try input.withUnsafeBufferPointer { data in
            try CommandAppender.append(data, to: threaded, lookahead: 1_024)
        }
        let plain = try Self.newLedger()
        let commits = try Self.appendOnOneThread(input, to: plain)
        #expect(result.lastSequence == commits.max())
        #expect(try Self.logBytes(threaded) == Self.logBytes(plain))
    }

    /// The engine may wait for the parser's verdict (the log holds only so many bytes before
    /// it), so the parser must give it without ever waiting for the engine: with room for one
    /// batch ahead and for next to nothing held, `append` still finishes, and writes what one
    /// thread writes. A parser that waited for room before its verdict hangs it: `append` runs
    /// on a thread of its own here, so that the test then fails (after a minute) instead of
    /// hanging the whole run.
    @Test func theEngineWaitingForTheVerdictDoesNotHoldThatVerdictUp() throws {
        // More commands than the engine decides before it must wait: the batches the log's
        // pipeline holds and frames, and those queued for it.
        let engineAhead = CommandAppender.batchCommandCount * (LogPipeline.depth + 4)
        let input = Self.simulatedInput(commands: 2 * engineAhead)
        let threaded = try Self.newLedger()
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Thread {
            outcome.result = input.withUnsafeBufferPointer { data in
                Result { () throws(CommandAppender.Failure) in
                    try CommandAppender.append(data, to: threaded, lookahead: 1_024, gatedBytesLimit: 1)
                }
            }
            finished.signal()
        }.start()
        guard finished.wait(timeout: .now() + 60) == .success else {
            Issue.record("append is still running after a minute: its threads wait on each other")
            return
        }
        #expect(try outcome.result?.get() != nil)
        let plain = try Self.newLedger()
        _ = try Self.appendOnOneThread(input, to: plain)
        #expect(try Self.logBytes(threaded) == Self.logBytes(plain))
    }

    /// What `append` gave on another thread: written before the thread signals, read after.
    private final class Outcome: @unchecked Sendable {
        var result: Result<CommandAppender.Result, CommandAppender.Failure>?
    }

    /// A malformed line far beyond what the parsing thread may keep ahead is found by its
    /// checking pass (and one among the lines it kept, by the parse itself): nothing is
    /// written, and the error names the line.
    @Test(arguments: [150, 8_500])
    func aShortLookaheadStillFindsAMalformedLineAnywhere(at badLine: Int) throws {
        var lines = String(decoding: Self.simulatedInput(commands: 9_000), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[badLine - 1] = #"{"type":"order.pay","at":"2026-03-01T08:00:01Z","order":7}"#
        let input = Array(lines.joined(separator: "\n").utf8)
        let directory = try Self.newLedger()
        let before = try Self.logBytes(directory)
        do {
            _ = try input.withUnsafeBufferPointer { data in
                try CommandAppender.append(data, to: directory, lookahead: 1_024)
            }
            Issue.record("a malformed input was accepted")
        } catch {
            guard case .malformed(let parseError)? = error as? CommandAppender.Failure else {
                Issue.record("expected a malformed-line failure, got \(error)")
                return
            }
            #expect(parseError.line == badLine)
            #expect(parseError.field == "order")
        }
        #expect(try Self.logBytes(directory) == before)
    }

    @Test func aMalformedInputIsReportedEvenWhenTheLedgerIsLocked() throws {
        let directory = try Self.newLedger()
        let holder = try directory.openForWriting()
        let input = Array("{\"type\":\"supplier.register\"}\n".utf8)
        do {
            _ = try CommandAppender.append(input, to: directory)
            Issue.record("a malformed input was accepted")
        } catch {
            guard case .malformed = error else {
                Issue.record("expected a malformed-line failure first, got \(error)")
                return
            }
        }
        _ = holder
    }
}
