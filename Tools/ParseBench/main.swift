// tierledger-bench-parse: throughput of the command parser (SPEC §3) on a realistic mix.
//
// Generates ~1,000,000 NDJSON command lines deterministically (SplitMix64, fixed seed) into
// memory, then times `CommandParser.parseAll` over all of them five times with a monotonic
// clock and reports the median and best runs. Nothing is read from or written to disk, so
// the figure is the parser's alone.
//
//     swift run -c release tierledger-bench-parse [lines]
import Foundation
import TierLedger

let seed: UInt64 = 0x7469_6572_6C65_6467  // "tierledg"
let requestedLines = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
let runs = 5

/// Realistic ids and amounts for a market of a few hundred skus and distributors.
struct Market {
    var random = SplitMix64(seed: seed)
    var time = Timestamp(millisecondsSinceEpoch: 1_772_352_000_000)  // 2026-03-01T08:00:00Z
    var nextOrder = 100_000
    var nextRefund = 1
    var nextOther = 1

    mutating func id(_ prefix: String, _ count: Int64) -> String {
        let number = random.integer(in: 1...count)
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    mutating func money(_ range: ClosedRange<Int64>) -> Money {
        Money(minorUnits: random.integer(in: range))
    }

    mutating func recentOrder() -> String {
        "O" + String(max(100_000, nextOrder - Int(random.integer(in: 1...500))))
    }

    mutating func action() -> Command.Action {
        let draw = random.integer(in: 0...999)
        switch draw {
        case 0..<380:
            nextOrder += 1
            return .placeOrder(orderRequest())
        case 380..<560:
            nextOrder += 1
            return .reserveOrder(orderRequest(), ttlSeconds: random.integer(in: 60...1_800))
        case 560..<740: return .payOrder(order: recentOrder())
        case 740..<780: return .cancelOrder(order: recentOrder())
        case 780..<840:
            nextRefund += 1
            let reason: String? = random.chance(1, in: 2) ? "buyer says the code was used" : nil
            return .refundOrder(refund: "R\(nextRefund)", order: recentOrder(),
                                amount: money(100...9_000), reason: reason)
        case 840..<870: return .runSettlement
        case 870..<910:
            let rule: MarkupRule = random.chance(1, in: 2)
                ? .bps(random.integer(in: 0...3_000)) : .fixed(money(0...500))
            return .setDistributorMarkup(distributor: id("D", 400),
                                         sku: random.chance(1, in: 4) ? "*" : id("SKU-", 300),
                                         rule: rule)
        case 910..<925:
            return .setPlatformMarkup(sku: id("SKU-", 300), rule: .bps(random.integer(in: 0...800)))
        default:
            return rareAction(draw)
        }
    }

    mutating func rareAction(_ draw: Int64) -> Command.Action {
        nextOther += 1
        switch draw {
        case 925..<950:
            let units: StockUnits = random.chance(1, in: 3)
                ? .codes((0..<3).map { _ in "CODE-\(random.next() % 1_000_000_000_000)" })
                : .count(random.integer(in: 10...5_000))
            return .addStock(sku: id("SKU-", 300), batch: "B\(nextOther)", units: units)
        case 950..<960: return .repriceProduct(sku: id("SKU-", 300), cost: money(500...20_000))
        case 960..<970:
            return .openDispute(dispute: "DS\(nextOther)", order: recentOrder(),
                                reason: "paid and got no code")
        case 970..<975:
            return .resolveDispute(dispute: "DS\(nextOther - 5)", outcome: .refund, amount: nil)
        case 975..<990:
            let party: Party = random.chance(1, in: 2) ? .distributor(id("D", 400))
                : .supplier(id("S", 40))
            return .makePayout(payout: "P\(nextOther)", party: party, amount: money(100...100_000))
        default:
            return .chargeFee(fee: "F\(nextOther)", supplier: id("S", 40),
                              amount: money(100...5_000), memo: "monthly listing fee")
        }
    }

    mutating func orderRequest() -> OrderRequest {
        OrderRequest(order: "O\(nextOrder)", distributor: id("D", 400), sku: id("SKU-", 300),
                     quantity: random.integer(in: 1...3), buyer: id("B", 9_999),
                     expectUnitPrice: random.chance(1, in: 3) ? money(1_000...20_000) : nil)
    }

    mutating func command() -> Command {
        time = time.adding(seconds: random.integer(in: 0...3))
        return Command(at: time, action: action())
    }
}

var market = Market()
var input: [UInt8] = []
input.reserveCapacity(requestedLines * 170)
for _ in 0..<requestedLines {
    input.append(contentsOf: market.command().ndjson.utf8)
    input.append(UInt8(ascii: "\n"))
}

let clock = ContinuousClock()
var seconds: [Double] = []
for _ in 0..<runs {
    let started = clock.now
    let result = CommandParser.parseAll(input)
    let elapsed = clock.now - started
    switch result {
    case .success(let parsed):
        guard parsed.count == requestedLines else {
            print("error: parsed \(parsed.count) commands from \(requestedLines) lines")
            exit(1)
        }
    case .failure(let error):
        print("error: \(error)")
        exit(1)
    }
    let parts = elapsed.components
    seconds.append(Double(parts.seconds) + Double(parts.attoseconds) * 1e-18)
}
seconds.sort()
let median = seconds[runs / 2]
let best = seconds[0]
let megabytes = Double(input.count) / 1_000_000

func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int64((value * scale).rounded())
    let whole = scaled / Int64(scale)
    let fraction = String(scaled % Int64(scale))
    if digits == 0 { return String(whole) }
    return "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
}

print("command parser, \(requestedLines) lines, \(fixed(megabytes, 1)) MB, \(runs) runs")
print("run     seconds   lines/s      MB/s")
print("median  \(fixed(median, 4))    \(fixed(Double(requestedLines) / median, 0))    "
      + fixed(megabytes / median, 1))
print("best    \(fixed(best, 4))    \(fixed(Double(requestedLines) / best, 0))    "
      + fixed(megabytes / best, 1))
print("parse_lines_per_s=\(fixed(Double(requestedLines) / median, 0))")
print("parse_mb_per_s=\(fixed(megabytes / median, 1))")
print("parse_lines=\(requestedLines)")
print("parse_bytes=\(input.count)")
