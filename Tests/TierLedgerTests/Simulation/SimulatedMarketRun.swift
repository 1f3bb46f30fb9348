import Foundation
@testable import TierLedger

/// One simulated market fed, line by line, through the parser and a fresh `Ledger`: what the
/// engine made of it, and the market's distributor margin month by month computed from the
/// recorded `order.placed` / `order.reserved` + `order.paid` events (the seller's own markup
/// is the last step of the frozen chain).
struct SimulatedMarketRun {
    let seed: UInt64
    let events: Int
    var typeCounts: [String: Int] = [:]
    var accepted = 0
    var duplicates = 0
    var rejections: [String: Int] = [:]
    var malformedLines: [Int] = []
    /// By month index (0 = 2024-01).
    var ownMarginByMonth = [Int64](repeating: 0, count: 24)
    var grossByMonth = [Int64](repeating: 0, count: 24)
    /// What the simulator itself counted.
    var statistics = MarketStatistics()

    /// Commands in a debug build: the engine checks every invariant after every event there
    /// (a scan of all orders), so a run costs O(n²) and 6,000 commands take about 15 s.
    /// A release build (`swift test -c release -Xswiftc -enable-testing`) runs a full market.
    static let engineEvents: Int = {
        #if DEBUG
        6_000
        #else
        200_000
        #endif
    }()

    /// `TIERLEDGER_LONG=1` widens the seed loops.
    static let isLongMode = ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1"
    static let seeds: [UInt64] = isLongMode ? Array(1...5) : [1]

    /// The runs of `seeds`, made once for all the tests that read them.
    static let runs: [SimulatedMarketRun] = seeds.map { SimulatedMarketRun(seed: $0, events: engineEvents) }

    init(seed: UInt64, events: Int) {
        self.seed = seed
        self.events = events
        var simulator = MarketSimulator(seed: seed, events: events)
        var ledger = Ledger(settings: LedgerSettings(), secretKey: Array(repeating: 7, count: 32))
        var reserved: [String: (own: Int64, gross: Int64)] = [:]
        var lineNumber = 0
        while let command = simulator.next() {
            lineNumber += 1
            typeCounts[command.action.typeName, default: 0] += 1
            guard case .success(let parsed) = CommandParser.parse(command.ndjson, lineNumber: lineNumber),
                  parsed == command
            else {
                malformedLines.append(lineNumber)
                continue
            }
            switch ledger.submit(parsed) {
            case .accepted: accepted += 1
            case .duplicate: duplicates += 1
            case .rejected(let code, _, _): rejections[code.rawValue, default: 0] += 1
            }
            for event in ledger.takeRecorded() { account(event, reserved: &reserved) }
        }
        statistics = simulator.statistics
    }

    private mutating func account(_ event: Event, reserved: inout [String: (own: Int64, gross: Int64)]) {
        switch event.body {
        case .orderPlaced(let fact):
            book(Self.margin(of: fact), at: event.at)
        case .orderReserved(let fact, _, _):
            reserved[fact.order] = Self.margin(of: fact)
        case .orderPaid(let order, _, _, _):
            if let margin = reserved.removeValue(forKey: order) { book(margin, at: event.at) }
        default:
            break
        }
    }

    private static func margin(of fact: OrderFact) -> (own: Int64, gross: Int64) {
        let own = (fact.chain.last?.markup.minorUnits ?? 0) * fact.quantity
        return (own, fact.gross.minorUnits)
    }

    private mutating func book(_ margin: (own: Int64, gross: Int64), at time: Timestamp?) {
        guard let time else { return }
        let month = MarketStatistics.month(of: time.millisecondsSinceEpoch)
        ownMarginByMonth[month] += margin.own
        grossByMonth[month] += margin.gross
    }

    var rejected: Int { rejections.values.reduce(0, +) }

    /// The market margin of each month, in per cent.
    var marginPercentByMonth: [Double] {
        (0..<24).map { grossByMonth[$0] > 0 ? Double(ownMarginByMonth[$0]) * 100 / Double(grossByMonth[$0]) : 0 }
    }
}

extension Array where Element == Double {
    /// The mean of the first (or last) three values.
    var firstThreeMean: Double { prefix(3).reduce(0, +) / 3 }
    var lastThreeMean: Double { suffix(3).reduce(0, +) / 3 }
}
