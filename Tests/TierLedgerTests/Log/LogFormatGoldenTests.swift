import Foundation
import Testing
@testable import TierLedger

/// The on-disk format is frozen by a hex dump of a tiny canonical log (`Snapshots/log/`), and
/// that golden log of format version 1 must stay readable by every later version.
@Suite struct LogFormatGoldenTests {
    static let commands = [
        #"{"type":"supplier.register","at":"2026-03-01T08:00:00Z","supplier":"S1","name":"Supplier One"}"#,
        #"{"type":"product.list","at":"2026-03-01T08:01:00Z","sku":"K1","supplier":"S1","name":"Card","face":"100.00","cost":"80.00","refund_hours":72}"#,
        #"{"type":"stock.add","at":"2026-03-01T08:02:00Z","sku":"K1","batch":"B1","codes":["CODE-1","CODE-2"]}"#,
        #"{"type":"distributor.join","at":"2026-03-01T08:03:00Z","distributor":"D1","name":"Dist"}"#,
        #"{"type":"distributor.set_markup","at":"2026-03-01T08:03:00Z","distributor":"D1","sku":"*","bps":1000}"#,
        #"{"type":"order.place","at":"2026-03-01T09:00:00Z","order":"O1","distributor":"D1","sku":"K1","qty":1,"buyer":"alice"}"#,
        #"{"type":"order.refund","at":"2026-03-01T18:00:00.5+08:00","refund":"R1","order":"O1","amount":"1.00"}"#,
    ]

    /// The canonical log's segment: a fixed key, one batch per command.
    static func canonicalSegment() throws -> [UInt8] {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("tiny").path
        let directory = try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: LogTestSupport.key)
        for line in commands {
            guard case .success(let command) = CommandParser.parse(line) else { preconditionFailure(line) }
            let writer = try directory.openForWriting()
            _ = writer.submit(command)
            try writer.commit()
        }
        let segment = try LogTestSupport.segmentFiles(directory)[0]
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
    }

    /// `xxd`-like: offset, 16 bytes in hex, printable ASCII.
    static func hexDump(_ bytes: [UInt8]) -> String {
        var lines = [String]()
        for start in stride(from: 0, to: bytes.count, by: 16) {
            let row = bytes[start..<min(start + 16, bytes.count)]
            let offset = String(start, radix: 16)
            var hex = row.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
            hex += String(repeating: " ", count: 47 - hex.count)
            let text = String(row.map { (0x20..<0x7F).contains($0) ? Character(UnicodeScalar($0)) : "." })
            lines.append(String(repeating: "0", count: 8 - offset.count) + offset + "  " + hex + "  " + text)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func bytes(fromHexDump dump: String) -> [UInt8] {
        var bytes = [UInt8]()
        for line in dump.split(separator: "\n") {
            let hex = line.dropFirst(10).prefix(47)
            for pair in hex.split(separator: " ") { bytes.append(UInt8(pair, radix: 16) ?? 0) }
        }
        return bytes
    }

    @Test func theCanonicalLogMatchesTheGoldenHexDump() throws {
        GoldenFile.assertMatches(Self.hexDump(try Self.canonicalSegment()), "log/tiny-v1.hex")
    }

    @Test func theVersionOneGoldenLogStaysReadable() throws {
        let dump = try String(contentsOf: GoldenFile.directory.appendingPathComponent("log/tiny-v1.hex"), encoding: .utf8)
        let bytes = Self.bytes(fromHexDump: dump)
        #expect(Self.hexDump(bytes) == dump, "the dump parses back to its bytes")
        let directory = try LogTestSupport.copy(try LogTestSupport.exampleLedger(), segmentBytes: bytes)
        let events = try directory.readEvents()
        #expect(events.count == 8)
        let report = try LedgerVerifier.verify(directory)
        #expect(report.isIntact)
        GoldenFile.assertMatches(events.map(\.ndjson).joined(separator: "\n") + "\n", "log/tiny-v1.events.ndjson")
        let ledger = try directory.open()
        #expect(ledger.summary.balances["assets:gateway"] == Money(minorUnits: 8_700))
    }
}
