import Foundation
import Testing
import TierLedger

/// The engine against the reference model on seeded workloads (TigerBeetle's auditor), plus the
/// checks that keep the model, the generator and the harness honest.
@Suite struct ModelAgreementTests {
    /// 200 seeds by default; 10,000 with `TIERLEDGER_LONG=1`; only seed N with
    /// `TIERLEDGER_SEED=N`, to replay one failure.
    static var seeds: Range<UInt64> {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["TIERLEDGER_SEED"], let seed = UInt64(text) {
            return seed..<seed + 1
        }
        return environment["TIERLEDGER_LONG"] == "1" ? 0..<10_000 : 0..<200
    }

    /// Failing seeds reported in full; the rest are only listed, so the output stays readable.
    static let detailedFailureLimit = 10

    static let secretKey = [UInt8](repeating: 0x5A, count: 32)

    /// Runs every seed against a fresh engine made by `makeEngine`, stopping each seed at its
    /// first failure, and records the failures as issues in seed order. Seeds run in parallel
    /// (each is independent and deterministic), so the loop takes seconds even unoptimised.
    static func checkSeeds<Engine: LedgerUnderTest & Sendable>(
        _ makeEngine: @escaping @Sendable () -> Engine
    ) async {
        let failures = await withTaskGroup(of: [(UInt64, String)].self) { group in
            let chunkSize: UInt64 = 5
            for start in stride(from: seeds.lowerBound, to: seeds.upperBound, by: Int(chunkSize)) {
                let chunk = start..<min(start + chunkSize, seeds.upperBound)
                group.addTask {
                    chunk.compactMap { seed in
                        AgreementHarness.firstFailure(seed: seed, engine: makeEngine())
                            .map { (seed, $0) }
                    }
                }
            }
            var all: [(UInt64, String)] = []
            for await chunkFailures in group { all += chunkFailures }
            return all.sorted { $0.0 < $1.0 }
        }
        for (seed, failure) in failures.prefix(detailedFailureLimit) {
            // Every report must say which seed to replay.
            #expect(failure.contains("seed \(seed)"), "failure report lacks its seed: \(failure)")
            Issue.record(Comment(rawValue: failure))
        }
        if failures.count > detailedFailureLimit {
            let rest = failures.dropFirst(detailedFailureLimit).map { "seed \($0.0)" }
            let listed = rest.prefix(50).joined(separator: ", ") + (rest.count > 50 ? ", …" : "")
            let summary = "\(failures.count) of \(seeds.count) seeds failed; not shown: \(listed)"
            Issue.record(Comment(rawValue: summary))
        }
    }

    @Test func engineAgreesWithModelOnGeneratedWorkloads() async {
        await Self.checkSeeds { Ledger(settings: LedgerSettings(), secretKey: Self.secretKey) }
    }

    /// The model against itself: agreement is trivial, so this checks the invariants and the
    /// change rules on the model's own summaries, and that the generator runs clean.
    @Test func modelInvariantsHoldOnGeneratedWorkloads() async {
        await Self.checkSeeds { ReferenceModel(settings: LedgerSettings()) }
    }

    /// Guards the generator against rotting: over the default seeds it must produce all 22
    /// command types, each both accepted and rejected, duplicates of every kind that has them,
    /// every rejection code, and the interactions the SPEC cares most about.
    @Test func generatorCoversEveryCommandTypeAndRejectionCode() async {
        // Seeds are counted in parallel and the tallies merged; addition does not care about order.
        let coverage = await withTaskGroup(of: Coverage.self) { group in
            for start in stride(from: UInt64(0), to: 200, by: 10) {
                group.addTask { Coverage(seeds: start..<start + 10) }
            }
            var total = Coverage(seeds: 0..<0)
            for await part in group { total.merge(part) }
            return total
        }
        for type in Command.Action.allTypeNames {
            #expect(coverage.accepted[type, default: 0] > 0, "\(type) is never accepted")
            #expect(coverage.rejected[type, default: 0] > 0, "\(type) is never rejected")
        }
        let duplicable = ["supplier.register", "supplier.charge_fee", "product.list", "stock.add",
                          "distributor.join", "order.place", "order.reserve", "order.pay",
                          "order.cancel", "order.refund", "dispute.open", "dispute.resolve",
                          "payout.make"]
        for type in duplicable {
            #expect(coverage.duplicated[type, default: 0] > 0, "\(type) is never a duplicate")
        }
        let missing = RejectionCode.allCases.filter { coverage.codes[$0, default: 0] == 0 }
        #expect(missing.isEmpty, "rejection codes never produced: \(missing.map(\.rawValue))")
        for behaviour in Self.expectedBehaviours {
            #expect(coverage.behaviours[behaviour, default: 0] > 0, "never happens: \(behaviour)")
        }
    }

    /// What the model made of some seeds' workloads, counted by command type, outcome, code
    /// and behaviour.
    struct Coverage: Sendable {
        var accepted: [String: Int] = [:]
        var rejected: [String: Int] = [:]
        var duplicated: [String: Int] = [:]
        var codes: [RejectionCode: Int] = [:]
        var behaviours: [String: Int] = [:]

        init(seeds: Range<UInt64>) {
            for seed in seeds {
                var model = ReferenceModel(settings: LedgerSettings())
                for command in WorkloadGenerator.workload(seed: seed) {
                    let before = model
                    count(command, model.submit(command), before: before, after: model)
                }
            }
        }

        mutating func count(_ command: Command, _ outcome: Outcome, before: ReferenceModel,
                            after: ReferenceModel) {
            let type = command.action.typeName
            switch outcome {
            case .accepted: accepted[type, default: 0] += 1
            case .duplicate: duplicated[type, default: 0] += 1
            case .rejected(let code, _, _):
                rejected[type, default: 0] += 1
                codes[code, default: 0] += 1
            }
            let found = ModelAgreementTests.behaviours(command, outcome, before: before, after: after)
            for behaviour in found { behaviours[behaviour, default: 0] += 1 }
        }

        mutating func merge(_ other: Coverage) {
            accepted.merge(other.accepted, uniquingKeysWith: +)
            rejected.merge(other.rejected, uniquingKeysWith: +)
            duplicated.merge(other.duplicated, uniquingKeysWith: +)
            codes.merge(other.codes, uniquingKeysWith: +)
            behaviours.merge(other.behaviours, uniquingKeysWith: +)
        }
    }

    static let expectedBehaviours = [
        "expiry", "live pay", "late pay honoured", "late pay sold out", "settlement releases",
        "settlement releases nothing", "refund before release", "refund after release",
        "dispute resolved refund", "dispute resolved reject", "override paid",
        "party owes the platform",
    ]

    /// The interactions one command shows, judged from the model's state before and after.
    static func behaviours(_ command: Command, _ outcome: Outcome, before: ReferenceModel,
                           after: ReferenceModel) -> [String] {
        var found: [String] = []
        if case .accepted(let sequence) = outcome, sequence > before.lastSequence + 1 {
            found.append("expiry")
        }
        let isAccepted = if case .accepted = outcome { true } else { false }
        switch command.action {
        case .payOrder(let order):
            let wasLive = before.orders[order]?.deadline.map { $0 > command.at } ?? false
            if isAccepted { found.append(wasLive ? "live pay" : "late pay honoured") }
            if case .rejected(.reservationExpiredSoldOut, _, _) = outcome {
                found.append("late pay sold out")
            }
        case .runSettlement where isAccepted:
            let releasedBefore = before.orders.values.filter(\.released).count
            let releasedAfter = after.orders.values.filter(\.released).count
            found.append(releasedAfter > releasedBefore ? "settlement releases"
                : "settlement releases nothing")
        case .refundOrder(_, let order, _, _) where isAccepted:
            let released = before.orders[order]?.released ?? false
            found.append(released ? "refund after release" : "refund before release")
        case .resolveDispute(_, let resolution, _) where isAccepted:
            found.append("dispute resolved \(resolution.rawValue)")
        case .placeOrder(let request) where isAccepted:
            // An override moved money when a net leg differs from m_i × qty; checked loosely:
            // a distributor of tier ≥ 2 whose parent has a non-zero override.
            let parent = after.distributors[request.distributor]?.parent
            if let parent, (after.distributors[parent]?.overrideBps ?? 0) > 0 {
                found.append("override paid")
            }
        default:
            break
        }
        if after.parties.values.contains(where: { $0.available.isNegative }) {
            found.append("party owes the platform")
        }
        return found
    }

    /// The model's running tallies (balances aside, which are the postings themselves) equal a
    /// recount from units and orders after every command: the speed-up changes nothing.
    @Test func modelTalliesMatchARecountFromScratch() {
        for seed in UInt64(0)..<20 {
            var generator = WorkloadGenerator(seed: seed)
            for index in 0..<WorkloadGenerator.defaultCount {
                let command = generator.next()
                let tallied = generator.shadow.summary
                let recounted = generator.shadow.recountedSummary
                guard tallied == recounted else {
                    Issue.record(Comment(rawValue: "seed \(seed), command \(index): \(command)\n"
                        + SummaryDiff.describe(engine: tallied, model: recounted)))
                    break
                }
            }
        }
    }

    /// The harness itself: a ledger that goes wrong at one command is caught there, and the
    /// report names the seed, the command and what differs.
    @Test func harnessReportsSeedCommandAndDifference() {
        let balanceFailure = AgreementHarness.firstFailure(
            seed: 7, engine: SabotagedModel(failingAt: 60, sabotage: .balance))
        #expect(balanceFailure?.contains("seed 7, command 60:") == true)
        #expect(balanceFailure?.contains("balance assets:gateway: engine") == true)
        let outcomeFailure = AgreementHarness.firstFailure(
            seed: 3, engine: SabotagedModel(failingAt: 45, sabotage: .outcome))
        #expect(outcomeFailure?.contains("seed 3, command 45:") == true)
        #expect(outcomeFailure?.contains("outcome: engine") == true)
    }
}

/// A reference model that goes wrong on purpose at one command, to test the harness.
struct SabotagedModel: LedgerUnderTest {
    enum Sabotage { case balance, outcome }

    var model = ReferenceModel(settings: LedgerSettings())
    var submitted = 0
    let failingAt: Int
    let sabotage: Sabotage

    init(failingAt: Int, sabotage: Sabotage) {
        self.failingAt = failingAt
        self.sabotage = sabotage
    }

    mutating func submit(_ command: Command) -> Outcome {
        let outcome = model.submit(command)
        submitted += 1
        guard submitted == failingAt + 1, sabotage == .outcome else { return outcome }
        return .duplicate(of: 999_999)
    }

    var summary: LedgerSummary {
        var summary = model.summary
        if sabotage == .balance && submitted > failingAt {
            summary.balances["assets:gateway", default: .zero].minorUnits += 1
        }
        return summary
    }
}
