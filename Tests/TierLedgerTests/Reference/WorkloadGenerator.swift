import TierLedger

/// A seeded stream of commands of all 22 types, valid and invalid, for the agreement test.
///
/// It keeps a shadow `ReferenceModel` fed with everything it generates: to aim well (pay
/// reservations that exist, refund what is refundable, pay out about what is available, set
/// floors near real prices), and as the model the agreement harness compares the engine with
/// (`lastOutcome`, `shadow.summary`), so that each command is modelled once. Aiming only
/// changes which commands come, never what is expected of them. Entity pools are small so that
/// commands collide often.
///
/// Invariants: deterministic for a seed on every platform (SplitMix64 only, and every pick
/// from a `Dictionary` or `Set` goes through a sorted array).
struct WorkloadGenerator {
    static let defaultCount = 400

    var random: SplitMix64
    /// What the ledger would know after every generated command.
    var shadow: ReferenceModel
    /// The latest `at` handed out (a backwards `at` does not move it).
    var now: Timestamp
    /// What the shadow made of the last generated command: the model's expected outcome.
    var lastOutcome: Outcome?
    /// Every generated action, for repeats (duplicates) and id conflicts.
    var history: [Command.Action] = []
    /// Setup commands still to hand out before the random phase.
    var plan: [Command.Action] = []
    /// Follow-ups due at a command index: the payment callback of a reservation (sometimes
    /// repeated), or its cancellation, as a payment gateway would send them.
    var scheduled: [(due: Int, action: Command.Action)] = []
    /// How many commands were generated so far.
    var generatedCount = 0
    /// Accepted orders in the order they were placed or reserved.
    var orderIds: [String] = []
    /// Next number per fresh-id prefix ("O" → O1, O2, …).
    var counters: [String: Int] = [:]

    init(seed: UInt64, settings: LedgerSettings = LedgerSettings()) {
        random = SplitMix64(seed: seed)
        shadow = ReferenceModel(settings: settings)
        now = Timestamp(millisecondsSinceEpoch: 1_772_323_200_000)  // 2026-03-01T00:00:00Z
        plan = makePlan()
    }

    /// `count` commands of the workload of `seed`.
    static func workload(seed: UInt64, count: Int = defaultCount) -> [Command] {
        var generator = WorkloadGenerator(seed: seed)
        return (0..<count).map { _ in generator.next() }
    }

    mutating func next() -> Command {
        let action: Command.Action
        if !plan.isEmpty {
            action = plan.removeFirst()
        } else if let index = scheduled.firstIndex(where: { $0.due <= generatedCount }) {
            action = scheduled.remove(at: index).action
        } else {
            action = randomAction()
        }
        let command = Command(at: nextTime(), action: action)
        history.append(action)
        generatedCount += 1
        let outcome = shadow.submit(command)
        lastOutcome = outcome
        if case .accepted = outcome { followUp(action) }
        return command
    }

    /// Remembers accepted orders and schedules what a gateway sends after a reservation: mostly
    /// the payment a few commands later (so live reservations get paid, not only late ones),
    /// sometimes a cancellation, and now and then a payment callback twice.
    private mutating func followUp(_ action: Command.Action) {
        switch action {
        case .placeOrder(let request):
            orderIds.append(request.order)
        case .reserveOrder(let request, _):
            orderIds.append(request.order)
            let roll = integer(1...100)
            if roll <= 55 {
                schedule(.payOrder(order: request.order), within: 2)
            } else if roll <= 65 {
                schedule(.cancelOrder(order: request.order), within: 5)
            }
        case .payOrder(let order):
            if chance(15) { schedule(.payOrder(order: order), within: 3) }
        default:
            break
        }
    }

    private mutating func schedule(_ action: Command.Action, within commands: Int64) {
        scheduled.append((generatedCount + Int(integer(0...commands)), action))
    }

    /// Mostly small steps forward (seconds to hours), sometimes past the 24 h hold, sometimes
    /// the same instant, and 3% of the time an `at` earlier than the latest.
    mutating func nextTime() -> Timestamp {
        if !plan.isEmpty { return advance(milliseconds: integer(1...30) * 1_000) }
        let roll = integer(1...100)
        if roll <= 3 {
            return Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch
                - integer(1...7_200) * 1_000)
        }
        let seconds: Int64
        switch roll {
        case 4...8: seconds = 0
        case 9...60: seconds = integer(1...120)
        case 61...85: seconds = integer(120...3_600)
        case 86...95: seconds = integer(3_600...8 * 3_600)
        default: seconds = integer(20 * 3_600...30 * 3_600)
        }
        let milliseconds = chance(10) ? integer(0...999) : 0
        return advance(milliseconds: seconds * 1_000 + milliseconds)
    }

    private mutating func advance(milliseconds: Int64) -> Timestamp {
        now = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + milliseconds)
        return now
    }

    // MARK: Randomness (SplitMix64 only)

    mutating func integer(_ range: ClosedRange<Int64>) -> Int64 {
        random.integer(in: range)
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int64) -> Bool {
        random.chance(percent, in: 100)
    }

    mutating func pick<T>(_ elements: [T]) -> T {
        random.pick(elements)
    }

    /// A uniformly chosen element, or `nil` when there is none.
    mutating func pickIfAny<T>(_ elements: [T]) -> T? {
        elements.isEmpty ? nil : random.pick(elements)
    }

    /// An amount of `minorUnits` drawn from `range`.
    mutating func cents(_ range: ClosedRange<Int64>) -> Money {
        Money(minorUnits: integer(range))
    }

    /// A never-used id with `prefix`.
    mutating func fresh(_ prefix: String) -> String {
        let number = counters[prefix, default: 0] + 1
        counters[prefix] = number
        return "\(prefix)\(number)"
    }

    // MARK: The world at the start

    /// Three suppliers, five ordinary skus and two huge ones, a tree of six distributors and the
    /// start of a deep chain, stock, and a few rules.
    mutating func makePlan() -> [Command.Action] {
        var plan: [Command.Action] = (1...3).map {
            .registerSupplier(supplier: "S\($0)", name: "Supplier S\($0)")
        }
        for number in 1...5 {
            let cost = cents(100...10_000)
            plan.append(.listProduct(ProductListing(
                sku: "sku\(number)", supplier: "S\(integer(1...3))", name: "Card \(number)",
                face: Money(minorUnits: cost.minorUnits + integer(0...2_000)), cost: cost,
                refundHours: pick(Self.refundHourChoices))))
        }
        counters["sku"] = 5
        let maximum = Money.inputMaximumMinorUnits
        plan.append(.listProduct(ProductListing(
            sku: "big1", supplier: "S1", name: "Huge", face: Money.inputMaximum,
            cost: Money(minorUnits: maximum - integer(0...100_000)), refundHours: nil)))
        plan.append(.listProduct(ProductListing(
            sku: "big2", supplier: "S2", name: "Half", face: Money.inputMaximum,
            cost: Money(minorUnits: maximum / 2 + integer(-50...50)), refundHours: 24)))
        let tree: [(String, String?)] = [("D1", nil), ("D2", "D1"), ("D3", "D1"), ("D4", "D2"),
                                         ("D5", "D4"), ("D6", nil), ("C1", nil), ("C2", "C1"),
                                         ("C3", "C2")]
        for (distributor, parent) in tree {
            plan.append(.joinDistributor(distributor: distributor, name: "Distributor \(distributor)",
                                         parent: parent))
        }
        for sku in ["sku1", "sku2", "sku3", "sku4", "sku5", "big1", "big2"] {
            plan.append(.addStock(sku: sku, batch: fresh("B"), units: .count(integer(2...8))))
        }
        plan.append(.setPlatformMarkup(sku: "*", rule: .bps(integer(100...800))))
        plan.append(.setDistributorMarkup(distributor: "D1", sku: "*", rule: .fixed(cents(0...300))))
        plan.append(.setDistributorMarkup(distributor: "D2", sku: "*", rule: .bps(integer(0...1_500))))
        plan.append(.setOverride(distributor: "D2", bps: integer(0...3_000)))
        return plan
    }

    static let refundHourChoices: [Int64?] = [nil, nil, nil, 0, 1, 24, 24, 72, 87_600, 87_600]
}
