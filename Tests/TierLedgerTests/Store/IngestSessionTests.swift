import Foundation
import Testing
@testable import TierLedger

/// `ingest`'s session: a line longer than the limit is acknowledged as malformed and skipped,
/// whether it comes within one read or across several, or ends the stream without a newline;
/// the lines around it are decided as usual.
@Suite struct IngestSessionTests {
    static func supplier(_ id: String) -> String {
        #"{"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":"\#(id)","name":"N"}"#
    }

    @Test func aLineLongerThanTheLimitIsSkippedAsMalformed() throws {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
        let directory = try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: LogTestSupport.key)
        let session = IngestSession(writer: try directory.openForWriting(), lineLimit: 200)
        var output = [UInt8]()
        func feed(_ text: String) throws {
            output += try Array(text.utf8).withUnsafeBufferPointer { try session.feed($0) }
        }
        try feed(Self.supplier("S1") + "\n" + String(repeating: "x", count: 100))  // line 2 starts
        try feed(String(repeating: "x", count: 100))                               // 200 bytes: still fits
        #expect(session.heldByteCount == 200)
        try feed("x")                                                              // 201: dropped
        try feed(String(repeating: "x", count: 100))
        #expect(session.heldByteCount == 0, "the start of a line too long is not kept")
        try feed("\n")                                                             // line 2 ends
        try feed(String(repeating: "y", count: 201) + "\n" + Self.supplier("S2") + "\n")  // lines 3, 4
        try feed(String(repeating: "w", count: 199) + "\n")                        // line 5: fits, not JSON
        try feed(String(repeating: "z", count: 250))                               // line 6, no newline
        output += try session.finish()

        let acknowledgements = try String(decoding: output, as: UTF8.self).split(separator: "\n")
            .map { try JSONValue.parse(String($0)) }
        #expect(acknowledgements.map { $0["status"]?.stringValue } == ["accepted", "malformed", "malformed", "accepted",
                                                                      "malformed", "malformed"])
        #expect(acknowledgements.map { $0["line"]?.int64Value } == [1, 2, 3, 4, 5, 6])
        for line in [2, 3, 6] {
            #expect(acknowledgements[line - 1]["message"]?.stringValue == "line \(line): longer than 200 bytes; skipped")
        }
        #expect(acknowledgements[4]["message"]?.stringValue?.contains("longer than") == false)
        #expect(session.malformed == 4 && session.accepted == 2)
        #expect(try directory.readEvents().count == 3)
    }

    /// The acknowledgements do not depend on how the stream is cut into reads: the example
    /// market with lines too long, blank and CRLF lines among it, fed whole and in random pieces.
    @Test func acknowledgementsDoNotDependOnHowTheStreamIsCut() throws {
        var lines = ExampleMarket.ndjson.split(separator: "\n").map(String.init)
        lines.insert(String(repeating: "x", count: 300), at: 3)
        lines.insert("", at: 7)
        lines[9] += "\r"
        lines.insert(String(repeating: "y", count: 250), at: 12)
        let stream = Array((lines.joined(separator: "\n") + "\n" + String(repeating: "z", count: 260)).utf8)
        func acknowledgements(cuts: [Int]) throws -> [UInt8] {
            let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
            let directory = try LedgerDirectory.create(at: path, settings: LedgerSettings(),
                                                       secretKey: LogTestSupport.key)
            let session = IngestSession(writer: try directory.openForWriting(), lineLimit: 200)
            var output = [UInt8]()
            var start = 0
            for end in cuts + [stream.count] where end >= start {
                output += try stream[start..<end].withUnsafeBufferPointer { try session.feed($0) }
                start = end
            }
            return output + (try session.finish())
        }
        let whole = try acknowledgements(cuts: [])
        #expect(String(decoding: whole, as: UTF8.self).components(separatedBy: "longer than 200 bytes").count == 4)
        var random = SplitMix64(seed: 11)
        for round in 0..<20 {
            let cuts = (0..<Int(random.integer(in: 1...40))).map { _ in Int(random.integer(in: 0...Int64(stream.count))) }
            #expect(try acknowledgements(cuts: cuts.sorted()) == whole, "round \(round)")
        }
    }
}
