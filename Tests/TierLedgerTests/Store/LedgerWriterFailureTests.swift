import Foundation
import Testing
@_spi(Benchmarks) @testable import TierLedger

/// What a writer does after a call fails: it never appends after a state the log does not hold.
/// A refused `appendRecorded` writes nothing and leaves the writer as if it had not been called;
/// a failed write stops the writer, and reopening the ledger continues from what is durable.
@Suite struct LedgerWriterFailureTests {
    /// The example market's commands, parsed.
    static func exampleCommands() throws -> [Command] {
        guard case .success(let lines) = CommandParser.parseAll(Array(ExampleMarket.ndjson.utf8)) else {
            throw StoreError(.damaged, "the example market does not parse")
        }
        return lines.map(\.command)
    }

    @Test func aRefusedAppendRecordedWritesNothingAndTheWriterGoesOn() throws {
        let (events, order) = try ImportedEventTests.orderPricedByAnotherRule()
        let directory = try CraftedLogTests.write(Array(events.prefix(1)))
        let writer = try directory.openForWriting()
        // More than one write's worth would be the same; the refusal comes at the last event.
        #expect {
            try writer.appendRecorded(Array(events.dropFirst()) + [order])
        } throws: { error in
            (error as? StoreError)?.kind == .damaged && "\(error)".contains("Nothing was written")
        }
        #expect(writer.ledger.lastSequence == 1)
        #expect(writer.writer.failure == nil)
        #expect(try directory.readEvents() == Array(events.prefix(1)))

        // The state is the log's again: the same events go in whole, then a decided command.
        try writer.appendRecorded(Array(events.dropFirst()))
        let placed = writer.submit(Command(at: events[events.count - 1].at ?? Timestamp(millisecondsSinceEpoch: 0),
                                           action: .registerSupplier(supplier: "S-after", name: "After")))
        #expect(placed == .accepted(sequence: UInt64(events.count + 1)))
        try writer.commit()
        writer.close()
        let report = try LedgerVerifier.verify(directory, decisions: true)
        #expect(report.isIntact, "\(report)")
        #expect(report.eventCount == events.count + 1)
    }

    /// A refusal by the log's own check (after the state machine took the event) also rebuilds
    /// the state: the event had been applied.
    @Test func aRefusalAfterTheEventWasAppliedAlsoRestoresTheState() throws {
        let (events, _) = try ImportedEventTests.orderPricedByAnotherRule()
        let directory = try CraftedLogTests.write(Array(events.prefix(1)))
        let writer = try directory.openForWriting()
        // A name longer than a record holds passes the state machine but not the log.
        let last = events[events.count - 1]
        let huge = Event(sequence: last.sequence + 1, at: last.at,
                         body: .supplierRegistered(supplier: "S-huge",
                                                   name: String(repeating: "x", count: RecordFrame.bodyMaximumBytes)))
        #expect(throws: StoreError.self) { try writer.appendRecorded(Array(events.dropFirst()) + [huge]) }
        #expect(writer.ledger.lastSequence == 1)
        try writer.appendRecorded(Array(events.dropFirst()))
        writer.close()
        #expect(try LedgerVerifier.verify(directory, decisions: true).isIntact)
    }

    /// A write that fails (here: the next segment's name is taken by a directory, so creating it
    /// fails) stops the writer. Every later commit is refused with the reason, none traps, and
    /// reopening gives exactly the events acknowledged before the failure.
    @Test func aFailedWriteStopsTheWriterUntilTheLedgerIsOpenedAgain() throws {
        let commands = try Self.exampleCommands()
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
        let directory = try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: LogTestSupport.key)
        // A limit this small starts a segment at every batch after the first record.
        let writer = try directory.openForWriting(segmentSizeLimit: 64)
        for command in commands.prefix(5) { _ = writer.submit(command) }
        try writer.commit()
        let acknowledged = writer.writer.lastSequence
        let blocker = directory.logPath + "/" + SegmentHeader.fileName(firstSequence: acknowledged + 1)
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)

        for command in commands[5..<10] { _ = writer.submit(command) }
        #expect { try writer.commit() } throws: { error in (error as? StoreError)?.kind == .io }
        for command in commands[10..<15] { _ = writer.submit(command) }
        #expect {
            try writer.commit()
        } throws: { error in
            "\(error)".contains("Nothing after event \(acknowledged) is acknowledged")
        }
        writer.close()

        try FileManager.default.removeItem(atPath: blocker)
        let reopened = try directory.openForWriting()
        #expect(reopened.ledger.lastSequence == acknowledged)
        for command in commands.dropFirst(5) { _ = reopened.submit(command) }
        try reopened.commit()
        reopened.close()
        #expect(try LedgerVerifier.verify(directory).isIntact)

        // The same commands in one go give the same log.
        let straight = try LedgerDirectory.create(at: path + "-straight", settings: LedgerSettings(),
                                                  secretKey: LogTestSupport.key)
        let straightWriter = try straight.openForWriting()
        for command in commands { _ = straightWriter.submit(command) }
        try straightWriter.commit()
        straightWriter.close()
        #expect(try directory.readEvents() == straight.readEvents())
    }
}
