import Foundation
import Testing
@testable import TierLedger

/// `reconcile`: the claims file, and planted differences found exactly.
@Suite struct ReconcileTests {
    static func claims(_ text: String) throws -> ClaimsFile {
        try ClaimsFile(parsing: Array(text.utf8))
    }

    static func error(_ text: String) -> String {
        do {
            _ = try claims(text)
            return "parsed"
        } catch {
            return "\(error)"
        }
    }

    @Test func claimsFilesAreReadStrictly() throws {
        let file = try Self.claims("\u{FEFF}order,amount\r\nO1,6.00\r\n\"O:2\",\"0.50\"\n")
        #expect(file.claims["O1"] == ClaimsFile.Claim(amount: Money(minorUnits: 600), line: 2))
        #expect(file.claims["O:2"] == ClaimsFile.Claim(amount: Money(minorUnits: 50), line: 3))
        #expect(try Self.claims("order,amount").claims.isEmpty)
        #expect(try Self.claims("order,amount\nO1,1.00").claims.count == 1)
        #expect(Self.error("") == "line 1: expected the header line order,amount")
        #expect(Self.error("order,amt\n") == "line 1: expected the header line order,amount")
        #expect(Self.error("O1,1.00\n") == "line 1: expected the header line order,amount")
        #expect(Self.error("order,amount\nO1\n") == "line 2: expected two cells, order,amount")
        #expect(Self.error("order,amount\nO1,1.00,x\n") == "line 2: expected two cells, order,amount")
        #expect(Self.error("order,amount\n\nO1,1.00\n") == "line 2: the line is empty")
        #expect(Self.error("order,amount\nO 1,1.00\n")
            == "line 2: order: expected an id of 1–64 characters from A-Z a-z 0-9 . _ : -, got \"O 1\"")
        #expect(Self.error("order,amount\nO1,1.5\n").hasPrefix("line 2: amount: expected a money string with exactly two"))
        #expect(Self.error("order,amount\nO1,-1.50\n").hasPrefix("line 2: amount: expected a money string without a sign"))
        #expect(Self.error("order,amount\nO1,1.00\nO2,2.00\nO1,1.00\n")
            == "line 4: order O1 is claimed again (first on line 2)")
        #expect(Self.error("order,amount\n\"O1,1.00\n") == "line 2: expected two cells, order,amount")
        #expect(Self.error("order,amount\nO\"1,1.00\n") == "line 2: expected two cells, order,amount")
    }

    static let plantedClaims = """
        order,amount
        OD3-1,3.37
        OR1,2.08
        OR2,1.04
        OD3-2,1.12
        OX9,5.00
        OW1,0.50
        OF1,0.00

        """

    /// Reconciling skims the records that cannot concern the distributor or the file: for
    /// every distributor of the ledgers of `SkimmingLedger.all`, against a file that
    /// claims every third order (some theirs, most not) and an order the ledger never saw,
    /// whole and at a cut, the result equals that of a reconciliation that decodes every record.
    @Test(arguments: SkimmingLedger.all)
    func skimmingChangesNoReconciliation(_ source: SkimmingLedger) throws {
        let ledger = try source.ledger()
        let events = try ledger.readEvents()
        var distributors: [String] = []
        var orders: [String] = []
        for event in events {
            switch event.body {
            case .distributorJoined(let distributor, _, _): distributors.append(distributor)
            case .orderPlaced(let fact), .orderReserved(let fact, _, _): orders.append(fact.order)
            default: break
            }
        }
        var text = "order,amount\nNEVER-SEEN,1.00\n"
        for (index, order) in orders.enumerated() where index % 3 == 0 { text += "\(order),\(index % 7).25\n" }
        let claims = try Self.claims(text)
        #expect(distributors.count > 1 && orders.count > 3)
        var rows = 0
        for distributor in distributors {
            for cut in [ReplayCut.everything, ReplayCut(untilSequence: UInt64(events.count * 2 / 3))] {
                let skimmed = try? ledger.reconcile(distributor: distributor, claims: claims, cut: cut,
                                                    validPrefix: false, skimming: true)
                let decoded = try? ledger.reconcile(distributor: distributor, claims: claims, cut: cut,
                                                    validPrefix: false, skimming: false)
                #expect(skimmed == decoded, "\(distributor) at \(cut)")
                rows += skimmed?.table.rows.count ?? 0
            }
        }
        #expect(rows > distributors.count)
    }

    /// D2's legs in the party scenario: OD3-1 3.37 less RF3's 0.34 = 3.03, OR1 2.60 − 0.52 =
    /// 2.08, OR3 1.30 − 0.26 = 1.04, OD3-2 1.30 − 0.26 + 0.08 = 1.12. Planted: a claim that
    /// ignores the refund, a cancelled reservation, an order that does not exist, an order D2
    /// has no leg in, a rejected order, and OR3 left out of the file.
    @Test func plantedDifferencesAreFoundExactly() throws {
        let result = try PartyScenario.ledger().reconcile(distributor: "D2", claims: Self.claims(Self.plantedClaims))
        #expect(result.differs)
        let rows = result.table.rows.map { $0.prefix(5).joined(separator: " ") }
        #expect(rows == [
            "OD3-1 mismatch 3.03 3.37 0.34", "OD3-2 match 1.12 1.12 0.00", "OF1 missing_in_ledger  0.00 0.00",
            "OR1 match 2.08 2.08 0.00", "OR2 missing_in_ledger  1.04 1.04", "OR3 missing_in_file 1.04  -1.04",
            "OW1 missing_in_ledger  0.50 0.50", "OX9 missing_in_ledger  5.00 5.00",
        ])
        let explanations = ReportGoldens.column(result.table, "explanation")
        #expect(explanations[0] == "markup 1.30×3 = 3.90; override 0.78 to D1; override 0.25 from D3; "
            + "refund RF3 reversed 0.34 on 2026-03-02")
        #expect(explanations[2] == "order OF1 was only rejected: order.place rejected below_floor at seq 35")
        #expect(explanations[4] == "order OR2 is in D2's chain but cancelled before payment: no money moved")
        #expect(explanations[6] == "order OW1 was sold by D4 (chain D4); D2 has no leg in it")
        #expect(explanations[7] == "the ledger has no order OX9")
        // The differences add up to total claimed − the ledger's total.
        let differences = ReportGoldens.column(result.table, "difference").compactMap(Money.parseSigned)
        let claimedTotal: Int64 = 337 + 208 + 104 + 112 + 500 + 50
        let ledgerTotal: Int64 = 303 + 112 + 208 + 104
        #expect(differences.reduce(0) { $0 + $1.minorUnits } == claimedTotal - ledgerTotal)
    }

    @Test func aFileThatAgreesMatches() throws {
        let ledger = try PartyScenario.ledger()
        let claims = try Self.claims("order,amount\nOD3-1,3.03\nOR1,2.08\nOR3,1.04\nOD3-2,1.12\n")
        let result = try ledger.reconcile(distributor: "D2", claims: claims)
        #expect(!result.differs)
        #expect(ReportGoldens.column(result.table, "status") == ["match", "match", "match", "match"])
        // As of seq 64 (before RF3 and OD3-2) the same file differs in exactly those two orders.
        let earlier = try ledger.reconcile(distributor: "D2", claims: claims, cut: ReplayCut(untilSequence: 64))
        #expect(ReportGoldens.column(earlier.table, "status") == ["mismatch", "missing_in_ledger", "match", "match"])
        // Against an empty file, every order D4 has money in is missing from it: the whale's
        // five orders at 0.50 each.
        let empty = try ledger.reconcile(distributor: "D4", claims: ClaimsFile())
        #expect(ReportGoldens.column(empty.table, "status").allSatisfy { $0 == "missing_in_file" })
        #expect(empty.table.rows.count == 5)
    }

    /// A leg that refunds took back to zero, unclaimed, has nothing to reconcile; claimed at
    /// its old figure, it is a mismatch that names the refund.
    @Test func aFullyRefundedLegIsLeftOutUnlessClaimed() throws {
        let ledger = try PartyScenario.ledger()
        let unclaimed = try ledger.reconcile(distributor: "D1", claims: ClaimsFile())
        #expect(!ReportGoldens.column(unclaimed.table, "order").contains("OD1-03"))
        let claimed = try ledger.reconcile(distributor: "D1", claims: Self.claims("order,amount\nOD1-03,2.00\n"))
        let row = claimed.table.rows.first { $0[0] == "OD1-03" }
        #expect(row?.prefix(5) == ["OD1-03", "mismatch", "0.00", "2.00", "2.00"])
        #expect(row?[5] == "markup 2.00×1 = 2.00; refund RF2 reversed 2.00 on 2026-03-01")
    }

    @Test func anUnknownDistributorIsAnError() throws {
        #expect(throws: StoreError(.notInLedger, "no distributor D9 in this ledger")) {
            try PartyScenario.ledger().reconcile(distributor: "D9", claims: ClaimsFile())
        }
    }

    @Test func goldens() throws {
        let result = try PartyScenario.ledger().reconcile(distributor: "D2", claims: Self.claims(Self.plantedClaims))
        ReportGoldens.assertMatches(result.table, "reconcile-D2")
    }
}
