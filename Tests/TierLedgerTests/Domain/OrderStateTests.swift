import Testing
@testable import TierLedger

/// `OrderState` keeps its optionals as a value and a presence bit (to stay small); every
/// optional must still read back exactly what was stored, `nil` and the extreme values alike.
@Suite struct OrderStateTests {
    private func fact(expect: Money?, refundHours: Int64?) -> OrderFact {
        OrderFact(order: "O1", distributor: "D1", sku: "SKU", quantity: 3, buyer: Fingerprint(high: 1, low: 2),
                  expectUnitPrice: expect, cost: Money(minorUnits: 100), costSequence: 4, chain: [],
                  overrides: [], legs: [Leg(party: .supplier("S"), amount: Money(minorUnits: 300))],
                  unitPrice: Money(minorUnits: 100), gross: Money(minorUnits: 300), refundHours: refundHours,
                  units: [UnitRun(batch: "B", start: 0, count: 3)], codes: [])
    }

    @Test func optionalsReadBackWhatWasStored() {
        var state = OrderState(fact(expect: nil, refundHours: nil), handles: (product: 5, supplier: 6, seller: 7),
                               ttlSeconds: nil, placedSequence: 9, status: .paid)
        #expect(state.expectUnitPrice == nil && state.refundHours == nil && state.ttlSeconds == nil)
        #expect(state.paidAt == nil && state.paidSequence == nil && state.cancelledSequence == nil)
        #expect(state.productHandle == 5 && state.supplierHandle == 6 && state.sellerHandle == 7)
        #expect(state.heldUnits.isEmpty && state.placedSequence == 9)

        for value in [Int64.min, -1, 0, 1, Int64.max] {
            state.expectUnitPrice = Money(minorUnits: value)
            state.ttlSeconds = value
            state.refundHours = value
            state.paidAt = Timestamp(millisecondsSinceEpoch: value)
            state.paidSequence = UInt64(bitPattern: value)
            state.cancelledSequence = UInt64(bitPattern: value)
            #expect(state.expectUnitPrice == Money(minorUnits: value))
            #expect(state.ttlSeconds == value && state.refundHours == value)
            #expect(state.paidAt == Timestamp(millisecondsSinceEpoch: value))
            #expect(state.paidSequence == UInt64(bitPattern: value))
            #expect(state.cancelledSequence == UInt64(bitPattern: value))
        }
        // Clearing one leaves the others.
        state.ttlSeconds = nil
        state.paidSequence = nil
        #expect(state.ttlSeconds == nil && state.paidSequence == nil)
        #expect(state.refundHours == Int64.max && state.cancelledSequence == UInt64(bitPattern: Int64.max))
        #expect(state.expectUnitPrice == Money(minorUnits: Int64.max))
    }

    @Test func aReservationHoldsItsUnitsAndItsTtl() {
        let state = OrderState(fact(expect: Money(minorUnits: 100), refundHours: 0),
                               handles: (product: 0, supplier: 0, seller: 0),
                               ttlSeconds: 600, placedSequence: 1, status: .reserved)
        #expect(state.heldUnits == [UnitRun(batch: "B", start: 0, count: 3)])
        #expect(state.ttlSeconds == 600 && state.refundHours == 0 && state.expectUnitPrice == Money(minorUnits: 100))
    }

    /// The point of the layout: it must not grow back unnoticed.
    @Test func staysSmall() {
        #expect(MemoryLayout<OrderState>.stride <= 168)
    }

    /// The table keeps every order's legs in one run of amounts; a refund's reversals go to the
    /// refunded order alone, and its neighbours' legs stay as they were.
    @Test func theTableKeepsEachOrdersLegsAndRemainingLegs() {
        var table = OrderTable()
        func legs(_ amounts: [Int64]) -> [Leg] {
            amounts.enumerated().map { Leg(party: $0.offset == 0 ? .supplier("S") : .platform, amount: Money(minorUnits: $0.element)) }
        }
        let amounts: [[Int64]] = [[200, 20, 46, 54], [300, 0], [10, 1, 2, 3, 4, 5]]
        var handles = [Int]()
        for (number, legAmounts) in amounts.enumerated() {
            var order = fact(expect: nil, refundHours: nil)
            order.order = "O\(number)"
            handles.append(table.insert(OrderState(order, handles: (product: 0, supplier: 0, seller: 0), ttlSeconds: nil,
                                                   placedSequence: UInt64(number + 1), status: .paid),
                                        hash: order.order.stableHash, legs: legs(legAmounts)))
        }
        for (handle, legAmounts) in zip(handles, amounts) {
            #expect(table.legs(of: handle).map(\.minorUnits) == legAmounts)
            #expect(table.remainingLegs(of: handle).map(\.minorUnits) == legAmounts)
        }
        table.reverse([10, 0, 6, 4].map { Money(minorUnits: $0) }, of: handles[0])
        table.reverse([0, 0, 0, 1].map { Money(minorUnits: $0) }, of: handles[0])
        #expect(table.legs(of: handles[0]).map(\.minorUnits) == amounts[0])
        #expect(table.remainingLegs(of: handles[0]).map(\.minorUnits) == [190, 20, 40, 49])
        var visited = [(Int, Int64)]()
        table.forEachRemainingLeg(of: handles[0]) { visited.append(($0, $1.minorUnits)) }
        #expect(visited.map(\.0) == [0, 1, 2, 3] && visited.map(\.1) == [190, 20, 40, 49])
        visited = []
        table.forEachRemainingLeg(of: handles[2]) { visited.append(($0, $1.minorUnits)) }
        #expect(visited.map(\.1) == amounts[2])
        #expect(table.remainingLegs(of: handles[1]).map(\.minorUnits) == amounts[1])
        #expect(table.handle(of: "O2") == handles[2] && table.count == 3)
    }
    /// `verify`'s check of each order (gross 300 here): legs that sum to the gross and are not
    /// negative pass, before and after a refund; anything else fails, including a leg sum that
    /// overflows.
    @Test func theOrderCheckCatchesLegsThatDoNotAddUp() {
        func state(legs amounts: [Int64], reversals: [Int64]? = nil) -> (LedgerState, Int) {
            var ledger = LedgerState(settings: LedgerSettings())
            let legs = amounts.enumerated().map { index, amount in
                Leg(party: index == 0 ? .supplier("S") : .platform, amount: Money(minorUnits: amount))
            }
            let order = fact(expect: nil, refundHours: nil)
            let handle = ledger.orders.insert(
                OrderState(order, handles: (product: 0, supplier: 0, seller: 0), ttlSeconds: nil, placedSequence: 1,
                           status: .paid), hash: order.order.stableHash, legs: legs)
            if let reversals { ledger.orders.reverse(reversals.map { Money(minorUnits: $0) }, of: handle) }
            return (ledger, handle)
        }
        let (good, goodHandle) = state(legs: [200, 40, 60])
        #expect(good.orderIsConsistent(goodHandle))
        let (refunded, refundedHandle) = state(legs: [200, 40, 60], reversals: [20, 4, 6])
        #expect(refunded.orderIsConsistent(refundedHandle))
        let (short, shortHandle) = state(legs: [200, 40, 59])
        #expect(!short.orderIsConsistent(shortHandle), "legs one short of the gross")
        let (negative, negativeHandle) = state(legs: [310, -10])
        #expect(!negative.orderIsConsistent(negativeHandle), "a negative leg")
        let (overdrawn, overdrawnHandle) = state(legs: [200, 40, 60], reversals: [201, 0, 0])
        #expect(!overdrawn.orderIsConsistent(overdrawnHandle), "a refund that took more than a leg held")
        let (overflowing, overflowingHandle) = state(legs: [.max, .max, 302])
        #expect(!overflowing.orderIsConsistent(overflowingHandle), "a leg sum that wraps to the gross")
    }

    /// The whole-state check finds a broken order wherever it is, whether the orders are
    /// checked on one thread or split in two halves (the second on a thread of its own).
    @Test(arguments: [nil, 0, 5, 9] as [Int?])
    func theWholeStateCheckFindsABrokenOrderInEitherHalf(brokenOrder: Int?) {
        var ledger = LedgerState(settings: LedgerSettings())
        for number in 0..<10 {
            var order = fact(expect: nil, refundHours: nil)
            order.order = "O\(number)"
            let gross: Int64 = number == brokenOrder ? 299 : 300
            let legs = [Leg(party: .supplier("S"), amount: Money(minorUnits: 200)),
                        Leg(party: .platform, amount: Money(minorUnits: gross - 200))]
            _ = ledger.orders.insert(OrderState(order, handles: (product: 0, supplier: 0, seller: 0), ttlSeconds: nil,
                                                placedSequence: UInt64(number + 1), status: .paid),
                                     hash: order.order.stableHash, legs: legs)
        }
        let intact = brokenOrder == nil
        #expect(ledger.checkInvariants() == intact, "on one thread")
        #expect(ledger.checkInvariants(splitFrom: 2) == intact, "in two halves")
    }
}
