import Foundation
import Testing
@testable import TierLedger

/// What the log promises: truncation anywhere reopens to an exact prefix, every single-byte
/// change is found at the right record, tampering breaks the chain, one writer at a time.
@Suite struct LogRecoveryTests {
    /// The bit patterns each byte is changed by (every pattern in long mode).
    static let flips: [UInt8] = ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1"
        ? Array(1...255) : [0x01, 0xFF]

    @Test func truncationAtEveryByteReopensToAnExactPrefix() throws {
        let directory = try LogTestSupport.exampleLedger()
        let original = try directory.readEvents()
        let segment = try LogTestSupport.segmentFiles(directory)[0]
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        let checkpointEnds = LogTestSupport.frames(bytes).filter { $0.kind == RecordFrame.checkpointKind }
            .map { ($0.range.upperBound, $0.sequence) }
        for cut in 0...bytes.count {
            let copy = try LogTestSupport.copy(directory, segmentBytes: Array(bytes[0..<cut]))
            // The durable prefix is everything up to the last whole checkpoint before the cut.
            let expected = checkpointEnds.last { $0.0 <= cut }?.1 ?? 0
            do {
                let writer = try copy.openForWriting()
                #expect(writer.ledger.lastSequence == expected, "cut at \(cut)")
                #expect(try copy.readEvents() == Array(original.prefix(Int(expected))), "cut at \(cut)")
            } catch {
                #expect(expected == 0, "cut at \(cut): \(error)")
            }
        }
    }

    @Test func everySingleByteChangeIsFoundAtItsRecord() throws {
        let directory = try LogTestSupport.exampleLedger()
        let segment = try LogTestSupport.segmentFiles(directory)[0]
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        let frames = LogTestSupport.frames(bytes)
        for offset in 0..<bytes.count {
            for flip in Self.flips {
                var damaged = bytes
                damaged[offset] ^= flip
                let report = try LedgerVerifier.verify(try LogTestSupport.copy(directory, segmentBytes: damaged))
                #expect(!report.isIntact, "flip \(flip) at \(offset) went unnoticed")
                if offset < SegmentHeader.size {
                    #expect(report.damagedOffset == 0, "header flip at \(offset)")
                } else if let frame = frames.first(where: { $0.range.contains(offset) }) {
                    #expect(report.damagedOffset == frame.range.lowerBound, "flip \(flip) at \(offset): \(report)")
                    if frame.kind != RecordFrame.checkpointKind {
                        #expect(report.damagedSequence == frame.sequence, "flip \(flip) at \(offset)")
                    }
                }
            }
        }
    }

    @Test func aRewrittenRecordWithAValidChecksumBreaksTheChain() throws {
        let directory = try LogTestSupport.exampleLedger()
        let segment = try LogTestSupport.segmentFiles(directory)[0]
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        // Rewrite the name in supplier.registered (event 2) and fix its checksum, as a forger would.
        guard let frame = LogTestSupport.frames(bytes).first(where: { $0.sequence == 2 && $0.kind == 2 }),
              let nameStart = (frame.range.lowerBound..<frame.range.upperBound - 2).first(where: {
                  bytes[$0] == UInt8(ascii: "T") && bytes[$0 + 1] == UInt8(ascii: "e") && bytes[$0 + 2] == UInt8(ascii: "n")
              }) else {
            Issue.record("the supplier's name is in event 2")
            return
        }
        bytes[nameStart] = UInt8(ascii: "X")
        // Frame: magic (2) · one-byte length varint (the body is short) · CRC (4) · body.
        let crcOffset = frame.range.lowerBound + 3
        let crc = CRC32C.checksum(Array(bytes[(crcOffset + 4)..<frame.range.upperBound]))
        for index in 0..<4 { bytes[crcOffset + index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
        let report = try LedgerVerifier.verify(try LogTestSupport.copy(directory, segmentBytes: bytes))
        #expect(report.damage?.contains("hash chain mismatch") == true, "\(report)")
        #expect(report.damagedSequence == 2)
    }

    @Test func theHeadNamesTheWholeLogAndSegmentsRotate() throws {
        let small = try LogTestSupport.exampleLedger(batchSize: 3, segmentSizeLimit: 300)
        let large = try LogTestSupport.exampleLedger(batchSize: 3)
        #expect(try LogTestSupport.segmentFiles(small).count > 2)
        let smallReport = try LedgerVerifier.verify(small)
        let largeReport = try LedgerVerifier.verify(large)
        #expect(smallReport.isIntact && largeReport.isIntact)
        // Segment headers are not in the chain: the same records give the same head.
        #expect(smallReport.head == largeReport.head)
        #expect(try small.readEvents() == large.readEvents())
        // Removing a middle segment is damage.
        let files = try LogTestSupport.segmentFiles(small)
        try FileManager.default.removeItem(atPath: files[1])
        let report = try LedgerVerifier.verify(small)
        #expect(report.damage?.contains("does not continue the log") == true, "\(report)")
    }

    @Test func aSecondWriterIsRefusedWithTheHoldersPid() throws {
        let directory = try LogTestSupport.exampleLedger()
        let writer = try directory.openForWriting()
        let refused = try ToolRunner.run(["append", "--ledger", directory.path], stdin: "")
        #expect(refused.status == 75)
        #expect(refused.stderr.contains("locked by another writer (pid \(getpid()))"), "\(refused.stderr)")
        // Readers are not refused.
        let report = try ToolRunner.run(["report", "inventory", "--format", "csv", "--ledger", directory.path])
        #expect(report.status == 0)
        _ = writer
    }

    /// `close` releases the lock at once, not when the writer is freed: the tool keeps a
    /// finished state until it exits (`StateDisposal`), and a snapshot refresh or another
    /// writer must not wait for that.
    @Test func closingAWriterReleasesTheLockWhileTheWriterStillLives() throws {
        let directory = try LogTestSupport.exampleLedger()
        let writer = try directory.openForWriting()
        #expect(throws: StoreError.self) { try directory.openForWriting() }
        let before = try directory.readEvents()
        writer.close()
        let next = try directory.openForWriting()
        #expect(next.ledger.lastSequence == writer.ledger.lastSequence)
        #expect(try directory.readEvents() == before)
        next.close()
        withExtendedLifetime(writer) {}
    }

    @Test func aReaderDuringWritesSeesAPrefix() throws {
        let directory = try LogTestSupport.exampleLedger()
        let writer = try directory.openForWriting()
        let base = Timestamp.parseRFC3339("2026-03-03T00:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)
        var previous = try directory.readEvents()
        for round in 0..<40 {
            for index in 0..<5 {
                let id = "X\(round)-\(index)"
                _ = writer.submit(Command(at: base.adding(seconds: Int64(round)),
                                          action: .registerSupplier(supplier: id, name: id)))
            }
            try writer.commit()
            let seen = try directory.readEvents()
            #expect(seen.count >= previous.count && Array(seen.prefix(previous.count)) == previous)
            previous = seen
        }
    }
}

@Suite struct DamagedLedgerReadingTests {
    @Test func reportsRefuseDamageUnlessAskedForTheValidPrefix() throws {
        let directory = try LogTestSupport.exampleLedger()
        let segment = try LogTestSupport.segmentFiles(directory)[0]
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        let frame = try #require(LogTestSupport.frames(bytes).first { $0.sequence == 10 && $0.kind != RecordFrame.checkpointKind })
        bytes[frame.range.upperBound - 1] ^= 0x20
        let damaged = try LogTestSupport.copy(directory, segmentBytes: bytes)
        let refused = try ToolRunner.run(["report", "inventory", "--format", "csv", "--ledger", damaged.path])
        #expect(refused.status == 74)
        #expect(refused.stderr.contains("damaged: record 10 at byte \(frame.range.lowerBound)"), "\(refused.stderr)")
        let prefix = try ToolRunner.run(["report", "inventory", "--format", "csv", "--valid-prefix", "--ledger", damaged.path])
        #expect(prefix.status == 0)
        #expect(prefix.stdout.hasPrefix("sku,supplier,added,available,reserved,delivered,voided\n"))
        let writer = try ToolRunner.run(["append", "--ledger", damaged.path], stdin: "")
        #expect(writer.status == 74, "a damaged ledger refuses to open for writing")
    }
}
