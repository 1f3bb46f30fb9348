import Testing
@testable import TierLedger

/// A command's fingerprints worked out ahead of the engine (`append`'s parsing thread) decide
/// exactly as those the engine works out itself.
@Suite struct CommandFingerprintsTests {
    static let secret = [UInt8](repeating: 7, count: 32)
    static let key = FingerprintKey(secret: secret)

    @Test func areTheKeysFingerprintsOfTheBuyerAndTheCodes() {
        let ledger = Ledger(settings: LedgerSettings(), secretKey: Self.secret)
        var fingerprinter = ledger.makeFingerprinter()
        let at = LedgerScenarioTests.at(1)
        let place = fingerprinter.fingerprints(of: Command(
            at: at, action: .placeOrder(LedgerScenarioTests.order("O1"))))
        #expect(place.buyer == Self.key.buyer("buyer-1"))
        #expect(place.codes.isEmpty)
        let reserve = fingerprinter.fingerprints(of: Command(
            at: at, action: .reserveOrder(LedgerScenarioTests.order("O2"), ttlSeconds: 60)))
        #expect(reserve.buyer == Self.key.buyer("buyer-1"))
        let stock = fingerprinter.fingerprints(of: Command(
            at: at, action: .addStock(sku: "K1", batch: "B9", units: .codes(["x", "y", "x"]))))
        #expect(stock.buyer == nil)
        #expect(stock.codes == ["x", "y", "x"].map(Self.key.code))
        for action: Command.Action in [.addStock(sku: "K1", batch: "B9", units: .count(3)),
                                        .payOrder(order: "O1"), .runSettlement] {
            let prints = fingerprinter.fingerprints(of: Command(at: at, action: action))
            #expect(prints.buyer == nil && prints.codes.isEmpty, "\(action)")
        }
        #expect(place.keyIdentity == Self.key.identity)
    }

    @Test func aKeysIdentityTellsKeysApart() {
        let other = FingerprintKey(secret: [UInt8](repeating: 8, count: 32))
        #expect(Self.key.identity == FingerprintKey(secret: Self.secret).identity)
        #expect(Self.key.identity != other.identity)
        // It is none of the key's code or buyer fingerprints of the empty text.
        #expect(Self.key.identity != Self.key.code("").high)
        #expect(Self.key.identity != Self.key.buyer("").high)
    }

    @Test func fingerprintsOfAnotherLedgersKeyAreRefused() async {
        await #expect(processExitsWith: .failure) {
            var ledger = LedgerScenarioTests.threeTierLedger()
            var stranger = Ledger(settings: LedgerSettings(), secretKey: [UInt8](repeating: 9, count: 32))
                .makeFingerprinter()
            let place = Command(at: LedgerScenarioTests.at(1), action: .placeOrder(LedgerScenarioTests.order("O1")))
            _ = ledger.submit(place, fingerprints: stranger.fingerprints(of: place))
        }
    }

    /// Two ledgers take the same simulated market, then resends of some of its accepted
    /// commands (duplicates) and clashes with them (id conflicts): one ledger fingerprints each
    /// command itself, the other is handed fingerprints made by a second fingerprinter, as
    /// `append`'s parsing thread does. Outcomes and events are the same.
    @Test(arguments: [3, 19])
    func preparedFingerprintsDecideAsTheEnginesOwn(seed: Int) {
        var simulator = MarketSimulator(seed: UInt64(seed), events: 3_000)
        var itself = Ledger(settings: LedgerSettings(), secretKey: Self.secret)
        var handed = Ledger(settings: LedgerSettings(), secretKey: Self.secret)
        var fingerprinter = handed.makeFingerprinter()
        func submitToBoth(_ command: Command) -> Outcome {
            let own = itself.submit(command)
            let prepared = handed.submit(command, fingerprints: fingerprinter.fingerprints(of: command))
            #expect(own == prepared, "\(command)")
            return own
        }
        var last = LedgerScenarioTests.at(0)
        var resends: [(same: Command.Action, clash: Command.Action)] = []
        while let command = simulator.next() {
            last = command.at
            guard case .accepted = submitToBoth(command) else { continue }
            switch command.action {
            case .addStock(let sku, let batch, .codes(var codes)) where resends.count < 4:
                codes[codes.count - 1] += "-changed"
                resends.append((command.action, .addStock(sku: sku, batch: batch, units: .codes(codes))))
            case .placeOrder(var request) where resends.count >= 4 && resends.count < 8:
                request.buyer += "-other"
                resends.append((command.action, .placeOrder(request)))
            default: break
            }
        }
        #expect(resends.count == 8)
        for (same, clash) in resends {
            let duplicate = submitToBoth(Command(at: last, action: same))
            let conflict = submitToBoth(Command(at: last, action: clash))
            guard case .duplicate = duplicate else { Issue.record("\(same): \(duplicate)"); continue }
            guard case .rejected(.idConflict, _, _) = conflict else { Issue.record("\(clash): \(conflict)"); continue }
        }
        #expect(itself.takeRecorded() == handed.takeRecorded())
    }
}
