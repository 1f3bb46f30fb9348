import Foundation
import Testing
@testable import TierLedger

/// A seeded market made for the cases dispute tools get wrong: three skus with a few codes a
/// batch, so stock runs out and new batches arrive between a reservation and its payment;
/// reservations of 10 s to 10 min, so most expire and many are paid late, taking units anew;
/// refunds, disputes, settlements, voids, reprices and markup changes mixed in; a three-level
/// tree beside a lone root. `WorkloadGenerator` aims at the engine's rules and rarely lets a
/// late payment take a code added after its reservation; here that happens in most ledgers.
///
/// Deterministic for a seed (`SplitMix64`). Many commands are rejected (paying what is gone,
/// refunding too much): the ledger records the order rejections too.
struct DisputeWorkload {
    private var random: SplitMix64
    private var seconds: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
    private var lines: [String] = []
    private var batches = 0
    private var codes = 0

    static let skus = ["K1", "K2", "K3"]
    static let distributors = ["D1", "D2", "D3", "D4"]
    static let buyers = ["a", "b", "c"]

    /// The NDJSON commands of seed `seed`: a fixed catalogue, then `count` random commands.
    static func commands(seed: UInt64, count: Int = 300) -> String {
        var workload = DisputeWorkload(random: SplitMix64(seed: seed))
        workload.catalogue()
        var reserved: [String] = []
        var placed: [String] = []
        var disputes: [String] = []
        for index in 0..<count {
            let roll = workload.integer(0...99)
            let sku = workload.pick(skus)
            let distributor = workload.pick(distributors)
            let order = "\"order\":\"O\(index)\",\"distributor\":\"\(distributor)\",\"sku\":\"\(sku)\""
            let quantity = workload.integer(1...2)
            let buyer = workload.pick(buyers)
            switch roll {
            case 0..<12:
                workload.addStock(sku)
            case 12..<30:
                let ttl = workload.pick([10, 60, 600])
                workload.add("order.reserve", order
                    + ",\"qty\":\(quantity),\"buyer\":\"\(buyer)\",\"ttl_seconds\":\(ttl)")
                reserved.append("O\(index)")
            case 30..<45 where !reserved.isEmpty:
                workload.add("order.pay", "\"order\":\"\(workload.pick(reserved))\"")
            case 45..<50 where !reserved.isEmpty:
                workload.add("order.cancel", "\"order\":\"\(workload.pick(reserved))\"")
            case 30..<68:
                workload.add("order.place", order + ",\"qty\":\(quantity),\"buyer\":\"\(buyer)\"")
                placed.append("O\(index)")
            case 68..<74 where !(placed + reserved).isEmpty:
                let amount = workload.pick(["0.50", "1.00", "100.00"])
                workload.add("order.refund", "\"refund\":\"R\(index)\",\"order\":\"\(workload.pick(placed + reserved))\","
                    + "\"amount\":\"\(amount)\"")
            case 74..<78 where !(placed + reserved).isEmpty:
                workload.add("dispute.open", "\"dispute\":\"X\(index)\",\"order\":\"\(workload.pick(placed + reserved))\","
                    + "\"reason\":\"no code\"")
                disputes.append("X\(index)")
            case 78..<82 where !disputes.isEmpty:
                let outcome = workload.pick(["refund", "reject"])
                workload.add("dispute.resolve", "\"dispute\":\"\(workload.pick(disputes))\",\"outcome\":\"\(outcome)\"")
            case 68..<88:
                workload.add("settlement.run", "")
            case 88..<91:
                workload.add("product.reprice", "\"sku\":\"\(sku)\",\"cost\":\"\(workload.pick(["7.00", "8.00", "9.00"]))\"")
            case 91..<94:
                let rule = workload.pick(["*", sku])
                workload.add("distributor.set_markup", "\"distributor\":\"\(distributor)\",\"sku\":\"\(rule)\","
                    + "\"bps\":\(workload.pick([0, 200, 800]))")
            case 94..<96:
                let batch = workload.integer(1...workload.batches)
                workload.add("stock.void", "\"sku\":\"\(sku)\",\"batch\":\"B\(batch)\",\"count\":1,\"reason\":\"bad\"")
            case 96..<98:
                workload.add("payout.make", "\"payout\":\"P\(index)\",\"distributor\":\"\(distributor)\",\"amount\":\"0.10\"")
            default:
                // An order id again: a duplicate or an id conflict.
                let again = workload.pick(placed + ["Z"])
                workload.add("order.place", "\"order\":\"\(again)\",\"distributor\":\"\(distributor)\",\"sku\":\"\(sku)\","
                    + "\"qty\":1,\"buyer\":\"a\"")
            }
        }
        return workload.lines.joined(separator: "\n")
    }

    private mutating func catalogue() {
        add("supplier.register", "\"supplier\":\"S1\",\"name\":\"s1\"")
        add("supplier.register", "\"supplier\":\"S2\",\"name\":\"s2\"")
        add("product.list", "\"sku\":\"K1\",\"supplier\":\"S1\",\"name\":\"k\",\"face\":\"10.00\",\"cost\":\"8.00\","
            + "\"refund_hours\":48")
        add("product.list", "\"sku\":\"K2\",\"supplier\":\"S2\",\"name\":\"k\",\"face\":\"20.00\",\"cost\":\"15.00\"")
        add("product.list", "\"sku\":\"K3\",\"supplier\":\"S1\",\"name\":\"k\",\"face\":\"5.00\",\"cost\":\"4.00\","
            + "\"refund_hours\":0")
        add("platform.set_markup", "\"sku\":\"*\",\"bps\":300")
        add("distributor.join", "\"distributor\":\"D1\",\"name\":\"d\"")
        add("distributor.join", "\"distributor\":\"D2\",\"name\":\"d\",\"parent\":\"D1\"")
        add("distributor.join", "\"distributor\":\"D3\",\"name\":\"d\",\"parent\":\"D2\"")
        add("distributor.join", "\"distributor\":\"D4\",\"name\":\"d\"")
        for distributor in Self.distributors {
            add("distributor.set_markup", "\"distributor\":\"\(distributor)\",\"sku\":\"*\","
                + "\"bps\":\(pick([0, 500, 1000]))")
        }
        add("distributor.set_override", "\"distributor\":\"D1\",\"bps\":1000")
        add("distributor.set_override", "\"distributor\":\"D2\",\"bps\":500")
        for sku in Self.skus { addStock(sku) }
    }

    /// One to three units: codes mostly, anonymous units one time in five.
    private mutating func addStock(_ sku: String) {
        batches += 1
        let count = integer(1...3)
        if integer(0...4) == 0 {
            add("stock.add", "\"sku\":\"\(sku)\",\"batch\":\"B\(batches)\",\"count\":\(count)")
        } else {
            let batchCodes = (0..<count).map { _ in
                codes += 1
                return "\"C\(codes)\""
            }
            add("stock.add", "\"sku\":\"\(sku)\",\"batch\":\"B\(batches)\",\"codes\":[\(batchCodes.joined(separator: ","))]")
        }
    }

    /// A command line at the next time (1 s to an hour later).
    private mutating func add(_ type: String, _ fields: String) {
        seconds += Int64(pick([1, 5, 30, 60, 120, 600, 3_600]))
        let at = Timestamp(millisecondsSinceEpoch: seconds * 1_000).rfc3339
        lines.append("{\"type\":\"\(type)\",\"at\":\"\(at)\"" + (fields.isEmpty ? "" : "," + fields) + "}")
    }

    private mutating func integer(_ range: ClosedRange<Int>) -> Int {
        Int(random.integer(in: Int64(range.lowerBound)...Int64(range.upperBound)))
    }

    private mutating func pick<T>(_ choices: [T]) -> T {
        choices[integer(0...(choices.count - 1))]
    }
}

/// The ledgers the skimming tests compare on (a skimmed answer against the one that decodes
/// every record): the party scenario, `WorkloadGenerator` seeds, and `DisputeWorkload` seeds.
enum SkimmingLedger: Sendable, CustomTestStringConvertible {
    case party
    case workload(UInt64)
    case disputes(UInt64)

    /// Three dispute markets by default, 40 with `TIERLEDGER_LONG=1`.
    static let all: [SkimmingLedger] = [.party, .workload(0), .workload(1), .workload(2)]
        + (1...(ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 40 : 3)).map { .disputes(UInt64($0)) }

    func ledger() throws -> LedgerDirectory {
        switch self {
        case .party: try PartyScenario.ledger()
        case .workload(let seed): try CraftedLogTests.write(EventCodecTests.recordedEvents(seed: seed).events)
        case .disputes(let seed): try PartyScenario.ledger(DisputeWorkload.commands(seed: seed))
        }
    }

    var testDescription: String {
        switch self {
        case .party: "party scenario"
        case .workload(let seed): "workload \(seed)"
        case .disputes(let seed): "dispute workload \(seed)"
        }
    }
}
