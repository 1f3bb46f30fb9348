import Foundation
import Testing
@testable import TierLedger

/// `import` streams: it reads its file in pieces and writes in batches as it checks, into a
/// directory of its own that it renames into place at the end. So lines split across pieces
/// must read whole, and a bad line after batches were written must leave nothing behind.
@Suite struct StreamedImportTests {
    /// A recorded workload's export: its events and their NDJSON lines.
    static func export(seed: UInt64) -> (events: [Event], text: String) {
        let events = EventCodecTests.recordedEvents(seed: seed).events
        return (events, events.map { $0.ndjson + "\n" }.joined())
    }

    static func write(_ text: String, in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("export.ndjson")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func linesSplitAcrossPiecesReadWhole() throws {
        let work = try ToolRunner.temporaryDirectory()
        // Blank lines, a CRLF line and a last line without its newline.
        let text = "a\n\nbc\r\n" + String(repeating: "d", count: 40) + "\n\n \nef"
        let path = try Self.write(text, in: work)
        // By bytes: a String takes "\r\n" as one character.
        let expected = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        for pieceSize in [1, 2, 3, 7, 64] {
            var source = LedgerImport.LineSource(file: try POSIXFile(path: path, flags: O_RDONLY), pieceSize: pieceSize)
            var lines = [[UInt8]]()
            while let line = try source.next() { lines.append(Array(line)) }
            #expect(lines == expected, "piece size \(pieceSize)")
        }
        var memory = LedgerImport.LineSource(bytes: Array((text + "\n").utf8))
        var lines = [[UInt8]]()
        while let line = try memory.next() { lines.append(Array(line)) }
        #expect(lines == expected)
    }

    /// A line longer than the limit is refused with its number, whether its newline comes
    /// later in the file or never, before more of it is read.
    @Test func aLineLongerThanTheLimitIsRefused() throws {
        let work = try ToolRunner.temporaryDirectory()
        for text in ["ab\n" + String(repeating: "x", count: 41) + "\nc\n", "ab\n" + String(repeating: "x", count: 41)] {
            let path = try Self.write(text, in: work)
            var source = LedgerImport.LineSource(file: try POSIXFile(path: path, flags: O_RDONLY), pieceSize: 8,
                                                 lineLimit: 40)
            #expect(try source.next() == Array("ab".utf8)[...])
            #expect(throws: LedgerImport.Failure.malformed("line 2: longer than 40 bytes, more than any event takes")) {
                _ = try source.next()
            }
        }
        var fits = LedgerImport.LineSource(bytes: Array((String(repeating: "y", count: 40) + "\n").utf8), lineLimit: 40)
        #expect(try fits.next()?.count == 40)
    }

    @Test func anImportInSmallPiecesAndBatchesExportsTheSameLines() throws {
        let (events, text) = Self.export(seed: 3)
        let work = try ToolRunner.temporaryDirectory()
        let file = try Self.write(text, in: work)
        let target = work.appendingPathComponent("ledger").path
        let count = try LedgerImport.run(file: file, into: target, secretKey: EventCodecTests.key,
                                         pieceSize: 97, batchSize: 5)
        #expect(count == events.count)
        #expect(try LedgerDirectory(path: target).readEvents() == events)
        #expect(try LedgerVerifier.verify(LedgerDirectory(path: target), decisions: true).isIntact)
        // Only the ledger is left: the directory it was built in was renamed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["export.ndjson", "ledger"])
    }

    /// A bad line after several batches were written: the refusal names it, and neither the
    /// target nor the directory the ledger was built in is left.
    @Test func aBadLineAfterWrittenBatchesLeavesNothing() throws {
        let (events, _) = Self.export(seed: 4)
        var lines = events.map(\.ndjson)
        let bad = lines.count - 3
        lines[bad] = lines[bad].replacingOccurrences(of: "\"seq\":\(events[bad].sequence)",
                                                     with: "\"seq\":\(events[bad].sequence + 1)")
        let work = try ToolRunner.temporaryDirectory()
        let file = try Self.write(lines.joined(separator: "\n") + "\n", in: work)
        let target = work.appendingPathComponent("ledger").path
        #expect {
            _ = try LedgerImport.run(file: file, into: target, secretKey: EventCodecTests.key, pieceSize: 1_000,
                                     batchSize: 7)
        } throws: { error in
            guard case .malformed(let message) = error as? LedgerImport.Failure else { return false }
            return message.hasPrefix("line \(bad + 1): ")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["export.ndjson"])
    }

    @Test func theTargetMustBeNewOrAnEmptyDirectory() throws {
        let (events, text) = Self.export(seed: 5)
        let data = Array(text.utf8)
        let work = try ToolRunner.temporaryDirectory()
        let empty = work.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        #expect(try LedgerImport.run(data, into: empty, secretKey: EventCodecTests.key) == events.count)
        #expect(try LedgerDirectory(path: empty).readEvents() == events)

        #expect(throws: LedgerImport.Failure.store(StoreError(.cannotCreate,
            "a ledger already exists at \(empty); choose another --ledger"))) {
            _ = try LedgerImport.run(data, into: empty, secretKey: EventCodecTests.key)
        }
        let occupied = work.appendingPathComponent("occupied")
        try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: false)
        try "keep me".write(to: occupied.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect {
            _ = try LedgerImport.run(data, into: occupied.path, secretKey: EventCodecTests.key)
        } throws: { error in
            "\(error)".contains("exists and is not an empty directory")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: occupied.path) == ["notes.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["empty", "occupied"])
    }

    /// The first line must be the `ledger.created` a new ledger records, field for field.
    @Test func theFirstLineIsTheLedgerANewLedgerRecords() throws {
        let (events, _) = Self.export(seed: 6)
        let created = events[0].ndjson
        let newer = created.replacingOccurrences(of: "\"format_version\":1", with: "\"format_version\":2")
        #expect(newer != created)
        #expect(throws: LedgerImport.Failure.malformed(
            "line 1: format_version is 2, but a new ledger records 1")) {
            _ = try LedgerImport.decode(Array((newer + "\n").utf8), secretKey: EventCodecTests.key)
        }
        let second = events[1].ndjson
        #expect(throws: LedgerImport.Failure.malformed("line 1: the export must start with ledger.created")) {
            _ = try LedgerImport.decode(Array((second + "\n").utf8), secretKey: EventCodecTests.key)
        }
    }

    /// The parsing thread runs ahead of the checks: whichever bad line comes first is named,
    /// a line that does not decode or an event the checks refuse, as on one thread (`decode`).
    @Test func theFirstBadLineIsNamedWhicheverThreadFindsIt() throws {
        let (events, _) = Self.export(seed: 7)
        let lines = events.map(\.ndjson)
        let undecodable = "{\"seq\":"
        func refusedLine(_ lines: [String]) throws -> (run: String?, decode: String?) {
            let data = Array((lines.joined(separator: "\n") + "\n").utf8)
            let target = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
            var run: String?
            var decode: String?
            do throws(LedgerImport.Failure) {
                _ = try LedgerImport.run(data, into: target, secretKey: EventCodecTests.key)
            } catch {
                if case .malformed(let message) = error { run = message }
            }
            do throws(LedgerImport.Failure) {
                _ = try LedgerImport.decode(data, secretKey: EventCodecTests.key)
            } catch {
                if case .malformed(let message) = error { decode = message }
            }
            #expect(!FileManager.default.fileExists(atPath: target))
            return (run, decode)
        }
        // An event out of sequence (the checks refuse it) and a line that does not decode.
        let (early, late) = (lines.count / 3, 2 * lines.count / 3)
        let outOfSequence = lines[early].replacingOccurrences(of: "\"seq\":\(early + 1),", with: "\"seq\":\(early + 9),")
        var checkFirst = lines
        checkFirst[early] = outOfSequence
        checkFirst[late] = undecodable
        var parseFirst = lines
        parseFirst[early] = undecodable
        parseFirst[late] = outOfSequence
        for (edited, line) in [(checkFirst, early + 1), (parseFirst, early + 1)] {
            let (run, decode) = try refusedLine(edited)
            #expect(run != nil && run == decode, "\(String(describing: run)) / \(String(describing: decode))")
            #expect(run?.hasPrefix("line \(line): ") == true, "\(String(describing: run))")
        }
    }

    /// An import removes what killed imports into the same target left: ledgers under the
    /// staging name of a process that no longer runs. One of a running process (pid 1 always
    /// runs) is another import at work and stays.
    @Test func anImportRemovesWhatKilledImportsLeft() throws {
        let (events, text) = Self.export(seed: 8)
        let work = try ToolRunner.temporaryDirectory()
        // Above the kernel's largest pid (PID_MAX_LIMIT, 2^22), so no process has it.
        let dead = work.appendingPathComponent(".ledger.import-4194309").path
        let running = work.appendingPathComponent(".ledger.import-1").path
        let unrelated = work.appendingPathComponent(".other.import-4194309").path
        for path in [dead, running, unrelated] {
            _ = try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: EventCodecTests.key)
        }
        let target = work.appendingPathComponent("ledger").path
        #expect(try LedgerImport.run(Array(text.utf8), into: target, secretKey: EventCodecTests.key) == events.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted()
            == [".ledger.import-1", ".other.import-4194309", "ledger"])
    }
}
