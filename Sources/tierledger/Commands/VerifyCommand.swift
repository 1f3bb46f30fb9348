import TierLedger

/// `tierledger verify`: checksums, hash chain and invariants; prints the head hash.
struct VerifyCommand: ToolCommand {
    static let name = "verify"
    static let abstract = "Check checksums, hash chain and invariants; print the head hash."
    static let usage = "verify [--expect-head HASH] [--decisions] [--ledger DIR]"
    static let options = [
        CommonOptions.ledger,
        Arguments.Option("expect-head", value: "HASH", help: "Fail unless the head hash is HASH (64 hex digits)."),
        Arguments.Option("decisions", help: "Also decide every order, payment, refund, settlement and expiry "
            + "again and require the recorded event, as import does (slower)."),
    ]

    let directory: LedgerDirectory
    let expectedHead: String?
    let decisions: Bool

    init(_ arguments: Arguments) throws(UsageError) {
        guard arguments.positionals.isEmpty else { throw UsageError("unexpected argument \(arguments.positionals[0])") }
        if let head = arguments.value("expect-head") {
            guard head.count == 64, head.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw UsageError("--expect-head expects 64 lower-case hex digits, got \(head)")
            }
        }
        expectedHead = arguments.value("expect-head")
        decisions = arguments.flag("decisions")
        directory = LedgerDirectory.resolve(option: arguments.value("ledger"))
    }

    func run(_ console: Console) -> ExitStatus {
        let report: LedgerVerifier.Report
        do throws(StoreError) {
            report = try LedgerVerifier.verify(directory, decisions: decisions)
        } catch {
            return console.fail(error)
        }
        console.out("events \(report.eventCount) (last seq \(report.lastSequence)), "
            + "\(report.segmentCount) segment(s), \(report.byteCount) bytes\n")
        console.out("head \(report.head)\n")
        var intact = report.isIntact
        if let damage = report.damage {
            console.error("tierledger verify: DAMAGED: \(damage)\n" + Self.intactPrefix(of: report)
                + " Keep a copy of the ledger directory; compare with a backup or replica; see README.md "
                + "\"When verify fails\".\n")
        }
        if let problem = report.invariantProblem {
            console.error("tierledger verify: INVARIANT BROKEN: \(problem)\n")
        }
        if let expectedHead, expectedHead != report.head {
            console.error("tierledger verify: head differs: expected \(expectedHead), found \(report.head)\n")
            intact = false
        }
        if intact { console.out("ok\n") }
        return intact ? .success : .differs
    }

    /// What a damaged log still proves: the events of the batches before the damaged record's
    /// (a batch is checked as a whole, at its checkpoint), whose head `verify` printed.
    static func intactPrefix(of report: LedgerVerifier.Report) -> String {
        func events(_ first: UInt64, _ last: UInt64) -> (name: String, verb: String) {
            first == last ? ("event \(first)", "is") : ("events \(first)–\(last)", "are")
        }
        let proven = events(1, report.lastSequence)
        var text = report.eventCount == 0
            ? "No event before it could be verified."
            : "The head above covers \(proven.name), which \(proven.verb) intact."
        if let damaged = report.damagedSequence, damaged > report.lastSequence + 1 {
            let unchecked = events(report.lastSequence + 1, damaged - 1)
            text += " The damaged record's batch also holds \(unchecked.name), which cannot be checked "
                + "without its checkpoint."
        }
        return text
    }
}
