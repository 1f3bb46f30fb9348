import Foundation
import Testing
import TierLedger

/// The engine against the reference model on seeded workloads (TigerBeetle's auditor), plus the
/// checks that keep the model, the generator and the harness honest.
@Suite struct ModelAgreementTests {
    /// 200 seeds by default; 10,000 with `TIERLEDGER_LONG=1`.
    static var seeds: Range<UInt64> {
        ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 0..<10_000 : 0..<200
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
                        AgreementHarness.firstFailure(seed: seed, engine: makeEngine()).map { (seed, $0) }
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
    /// and every rejection code.
    @Test func generatorCoversEveryCommandTypeAndRejectionCode() {
        var accepted: [String: Int] = [:]
        var rejected: [String: Int] = [:]
        var duplicated: [String: Int] = [:]
        var codes: [RejectionCode: Int] = [:]
        for seed in UInt64(0)..<200 {
            var model = ReferenceModel(settings: LedgerSettings())
            for command in WorkloadGenerator.workload(seed: seed) {
                let type = command.action.typeName
                switch model.submit(command) {
                case .accepted: accepted[type, default: 0] += 1
                case .duplicate: duplicated[type, default: 0] += 1
                case .rejected(let code, _, _):
                    rejected[type, default: 0] += 1
                    codes[code, default: 0] += 1
                }
            }
        }
        for type in Command.Action.allTypeNames {
            #expect(accepted[type, default: 0] > 0, "\(type) is never accepted")
            #expect(rejected[type, default: 0] > 0, "\(type) is never rejected")
        }
        let duplicable = ["supplier.register", "supplier.charge_fee", "product.list", "stock.add",
                          "distributor.join", "order.place", "order.reserve", "order.pay",
                          "order.cancel", "order.refund", "dispute.open", "dispute.resolve",
                          "payout.make"]
        for type in duplicable {
            #expect(duplicated[type, default: 0] > 0, "\(type) is never a duplicate")
        }
        let missing = RejectionCode.allCases.filter { codes[$0, default: 0] == 0 }
        #expect(missing.isEmpty, "rejection codes never produced: \(missing.map(\.rawValue))")
    }

    /// The model's running tallies (balances aside, which are the postings themselves) equal a
    /// recount from units and orders after every command: the speed-up changes nothing.
    @Test func modelTalliesMatchARecountFromScratch() {
        for seed in UInt64(0)..<40 {
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
