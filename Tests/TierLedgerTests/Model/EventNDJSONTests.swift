import Foundation
import Testing
@testable import TierLedger

/// `Event.ndjson` is written straight as bytes; these tests hold it to the tree form
/// (`JSONValue`, built here member by member) and to the canonical encoding of its own parse.
@Suite struct EventNDJSONTests {
    static let awkward = "a\"b\\c\u{01}\u{1F}\n\r\t\u{08}\u{0C} 日本語 🃏"
    static let at = Timestamp(millisecondsSinceEpoch: 1_772_352_000_250)

    static func object(_ sequence: Int64, _ type: String, _ members: [(String, JSONValue)],
                       at: Timestamp? = at) -> String {
        var all: [(key: String, value: JSONValue)] = [("seq", .integer(sequence))]
        if let at { all.append(("at", .string(at.rfc3339))) }
        all.append(("type", .string(type)))
        all.append(("v", .integer(1)))
        all.append(contentsOf: members.map { (key: $0.0, value: $0.1) })
        return JSONValue.object(all).jsonText
    }

    @Test func writesWhatTheTreeWritesForEveryShapeOfMember() {
        let refund = RefundFact(refund: "R1", order: "O1", amount: Money(minorUnits: 1_005), reason: Self.awkward,
                                reversals: [Money(minorUnits: -5), Money(minorUnits: 1_010), Money(minorUnits: .min)],
                                afterRelease: true)
        let refundMembers: [(key: String, value: JSONValue)] = [
            ("refund", .string("R1")), ("order", .string("O1")), ("amount", .string("10.05")),
            ("reason", .string(Self.awkward)), ("reversals", .array([.string("-0.05"), .string("10.10"),
                                                                      .string("-92233720368547758.08")])),
            ("after_release", .bool(true)),
        ]
        let print = Fingerprint(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210)
        let cases: [(Event, String)] = [
            (Event(sequence: 1, at: nil, body: .ledgerCreated(LedgerSettings(), formatVersion: 1)),
             Self.object(1, "ledger.created", [("currency", .string(LedgerSettings().currency)),
                                               ("hold_seconds", .integer(LedgerSettings().holdSeconds)),
                                               ("format_version", .integer(1))], at: nil)),
            (Event(sequence: 2, at: Self.at, body: .supplierRegistered(supplier: "S1", name: Self.awkward)),
             Self.object(2, "supplier.registered", [("supplier", .string("S1")), ("name", .string(Self.awkward))])),
            (Event(sequence: .max >> 1, at: Timestamp.earliest,
                   body: .overrideSet(distributor: "D1", bps: .min)),
             Self.object(.max, "distributor.override_set", [("distributor", .string("D1")), ("bps", .integer(.min))],
                         at: Timestamp.earliest)),
            (Event(sequence: 3, at: Timestamp.latest, body: .orderPaid(
                order: "O1", late: false, units: [UnitRun(batch: "B1", start: 0, count: .max)], codes: [print, print])),
             Self.object(3, "order.paid", [
                ("order", .string("O1")), ("late", .bool(false)),
                ("units", .array([.object([("batch", .string("B1")), ("start", .integer(0)),
                                           ("count", .integer(.max))])])),
                ("codes", .array([.string(print.hex), .string(print.hex)])),
             ], at: Timestamp.latest)),
            (Event(sequence: .max, at: Self.at, body: .platformMarkupSet(sku: "*", rule: .price(Money(minorUnits: 1)))),
             "{\"seq\":18446744073709551615," + Self.object(0, "platform.markup_set", [
                ("sku", .string("*")), ("price", .string("0.01"))]).dropFirst("{\"seq\":0,".count)),
            (Event(sequence: 4, at: Self.at, body: .orderExpired(order: "O2", units: [])),
             Self.object(4, "order.expired", [("order", .string("O2")), ("units", .array([]))])),
            (Event(sequence: 5, at: Self.at, body: .disputeResolved(dispute: "X1", order: "O1", outcome: .refund,
                                                                   refund: refund)),
             Self.object(5, "dispute.resolved", [("dispute", .string("X1")), ("order", .string("O1")),
                                                 ("outcome", .string("refund")), ("refund", .object(refundMembers))])),
            (Event(sequence: 6, at: Self.at, body: .settlementRan(released: ["O1", "O2"])),
             Self.object(6, "settlement.ran", [("released", .array([.string("O1"), .string("O2")]))])),
            (Event(sequence: 7, at: Self.at, body: .settlementRan(released: [])),
             Self.object(7, "settlement.ran", [("released", .array([]))])),
            (Event(sequence: 8, at: Self.at, body: .stockAdded(sku: "K1", batch: "B1", units: .codes([print]))),
             Self.object(8, "stock.added", [("sku", .string("K1")), ("batch", .string("B1")), ("count", .integer(1)),
                                            ("codes", .array([.string(print.hex)]))])),
            (Event(sequence: 9, at: Self.at, body: .payoutMade(payout: "P1", party: .distributor("D1"),
                                                              amount: Money(minorUnits: 7))),
             Self.object(9, "payout.made", [("payout", .string("P1")), ("distributor", .string("D1")),
                                            ("amount", .string("0.07"))])),
        ]
        for (event, expected) in cases {
            #expect(event.ndjson == expected)
            #expect(event.jsonValue.jsonText == expected)
            var buffer = TextBuffer(capacity: 1)
            buffer.append("prefix|")
            event.appendNDJSON(to: &buffer)
            #expect(buffer.withBytes { String(decoding: $0, as: UTF8.self) } == "prefix|" + expected)
        }
    }

    /// Orders carry the nested chain, overrides and legs; over a seeded workload every line is
    /// the canonical text of its own parse (no whitespace, one spelling of every string).
    @Test func recordedEventsAreTheCanonicalTextOfTheirParse() throws {
        var kinds = Set<String>()
        for seed in 0..<20 as Range<UInt64> {
            let (events, _) = EventCodecTests.recordedEvents(seed: seed)
            for event in events {
                let line = event.ndjson
                #expect(try JSONValue.parse(line).jsonText == line, "seed \(seed) seq \(event.sequence)")
                kinds.insert(event.body.typeName)
            }
        }
        #expect(kinds.isSuperset(of: ["order.placed", "order.reserved", "order.paid", "order.refunded"]))
    }

    /// Times outside years 0000–9999 (deadlines an earlier build recorded) keep the text that
    /// build exported.
    @Test func timesOutsideTheYearsKeepTheirEarlierText() {
        let past = Timestamp(millisecondsSinceEpoch: Timestamp.latest.millisecondsSinceEpoch + 1 + 599_000)
        #expect(past.rfc3339 == "10000-01-01T00:09:59Z")
        let before = Timestamp(millisecondsSinceEpoch: Timestamp.earliest.millisecondsSinceEpoch - 14 * 3_600_000)
        #expect(before.rfc3339 == "00-1-12-31T10:00:00Z")
    }
}
