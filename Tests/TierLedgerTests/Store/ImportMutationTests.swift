import Foundation
import Testing
@testable import TierLedger

/// `import` of an edited export: the numbers, amounts, times and ids of a recorded workload's
/// export are set, one at a time and at random, to extreme, off-by-one and malformed values.
/// Each edit must be refused with the line that breaks the ledger, or imported whole: a ledger
/// that exports the edited lines byte for byte and verifies. None may trap.
@Suite struct ImportMutationTests {
    static let mutationCount = ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 20_000 : 300

    /// A place in a JSON document: an object member or an array element.
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    /// The paths of every number and string in `value`, but the line's `seq` and `v`.
    static func editablePaths(_ value: JSONValue, _ path: [Step] = []) -> [[Step]] {
        switch value {
        case .object(let members):
            return members.flatMap { member -> [[Step]] in
                path.isEmpty && (member.key == "seq" || member.key == "v") ? []
                    : editablePaths(member.value, path + [.key(member.key)])
            }
        case .array(let elements):
            return elements.indices.flatMap { editablePaths(elements[$0], path + [.index($0)]) }
        case .number:
            return [path]
        case .string:
            return [path]
        default:
            return []
        }
    }

    static func replacing(_ value: JSONValue, at path: ArraySlice<Step>, with new: JSONValue) -> JSONValue {
        guard let step = path.first else { return new }
        switch (value, step) {
        case (.object(let members), .key(let key)):
            return .object(members.map { member in
                member.key == key ? (member.key, replacing(member.value, at: path.dropFirst(), with: new)) : member
            })
        case (.array(var elements), .index(let index)):
            elements[index] = replacing(elements[index], at: path.dropFirst(), with: new)
            return .array(elements)
        default:
            return value
        }
    }

    static func value(_ value: JSONValue, at path: [Step]) -> JSONValue? {
        path.reduce(Optional(value)) { current, step in
            switch step {
            case .key(let key): current?[key]
            case .index(let index): current?[index]
            }
        }
    }

    /// Candidate replacements for `old`: the extremes of its type and its neighbours.
    static func replacements(for old: JSONValue) -> [JSONValue] {
        switch old {
        case .number(let text):
            let number = Int64(text) ?? 0
            return ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "4611686018427387904",
                    "-1", "0", "1", String(number &+ 1), String(number &- 1)].map { .number($0) }
        case .string(let text):
            if let money = Money.parseSigned(text) {
                let near = [money.minorUnits &+ 1, money.minorUnits &- 1].map { Money(minorUnits: $0).description }
                return (["92233720368547758.07", "-92233720368547758.08", "46116860184273879.04", "0.00", "-0.01",
                         "9000000000000.01", "99999999999999999999.99"] + near).map { .string($0) }
            }
            guard let time = Timestamp.parseRFC3339(text)?.millisecondsSinceEpoch else {
                // An id, a name, a party, a fingerprint: empty, spaced, too long, the wildcard.
                let strings = ["", "A B", String(repeating: "x", count: 65), "*", "x\u{0}",
                               String(repeating: "é", count: 600)]
                return strings.map { .string($0) }
            }
            return ([-62_167_219_200_000, 0, 253_402_300_799_999, time - 1, time + 3_600_000]
                .map { Timestamp(millisecondsSinceEpoch: $0).rfc3339 } + ["2024-02-30T00:00:00Z"]).map { .string($0) }
        default:
            return []
        }
    }

    /// The export of a seeded workload, edited one random value at a time.
    struct ExportEditor {
        let events: [Event]
        let lines: [String]
        let documents: [JSONValue]
        let paths: [[[Step]]]

        struct Edit {
            var index: Int
            var path: [Step]
            var value: JSONValue
            var line: String
        }

        init(seed: UInt64) throws {
            events = EventCodecTests.recordedEvents(seed: seed).events
            lines = events.map(\.ndjson)
            documents = try lines.map { try JSONValue.parse($0) }
            paths = documents.map { ImportMutationTests.editablePaths($0) }
        }

        /// One value of one line but the first set to a random replacement; `nil` when the
        /// pick changes nothing.
        func edit(_ random: inout SplitMix64) -> Edit? {
            let index = Int(random.integer(in: 1...Int64(lines.count - 1)))
            guard !paths[index].isEmpty else { return nil }
            let path = random.pick(paths[index])
            guard let old = ImportMutationTests.value(documents[index], at: path) else { return nil }
            let new = random.pick(ImportMutationTests.replacements(for: old))
            let line = ImportMutationTests.replacing(documents[index], at: path[...], with: new).jsonText
            return line == lines[index] ? nil : Edit(index: index, path: path, value: new, line: line)
        }
    }

    @Test func editedExportsAreRefusedAtTheirLineOrImportedWhole() throws {
        let export = try ExportEditor(seed: 5)
        let (lines, documents) = (export.lines, export.documents)
        var random = SplitMix64(seed: 2026)
        var refused = 0
        var imported = 0
        for round in 0..<Self.mutationCount {
            guard let edit = export.edit(&random) else { continue }
            let (index, path, new) = (edit.index, edit.path, edit.value)
            var edited = lines
            edited[index] = edit.line
            let data = Array((edited.joined(separator: "\n") + "\n").utf8)
            let context = "round \(round): line \(index + 1) \(path) = \(new.jsonText)"
            let decoded: [Event]
            do throws(LedgerImport.Failure) {
                decoded = try LedgerImport.decode(data, secretKey: EventCodecTests.key)
            } catch {
                guard case .malformed(let message) = error else {
                    Issue.record("\(context): \(error)")
                    continue
                }
                // The ledger is intact up to the edited line, so the refusal names it or a later one.
                let number = message.split(separator: ":").first.flatMap { Int($0.dropFirst("line ".count)) }
                #expect(message.hasPrefix("line "), "\(context): \(message)")
                #expect((index + 1...lines.count).contains(number ?? 0), "\(context): \(message)")
                refused += 1
                continue
            }
            // Accepted: a ledger the rules allow (a fee of another amount, a time within its gap).
            // Of an event the state machine decides from the state, only the time and free text
            // may change: its ids, money, units and numbers follow from the ledger before it.
            let type = documents[index]["type"]?.stringValue ?? ""
            let free = path.first == .key("at") || path.last == .key("reason")
            #expect(!Self.decidedKinds.contains(type) || free, "\(context) was imported")
            #expect(decoded.map(\.ndjson) == edited, "\(context)")
            // A few go through a real log (each a directory, a write and an fsync).
            if imported < 12 { try Self.importWhole(data, expecting: edited, context) }
            imported += 1
        }
        #expect(refused > Self.mutationCount / 2 && imported > 0, "refused \(refused), imported \(imported)")
    }

    /// The kinds `Ledger.applyImported` decides again from the command behind them.
    static let decidedKinds: Set = ["order.placed", "order.reserved", "order.paid", "order.cancelled", "stock.voided",
                                    "order.refunded", "dispute.resolved", "settlement.ran", "order.expired"]

    @Test func aLineThatIsNotUTF8IsNamedWithItsOffset() throws {
        let first = Array((EventCodecTests.recordedEvents(seed: 1).events[0].ndjson + "\n").utf8)
        for (line, offset) in [([0xFF, 0xFE] + Array("{}".utf8), 0), (Array("{\"a\":\"".utf8) + [0xE4, 0xB8], 6),
                               (Array("ab".utf8) + [0xED, 0xA0, 0x80], 2)] as [([UInt8], Int)] {
            #expect(throws: LedgerImport.Failure.malformed("line 2: not UTF-8 at byte offset \(offset) of the line")) {
                _ = try LedgerImport.decode(first + line + [0x0A], secretKey: EventCodecTests.key)
            }
        }
    }

    @Test func idsNamesAndTextsKeepTheCommandsShapes() throws {
        let created = EventCodecTests.recordedEvents(seed: 1).events[0].ndjson
        let at = #""at":"2026-03-01T00:00:00Z""#
        func refusal(_ line: String) -> String? {
            do throws(LedgerImport.Failure) {
                _ = try LedgerImport.decode(Array((created + "\n" + line + "\n").utf8), secretKey: EventCodecTests.key)
                return nil
            } catch {
                guard case .malformed(let message) = error else { return "\(error)" }
                return message
            }
        }
        let supplier = #"{"seq":2,\#(at),"type":"supplier.registered","v":1,"supplier":"S1","name":"N"}"#
        #expect(refusal(supplier) == nil)
        let id = "line 2: field \"supplier\": expected \(Identifier.expectation)"
        #expect(refusal(supplier.replacingOccurrences(of: #""S1""#, with: #""S 1""#)) == id)
        #expect(refusal(supplier.replacingOccurrences(of: #""S1""#, with: #""""#)) == id)
        #expect(refusal(supplier.replacingOccurrences(of: #""S1""#, with: "\"\(String(repeating: "S", count: 65))\""))
            == id)
        #expect(refusal(supplier.replacingOccurrences(of: #""N""#, with: #""""#))
            == "line 2: field \"name\": expected 1–256 bytes of text, got 0")
        // `*` is a sku selector for rules only.
        let rule = #"{"seq":2,\#(at),"type":"platform.markup_set","v":1,"sku":"*","bps":500}"#
        #expect(refusal(rule) == nil)
        #expect(refusal(rule.replacingOccurrences(of: #""*""#, with: #""* ""#))
            == "line 2: field \"sku\": expected \(Identifier.expectation), or *")
    }

    /// Imports `data` into a new directory; its export must be `lines` and `verify` must pass.
    static func importWhole(_ data: [UInt8], expecting lines: [String], _ context: String) throws {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
        _ = try LedgerImport.run(data, into: path, secretKey: EventCodecTests.key)
        var exported = [String]()
        try LedgerDirectory(path: path).forEachEvent { exported.append($0.ndjson) }
        #expect(exported == lines, "\(context)")
        #expect(try LedgerVerifier.verify(LedgerDirectory(path: path)).isIntact, "\(context)")
    }
}
