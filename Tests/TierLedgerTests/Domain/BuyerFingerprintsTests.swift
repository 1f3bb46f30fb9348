import Testing
@testable import TierLedger

@Suite struct BuyerFingerprintsTests {
    static let key = FingerprintKey(secret: [UInt8](repeating: 7, count: 32))

    @Test func givesTheKeysFingerprintAndStaysBounded() {
        var cache = BuyerFingerprints(capacity: 50)
        for round in 0..<3 {
            for number in 0..<120 {
                let buyer = "B\(number * 7 % 120)"
                let print = cache.fingerprint(of: buyer, key: Self.key)
                #expect(print == Self.key.buyer(buyer), "\(round) \(buyer)")
                #expect(cache.count <= 50)
            }
        }
        // Seen just now: answered from the cache, still the key's fingerprint.
        #expect(cache.fingerprint(of: "B0", key: Self.key) == Self.key.buyer("B0"))
    }

    @Test func aLedgerPricesWithTheBuyersFingerprint() throws {
        var ledger = LedgerScenarioTests.threeTierLedger()
        for (minutes, id) in [(1, "O1"), (2, "O2")] {
            let place = Command(at: LedgerScenarioTests.at(Int64(minutes)),
                                action: .placeOrder(LedgerScenarioTests.order(id, qty: 1)))
            guard case .accepted = ledger.submit(place) else { Issue.record("\(id) rejected"); return }
        }
        let buyers = ledger.takeRecorded().compactMap { event -> Fingerprint? in
            guard case .orderPlaced(let fact) = event.body else { return nil }
            return fact.buyer
        }
        #expect(buyers == Array(repeating: Self.key.buyer("buyer-1"), count: 2))
    }
}
