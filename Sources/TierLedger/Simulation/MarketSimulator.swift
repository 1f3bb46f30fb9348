/// A seeded generator of the commands (SPEC §3) of a simulated card-alliance market with a
/// price war: `tierledger simulate` writes them as NDJSON, tests and benchmarks feed them to
/// the engine.
///
/// The market: about 40 suppliers listing about 2,000 skus (code batches and anonymous top-up
/// units, restocked as they run low, with the odd void, reprice and delisting); about 1,000
/// distributors in three tiers setting every kind of markup; buyers who mostly buy from the
/// cheapest of the shops they look at, with some loyalty; reservations, refunds, disputes,
/// settlement runs, payouts and fees; and a price war in which shops undercut the cheapest
/// competitor so that the market's distributor margin falls from about 25% to about 18% over
/// the two simulated years, while a few skus held up by price floors keep their prices.
///
/// Invariants:
/// - exactly `events` commands, at non-decreasing times from 2024-01-01T00:00:00Z over about
///   two years;
/// - deterministic: the same seed and count give the same commands on every machine (only
///   `SplitMix64`, integer arithmetic and arrays in insertion order decide anything; no
///   hashed collection is ever iterated);
/// - the engine is never consulted: the simulator keeps its own model of stock, reservations,
///   prices and balances, exact enough that every command is accepted except the few it
///   writes to be rejected (sold-out orders, floor breaches, stale expected prices, late
///   payments on sold-out stock, payments after a cancel), which it counts.
public struct MarketSimulator: Sequence, IteratorProtocol {
    let shape: MarketShape
    var random: SplitMix64
    let codeSalt: UInt64
    var clock: SimulationClock

    // Progress
    var setupCommands: [Command] = []
    var setupIndex = 0
    var emittedCount = 0
    var slotIndex: Int64 = 0
    /// The time of the last command written.
    var lastTime: Int64
    /// The time of the command being written.
    var now: Int64
    var currentMonth = 0
    /// When the month after `currentMonth` starts (the end of time after the last month).
    var nextMonthStart: Int64 = MarketStatistics.monthStarts[1]
    var agenda = MinHeap<ScheduledTask>()
    var taskSequence: Int64 = 0

    // Catalogue
    var supplierIDs: [String] = []
    var supplierBrands: [[Int]] = []
    var supplierBalances: [Int64] = []
    var skuIDs: [String] = []
    var products: [SimulatedProduct] = []
    var productBatches: [[Int32]] = []
    var slotSkus: [Int32] = []
    var slotWeights: [Int64] = []
    var slotWeightTotal: Int64 = 0
    var slotPopularity = AliasTable(weights: [1])
    var isFloorSlot: [Bool] = []
    var batchAvailable: [Int64] = []
    var batchPositions: [Int32] = []
    var platformStarRule = SimulatedRule.none
    var productSerial: Int64 = 0
    var codeSerial: UInt64 = 0

    // Distributors
    var distributorIDs: [String] = []
    var distributors: [SimulatedDistributor] = []
    var distributorBalances: [Int64] = []
    var childrenOf: [[Int32]] = []
    /// Per-sku rules, keyed by `ruleKey(distributor, sku)`.
    var skuRules = RuleTable()
    /// Four words a distributor: bit `sku mod 256` is set once it has a rule for some sku
    /// with that remainder (a filter that spares most probes of `skuRules`).
    var ruleFilters: [UInt64] = []
    var sellerWeights = WeightedSampler()
    var tradingSellers: [Int32] = []
    /// `offers[tier − 1][slot]`: the trading distributors of that tier that carry the slot.
    var offers: [[[Int32]]] = []
    var carriedSlots: [[Int32]] = []
    /// Bit `slot` of distributor `d`'s words (`carryWordCount` from `d × carryWordCount`):
    /// whether it carries the slot.
    var carryBits: [UInt64] = []
    var carryWordCount = 1
    var carriedFloorSlots: [[Int32]] = []
    /// Floor breaches waiting for their probe order and correction; looked up, never iterated.
    var pendingBreaches: [Int64: Bool] = [:]

    // Buyers and orders
    /// Each buyer's shop plus one (0: not chosen yet); two bytes keep it cache-friendly.
    var buyerHomes: [UInt16] = []
    var orderSerial: Int64 = 0
    var refundSerial: Int64 = 0
    var disputeSerial: Int64 = 0
    var payoutSerial: Int64 = 0
    var feeSerial: Int64 = 0
    var batchSerial: Int64 = 0
    var reservations: [SimulatedReservation] = []
    var freeReservations: [Int32] = []
    var deadlines = MinHeap<ReservationDeadline>()
    var releases: [PendingRelease] = []
    var releaseHead = 0
    /// Orders to be repeated word for word by a retrying client; looked up, never iterated.
    var repeatedOrders: [Int64: Command.Action] = [:]
    var repeatSerial: Int64 = 0

    // The price war
    var monthlyNoiseBps: [Int64] = []
    var statistics = MarketStatistics()

    /// A market of exactly `events` commands (at least 1) for `seed`.
    public init(seed: UInt64, events: Int) {
        shape = MarketShape(events: events)
        random = SplitMix64(seed: seed)
        codeSalt = random.next()
        lastTime = MarketShape.startMilliseconds
        now = lastTime
        clock = SimulationClock(startMilliseconds: MarketShape.startMilliseconds,
                                spanMilliseconds: MarketShape.spanMilliseconds, slotCount: 1)
        monthlyNoiseBps = (0..<24).map { _ in random.draw(in: -60...60) }
        buyerHomes = [UInt16](repeating: 0, count: shape.buyerCount)
        buildOpeningMarket()
        let marketSlots = Swift.max(1, Int64(events) - Int64(setupCommands.count))
        clock = SimulationClock(startMilliseconds: MarketShape.startMilliseconds,
                                spanMilliseconds: MarketShape.spanMilliseconds,
                                slotCount: marketSlots)
        schedulePeriodicRounds()
    }

    /// The next command, or `nil` after `events` commands.
    public mutating func next() -> Command? {
        guard emittedCount < shape.events else { return nil }
        emittedCount += 1
        if setupIndex < setupCommands.count {
            defer { setupIndex += 1 }
            return setupCommands[setupIndex]
        }
        return nextMarketCommand()
    }

    /// One command of the running market: the earliest due task, else something new (mostly
    /// an order). A slot whose candidates all come to nothing falls back to a settlement
    /// run, which is always accepted.
    private mutating func nextMarketCommand() -> Command {
        let jitter = random.draw(in: 0...(MarketShape.spanMilliseconds - 1))
        let slotTime = clock.time(ofSlot: slotIndex, jitter: jitter)
        slotIndex += 1
        for _ in 0..<32 {
            var task: ScheduledTask?
            if let first = agenda.first, first.time <= slotTime { task = agenda.popFirst() }
            advance(to: Swift.max(lastTime, task?.time ?? slotTime))
            let action = if let task { perform(task) } else { spontaneousAction() }
            if let action { return stamp(action) }
        }
        advance(to: Swift.max(lastTime, slotTime))
        return stamp(settlementAction())
    }

    private mutating func stamp(_ action: Command.Action) -> Command {
        lastTime = now
        return Command(at: Timestamp(millisecondsSinceEpoch: now), action: action)
    }

    /// Moves the simulator's clock to `time`: reservations due by then expire, as they do in
    /// the engine before it applies a command at that time.
    private mutating func advance(to time: Int64) {
        precondition(time >= now, "simulated time never runs backwards")
        now = time
        while time >= nextMonthStart {
            currentMonth += 1
            nextMonthStart = currentMonth < 23 ? MarketStatistics.monthStarts[currentMonth + 1] : .max
        }
        expireReservations(through: time)
    }

    /// Something new in the market: mostly a buyer arriving, else a price review or a rarer
    /// change to the catalogue or the tree (their odds per million shrink for big runs, so
    /// that their number over the two years stops growing; see `MarketShape`).
    private mutating func spontaneousAction() -> Command.Action? {
        let draw = random.draw(in: 0...999_999)
        if draw < shape.reviewsPerMillion { return reviewAction() }
        guard draw < shape.reviewsPerMillion + shape.rareChangesPerMillion else {
            return arrivalAction()
        }
        switch random.draw(in: 0...61) {
        case 0..<30: return repriceAction()
        case 30..<45: return voidAction()
        case 45..<50: return delistAction()
        case 50..<54: return platformMarkupAction()
        case 54..<59: return overrideChangeAction()
        default: return ceilingAction()
        }
    }

    /// Runs a due task; `nil` when it no longer applies or wrote nothing (a round that only
    /// schedules its parts).
    private mutating func perform(_ task: ScheduledTask) -> Command.Action? {
        switch task.job {
        case .settlement:
            schedule(.settlement, at: task.time + shape.settlementIntervalMilliseconds)
            return settlementAction()
        case .payoutRound: return payoutRound(scheduledAt: task.time)
        case .payout(let supplier, let distributor):
            return payoutAction(supplier: Int(supplier), distributor: Int(distributor))
        case .feeRound: return feeRound(scheduledAt: task.time)
        case .fee(let supplier, let month): return feeAction(supplier: Int(supplier), month: Int(month))
        case .join(let tier): return joinAction(tier: Int(tier))
        case .starRule(let distributor): return openShopAction(distributor: Int(distributor))
        case .starReview(let distributor): return starReviewAction(distributor: Int(distributor))
        case .override(let distributor): return overrideAction(distributor: Int(distributor))
        case .restock(let sku, let units): return restockAction(sku: Int(sku), units: units)
        case .voidRemainder(let sku): return voidRemainderAction(sku: Int(sku))
        case .listReplacement(let slot, let supplier):
            return listReplacementAction(slot: Int(slot), supplier: Int(supplier))
        default:
            return performOrderTask(task.job)
        }
    }

    private mutating func performOrderTask(_ job: ScheduledTask.Job) -> Command.Action? {
        switch job {
        case .payReservation(let record, let order): return payAction(record: Int(record), order: order)
        case .cancelReservation(let record, let order):
            return cancelAction(record: Int(record), order: order)
        case .repeatPay(let order, let rejected):
            return repeatPayAction(order: order, rejected: rejected)
        case .repeatOrder(let key): return repeatOrderAction(key: key)
        case .refund(let order, let amount): return refundAction(order: order, amount: amount)
        case .openDispute(let order, let refund): return openDisputeAction(order: order, refund: refund)
        case .resolveDispute(let dispute, let refund):
            return resolveDisputeAction(dispute: dispute, refund: refund)
        case .burstOrder(let buyer, let remaining):
            return burstOrderAction(buyer: Int(buyer), remaining: Int(remaining))
        case .floorProbe(let distributor, let sku):
            return floorProbeAction(distributor: Int(distributor), sku: Int(sku))
        case .floorCorrection(let distributor, let sku):
            return floorCorrectionAction(distributor: Int(distributor), sku: Int(sku))
        default:
            preconditionFailure("not an order task: \(job)")
        }
    }

    mutating func schedule(_ job: ScheduledTask.Job, at time: Int64) {
        taskSequence += 1
        // Whole seconds, like every time the simulator writes.
        let second = time - time % 1_000
        agenda.insert(ScheduledTask(time: Swift.max(second, now), sequence: taskSequence, job: job))
    }

    /// A uniformly random delay in `range` seconds, in milliseconds.
    mutating func delay(seconds range: ClosedRange<Int64>) -> Int64 {
        random.draw(in: range) * 1_000
    }

    var nowTimestamp: Timestamp { Timestamp(millisecondsSinceEpoch: now) }
}
