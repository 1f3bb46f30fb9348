import TierLedger

/// Holds a ledger under test to the reference model on one seed's workload, command by
/// command, and describes the first thing that goes wrong (every description starts with
/// "seed N, command I"). To replay a failure: `TIERLEDGER_SEED=N swift test --filter
/// engineAgrees`, or `WorkloadGenerator.workload(seed: N)` for the commands themselves.
enum AgreementHarness {
    /// The first disagreement or broken invariant of `seed`, or `nil` when all `count`
    /// commands agree.
    static func firstFailure<Engine: LedgerUnderTest>(
        seed: UInt64, count: Int = WorkloadGenerator.defaultCount, engine: Engine
    ) -> String? {
        var engine = engine
        // The generator's shadow is a fresh reference model fed every generated command.
        var generator = WorkloadGenerator(seed: seed)
        var before = engine.summary
        if before != generator.shadow.summary {
            return "seed \(seed), before the first command: fresh summaries differ\n"
                + SummaryDiff.describe(engine: before, model: generator.shadow.summary)
        }
        for index in 0..<count {
            let command = generator.next()
            let engineOutcome = engine.submit(command)
            guard let modelOutcome = generator.lastOutcome else { preconditionFailure("no outcome") }
            let context = "seed \(seed), command \(index): \(String(describing: command))"
            guard agree(engineOutcome, modelOutcome) else {
                return "\(context)\n  outcome: engine \(engineOutcome)\n"
                    + "           model  \(modelOutcome)"
            }
            let after = engine.summary
            let expected = generator.shadow.summary
            guard after == expected else {
                return "\(context)\n  outcome \(engineOutcome); summaries differ:\n"
                    + SummaryDiff.describe(engine: after, model: expected)
            }
            let problems = SummaryInvariants.violations(of: after)
                + SummaryInvariants.changeViolations(before: before, after: after,
                                                     command: command, outcome: engineOutcome)
            guard problems.isEmpty else {
                return "\(context)\n  outcome \(engineOutcome); invariants broken:\n    "
                    + problems.joined(separator: "\n    ")
            }
            before = after
        }
        return nil
    }

    /// Outcomes agree on the case, the sequence numbers and the rejection code; the message is
    /// free text.
    static func agree(_ engine: Outcome, _ model: Outcome) -> Bool {
        switch (engine, model) {
        case (.accepted(let left), .accepted(let right)): left == right
        case (.duplicate(let left), .duplicate(let right)): left == right
        case (.rejected(let leftCode, _, let leftRecorded),
              .rejected(let rightCode, _, let rightRecorded)):
            leftCode == rightCode && leftRecorded == rightRecorded
        default: false
        }
    }
}
