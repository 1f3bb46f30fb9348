import Testing
import TierLedger

/// Hand-computed scenarios from the SPEC, run against the reference model. The expected numbers
/// are worked out in the comments, independently of any code, so that the model (and through
/// the agreement test, the engine) is anchored to the text and not only to itself.
@Suite struct ReferenceModelTests {
    static let hour: Int64 = 3_600
    static let day: Int64 = 86_400

    /// Registers S1, lists `sku` at `cost` and joins root distributor D1: sequences 2, 3, 4.
    static func basicWorld(sku: String = "A", cost: String = "10.00",
                           refundHours: Int64? = nil) -> Scenario<ReferenceModel> {
        var scenario = Scenario()
        scenario.accept(.registerSupplier(supplier: "S1", name: "Acme"), sequence: 2)
        scenario.accept(.listProduct(ProductListing(
            sku: sku, supplier: "S1", name: "Card", face: money("100.00"), cost: money(cost),
            refundHours: refundHours)), sequence: 3)
        scenario.accept(.joinDistributor(distributor: "D1", name: "One", parent: nil), sequence: 4)
        return scenario
    }

    /// SPEC §4 with every rule kind and two overrides.
    ///
    /// cost c = 80.00. Platform "*" bps 500: m0 = half_up(8000, 500) = (4000000 + 5000) / 10000
    /// = 400, p0 = 84.00. D1 "*" fixed 2.00: m1 = 200, p1 = 86.00.
    /// D2 rule for A bps 375 (its "*" fixed 50.00 is shadowed): 8600 × 375 = 3225000, exactly
    /// 322.5 units, so half_up rounds up: (3225000 + 5000) / 10000 = 323, p2 = 89.23.
    /// D3 price 95.00: m3 = 9500 − 8923 = 577, p3 = 95.00 = u.
    /// qty 3: G = 285.00; gross legs S1 240.00, platform 12.00, D1 6.00, D2 9.69, D3 17.31.
    /// Overrides: D1 has 1000 bps, D2 2500 bps.
    /// o2 = floor(969 × 1000 / 10000) = floor(96.9) = 96 from D2 to D1;
    /// o3 = floor(1731 × 2500 / 10000) = floor(432.75) = 432 from D3 to D2.
    /// Net: D1 600 + 96 = 696; D2 969 − 96 + 432 = 1305; D3 1731 − 432 = 1299.
    /// Check: 24000 + 1200 + 696 + 1305 + 1299 = 28500.
    @Test func threeTierChainWithFixedBpsPriceRulesAndOverrides() {
        var s = Scenario()
        s.accept(.registerSupplier(supplier: "S1", name: "Acme"), sequence: 2)
        s.accept(.listProduct(ProductListing(sku: "A", supplier: "S1", name: "Card",
                                             face: money("100.00"), cost: money("80.00"),
                                             refundHours: nil)), sequence: 3)
        s.accept(.setPlatformMarkup(sku: "*", rule: .bps(500)), sequence: 4)
        s.accept(.joinDistributor(distributor: "D1", name: "One", parent: nil), sequence: 5)
        s.accept(.joinDistributor(distributor: "D2", name: "Two", parent: "D1"), sequence: 6)
        s.accept(.joinDistributor(distributor: "D3", name: "Three", parent: "D2"), sequence: 7)
        s.accept(.setDistributorMarkup(distributor: "D1", sku: "*", rule: .fixed(money("2.00"))))
        s.accept(.setDistributorMarkup(distributor: "D2", sku: "A", rule: .bps(375)))
        s.accept(.setDistributorMarkup(distributor: "D2", sku: "*", rule: .fixed(money("50.00"))))
        s.accept(.setDistributorMarkup(distributor: "D3", sku: "A", rule: .price(money("95.00"))))
        s.accept(.setOverride(distributor: "D1", bps: 1_000))
        s.accept(.setOverride(distributor: "D2", bps: 2_500), sequence: 13)
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(5)), sequence: 14)
        // The wrong expected price is a recorded rejection; the right one is accepted.
        s.reject(.placeOrder(orderRequest("O0", by: "D3", sku: "A", quantity: 3, expect: "94.99")),
                 .priceChanged, recorded: 15)
        s.accept(.placeOrder(orderRequest("O1", by: "D3", sku: "A", quantity: 3, expect: "95.00")),
                 sequence: 16)
        #expect(s.order("O1") == OrderSummary(
            status: .paid, unitPrice: money("95.00"), gross: money("285.00"),
            legs: ["240.00", "12.00", "6.96", "13.05", "12.99"].map(money),
            refunded: .zero, released: false, openDispute: nil))
        #expect(s.summary.orders["O0"] == nil, "a rejected order is not an order")
        #expect(s.balances == ["assets:gateway": "285.00", "liabilities:escrow": "-285.00"])
        #expect(s.party(.supplier("S1"))! == ("240.00", "0.00"))
        #expect(s.party(.distributor("D2"))! == ("13.05", "0.00"))
        #expect(s.summary.inventory["A"] == InventoryCounts(added: 5, available: 2, delivered: 3))

        // D1 sells directly at p1 = 86.00: legs 80.00, 4.00, 2.00 (no override for k = 1).
        s.accept(.placeOrder(orderRequest("O2", by: "D1", sku: "A", quantity: 1)), sequence: 17)
        #expect(s.order("O2")?.legs == ["80.00", "4.00", "2.00"].map(money))

        // One second short of the 24 h hold nothing is released; at the hold both are.
        s.advance(seconds: Self.day - 1)
        s.accept(.runSettlement, sequence: 18)
        #expect(s.order("O1")?.released == false)
        s.advance(seconds: 1)
        s.accept(.runSettlement, sequence: 19)
        // gateway 285 + 86 = 371.00; S1 240 + 80; markup 12 + 4; D1 6.96 + 2.00.
        #expect(s.balances == [
            "assets:gateway": "371.00", "liabilities:payable:supplier:S1": "-320.00",
            "revenue:platform:markup": "-16.00", "liabilities:payable:distributor:D1": "-8.96",
            "liabilities:payable:distributor:D2": "-13.05",
            "liabilities:payable:distributor:D3": "-12.99",
        ])
        #expect(s.party(.distributor("D1"))! == ("0.00", "8.96"))
        #expect(s.summary.lastSequence == 19)
    }

    /// SPEC §6 largest remainder with ties.
    ///
    /// c = 10.00, platform fixed 1.00, D1 fixed 1.00: legs 1000, 100, 100; G = 1200.
    /// Refund A = 200: 200×1000/1200 = 166 rem 800; 200×100/1200 = 16 rem 800 (twice).
    /// 198 assigned, 2 missing; all remainders tie, so the earlier legs win: 167, 17, 16.
    /// Then A = 1000 over the remaining 833, 83, 84 (R = 1000) splits exactly.
    @Test func refundBeforeReleaseSplitsByLargestRemainderWithTies() {
        var s = Self.basicWorld()
        s.accept(.setPlatformMarkup(sku: "*", rule: .fixed(money("1.00"))), sequence: 5)
        s.accept(.setDistributorMarkup(distributor: "D1", sku: "*", rule: .fixed(money("1.00"))))
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(3)), sequence: 7)
        s.accept(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 1)), sequence: 8)
        s.accept(.refundOrder(refund: "R1", order: "O1", amount: money("2.00"), reason: nil),
                 sequence: 9)
        #expect(s.balances == ["assets:gateway": "10.00", "liabilities:escrow": "-10.00"])
        #expect(s.party(.supplier("S1"))! == ("8.33", "0.00"))
        #expect(s.party(.distributor("D1"))! == ("0.84", "0.00"))
        #expect(s.order("O1")?.refunded == money("2.00"))
        #expect(s.order("O1")?.legs == ["10.00", "1.00", "1.00"].map(money), "legs stay original")

        s.reject(.refundOrder(refund: "R2", order: "O1", amount: money("10.01"), reason: nil),
                 .exceedsRefundable)
        s.duplicate(.refundOrder(refund: "R1", order: "O1", amount: money("2.00"), reason: nil), of: 9)
        s.reject(.refundOrder(refund: "R1", order: "O1", amount: money("3.00"), reason: nil),
                 .idConflict)
        s.accept(.refundOrder(refund: "R3", order: "O1", amount: money("10.00"), reason: "all"),
                 sequence: 10)
        #expect(s.balances == [:], "a full refund before release empties escrow and gateway")
        #expect(s.party(.supplier("S1"))! == ("0.00", "0.00"))
        s.reject(.refundOrder(refund: "R4", order: "O1", amount: money("1.00"), reason: nil),
                 .fullyRefunded)
        s.advance(seconds: Self.day)
        s.accept(.runSettlement, sequence: 11)
        #expect(s.order("O1")?.released == false, "a fully refunded order is never released")
        s.reject(.openDispute(dispute: "Q1", order: "O1", reason: "no code"), .fullyRefunded)
    }

    /// SPEC §6 refund after release, the refund window, payouts.
    ///
    /// c = 50.00, no platform rule, D1 bps 1000: m1 = half_up(5000, 1000) = 500, u = 55.00.
    /// qty 2: G = 110.00, legs 100.00, 0.00, 10.00. Released after 24 h.
    /// At 30 h refund 33.00 over R = 11000: 3300×10000/11000 = 3000, 0, 300, no remainders.
    /// At 48 h (the window's last instant) refund 1.00 over 7000, 0, 700 (R = 7700):
    /// 100×7000/7700 = 90 rem 7000; 0 rem 0; 100×700/7700 = 9 rem 700; 1 missing → S1: 91, 0, 9.
    /// D1 had paid out its 7.00, so its payable goes to +0.09: it owes the platform.
    @Test func refundAfterReleaseTakesMoneyBackFromBalances() {
        var s = Self.basicWorld(cost: "50.00", refundHours: 48)
        s.accept(.setDistributorMarkup(distributor: "D1", sku: "*", rule: .bps(1_000)), sequence: 5)
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(2)), sequence: 6)
        s.accept(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 2)), sequence: 7)
        s.advance(seconds: Self.day)
        s.accept(.runSettlement, sequence: 8)
        #expect(s.balances == ["assets:gateway": "110.00",
                               "liabilities:payable:supplier:S1": "-100.00",
                               "liabilities:payable:distributor:D1": "-10.00"])
        s.advance(seconds: 6 * Self.hour)
        s.accept(.refundOrder(refund: "R1", order: "O1", amount: money("33.00"), reason: nil),
                 sequence: 9)
        #expect(s.balances == ["assets:gateway": "77.00",
                               "liabilities:payable:supplier:S1": "-70.00",
                               "liabilities:payable:distributor:D1": "-7.00"])
        s.reject(.makePayout(payout: "P1", party: .distributor("D1"), amount: money("7.01")),
                 .insufficientBalance)
        s.accept(.makePayout(payout: "P1", party: .distributor("D1"), amount: money("7.00")),
                 sequence: 10)
        s.advance(seconds: 18 * Self.hour)
        s.accept(.refundOrder(refund: "R2", order: "O1", amount: money("1.00"), reason: nil),
                 sequence: 11)
        #expect(s.balances == ["assets:gateway": "69.00",
                               "liabilities:payable:supplier:S1": "-69.09",
                               "liabilities:payable:distributor:D1": "0.09"])
        #expect(s.party(.distributor("D1"))! == ("0.00", "-0.09"))
        #expect(s.order("O1")?.refunded == money("34.00"))
        s.advance(seconds: 1)
        s.reject(.refundOrder(refund: "R3", order: "O1", amount: money("1.00"), reason: nil),
                 .refundWindowClosed)
        s.reject(.makePayout(payout: "P2", party: .distributor("D1"), amount: money("0.01")),
                 .insufficientBalance)
    }

    /// SPEC §5: expiry at the deadline, FIFO return to place, late pay sold out then honoured.
    @Test func reservationExpiresAndLatePayTakesUnitsAnew() {
        var s = Self.basicWorld()
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(2)), sequence: 5)
        s.accept(.addStock(sku: "A", batch: "B2", units: .count(1)), sequence: 6)
        s.reject(.reserveOrder(orderRequest("R1", by: "D1", sku: "A", quantity: 2), ttlSeconds: 0),
                 .invalidValue, recorded: 7)
        s.accept(.reserveOrder(orderRequest("R1", by: "D1", sku: "A", quantity: 2), ttlSeconds: 600),
                 sequence: 8)
        #expect(s.summary.inventory["A"] == InventoryCounts(added: 3, available: 1, reserved: 2))
        #expect(s.order("R1")?.status == .reserved)
        #expect(s.balances == [:], "a reservation takes no money")
        s.advance(seconds: 599)
        s.accept(.runSettlement, sequence: 9)
        #expect(s.order("R1")?.status == .reserved)
        // At the deadline: one expiry event (10) before the settlement's own (11).
        s.advance(seconds: 1)
        s.accept(.runSettlement, sequence: 11)
        #expect(s.order("R1")?.status == .expired)
        #expect(s.summary.inventory["A"] == InventoryCounts(added: 3, available: 3))
        // The returned units are B1's, first in line again: O2 takes both of them.
        s.accept(.placeOrder(orderRequest("O2", by: "D1", sku: "A", quantity: 2)), sequence: 12)
        s.reject(.voidStock(sku: "A", batch: "B1", count: 1, reason: "test"), .notEnoughUnits)
        s.reject(.payOrder(order: "R1"), .reservationExpiredSoldOut, recorded: 13)
        s.accept(.addStock(sku: "A", batch: "B3", units: .count(5)), sequence: 14)
        // Late pay takes B2#0 and B3#0 at the frozen price (10.00 × 2).
        s.accept(.payOrder(order: "R1"), sequence: 15)
        s.duplicate(.payOrder(order: "R1"), of: 15)
        s.reject(.voidStock(sku: "A", batch: "B2", count: 1, reason: "test"), .notEnoughUnits)
        s.accept(.voidStock(sku: "A", batch: "B3", count: 4, reason: "leak"), sequence: 16)
        #expect(s.summary.inventory["A"] == InventoryCounts(added: 8, available: 0, reserved: 0,
                                                             delivered: 4, voided: 4))
        #expect(s.order("R1")?.status == .paid)
        #expect(s.balances == ["assets:gateway": "40.00", "liabilities:escrow": "-40.00"])
        #expect(s.party(.supplier("S1"))! == ("40.00", "0.00"))
    }

    /// SPEC §3 `order.cancel` and README: cancelled orders, unpaid ones, expired ones.
    @Test func cancellationsAndTheirDuplicates() {
        var s = Self.basicWorld(cost: "5.00")
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(3)), sequence: 5)
        s.accept(.reserveOrder(orderRequest("R1", by: "D1", sku: "A", quantity: 2),
                               ttlSeconds: 3_600), sequence: 6)
        s.accept(.cancelOrder(order: "R1"), sequence: 7)
        #expect(s.summary.inventory["A"] == InventoryCounts(added: 3, available: 3))
        s.duplicate(.cancelOrder(order: "R1"), of: 7)
        s.reject(.payOrder(order: "R1"), .cancelled, recorded: 8)
        s.reject(.refundOrder(refund: "X1", order: "R1", amount: money("1.00"), reason: nil),
                 .cancelled)
        s.accept(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 1)), sequence: 9)
        s.reject(.cancelOrder(order: "O1"), .notCancellable)
        s.duplicate(.payOrder(order: "O1"), of: 9)
        s.accept(.reserveOrder(orderRequest("R2", by: "D1", sku: "A", quantity: 1), ttlSeconds: 60),
                 sequence: 10)
        s.reject(.refundOrder(refund: "X2", order: "R2", amount: money("1.00"), reason: nil),
                 .notPaid)
        s.reject(.openDispute(dispute: "Q1", order: "R2", reason: "x"), .notPaid)
        // The cancel at the deadline: the expiry (11) comes first, then the cancel (12).
        s.advance(seconds: 60)
        s.accept(.cancelOrder(order: "R2"), sequence: 12)
        #expect(s.order("R2")?.status == .cancelled)
        #expect(s.summary.inventory["A"] == InventoryCounts(added: 3, available: 2, delivered: 1))
        s.reject(.cancelOrder(order: "O9"), .unknownOrder)
        s.reject(.payOrder(order: "O9"), .unknownOrder, recorded: 13)
        // A rejected order does not use up its id.
        s.accept(.placeOrder(orderRequest("O9", by: "D1", sku: "A", quantity: 1)), sequence: 14)
    }

    /// SPEC §3/§6 disputes: an open one blocks refunds and release; rejected, it is released by
    /// the next run; a dispute resolved `refund` after release with the default amount.
    ///
    /// c = 20.00, platform rule for A fixed 2.00, D1 fixed 3.00: legs 20.00, 2.00, 3.00.
    @Test func disputesBlockRefundsAndReleaseUntilResolved() {
        var s = Self.basicWorld(cost: "20.00", refundHours: 0)
        s.accept(.setPlatformMarkup(sku: "A", rule: .fixed(money("2.00"))), sequence: 5)
        s.accept(.setDistributorMarkup(distributor: "D1", sku: "*", rule: .fixed(money("3.00"))))
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(2)), sequence: 7)
        s.accept(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 1)), sequence: 8)
        // refund_hours 0 allows no refund, not even at the paid instant.
        s.reject(.refundOrder(refund: "X1", order: "O1", amount: money("1.00"), reason: nil),
                 .refundWindowClosed)
        s.accept(.openDispute(dispute: "Q1", order: "O1", reason: "no code"), sequence: 9)
        #expect(s.order("O1")?.openDispute == "Q1")
        s.reject(.refundOrder(refund: "X2", order: "O1", amount: money("1.00"), reason: nil),
                 .disputeOpen)
        s.reject(.openDispute(dispute: "Q2", order: "O1", reason: "again"), .disputeOpen)
        s.advance(seconds: Self.day)
        s.accept(.runSettlement, sequence: 10)
        #expect(s.order("O1")?.released == false)
        #expect(s.party(.supplier("S1"))! == ("20.00", "0.00"))
        s.accept(.resolveDispute(dispute: "Q1", outcome: .reject, amount: nil), sequence: 11)
        s.duplicate(.resolveDispute(dispute: "Q1", outcome: .reject, amount: nil), of: 11)
        s.reject(.resolveDispute(dispute: "Q1", outcome: .refund, amount: nil), .disputeClosed)
        s.accept(.runSettlement, sequence: 12)
        #expect(s.balances == ["assets:gateway": "25.00", "liabilities:payable:supplier:S1": "-20.00",
                               "revenue:platform:markup": "-2.00",
                               "liabilities:payable:distributor:D1": "-3.00"])
        s.accept(.openDispute(dispute: "Q3", order: "O1", reason: "late"), sequence: 13)
        s.reject(.resolveDispute(dispute: "Q3", outcome: .refund, amount: money("25.01")),
                 .exceedsRefundable)
        s.reject(.resolveDispute(dispute: "Q3", outcome: .refund, amount: money("0.00")),
                 .invalidValue)
        // Default amount: all 25.00, window ignored, every leg reversed exactly.
        s.accept(.resolveDispute(dispute: "Q3", outcome: .refund, amount: nil), sequence: 14)
        #expect(s.balances == [:])
        #expect(s.order("O1") == OrderSummary(
            status: .paid, unitPrice: money("25.00"), gross: money("25.00"),
            legs: ["20.00", "2.00", "3.00"].map(money), refunded: money("25.00"), released: true,
            openDispute: nil))
        s.reject(.openDispute(dispute: "Q4", order: "O1", reason: "x"), .fullyRefunded)
        s.reject(.resolveDispute(dispute: "Q9", outcome: .reject, amount: nil), .unknownDispute)
    }

    /// SPEC §6 fees (may drive available negative) and payouts (never below zero).
    /// S1: fee 5.00 → payable +5.00; a sale of 10.00 released → payable −5.00 → pays out 5.00.
    @Test func feesAndPayouts() {
        var s = Self.basicWorld()
        s.accept(.chargeFee(fee: "F1", supplier: "S1", amount: money("5.00"), memo: nil), sequence: 5)
        #expect(s.party(.supplier("S1"))! == ("0.00", "-5.00"))
        s.reject(.makePayout(payout: "P1", party: .supplier("S1"), amount: money("0.01")),
                 .insufficientBalance)
        s.duplicate(.chargeFee(fee: "F1", supplier: "S1", amount: money("5.00"), memo: nil), of: 5)
        s.reject(.chargeFee(fee: "F1", supplier: "S1", amount: money("5.00"), memo: "x"), .idConflict)
        s.reject(.chargeFee(fee: "F2", supplier: "S9", amount: money("1.00"), memo: nil),
                 .unknownSupplier)
        s.reject(.chargeFee(fee: "F3", supplier: "S9", amount: money("0.00"), memo: nil),
                 .invalidValue)
        s.reject(.makePayout(payout: "P2", party: .supplier("S9"), amount: money("1.00")),
                 .unknownSupplier)
        s.reject(.makePayout(payout: "P2", party: .distributor("D9"), amount: money("1.00")),
                 .unknownDistributor)
        s.reject(.makePayout(payout: "P2", party: .distributor("D9"), amount: money("0.00")),
                 .invalidValue)
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(1)), sequence: 6)
        s.accept(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 1)), sequence: 7)
        s.advance(seconds: Self.day)
        s.accept(.runSettlement, sequence: 8)
        #expect(s.party(.supplier("S1"))! == ("0.00", "5.00"))
        s.accept(.makePayout(payout: "P1", party: .supplier("S1"), amount: money("5.00")),
                 sequence: 9)
        s.duplicate(.makePayout(payout: "P1", party: .supplier("S1"), amount: money("5.00")), of: 9)
        #expect(s.balances == ["assets:gateway": "5.00", "revenue:platform:fees": "-5.00"])
        #expect(s.party(.distributor("D1"))! == ("0.00", "0.00"))
    }

    /// SPEC §2/§3: time never runs backwards; a duplicate is not checked for time and changes
    /// nothing, not even ledger time; the same id with other content is `id_conflict`, checked
    /// after time.
    @Test func timeDuplicatesAndConflicts() {
        var s = Scenario()
        s.accept(.registerSupplier(supplier: "S1", name: "Acme"), sequence: 2)
        s.advance(seconds: 60)
        s.accept(.registerSupplier(supplier: "S2", name: "Beta"), sequence: 3)
        let before = s.summary
        s.now = scenarioEpoch
        s.duplicate(.registerSupplier(supplier: "S1", name: "Acme"), of: 2)
        s.reject(.registerSupplier(supplier: "S1", name: "Other"), .timeWentBackwards)
        s.reject(.runSettlement, .timeWentBackwards)
        s.reject(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 1)),
                 .timeWentBackwards, recorded: nil)
        #expect(s.summary == before)
        #expect(s.summary.ledgerTime == scenarioEpoch.adding(seconds: 60))
        s.advance(seconds: 60)
        s.reject(.registerSupplier(supplier: "S1", name: "Other"), .idConflict)
        // Equal `at` is not backwards.
        s.accept(.runSettlement, sequence: 4)
        s.accept(.runSettlement, sequence: 5)
    }

    /// SPEC §3.1 precedence and README's entity rule.
    @Test func precedenceOfChecks() {
        var s = Self.basicWorld()
        s.reject(.placeOrder(orderRequest("O1", by: "Dx", sku: "X", quantity: 0)), .invalidValue,
                 recorded: 5)
        s.reject(.placeOrder(orderRequest("O1", by: "Dx", sku: "X", quantity: 1)), .unknownSku,
                 recorded: 6)
        s.reject(.placeOrder(orderRequest("O1", by: "Dx", sku: "A", quantity: 1)),
                 .unknownDistributor, recorded: 7)
        s.reject(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 1001)), .invalidValue,
                 recorded: 8)
        s.reject(.setDistributorMarkup(distributor: "D9", sku: "X", rule: .bps(1)), .unknownSku)
        s.reject(.setDistributorMarkup(distributor: "D9", sku: "X", rule: .bps(100_001)),
                 .invalidValue)
        s.reject(.setDistributorMarkup(distributor: "D9", sku: "*", rule: .price(.zero)),
                 .invalidValue)
        s.reject(.joinDistributor(distributor: "D2", name: "Two", parent: "P"), .unknownDistributor)
        var parent: String? = nil
        for tier in 1...8 {
            s.accept(.joinDistributor(distributor: "C\(tier)", name: "C", parent: parent))
            parent = "C\(tier)"
        }
        s.reject(.joinDistributor(distributor: "C9", name: "C", parent: "C8"), .invalidValue)
        s.reject(.setOverride(distributor: "D1", bps: 10_001), .invalidValue)
        s.reject(.setOverride(distributor: "D9", bps: -1), .invalidValue)
        s.reject(.setOverride(distributor: "D9", bps: 10_000), .unknownDistributor)
        s.reject(.setPlatformMarkup(sku: "*", rule: .bps(-1)), .invalidValue)
        s.reject(.setPlatformMarkup(sku: "X", rule: .bps(100_000)), .unknownSku)
        s.accept(.setPlatformMarkup(sku: "*", rule: .bps(100_000)))
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(2)))
        s.accept(.delistProduct(sku: "A"))
        s.reject(.delistProduct(sku: "A"), .delisted)
        s.reject(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 1)), .delisted,
                 recorded: s.summary.lastSequence + 1)
        s.reject(.addStock(sku: "A", batch: "B2", units: .count(1)), .delisted)
        s.reject(.addStock(sku: "A", batch: "B2", units: .count(0)), .invalidValue)
        s.reject(.repriceProduct(sku: "A", cost: money("1.00")), .delisted)
        s.reject(.repriceProduct(sku: "A", cost: .zero), .invalidValue)
        s.accept(.setPlatformMarkup(sku: "A", rule: .fixed(.zero)), sequence: nil)
        s.accept(.setFloor(sku: "A", minimum: money("1.00")))
        s.accept(.voidStock(sku: "A", batch: "B1", count: 2, reason: "delisted"))
        #expect(s.summary.inventory["A"] == InventoryCounts(added: 2, voided: 2))
    }

    /// SPEC §4 steps 2–3: price_below_upstream, floors and ceilings (inclusive bounds).
    /// c = 10.00, D1 fixed 2.00 → 12.00; D2 (child) price 11.99 → m2 = −0.01.
    @Test func priceRulesFloorsAndCeilings() {
        var s = Self.basicWorld()
        s.accept(.joinDistributor(distributor: "D2", name: "Two", parent: "D1"), sequence: 5)
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(5)), sequence: 6)
        s.accept(.setDistributorMarkup(distributor: "D1", sku: "A", rule: .fixed(money("2.00"))))
        s.accept(.setDistributorMarkup(distributor: "D2", sku: "A", rule: .price(money("11.99"))))
        s.reject(.placeOrder(orderRequest("O1", by: "D2", sku: "A", quantity: 1)),
                 .priceBelowUpstream, recorded: 9)
        s.accept(.setDistributorMarkup(distributor: "D2", sku: "A", rule: .price(money("12.00"))))
        s.accept(.placeOrder(orderRequest("O1", by: "D2", sku: "A", quantity: 1)), sequence: 11)
        #expect(s.order("O1")?.legs == ["10.00", "0.00", "2.00", "0.00"].map(money))
        s.accept(.setFloor(sku: "A", minimum: money("12.01")))
        s.reject(.placeOrder(orderRequest("O2", by: "D1", sku: "A", quantity: 1)), .belowFloor,
                 recorded: 13)
        s.accept(.setFloor(sku: "A", minimum: money("12.00")))
        s.accept(.setCeiling(sku: "A", maximum: money("11.99")))
        s.reject(.placeOrder(orderRequest("O2", by: "D1", sku: "A", quantity: 1)), .aboveCeiling,
                 recorded: 16)
        s.accept(.setCeiling(sku: "A", maximum: money("12.00")))
        s.accept(.placeOrder(orderRequest("O2", by: "D1", sku: "A", quantity: 1, expect: "12.00")),
                 sequence: 18)
        s.accept(.setCeiling(sku: "A", maximum: .zero))
        s.accept(.setFloor(sku: "A", minimum: money("13.00")))
        s.accept(.setDistributorMarkup(distributor: "D2", sku: "A", rule: .price(money("11.00"))))
        // Group 6 order: price_below_upstream before below_floor; out_of_stock (7) comes last.
        s.reject(.placeOrder(orderRequest("O3", by: "D2", sku: "A", quantity: 99)),
                 .priceBelowUpstream, recorded: 22)
        s.reject(.setFloor(sku: "X", minimum: .zero), .unknownSku)
        s.reject(.setCeiling(sku: "X", maximum: .zero), .unknownSku)
        s.accept(.setFloor(sku: "A", minimum: .zero))
        s.accept(.setDistributorMarkup(distributor: "D2", sku: "A", rule: .bps(0)))
        s.reject(.placeOrder(orderRequest("O3", by: "D2", sku: "A", quantity: 4)), .outOfStock,
                 recorded: 25)
    }

    /// README money range: every price, markup and gross ≤ 9,000,000,000,000.00.
    @Test func priceChainsThatLeaveTheMoneyRangeAreInvalid() {
        var s = Self.basicWorld(cost: "9000000000000.00")
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(5)), sequence: 5)
        s.accept(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 1)), sequence: 6)
        #expect(s.balances == ["assets:gateway": "9000000000000.00",
                               "liabilities:escrow": "-9000000000000.00"])
        s.accept(.setPlatformMarkup(sku: "*", rule: .fixed(money("0.01"))), sequence: 7)
        s.reject(.placeOrder(orderRequest("O2", by: "D1", sku: "A", quantity: 1)), .invalidValue,
                 recorded: 8)
        s.accept(.setPlatformMarkup(sku: "*", rule: .bps(0)))
        s.accept(.repriceProduct(sku: "A", cost: money("4500000000000.00")))
        s.accept(.placeOrder(orderRequest("O2", by: "D1", sku: "A", quantity: 2)), sequence: 11)
        s.accept(.repriceProduct(sku: "A", cost: money("4500000000000.01")))
        s.reject(.placeOrder(orderRequest("O3", by: "D1", sku: "A", quantity: 2)), .invalidValue,
                 recorded: 13)
        // A price rule below upstream still gives p1 = 1.00; D2's fixed markup then overflows,
        // and invalid_value (group 3) wins over price_below_upstream (group 6).
        s.accept(.joinDistributor(distributor: "D2", name: "Two", parent: "D1"))
        s.accept(.setDistributorMarkup(distributor: "D1", sku: "*", rule: .price(money("1.00"))))
        s.accept(.setDistributorMarkup(distributor: "D2", sku: "*",
                                       rule: .fixed(money("9000000000000.00"))))
        s.reject(.placeOrder(orderRequest("O3", by: "D2", sku: "A", quantity: 1)), .invalidValue,
                 recorded: 17)
        s.reject(.placeOrder(orderRequest("O3", by: "D1", sku: "A", quantity: 1)),
                 .priceBelowUpstream, recorded: 18)
        // The range check needs the sku and distributor, then comes before `delisted`.
        s.accept(.delistProduct(sku: "A"))
        s.reject(.placeOrder(orderRequest("O3", by: "D2", sku: "A", quantity: 1)), .invalidValue,
                 recorded: 20)
        s.reject(.placeOrder(orderRequest("O3", by: "D1", sku: "A", quantity: 1)), .delisted,
                 recorded: 21)
    }

    /// SPEC §3 `stock.add`/`stock.void`: known codes, repeated codes, voiding the newest.
    @Test func stockCodesAndVoids() {
        var s = Self.basicWorld(cost: "1.00")
        s.accept(.addStock(sku: "A", batch: "B1", units: .codes(["x1", "x2", "x3"])), sequence: 5)
        s.reject(.addStock(sku: "A", batch: "B2", units: .codes(["y1", "x2"])), .codeAlreadyKnown)
        s.reject(.addStock(sku: "A", batch: "B2", units: .codes(["y1", "y1"])), .codeAlreadyKnown)
        s.reject(.addStock(sku: "A", batch: "B2", units: .codes([])), .invalidValue)
        s.reject(.addStock(sku: "A", batch: "B2", units: .count(1_000_001)), .invalidValue)
        s.reject(.addStock(sku: "X", batch: "B2", units: .count(1)), .unknownSku)
        s.duplicate(.addStock(sku: "A", batch: "B1", units: .codes(["x1", "x2", "x3"])), of: 5)
        s.reject(.addStock(sku: "A", batch: "B1", units: .codes(["x1", "x3", "x2"])), .idConflict)
        s.reject(.addStock(sku: "A", batch: "B1", units: .count(3)), .idConflict)
        // The rejected batches made no code known: y1 is still free.
        s.accept(.addStock(sku: "A", batch: "B2", units: .codes(["y1", "y2"])), sequence: 6)
        // Voids B1#2 and B1#1 (the newest); O1 then takes B1#0, O2 takes B2#0.
        s.accept(.voidStock(sku: "A", batch: "B1", count: 2, reason: "leaked"), sequence: 7)
        s.accept(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 1)), sequence: 8)
        s.accept(.placeOrder(orderRequest("O2", by: "D1", sku: "A", quantity: 1)), sequence: 9)
        s.reject(.voidStock(sku: "A", batch: "B1", count: 1, reason: "x"), .notEnoughUnits)
        s.reject(.voidStock(sku: "A", batch: "B2", count: 2, reason: "x"), .notEnoughUnits)
        s.reject(.voidStock(sku: "A", batch: "B2", count: 0, reason: "x"), .invalidValue)
        s.reject(.voidStock(sku: "A", batch: "B9", count: 1, reason: "x"), .unknownBatch)
        s.accept(.listProduct(ProductListing(sku: "C", supplier: "S1", name: "Other",
                                             face: money("1.00"), cost: money("1.00"),
                                             refundHours: nil)), sequence: 10)
        s.reject(.voidStock(sku: "C", batch: "B2", count: 1, reason: "x"), .unknownBatch)
        s.reject(.voidStock(sku: "X", batch: "B2", count: 1, reason: "x"), .unknownSku)
        s.accept(.voidStock(sku: "A", batch: "B2", count: 1, reason: "x"), sequence: 11)
        #expect(s.summary.inventory["A"] == InventoryCounts(added: 5, delivered: 2, voided: 3))
        #expect(s.summary.inventory["C"] == InventoryCounts())
        s.reject(.placeOrder(orderRequest("O3", by: "D1", sku: "A", quantity: 1)), .outOfStock,
                 recorded: 12)
    }

    /// README: expiries are recorded only with a recorded command, ordered by deadline; a
    /// non-recorded rejection leaves the reservations as they were.
    @Test func expiriesAreRecordedOnlyWithARecordedCommand() {
        var s = Self.basicWorld()
        s.accept(.addStock(sku: "A", batch: "B1", units: .count(3)), sequence: 5)
        s.accept(.reserveOrder(orderRequest("R1", by: "D1", sku: "A", quantity: 1), ttlSeconds: 100))
        s.accept(.reserveOrder(orderRequest("R2", by: "D1", sku: "A", quantity: 1), ttlSeconds: 50))
        s.accept(.reserveOrder(orderRequest("R3", by: "D1", sku: "A", quantity: 1), ttlSeconds: 200),
                 sequence: 8)
        s.advance(seconds: 300)
        let before = s.summary
        // Needs the expired units, yet refused for its count: nothing recorded, nothing expired.
        s.reject(.voidStock(sku: "A", batch: "B1", count: 0, reason: "x"), .invalidValue)
        s.reject(.registerSupplier(supplier: "S1", name: "Other"), .idConflict)
        s.duplicate(.registerSupplier(supplier: "S1", name: "Acme"), of: 2)
        #expect(s.summary == before)
        #expect(s.order("R1")?.status == .reserved)
        // Three expiries (9, 10, 11) and then the recorded rejection (12).
        s.reject(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 4)), .outOfStock,
                 recorded: 12)
        #expect(["R1", "R2", "R3"].allSatisfy { s.order($0)?.status == .expired })
        #expect(s.summary.inventory["A"] == InventoryCounts(added: 3, available: 3))
        #expect(s.summary.ledgerTime == scenarioEpoch.adding(seconds: 300))
        // A placed order with the same id and fields is a duplicate; a reserve of it is not.
        s.accept(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 3)), sequence: 13)
        s.duplicate(.placeOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 3)), of: 13)
        s.reject(.reserveOrder(orderRequest("O1", by: "D1", sku: "A", quantity: 3), ttlSeconds: 9),
                 .idConflict)
    }

    /// SPEC §4.1/§4.2 rule lookup: the sku's own rule beats `"*"`, and a rule for another sku
    /// does not apply. c = 10.00; platform "*" fixed 1.00 but for A bps 1000 → m0 = 100
    /// either way here, so use c = 20.00: bps 1000 → 200, p0 = 22.00 for A; for B (c = 20.00)
    /// the "*" rule gives p0 = 21.00. D1 has a rule for B only: fixed 0.50.
    @Test func perSkuRulesShadowStarRules() {
        var s = Self.basicWorld(cost: "20.00")
        s.accept(.listProduct(ProductListing(sku: "B", supplier: "S1", name: "Other",
                                             face: money("30.00"), cost: money("20.00"),
                                             refundHours: nil)), sequence: 5)
        s.accept(.setPlatformMarkup(sku: "*", rule: .fixed(money("1.00"))))
        s.accept(.setPlatformMarkup(sku: "A", rule: .bps(1_000)))
        s.accept(.setDistributorMarkup(distributor: "D1", sku: "B", rule: .fixed(money("0.50"))))
        s.accept(.addStock(sku: "A", batch: "BA", units: .count(1)))
        s.accept(.addStock(sku: "B", batch: "BB", units: .count(1)), sequence: 10)
        s.accept(.placeOrder(orderRequest("OA", by: "D1", sku: "A", quantity: 1, expect: "22.00")))
        s.accept(.placeOrder(orderRequest("OB", by: "D1", sku: "B", quantity: 1, expect: "21.50")))
        #expect(s.order("OA")?.legs == ["20.00", "2.00", "0.00"].map(money))
        #expect(s.order("OB")?.legs == ["20.00", "1.00", "0.50"].map(money))
        // A platform markup on a delisted sku is allowed (README).
        s.accept(.delistProduct(sku: "B"))
        s.accept(.setPlatformMarkup(sku: "B", rule: .bps(0)))
    }
}
