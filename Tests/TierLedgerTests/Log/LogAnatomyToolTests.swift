import Foundation
import Testing
@testable import TierLedger

/// `Tools/log-anatomy` is a second reader of the log, in Python, written from the documented
/// layout rather than from the Swift reader: on real ledgers it must read every record and
/// agree with the library on how many events of each kind there are and how many bytes the
/// segments hold, and it must refuse a record that does not fit the layout.
@Suite struct LogAnatomyToolTests {
    static let script = ToolRunner.repositoryRoot.appendingPathComponent("Tools/log-anatomy")

    /// What the tool printed: its totals line and its table of records by kind.
    struct Anatomy: Equatable {
        var segments = 0
        var bytes = 0
        var events = 0
        var records: [String: Int] = [:]
    }

    /// python3, which runs the tool; `nil` (and an issue saying how to install it) without it.
    static func python(sourceLocation: SourceLocation = #_sourceLocation) -> ExternalTool? {
        ExternalTool("python3", install: "install it (`apt-get install -y python3`, as .ci/run does)",
                     sourceLocation: sourceLocation)
    }

    /// The figures in `output`, the checkpoints apart (they close batches; the library's events
    /// do not count them): the tool must have found at least one.
    static func anatomy(of output: String, sourceLocation: SourceLocation = #_sourceLocation) -> Anatomy {
        var anatomy = Anatomy()
        let number = { (text: Substring) in Int(text.filter { $0 != "," }) ?? -1 }
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.contains(" segments, "), words.count >= 6 {
                // "3 segments, 155,525,518 bytes, 1,997,807 events: …"
                anatomy.segments = number(words[0])
                anatomy.bytes = number(words[2])
                anatomy.events = number(words[4])
            } else if words.count == 5, words[3].hasSuffix("%") {
                anatomy.records[String(words[0])] = number(words[1])
            }
        }
        let checkpoints = anatomy.records.removeValue(forKey: "checkpoint") ?? 0
        #expect(checkpoints >= 1, sourceLocation: sourceLocation)
        return anatomy
    }

    /// What the library reads of `directory`: the same figures.
    static func expected(_ directory: LedgerDirectory) throws -> Anatomy {
        let events = try directory.readEvents()
        let segments = try LogTestSupport.segmentFiles(directory)
        let bytes = try segments.reduce(0) { total, path in
            total + ((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
        let records = Dictionary(grouping: events, by: \.body.typeName).mapValues(\.count)
        return Anatomy(segments: segments.count, bytes: bytes, events: events.count, records: records)
    }

    @Test func itReadsEveryRecordOfASimulatedMarketAsTheLibraryDoes() throws {
        guard let python = Self.python() else { return }
        let work = try ToolRunner.temporaryDirectory()
        let market = work.appendingPathComponent("market.ndjson").path
        let ledger = work.appendingPathComponent("ledger").path
        #expect(try ToolRunner.run(["simulate", "--seed", "5", "--events", "5000", "--out", market]).status == 0)
        #expect(try ToolRunner.run(["init", "--ledger", ledger]).status == 0)
        // 3: applied, some orders rejected (recorded as `order.rejected`).
        #expect(try ToolRunner.run(["append", market, "--ledger", ledger]).status == 3)
        let result = try python.run([Self.script.path, ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try Self.expected(LedgerDirectory(path: ledger))
        // The market holds every kind, so every part of the layout is read.
        #expect(expected.records.count == EventCodec.Kind.allCases.count)
        #expect(Self.anatomy(of: result.stdout) == expected)
        #expect(result.stdout.contains("order records (placed and reserved): "))
    }

    @Test func itReadsALedgerOfManySegments() throws {
        guard let python = Self.python() else { return }
        let directory = try LogTestSupport.exampleLedger(batchSize: 3, segmentSizeLimit: 300)
        let result = try python.run([Self.script.path, directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try Self.expected(directory)
        #expect(expected.segments > 3)
        #expect(Self.anatomy(of: result.stdout) == expected)
    }

    @Test func itRefusesARecordThatDoesNotFitTheLayout() throws {
        guard let python = Self.python() else { return }
        let directory = try LogTestSupport.exampleLedger()
        let segment = try LogTestSupport.segmentFiles(directory)[0]
        let name = URL(fileURLWithPath: segment).lastPathComponent
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        // The first record, at byte 64: magic (2), length (1), CRC (4), sequence 1 (1), kind.
        #expect(bytes[64...65] == [0x54, 0x4C] && bytes[71] == 1 && bytes[72] == EventCodec.Kind.ledgerCreated.rawValue)
        var unknownKind = bytes
        unknownKind[72] = 99
        let damaged = try LogTestSupport.copy(directory, segmentBytes: unknownKind)
        let refused = try python.run([Self.script.path, damaged.path])
        #expect(refused.status == 1)
        #expect(refused.stderr == "\(name), byte 64: unknown kind 99\n")
        #expect(refused.stdout.isEmpty)

        // A record's start whose body runs past the end of the segment.
        let torn = try LogTestSupport.copy(directory, segmentBytes: bytes + [0x54, 0x4C, 0x7F])
        let tornResult = try python.run([Self.script.path, torn.path])
        #expect(tornResult.status == 1)
        #expect(tornResult.stderr == "\(name), byte \(bytes.count): a torn record at the end of the segment\n")

        // A payload with a byte left over: the ledger.created record's body one byte longer.
        var longer = bytes
        longer[66] += 1
        longer.insert(0, at: 64 + 7 + Int(bytes[66]))
        let leftOver = try LogTestSupport.copy(directory, segmentBytes: longer)
        let leftOverResult = try python.run([Self.script.path, leftOver.path])
        #expect(leftOverResult.status == 1)
        #expect(leftOverResult.stderr == "\(name), byte 64: 1 byte left after the ledger.created\n")

        // A segment cut inside its header.
        let cutHeader = try LogTestSupport.copy(directory, segmentBytes: Array(bytes[..<40]))
        let cutResult = try python.run([Self.script.path, cutHeader.path])
        #expect(cutResult.status == 1)
        #expect(cutResult.stderr == "\(name): a segment header of 40 bytes, not 64\n")
    }
}
