import Foundation
import Testing
@testable import TierLedger

/// The period projections against the reference model on seeded workloads: after every command
/// (so at every cut of the log), `margins` and `market` over all time and over a random period
/// equal what the model computes from its own orders and refunds; `price-war`, whose model is a
/// brute-force scan, every 25 commands and at the end.
@Suite struct AnalyticsModelAgreementTests {
    /// 40 seeds by default; 1,000 with `TIERLEDGER_LONG=1`; only seed N with `TIERLEDGER_SEED=N`.
    static var seeds: Range<UInt64> {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["TIERLEDGER_SEED"], let seed = UInt64(text) { return seed..<seed + 1 }
        return environment["TIERLEDGER_LONG"] == "1" ? 0..<1_000 : 0..<40
    }

    static let priceWarEvery = 25

    @Test func periodReportsAgreeWithTheModelAtEveryCut() async {
        let failures = await withTaskGroup(of: [String].self) { group in
            for start in stride(from: Self.seeds.lowerBound, to: Self.seeds.upperBound, by: 5) {
                let chunk = start..<min(start + 5, Self.seeds.upperBound)
                group.addTask { chunk.compactMap { Self.firstFailure(seed: $0) } }
            }
            var all: [String] = []
            for await chunkFailures in group { all += chunkFailures }
            return all.sorted()
        }
        for failure in failures.prefix(10) { Issue.record(Comment(rawValue: failure)) }
        #expect(failures.count == 0, "\(failures.count) of \(Self.seeds.count) seeds failed")
    }

    /// The workloads start on 2026-03-18, so that most of them, a month or so long, run into
    /// April and some into May: the month boundaries are where `market` and `price-war` differ
    /// from a plain total.
    static let workloadStart = Timestamp(millisecondsSinceEpoch: 1_773_792_000_000)

    static func workload(seed: UInt64) -> WorkloadGenerator {
        var generator = WorkloadGenerator(seed: seed)
        generator.now = workloadStart
        return generator
    }

    /// A period inside the workload's month or so: each end open one time in five.
    static func randomPeriod(seed: UInt64) -> Period {
        var random = SplitMix64(seed: seed ^ 0x5EED_0F_DA7E)
        let start = workloadStart.millisecondsSinceEpoch
        let day: Int64 = 86_400_000
        let from = start + random.integer(in: 0...25 * day)
        let to = from + random.integer(in: day / 24...20 * day)
        return Period(from: random.chance(1, in: 5) ? nil : Timestamp(millisecondsSinceEpoch: from),
                      to: random.chance(1, in: 5) ? nil : Timestamp(millisecondsSinceEpoch: to))
    }

    /// The first disagreement of `seed`, described with the seed and the command, or `nil`.
    static func firstFailure(seed: UInt64) -> String? {
        var generator = workload(seed: seed)
        var engine = Ledger(settings: LedgerSettings(), secretKey: [UInt8](repeating: 0x5A, count: 32))
        let periods = [Period.always, randomPeriod(seed: seed)]
        var folds = periods.map { AnalyticsFold(period: $0) }
        var events = engine.takeRecorded()
        for index in 0..<WorkloadGenerator.defaultCount {
            let command = generator.next()
            let context = "seed \(seed), command \(index) (\(command.action.typeName))"
            guard let expected = generator.lastOutcome,
                  AgreementHarness.agree(engine.submit(command), expected) else {
                return "\(context): the engine and the model disagree (see ModelAgreementTests)"
            }
            events += engine.takeRecorded()
            do throws(ReplayError) {
                for event in events {
                    for fold in folds.indices { try folds[fold].apply(event) }
                }
            } catch {
                return "\(context): replay failed: \(error)"
            }
            events.removeAll()
            let withPriceWar = index % priceWarEvery == 0 || index == WorkloadGenerator.defaultCount - 1
            for (fold, period) in zip(folds, periods) {
                if let difference = compare(fold, generator.shadow, period, priceWar: withPriceWar) {
                    let range = "\(period.from?.description ?? "…") to \(period.to?.description ?? "…")"
                    return "\(context), period \(range): \(difference)"
                }
            }
        }
        return nil
    }

    /// The first report of `fold` that differs from the model's, described.
    static func compare(_ fold: AnalyticsFold, _ model: ReferenceModel, _ period: Period, priceWar: Bool)
        -> String? {
        let (from, to) = (period.from, period.to)
        let margins = model.marginsRows(from: from, to: to)
        if let difference = differ("margins", fold.margins.report.rows, margins) { return difference }
        let market = model.marketRows(from: from, to: to)
        if let difference = differ("market", fold.market.report.rows, market) { return difference }
        guard priceWar else { return nil }
        return differ("price-war", fold.priceWar.report.rows, model.priceWarRows(from: from, to: to))
    }

    static func differ(_ report: String, _ projection: [[String]], _ model: [[String]]) -> String? {
        guard projection != model else { return nil }
        for index in 0..<max(projection.count, model.count) {
            let left = index < projection.count ? projection[index].joined(separator: ",") : "<none>"
            let right = index < model.count ? model[index].joined(separator: ",") : "<none>"
            if left != right { return "\(report) row \(index):\n  projection \(left)\n  model      \(right)" }
        }
        return "\(report) differs"
    }
}
