/// A fold that answers one question (a statement, a risk scan with its own thresholds), run
/// beside an order catalog of its own instead of inside `LedgerProjections`: it sees every
/// event with the orders as they stood before it, like any projection.
///
/// Invariant: `orders` has applied exactly the events `fold` has seen, in log order (keeping
/// only the orders `fold` asks for when it does not keep every order).
struct CatalogReplay<Fold: Projection> {
    private(set) var orders = OrderCatalog()
    private(set) var fold: Fold
    private var lastSequence: UInt64 = 0
    /// Whether events may be left out (a skimming scan hands over only those the fold wants):
    /// sequence numbers then only increase.
    private let skips: Bool
    /// From this time on the fold counts no sale (a period's end): events then reach it
    /// without one, and the catalog, which only sales and refunds read, takes no more.
    private let horizon: Timestamp?

    init(_ fold: Fold, skips: Bool = false, horizon: Timestamp? = nil) {
        self.fold = fold
        self.skips = skips || horizon != nil
        self.horizon = horizon
    }

    mutating func apply(_ event: Event) throws(ReplayError) {
        guard event.sequence == lastSequence + 1 || skips && event.sequence > lastSequence else {
            throw ReplayError(sequence: event.sequence,
                              message: "expected sequence number \(lastSequence + 1)")
        }
        if let horizon, let at = event.at, at >= horizon {
            try fold.apply(event, sale: nil, orders: orders)
        } else if fold.keepsEveryOrder {
            try fold.apply(event, orders: orders)
            try orders.apply(event)
        } else {
            try fold.apply(event, sale: nil, orders: orders)
            try orders.apply(event) { fact, reserved in fold.keepsOrder(fact, reserved: reserved) }
        }
        lastSequence = event.sequence
    }

    /// A skimming scan passed over an event at `time` without handing it over.
    mutating func passOver(at time: Timestamp) {
        fold.passedOver(at: time)
    }

    /// Folds `events` (a whole log from `ledger.created`, or a prefix of one) in order.
    static func run(_ fold: Fold, over events: some Sequence<Event>) throws(ReplayError) -> CatalogReplay {
        var replay = CatalogReplay(fold)
        for event in events { try replay.apply(event) }
        return replay
    }
}

extension LedgerDirectory {
    /// Replays every event inside `cut` through `fold` and its own order catalog (on a second
    /// thread when `concurrently`, see `scan`).
    /// With `skimming`, the records orders write reach the fold only when its `mayConcern`
    /// says they may (the catalog then sees the same events as the fold, no others).
    /// With a `horizon`, the records orders write at or after it are left out and the events
    /// that do reach the fold then carry no sale (`CatalogReplay.horizon`): for a fold that
    /// counts nothing of an order after it.
    func replay<Fold: Projection>(_ fold: Fold, cut: ReplayCut, validPrefix: Bool, concurrently: Bool = true,
                                  skimming: Bool = false, horizon: Timestamp? = nil) throws(StoreError)
        -> CatalogReplay<Fold> {
        // A box, so that the interest (asked on the scanning thread, between visits) reads the
        // fold the visitor folds into.
        let replay = Box(CatalogReplay(fold, skips: skimming, horizon: horizon))
        // A record reaches the fold when the fold wants it, and whenever it names an order the
        // catalog keeps, so that each kept order sees all its events.
        let interest: LogScanner.Interest? = skimming ? { mentions, tables in
            let wanted = replay.value.fold.mayConcern(mentions, tables)
                || replay.value.orders.keepsAny(of: mentions, tables)
            if !wanted { replay.value.passOver(at: mentions.at) }
            return wanted
        } : nil
        try self.replay(cut: cut, validPrefix: validPrefix, concurrently: concurrently, interest: interest,
                        horizon: horizon) {
            event throws(ReplayError) in try replay.value.apply(event)
        }
        return replay.value
    }
}
