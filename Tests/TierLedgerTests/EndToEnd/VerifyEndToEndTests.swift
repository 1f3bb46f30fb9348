import Foundation
import Testing
@testable import TierLedger

/// `tierledger verify` as a user runs it: what it prints of an intact log, `--expect-head`,
/// the damaged record it names and the exit status (SPEC §10: 1 when it finds damage), and a
/// torn tail that opening for writing then cuts.
@Suite struct VerifyEndToEndTests {
    /// A ledger of the example market, appended through the command line: `init`'s batch, then
    /// one batch of 24 events, in one segment.
    static func exampleLedger() throws -> (ledger: String, segment: String) {
        let ledger = try ToolRunner.temporaryDirectory().appendingPathComponent("shop").path
        #expect(try ToolRunner.run(["init", "--ledger", ledger]).status == 0)
        let appended = try ToolRunner.run(["append", AppendEndToEndTests.market, "--ledger", ledger, "--no-snapshot"])
        #expect(appended.status == 3, "\(appended.stderr)")
        let segments = try LogTestSupport.segmentFiles(LedgerDirectory(path: ledger))
        #expect(segments.count == 1)
        return (ledger, segments.first ?? "")
    }

    @Test func anIntactLogPrintsItsCountAndHeadAndTheHeadCanBeExpected() throws {
        let (ledger, segment) = try Self.exampleLedger()
        let head = try LedgerVerifier.verify(LedgerDirectory(path: ledger)).head
        #expect(head.count == 64 && head.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let size = try #require(FileManager.default.attributesOfItem(atPath: segment)[.size] as? Int)
        let verified = try ToolRunner.run(["verify", "--ledger", ledger])
        #expect(verified == ToolRunner.Result(
            status: 0, stdout: "events 25 (last seq 25), 1 segment(s), \(size) bytes\nhead \(head)\nok\n", stderr: ""))

        let expected = try ToolRunner.run(["verify", "--expect-head", head, "--ledger", ledger])
        #expect(expected == verified)
        let other = String(head.reversed())
        let differs = try ToolRunner.run(["verify", "--expect-head", other, "--ledger", ledger])
        #expect(differs.status == 1)
        #expect(differs.stdout == verified.stdout.replacingOccurrences(of: "ok\n", with: ""))
        #expect(differs.stderr == "tierledger verify: head differs: expected \(other), found \(head)\n")
        let malformed = try ToolRunner.run(["verify", "--expect-head", head.uppercased(), "--ledger", ledger])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("--expect-head expects 64 lower-case hex digits"))
    }

    /// A byte changed inside the appended batch: `verify` names the record and offset that the
    /// verifier finds, prints the head of the batches before it, says which events it could not
    /// check, and exits 1; the ledger then refuses a writer.
    @Test func aChangedByteIsNamedWithTheEventsStillProven() throws {
        let (ledger, segment) = try Self.exampleLedger()
        var bytes = try #require(FileManager.default.contents(atPath: segment))
        let flipped = bytes.count / 2
        bytes[flipped] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: segment))

        let report = try LedgerVerifier.verify(LedgerDirectory(path: ledger))
        let damaged = try #require(report.damagedSequence)
        let offset = try #require(report.damagedOffset)
        #expect(report.lastSequence == 1 && damaged > 2 && offset <= flipped)

        let verified = try ToolRunner.run(["verify", "--ledger", ledger])
        #expect(verified.status == 1)
        #expect(verified.stdout.hasPrefix("events 1 (last seq 1), 1 segment(s), \(bytes.count) bytes\nhead \(report.head)\n"))
        #expect(!verified.stdout.contains("ok"))
        let name = (segment as NSString).lastPathComponent
        #expect(verified.stderr.hasPrefix("tierledger verify: DAMAGED: record \(damaged) at byte \(offset) of \(name): "))
        #expect(verified.stderr.contains("The head above covers event 1, which is intact. The damaged record's "
            + "batch also holds events 2–\(damaged - 1), which cannot be checked without its checkpoint."))
        let writer = try ToolRunner.run(["append", "--ledger", ledger], stdin: "")
        #expect(writer.status == 74 && writer.stderr.contains("record \(damaged) at byte \(offset)"))
    }

    /// Damage in the segment's header leaves nothing proven, and `verify` says so.
    @Test func aDamagedHeaderProvesNoEvent() throws {
        let (ledger, segment) = try Self.exampleLedger()
        var bytes = try #require(FileManager.default.contents(atPath: segment))
        bytes[SegmentHeader.size / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: segment))
        let verified = try ToolRunner.run(["verify", "--ledger", ledger])
        #expect(verified.status == 1)
        #expect(verified.stdout.hasPrefix("events 0 (last seq 0), "))
        #expect(verified.stderr.contains("DAMAGED: record 1 at byte 0 of "), "\(verified.stderr)")
        #expect(verified.stderr.contains("No event before it could be verified."))
    }

    /// A batch cut short (a crash during its write): `verify` reports it and exits 1, opening
    /// for writing removes it, and the log verifies again with the events before it.
    @Test func aTornTailIsReportedAndCutByTheNextWriter() throws {
        let (ledger, segment) = try Self.exampleLedger()
        let bytes = try #require(FileManager.default.contents(atPath: segment))
        try bytes.dropLast(5).write(to: URL(fileURLWithPath: segment))
        let torn = try ToolRunner.run(["verify", "--ledger", ledger])
        #expect(torn.status == 1)
        #expect(torn.stdout.hasPrefix("events 1 (last seq 1), "))
        #expect(torn.stderr.contains("are an unfinished batch"))
        #expect(torn.stderr.contains("The head above covers event 1, which is intact."))
        let head = try #require(torn.stdout.split(separator: "\n").dropFirst().first)

        let opened = try ToolRunner.run(["append", "--ledger", ledger], stdin: "")
        #expect(opened.status == 0, "\(opened.stderr)")
        // What is left is exactly what `verify` said was proven, with the same head.
        let again = try ToolRunner.run(["verify", "--ledger", ledger])
        #expect(again.status == 0 && again.stdout.hasPrefix("events 1 (last seq 1), "), "\(again.stderr)")
        #expect(again.stdout.contains("\n\(head)\nok\n"))
    }
}
