import Foundation
@testable import TierLedger

/// A fixed day and a morning of a small market that exercises the per-party and per-thing
/// reports (statement, risk, trace, explain, reconcile): a four-tier chain with overrides,
/// reservations that expire, are cancelled, paid in time and paid late, a bulk buyer by
/// orders and one by units, a distributor buying in its own chain, floor breaches, a seller
/// with a high refund rate, disputes both ways, a void, a refund after release, payouts and a
/// fee. The figures the tests assert are worked out by hand in the comments.
///
/// Prices (SPEC §4): platform `*` fixed 1.00; D1 (root, override 2000 bps) `*` fixed 2.00;
/// D2 (under D1, override 500 bps) `*` bps 1000; D3 (under D2) K1 price 16.00; D4 (root)
/// `*` fixed 0.50.
/// - K1 (cost 10.00): p0 11.00, D1 13.00, D2 14.30, D3 16.00; D4 11.50.
/// - K2 (cost 50.00, floor 52.00): p0 51.00, D1 53.00; D4 51.50 is below the floor.
enum PartyScenario {
    static let key = [UInt8](repeating: 0x33, count: 32)

    /// Minutes after 2026-03-01T08:00:00Z as RFC 3339.
    static func at(_ minutes: Int64) -> String {
        Timestamp(millisecondsSinceEpoch: 1_772_352_000_000 + minutes * 60_000).rfc3339
    }

    static func line(_ minutes: Int64, _ type: String, _ fields: String) -> String {
        #"{"type":"\#(type)","at":"\#(at(minutes))",\#(fields)}"#
    }

    static func place(_ minutes: Int64, _ order: String, _ distributor: String, _ sku: String, _ quantity: Int,
                      _ buyer: String, extra: String = "") -> String {
        line(minutes, "order.place", #""order":"\#(order)","distributor":"\#(distributor)","sku":"\#(sku)","#
            + #""qty":\#(quantity),"buyer":"\#(buyer)""# + extra)
    }

    static func reserve(_ minutes: Int64, _ order: String, _ quantity: Int, _ buyer: String,
                        ttlSeconds: Int) -> String {
        line(minutes, "order.reserve", #""order":"\#(order)","distributor":"D2","sku":"K1","qty":\#(quantity),"#
            + #""buyer":"\#(buyer)","ttl_seconds":\#(ttlSeconds)"#)
    }

    static let codes = (1...30).map { "K1-" + String(1000 + $0) }

    static var setup: [String] {
        [
            line(0, "supplier.register", #""supplier":"S1","name":"Key Cards""#),
            line(0, "supplier.register", #""supplier":"S2","name":"Top-up Co""#),
            line(1, "product.list",
                 #""sku":"K1","supplier":"S1","name":"Key 10","face":"12.00","cost":"10.00","refund_hours":72"#),
            line(1, "product.list", #""sku":"K2","supplier":"S2","name":"Top-up 50","face":"60.00","cost":"50.00""#),
            line(2, "stock.add",
                 #""sku":"K1","batch":"B1","codes":["# + codes.map { "\"\($0)\"" }.joined(separator: ",") + "]"),
            line(2, "stock.add", #""sku":"K2","batch":"B2","count":100"#),
            line(3, "platform.set_markup", #""sku":"*","fixed":"1.00""#),
            line(3, "price.set_floor", #""sku":"K2","min":"52.00""#),
            line(4, "distributor.join", #""distributor":"D1","name":"One""#),
            line(4, "distributor.join", #""distributor":"D2","name":"Two","parent":"D1""#),
            line(4, "distributor.join", #""distributor":"D3","name":"Three","parent":"D2""#),
            line(4, "distributor.join", #""distributor":"D4","name":"Four""#),
            line(5, "distributor.set_markup", #""distributor":"D1","sku":"*","fixed":"2.00""#),
            line(5, "distributor.set_markup", #""distributor":"D2","sku":"*","bps":1000"#),
            line(5, "distributor.set_markup", #""distributor":"D3","sku":"K1","price":"16.00""#),
            line(5, "distributor.set_markup", #""distributor":"D4","sku":"*","fixed":"0.50""#),
            line(5, "distributor.set_override", #""distributor":"D1","bps":2000"#),
            line(5, "distributor.set_override", #""distributor":"D2","bps":500"#),
        ]
    }

    /// Reservations, the bulk buyers, self-dealing and floor breaches.
    static var morning: [String] {
        [
            // D1 buys 3 K1 through D3's shop: self-dealing. Legs S1 30.00, platform 3.00,
            // D1 6.00 + 0.78 = 6.78, D2 3.90 − 0.78 + 0.25 = 3.37, D3 5.10 − 0.25 = 4.85.
            place(10, "OD3-1", "D3", "K1", 3, "D1"),
            reserve(11, "OR1", 2, "carol", ttlSeconds: 300),
            reserve(12, "OR2", 1, "carol", ttlSeconds: 600),
            line(13, "order.cancel", #""order":"OR2""#),
            // OR1 expires before OW1 (its deadline, minute 16, has passed): B1[3-4] come back.
            place(20, "OW1", "D4", "K1", 1, "whale"),
            place(21, "OW2", "D4", "K1", 1, "whale"),
            place(22, "OW3", "D4", "K1", 1, "whale"),
            place(23, "OW4", "D4", "K1", 1, "whale"),
            place(23, "OW5", "D4", "K1", 1, "whale", extra: #","expect_unit_price":"11.00""#),
            // The whale's fifth accepted order in [20, 24]: a bulk buyer from here.
            place(24, "OW6", "D4", "K1", 1, "whale"),
            line(25, "order.pay", #""order":"OR1""#),
            reserve(26, "OR3", 1, "dave", ttlSeconds: 600),
            line(27, "order.pay", #""order":"OR3""#),
            // 20 units in one order: a bulk buyer by units; D1's first paid order.
            place(28, "OC1", "D1", "K2", 20, "crate"),
            place(29, "OF1", "D4", "K2", 1, "erin"),
            place(30, "OF2", "D4", "K2", 2, "erin"),
            line(31, "stock.void", #""sku":"K1","batch":"B1","count":2,"reason":"leaked codes""#),
        ]
    }

    /// D1 sells 20 more K2 (21 paid orders in all); refunds make its rate 2 of 20 (10 %, flagged
    /// at OD1-19), then 2 of 21 (not), then 3 of 21 after a dispute (flagged again: the
    /// finding's first_seq stays at OD1-19).
    static var refunds: [String] {
        var lines = [String]()
        for index in 1...20 {
            let order = "OD1-" + (index < 10 ? "0" : "") + String(index)
            lines.append(place(31 + Int64(index), order, "D1", "K2", 1, "b\(index)"))
            if index == 2 {
                lines.append(line(33, "order.refund", #""refund":"RF1","order":"OD1-01","amount":"1.00""#))
            }
            if index == 5 {
                lines.append(line(36, "order.refund",
                                  #""refund":"RF2","order":"OD1-03","amount":"53.00","reason":"never delivered""#))
            }
        }
        return lines + [
            line(60, "dispute.open", #""dispute":"DP1","order":"OD1-04","reason":"code not working""#),
            line(61, "dispute.resolve", #""dispute":"DP1","outcome":"refund","amount":"20.00""#),
            line(62, "dispute.open", #""dispute":"DP2","order":"OW1","reason":"wrong game""#),
            line(63, "dispute.resolve", #""dispute":"DP2","outcome":"reject""#),
        ]
    }

    /// The next day: settlement releases everything paid the day before (but the fully
    /// refunded OD1-03); a refund after release; payouts, a fee; one more D3 sale, pending.
    static var nextDay: [String] {
        [
            line(1_500, "settlement.run", ""),
            // 10 % of OD3-1: S1 3.00, platform 0.30, D1 0.68, D2 0.34, D3 0.48 (SPEC §6).
            line(1_560, "order.refund", #""refund":"RF3","order":"OD3-1","amount":"4.80""#),
            line(1_620, "payout.make", #""payout":"PY1","distributor":"D3","amount":"2.00""#),
            line(1_620, "payout.make", #""payout":"PY2","supplier":"S1","amount":"10.00""#),
            line(1_630, "supplier.charge_fee", #""fee":"FE1","supplier":"S2","amount":"5.00""#),
            // D1 1.00×… : D2 1.30 − 0.26 + 0.08 = 1.12, D3 1.70 − 0.08 = 1.62.
            place(1_680, "OD3-2", "D3", "K1", 1, "gina"),
        ]
    }

    static var ndjson: String {
        (setup + morning + refunds + nextDay).map { $0.replacingOccurrences(of: ",}", with: "}") }
            .joined(separator: "\n") + "\n"
    }

    /// The scenario in memory: its events, in order.
    static func events() -> [Event] {
        var ledger = Ledger(settings: LedgerSettings(), secretKey: key)
        var events = ledger.takeRecorded()
        guard case .success(let lines) = CommandParser.parseAll(Array(ndjson.utf8)) else {
            preconditionFailure("the party scenario parses")
        }
        for line in lines {
            _ = ledger.submit(line.command)
            events += ledger.takeRecorded()
        }
        return events
    }

    /// A ledger on disk holding `ndjson` (the scenario by default), with the scenario's key.
    static func ledger(_ ndjson: String = PartyScenario.ndjson, key: [UInt8] = key) throws -> LedgerDirectory {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
        let directory = try LedgerDirectory.create(at: path, settings: LedgerSettings(), secretKey: key)
        guard case .success(let lines) = CommandParser.parseAll(Array(ndjson.utf8)) else {
            preconditionFailure("the scenario parses")
        }
        let writer = try directory.openForWriting()
        for line in lines { _ = writer.submit(line.command) }
        try writer.commit()
        return directory
    }
}
