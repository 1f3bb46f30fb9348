import Foundation
import Testing
@_spi(Benchmarks) @testable import TierLedger

/// A log whose checksums and hash chain are right but whose events are not what the engine
/// records (written by the log layer alone, as a bug or someone with the files could): `verify`
/// names the first event replay refuses, and when it finds none, every report answers. None of
/// them may trap.
@Suite struct CraftedLogTests {
    static let rounds = ProcessInfo.processInfo.environment["TIERLEDGER_LONG"] == "1" ? 3_000 : 40

    @Test func verifyAndReportsTakeAnyWellFramedLog() throws {
        let export = try ImportMutationTests.ExportEditor(seed: 9)
        let events = export.events
        var random = SplitMix64(seed: 77)
        var (intact, damaged, decided) = (0, 0, 0)
        for round in 0..<Self.rounds {
            guard let edit = export.edit(&random), let edited = try? Event.decode(ndjson: edit.line),
                  edited != events[edit.index] else { continue }
            let (index, path, new) = (edit.index, edit.path, edit.value)
            // The encoder takes a reservation's deadline as its time plus its ttl (a precondition).
            if case .orderReserved(_, let ttl, let deadline) = edited.body,
               edited.at?.adding(seconds: ttl) != deadline {
                continue
            }
            var crafted = events
            crafted[index] = edited
            let context = "round \(round): seq \(edited.sequence) \(path) = \(new.jsonText)"
            let directory = try Self.write(crafted)
            let verdict = try LedgerVerifier.verify(directory)
            // Whatever verify finds, the export and the dispute tools answer without trapping.
            _ = try? directory.forEachEvent { _ = $0.ndjson }
            if let order = Self.order(of: edited) {
                _ = try? directory.trace(.order(order))
                _ = try? directory.explain(order: order)
            }
            if case .orderPlaced(let fact) = edited.body {
                _ = try? directory.trace(.buyerFingerprint(fact.buyer))
                if let code = fact.codes.first { _ = try? directory.trace(.codeFingerprint(code)) }
                var statement = ReportRequest(kind: .statement)
                statement.party = .distributor(fact.distributor)
                statement.usesSnapshots = false
                _ = try? directory.report(statement).rendered(as: .csv)
            }
            if verdict.isIntact {
                intact += 1
                for kind in ReportKind.allCases where kind != .statement {
                    var request = ReportRequest(kind: kind)
                    request.usesSnapshots = false
                    #expect(throws: Never.self, "\(context): report \(kind)") {
                        _ = try directory.report(request).rendered(as: .csv)
                    }
                }
                #expect(throws: Never.self, "\(context): journal") {
                    try directory.exportJournal(sinceSequence: 0) { _ in }
                }
                // The HTML page, period reports, and reports from a snapshot of the forged state.
                #expect(throws: Never.self, "\(context): html") {
                    _ = HTMLReport.render(try directory.htmlReportData())
                }
                for kind in [ReportKind.margins, .priceWar] {
                    var request = ReportRequest(kind: kind)
                    request.period = Period(from: edited.at, to: edited.at?.adding(seconds: 86_400))
                    _ = try? directory.report(request).rendered(as: .csv)
                }
                if round % 8 == 0 {
                    #expect(throws: Never.self, "\(context): snapshot") {
                        _ = try directory.refreshSnapshot()
                        _ = try directory.report(ReportRequest(kind: .balances)).rendered(as: .csv)
                    }
                }
                // The engine decides the workload's next commands on top of the forged state.
                #expect(throws: Never.self, "\(context): append") {
                    let writer = try directory.openForWriting()
                    defer { writer.close() }
                    for command in Self.continuation {
                        if case .accepted = writer.submit(command) { decided += 1 }
                    }
                    try writer.commit()
                }
            } else {
                damaged += 1
                // Everything before the edited event is as the engine recorded it.
                #expect((verdict.damagedSequence ?? .max) >= edited.sequence, "\(context): \(verdict)")
            }
        }
        #expect(damaged > 0 && intact > 0 && decided > 0, "damaged \(damaged), intact \(intact), decided \(decided)")
    }

    /// `export` writes whatever a well-framed log holds: a sequence number past `Int64.max` (a
    /// varint holds 64 bits) comes out as it is; it trapped before.
    @Test func exportWritesSequenceNumbersOfAllSixtyFourBits() throws {
        let (events, index) = try Self.forging { body in
            guard case .orderPlaced(var fact) = body else { return false }
            fact.costSequence = .max
            body = .orderPlaced(fact)
            return true
        }
        let directory = try Self.write(events)
        var lines: [String] = []
        try directory.forEachEvent { lines.append($0.ndjson) }
        #expect(lines.count == events.count)
        #expect(lines[index].contains("\"cost_seq\":18446744073709551615,"), "\(lines[index])")
    }

    /// A forged refund reversing `Int64.min` from a leg: `trace` and `explain`, which run
    /// whatever `verify` finds, name the event instead of trapping on the subtraction.
    @Test func aForgedNegativeReversalIsAnErrorNotATrap() throws {
        let (events, index) = try Self.forging { body in
            guard case .orderRefunded(var refund) = body else { return false }
            refund.reversals[0] = Money(minorUnits: .min)
            body = .orderRefunded(refund)
            return true
        }
        let directory = try Self.write(events)
        let order = try #require(Self.order(of: events[index]))
        #expect(throws: StoreError.self) { try directory.trace(.order(order)) }
        #expect(try LedgerVerifier.verify(directory).damagedSequence == events[index].sequence)
    }

    /// A forged order whose refund window is `Int64.max` hours: a refund of it is decided
    /// (the window never closes) instead of trapping on the hours' product.
    @Test func aForgedRefundWindowOfAnyLengthIsDecided() throws {
        // An order placed with a window and never refunded or disputed, so that only the
        // window stands between it and a refund.
        let touched = Set(try ImportMutationTests.ExportEditor(seed: 9).events.compactMap { event -> String? in
            switch event.body {
            case .orderRefunded(let refund): refund.order
            case .disputeOpened(_, let order, _): order
            default: nil
            }
        })
        var placed: String?
        let (events, _) = try Self.forging { body in
            guard case .orderPlaced(var fact) = body, fact.refundHours != nil, !touched.contains(fact.order)
            else { return false }
            fact.refundHours = .max
            placed = fact.order
            body = .orderPlaced(fact)
            return true
        }
        let order = try #require(placed)
        let directory = try Self.write(events)
        #expect(try LedgerVerifier.verify(directory).isIntact)
        let writer = try directory.openForWriting()
        defer { writer.close() }
        let later = Timestamp(millisecondsSinceEpoch: try #require(events.last?.at).millisecondsSinceEpoch + 1_000)
        let outcome = writer.submit(Command(at: later, action: .refundOrder(
            refund: "R-forged", order: order, amount: Money(minorUnits: 1), reason: nil)))
        guard case .accepted = outcome else {
            Issue.record("the refund was not decided: \(outcome)")
            return
        }
        try writer.commit()
    }

    /// A forged order whose units run from near `Int64.max` in a batch of codes: reading the
    /// log names the record instead of trapping on `start + count` (found with workload 14).
    @Test func aForgedRunPastSixtyFourBitsIsAnErrorNotATrap() throws {
        let (events, index) = try Self.forging(seed: 14) { body in
            guard case .orderPlaced(var fact) = body, !fact.codes.isEmpty, !fact.units.isEmpty else { return false }
            fact.units[0].start = .max - 1
            fact.units[0].count = 3
            body = .orderPlaced(fact)
            return true
        }
        let directory = try Self.write(events)
        #expect(throws: StoreError.self) { try directory.forEachEvent { _ in } }
        #expect(try LedgerVerifier.verify(directory).damagedSequence == events[index].sequence)
    }

    /// A consistent order priced by another rule than the one in force: its legs add up and
    /// belong to its chain, so replay takes it; `verify --decisions` prices it again and names it.
    @Test func verifyWithDecisionsFindsAnOrderPricedAgainstTheRules() throws {
        let (events, order) = try ImportedEventTests.orderPricedByAnotherRule()
        let directory = try Self.write(events + [order])
        #expect(try LedgerVerifier.verify(directory).isIntact)
        let report = try LedgerVerifier.verify(directory, decisions: true)
        #expect(report.damagedSequence == order.sequence)
        #expect(report.damage?.contains("chain[3].rule.price is \"91.00\", but the state machine records \"90.00\"")
            == true, "\(report)")
        #expect(try LedgerVerifier.verify(Self.write(events), decisions: true).isIntact)
    }

    /// The library's `appendRecorded` runs import's checks: the order priced by another rule,
    /// and one whose price was edited (deciding it again finds that first), are refused as
    /// damage naming the field, with nothing written; the events before them, alone, go in and
    /// verify with `--decisions`.
    @Test func appendRecordedRefusesWhatImportRefuses() throws {
        let (events, order) = try ImportedEventTests.orderPricedByAnotherRule()
        guard case .orderPlaced(var fact) = order.body else { return }
        fact.chain[1].price = Money(minorUnits: fact.chain[1].price.minorUnits + 1)
        let edited = Event(sequence: order.sequence, at: order.at, body: .orderPlaced(fact))
        for (bad, message) in [(order, "chain[3].rule.price is \"91.00\", but the state machine records \"90.00\""),
                               (edited, "chain[1].price is \"86.01\", but the state machine records \"86.00\"")] {
            let directory = try Self.write(Array(events.prefix(1)))
            let writer = try directory.openForWriting()
            #expect {
                try writer.appendRecorded(Array(events.dropFirst()) + [bad])
            } throws: { error in
                (error as? StoreError)?.kind == .damaged && "\(error)".contains(message)
            }
            writer.close()
        }
        let directory = try Self.write(Array(events.prefix(1)))
        let writer = try directory.openForWriting()
        try writer.appendRecorded(Array(events.dropFirst()))
        writer.close()
        #expect(try LedgerVerifier.verify(directory, decisions: true).isIntact)
    }

    /// A new ledger whose log holds `events` after its `ledger.created`, framed and chained by
    /// the log layer with no state machine in between.
    /// The 200 commands that follow those of the edited export's workload: payments,
    /// refunds, payouts and orders aimed at the state the forged log rebuilds.
    static let continuation: [Command] = {
        var generator = WorkloadGenerator(seed: 9)
        for _ in 0..<WorkloadGenerator.defaultCount { _ = generator.next() }
        return (0..<200).map { _ in generator.next() }
    }()

    /// The example export's events with the first one `forge` changes (it returns whether it
    /// did), and that event's index.
    static func forging(seed: UInt64 = 9, _ forge: (inout EventBody) -> Bool) throws -> (events: [Event], index: Int) {
        var events = try ImportMutationTests.ExportEditor(seed: seed).events
        let index = try #require(events.indices.first { forge(&events[$0].body) })
        return (events, index)
    }

    /// The order an order event names.
    static func order(of event: Event) -> String? {
        switch event.body {
        case .orderPlaced(let fact), .orderReserved(let fact, _, _): fact.order
        case .orderPaid(let order, _, _, _), .orderExpired(let order, _), .orderCancelled(let order, _): order
        case .orderRefunded(let refund): refund.order
        default: nil
        }
    }

    /// The benchmarks' floor (`skimEveryRecord`, `tierledger-bench-log --only skim`) reads the
    /// whole log, and a damaged record stops it as it stops every reader.
    @Test func theBenchmarksSkimReadsEveryEventAndStopsAtDamage() throws {
        let events = try ImportMutationTests.ExportEditor(seed: 9).events
        let directory = try Self.write(events)
        #expect(try directory.skimEveryRecord() == events.count)
        let segment = try #require(try LogTestSupport.segmentFiles(directory).first)
        var bytes = try #require(FileManager.default.contents(atPath: segment))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: segment))
        #expect(throws: StoreError.self) { try directory.skimEveryRecord() }
    }

    static func write(_ events: [Event]) throws -> LedgerDirectory {
        let path = try ToolRunner.temporaryDirectory().appendingPathComponent("ledger").path
        guard case .ledgerCreated(let settings, _) = events[0].body else { throw StoreError(.damaged, "no start") }
        let directory = try LedgerDirectory.create(at: path, settings: settings, secretKey: EventCodecTests.key)
        let writer = try directory.openForWriting()
        try writer.appendToLogOnly(events.dropFirst(), batchSize: 64)
        writer.close()
        return directory
    }
}
